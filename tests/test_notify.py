"""`segur notify` against a real SMTP server on the loopback (aiosmtpd): one e-mail per
decision, with the documents on attribution and the reasons on refusal, recorded in the
journal so that it is never sent twice. The loopback server and a candidature with hostile
names are shared with `test_notify_acts` (the acts before the decision)."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from adm_support import base
from lifecycle_support import (
    SIGNATURE_ANS,
    Story,
    admitted,
    decision,
    pdftotext,
    to_the_college,
)
from segur.cli import main
from segur.model.candidature import Candidature
from segur.model.evenements import Notification
from segur.repository.journal import load_journal
from segur.repository.paths import Repository


class Mailbox:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp() -> Iterator[tuple[str, Mailbox]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"127.0.0.1:{port}", mailbox
    finally:
        controller.stop()


INJECTED = "Acme\r\nBcc: espion@example.invalid\r\n\r\nfaux corps"


def hostile_candidature() -> Candidature:
    """A candidature carrying names that the model itself refuses (line breaks in names): the
    e-mail layer must hold even if a bad value ever got past validation."""
    data = base()
    data["version_candidate"]["denomination_commerciale"] = "Solution\nBcc: espion@example.invalid"
    with pytest.raises(ValueError):
        Candidature.model_validate(data)
    valid = Candidature.model_validate(base())
    return valid.model_copy(
        update={
            "editeur": valid.editeur.model_copy(update={"denomination_sociale": INJECTED}),
            "version_candidate": valid.version_candidate.model_copy(
                update={"denomination_commerciale": "Solution\nBcc: espion@example.invalid"}
            ),
        }
    )


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Story:
    story = admitted(tmp_path_factory.mktemp("notify") / "depot")
    to_the_college(story)
    return story


def _notify(story: Story, server: str, today: str, *extra: str) -> int:
    args = ["--repo", str(story.root), "notify", "--smtp", server]
    return main([*args, "--today", today, *extra])


def test_an_attribution_is_notified_once_with_the_three_documents(
    signed: Story, tmp_path: Path, smtp: tuple[str, Mailbox], capsys: pytest.CaptureFixture[str]
) -> None:
    server, mailbox = smtp
    story = signed.clone(tmp_path / "depot")
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": decision("2026-03-24")})
    story.events("2026-03-25", {"2026-03-25-signature-ans.yaml": SIGNATURE_ANS})
    assert _notify(story, server, "2026-03-26", "--from", "guichet@ans.example.fr") == 0
    # Only the decision: the earlier INS proposal asks nothing of the editor any more.
    assert (
        "2026-03-24-decision-college.yaml notifié à paul.modele@example.fr, "
        "claire.exemple@example.fr (3 pièce(s) jointe(s))"
    ) in capsys.readouterr().out
    (sender, recipients, message) = mailbox.received[0]
    assert len(mailbox.received) == 1
    assert sender == "guichet@ans.example.fr"
    assert recipients == ["paul.modele@example.fr", "claire.exemple@example.fr"]
    assert message["To"] == "paul.modele@example.fr"
    assert message["Cc"] == "claire.exemple@example.fr"
    assert message["Subject"] == (
        "Référencement Ségur DPI : attribution du référencement - Exemple DPI 5.10"
    )
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    numero = story.analyse("2026-03-26").cycle.numero_attestation
    assert "Le collège a ATTRIBUÉ le référencement Ségur" in text
    assert f"Numéro d'attestation : {numero}" in text
    assert "en vigueur jusqu'au 25/03/2029" in text
    attachments = {
        part.get_filename() or "(sans nom)": part.get_content()
        for part in message.iter_attachments()
    }
    assert sorted(attachments) == [
        "attestation-de-referencement.pdf",
        "convention-de-referencement.pdf",
        "rapport-de-conformite.pdf",
    ]
    attestation = tmp_path / "attestation.pdf"
    attestation.write_bytes(attachments["attestation-de-referencement.pdf"])
    assert f"Numéro d'attestation : {numero}" in pdftotext(attestation)
    # The bot's event names the decision; the journal stays clean.
    (recorded,) = [
        e
        for e in load_journal(story.folder, Repository(story.root)).events
        if e.type == "notification"
    ]
    assert recorded.name == "2026-03-26-notification.yaml"
    assert isinstance(recorded.event, Notification)
    assert recorded.event.evenement == "2026-03-24-decision-college.yaml"
    assert recorded.event.pieces_jointes == [
        "convention-de-referencement.pdf",
        "attestation-de-referencement.pdf",
        "rapport-de-conformite.pdf",
    ]
    assert story.check() == []
    assert story.analyse("2026-03-26").cycle.a_qui is None
    # A second call sends nothing.
    assert _notify(story, server, "2026-03-27") == 0
    assert "Rien à notifier" in capsys.readouterr().out
    assert len(mailbox.received) == 1


def test_a_refusal_is_notified_with_its_reasons_and_no_document(
    signed: Story, tmp_path: Path, smtp: tuple[str, Mailbox]
) -> None:
    server, mailbox = smtp
    story = signed.clone(tmp_path / "depot")
    motifs = ["La version diffusée n'est pas la version candidate.", "Compatibilité non établie."]
    refusal = decision("2026-03-24", "reserves-bloquantes", motifs)
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": refusal})
    assert _notify(story, server, "2026-03-24") == 0
    ((_, _, message),) = mailbox.received
    assert "non-attribution du référencement" in message["Subject"]
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "RÉSERVES BLOQUANTES" in text
    for motif in motifs:
        assert f"  - {motif}" in text
    assert list(message.iter_attachments()) == []
    assert _notify(story, server, "2026-03-25") == 0
    assert len(mailbox.received) == 1


def test_an_attribution_waits_for_the_ans_signature(
    signed: Story, tmp_path: Path, smtp: tuple[str, Mailbox], capsys: pytest.CaptureFixture[str]
) -> None:
    server, mailbox = smtp
    story = signed.clone(tmp_path / "depot")
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": decision("2026-03-24")})
    assert _notify(story, server, "2026-03-24") == 0
    out = capsys.readouterr().out
    assert "En attente : dossiers/editeur-a/dpi-1 : l'attribution" in out
    assert "enregistrez d'abord la signature de l'ANS" in out
    assert mailbox.received == []
    assert not (story.folder / "journal" / "2026-03-24-notification.yaml").exists()


def test_an_unreachable_server_records_nothing(
    signed: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = signed.clone(tmp_path / "depot")
    refusal = decision("2026-03-24", "reserves-bloquantes", ["Motif."])
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": refusal})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    assert _notify(story, f"127.0.0.1:{closed_port}", "2026-03-24") == 1
    assert "envoi impossible" in capsys.readouterr().err
    assert not (story.folder / "journal" / "2026-03-24-notification.yaml").exists()
    assert _notify(story, "sans-port", "2026-03-24") == 2

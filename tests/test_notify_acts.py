"""`segur notify` for the acts before the decision, against a real SMTP server on the loopback:
every act that asks something of the editor (solicitation, request for a complement, INS
proposal, verdict non conforme) is e-mailed once, when it has arrived on main, with the delay
in jours ouvrés and its date counted from that arrival when the procedure sets one."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from lifecycle_support import Story, admitted, event, verdict
from segur.cli import main
from segur.lifecycle.chronology import Moment
from segur.lifecycle.progress import Progress, Request
from segur.model.evenements import Notification, Sollicitation
from segur.publication.notification import message
from segur.publication.notification_acts import Dossier, act_mail
from segur.repository.journal import JournalEvent, load_journal
from segur.repository.paths import Repository
from test_notify import INJECTED, Mailbox, hostile_candidature, smtp

__all__ = ["smtp"]  # the loopback SMTP server fixture, shared with test_notify

CONTACTS = ["paul.modele@example.fr", "claire.exemple@example.fr"]
ADMIN_QUESTION = event(
    "sollicitation", message="Merci de joindre le Kbis de moins de trois mois.\nCordialement."
)


@pytest.fixture(scope="module")
def base_story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return admitted(tmp_path_factory.mktemp("notify-acts") / "depot")


def _notify(story: Story, today: str, *extra: str) -> int:
    return main(["--repo", str(story.root), "notify", "--today", today, *extra])


def _text(mail: EmailMessage) -> str:
    part = mail.get_body(("plain",))
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def _merge_notifications(story: Story, day: str) -> None:
    """What the workflow does after `segur notify`: the bot's events merged on main."""
    journal = story.folder / "journal"
    story.files(
        day,
        {
            f"journal/{p.name}": p.read_text(encoding="utf-8")
            for p in journal.glob("*-notification*.yaml")
        },
    )


def _notifications(story: Story) -> list[Notification]:
    journal = load_journal(story.folder, Repository(story.root))
    return [e.event for e in journal.events if isinstance(e.event, Notification)]


@pytest.mark.parametrize(
    ("named", "merged", "deadline"),
    [
        # Named on Wednesday 4 March, merged on Friday 6: the delay counts from the arrival.
        ("2026-03-04", "2026-03-06", "13/03/2026"),
        # Arrived on Friday 3 April 2026: Easter Monday (6 April) is not a jour ouvré.
        ("2026-04-03", "2026-04-03", "13/04/2026"),
    ],
)
def test_an_admin_solicitation_is_mailed_once_with_its_deadline_from_its_arrival(
    base_story: Story,
    tmp_path: Path,
    smtp: tuple[str, Mailbox],
    capsys: pytest.CaptureFixture[str],
    named: str,
    merged: str,
    deadline: str,
) -> None:
    server, mailbox = smtp
    story = base_story.clone(tmp_path / "depot")
    name = f"{named}-sollicitation.yaml"
    story.events(merged, {name: ADMIN_QUESTION})
    assert _notify(story, merged, "--smtp", server) == 0
    ((_, to, mail),) = mailbox.received
    assert to == CONTACTS
    assert mail["To"] == CONTACTS[0] and mail["Cc"] == CONTACTS[1]
    assert mail["Subject"] == (
        "Référencement Ségur DPI : sollicitation sur le dossier administratif - Exemple DPI 5.10"
    )
    text = _text(mail)
    assert f"5 jours ouvrés, soit au plus tard le {deadline}" in text
    arrival = dt.date.fromisoformat(merged).strftime("%d/%m/%Y")
    assert f"à compter de l'arrivée de la demande le {arrival}" in text
    assert "  Merci de joindre le Kbis de moins de trois mois.\n  Cordialement." in text
    assert f"sollicitation: {name}" in text
    assert (
        f"« segur instruction reponse dossiers/editeur-a/dpi-1 --sollicitation {name} --message"
    ) in text
    assert f"{name} notifié à {', '.join(CONTACTS)}" in capsys.readouterr().out
    (recorded,) = _notifications(story)
    assert recorded.evenement == name and recorded.destinataires == CONTACTS
    assert recorded.objet == mail["Subject"]
    # Idempotent: the recorded event, even before it is merged, says it was sent.
    assert _notify(story, merged, "--smtp", server) == 0
    assert "Rien à notifier" in capsys.readouterr().out
    assert len(mailbox.received) == 1
    _merge_notifications(story, merged)
    assert story.check() == []


def test_an_act_not_yet_on_main_is_not_mailed(
    base_story: Story, tmp_path: Path, smtp: tuple[str, Mailbox]
) -> None:
    server, mailbox = smtp
    story = base_story.clone(tmp_path / "depot")
    story.events("2026-03-06", {"2026-03-06-sollicitation.yaml": ADMIN_QUESTION}, merge=False)
    assert _notify(story, "2026-03-06", "--smtp", server) == 0
    assert mailbox.received == []
    assert _notifications(story) == []


def test_a_request_for_a_complement_is_mailed_with_its_deadline(
    tmp_path: Path, smtp: tuple[str, Mailbox]
) -> None:
    server, mailbox = smtp
    story = Story(tmp_path / "depot")
    story.admin("2026-03-02")
    complement = event(
        "validation-administrative", resultat="complement-demande", message="SIRET illisible."
    )
    story.events("2026-03-03", {"2026-03-03-validation-administrative.yaml": complement})
    assert _notify(story, "2026-03-04", "--smtp", server) == 0
    ((_, _, mail),) = mailbox.received
    assert "complément du dossier administratif demandé" in mail["Subject"]
    text = _text(mail)
    assert "5 jours ouvrés, soit au plus tard le 10/03/2026" in text
    assert "  SIRET illisible." in text


def test_a_chapter_solicitation_says_there_is_no_deadline(
    base_story: Story, tmp_path: Path, smtp: tuple[str, Mailbox]
) -> None:
    server, mailbox = smtp
    story = base_story.clone(tmp_path / "depot")
    question = event("sollicitation", chapitre="MSS", message="Quel identifiant d'exécution ?")
    story.events("2026-03-06", {"2026-03-06-sollicitation-mss.yaml": question})
    assert _notify(story, "2026-03-06", "--smtp", server) == 0
    ((_, _, mail),) = mailbox.received
    assert "sollicitation sur le chapitre MSS" in mail["Subject"]
    text = _text(mail)
    assert "La procédure ne fixe pas de délai pour cette demande" in text
    assert "jours ouvrés" not in text and "au plus tard" not in text


def test_an_ins_proposal_names_the_proposed_date(
    base_story: Story, tmp_path: Path, smtp: tuple[str, Mailbox]
) -> None:
    server, mailbox = smtp
    story = base_story.clone(tmp_path / "depot")
    proposal = event("ins-proposition", date_proposee=dt.date(2026, 3, 16))
    story.events("2026-03-09", {"2026-03-09-ins-proposition.yaml": proposal})
    assert _notify(story, "2026-03-09", "DPI-1", "--smtp", server) == 2  # no such dossier
    assert _notify(story, "2026-03-09", story.dossier, "--smtp", server) == 0
    ((_, _, mail),) = mailbox.received
    assert "proposition de journée de test INS" in mail["Subject"]
    text = _text(mail)
    assert "L'ANS propose la journée de test INS le 16/03/2026" in text
    assert "proposition: 2026-03-09-ins-proposition.yaml" in text
    assert (
        "« segur instruction ins-confirmation dossiers/editeur-a/dpi-1 --proposition "
        "2026-03-09-ins-proposition.yaml »"
    ) in text
    assert [n.evenement for n in _notifications(story)] == ["2026-03-09-ins-proposition.yaml"]


def test_a_non_conforme_verdict_names_its_requirements_and_nothing_more(
    base_story: Story, tmp_path: Path, smtp: tuple[str, Mailbox]
) -> None:
    server, mailbox = smtp
    story = base_story.clone(tmp_path / "depot")
    secret = "Commentaire interne de l'instructeur"
    story.events(
        "2026-03-10",
        {
            "2026-03-10-verdict-proc.yaml": verdict(
                "PROCEDURE",
                ("PROC.01", "PROC.02"),
                commentaires={"PROC.01": secret},
                commentaire=secret,
            ),
            "2026-03-10-verdict-mss.yaml": verdict("MSS"),  # conforme: asks nothing
        },
    )
    assert _notify(story, "2026-03-11", "--simulation") == 0
    assert mailbox.received == [] and _notifications(story) == []
    assert _notify(story, "2026-03-11", "--smtp", server) == 0
    ((_, _, mail),) = mailbox.received
    assert mail["Subject"] == (
        "Référencement Ségur DPI : chapitre PROCEDURE non conforme - Exemple DPI 5.10"
    )
    text = _text(mail)
    assert "Le chapitre PROCEDURE est non conforme sur les exigences PROC.01, PROC.02." in text
    assert "La procédure ne fixe pas de délai" in text
    assert secret not in text
    assert [n.evenement for n in _notifications(story)] == ["2026-03-10-verdict-proc.yaml"]


def test_an_act_already_dealt_with_is_not_mailed(
    base_story: Story, tmp_path: Path, smtp: tuple[str, Mailbox], capsys: pytest.CaptureFixture[str]
) -> None:
    """Answered, confirmed or judged again before `segur notify` ran: nothing left to ask."""
    server, mailbox = smtp
    story = base_story.clone(tmp_path / "depot")
    story.events("2026-03-06", {"2026-03-06-sollicitation.yaml": ADMIN_QUESTION})
    reply = event("reponse", sollicitation="2026-03-06-sollicitation.yaml", message="Joint.")
    story.events("2026-03-09", {"2026-03-09-reponse.yaml": reply})
    proposal = event("ins-proposition", date_proposee=dt.date(2026, 3, 16))
    story.events("2026-03-09", {"2026-03-09-ins-proposition.yaml": proposal})
    confirmation = event("ins-confirmation", proposition="2026-03-09-ins-proposition.yaml")
    story.events("2026-03-10", {"2026-03-10-ins-confirmation.yaml": confirmation})
    story.events("2026-03-10", {"2026-03-10-verdict-mss.yaml": verdict("MSS", ("MSS.01",))})
    story.events("2026-03-11", {"2026-03-11-verdict-mss.yaml": verdict("MSS")})
    assert _notify(story, "2026-03-11", "--smtp", server) == 0
    assert "Rien à notifier" in capsys.readouterr().out
    assert mailbox.received == [] and _notifications(story) == []
    # The same acts, before they were dealt with, each asked something.
    assert _notify(story, "2026-03-06", "--simulation") == 0
    assert "2026-03-06-sollicitation.yaml" in capsys.readouterr().out
    assert _notify(story, "2026-03-10", "--simulation") == 0
    out = capsys.readouterr().out
    assert "2026-03-10-verdict-mss.yaml" in out and "ins-proposition" not in out


def test_several_acts_are_mailed_in_arrival_order_each_recorded(
    base_story: Story, tmp_path: Path, smtp: tuple[str, Mailbox], capsys: pytest.CaptureFixture[str]
) -> None:
    server, mailbox = smtp
    story = base_story.clone(tmp_path / "depot")
    story.events("2026-03-06", {"2026-03-06-sollicitation.yaml": ADMIN_QUESTION})
    proposal = event("ins-proposition", date_proposee=dt.date(2026, 3, 16))
    story.events("2026-03-09", {"2026-03-09-ins-proposition.yaml": proposal})
    assert _notify(story, "2026-03-09", "--simulation") == 0
    shown = capsys.readouterr().out
    assert shown.count("Simulation : ") == 3 and "rien n'a été envoyé ni écrit" in shown
    assert mailbox.received == []
    assert _notify(story, "2026-03-09", "--smtp", server) == 0
    subjects = [mail["Subject"] for _, _, mail in mailbox.received]
    assert len(subjects) == 2
    assert "sollicitation" in subjects[0] and "journée de test INS" in subjects[1]
    names = sorted(p.name for p in (story.folder / "journal").glob("*-notification*.yaml"))
    assert names == ["2026-03-09-notification-2.yaml", "2026-03-09-notification.yaml"]
    _merge_notifications(story, "2026-03-09")
    assert story.check() == []
    assert _notify(story, "2026-03-10", "--smtp", server) == 0
    assert len(mailbox.received) == 2


def _notification(act: str) -> str:
    return event(
        "notification",
        evenement=act,
        destinataires=CONTACTS,
        objet="Objet",
        envoi=dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC),
    )


def test_only_an_act_that_asks_something_is_notified_and_only_once(
    base_story: Story, tmp_path: Path
) -> None:
    story = base_story.clone(tmp_path / "depot")
    story.events("2026-03-06", {"2026-03-06-sollicitation.yaml": ADMIN_QUESTION})
    story.events(
        "2026-03-09",
        {
            # The administrative validation accepted the dossier: it asks nothing.
            "2026-03-09-notification.yaml": _notification(
                "2026-03-04-validation-administrative.yaml"
            ),
            "2026-03-09-notification-2.yaml": _notification("2026-03-06-sollicitation.yaml"),
        },
    )
    story.events(
        "2026-03-10",
        {"2026-03-10-notification.yaml": _notification("2026-03-06-sollicitation.yaml")},
    )
    found = {(f.rule, f.path.rsplit("/", 1)[-1], f.message) for f in story.check()}
    assert found == {
        (
            "SEG-CYC-016",
            "2026-03-09-notification.yaml",
            "« 2026-03-04-validation-administrative.yaml » ne demande rien à l'éditeur : seuls "
            "sont notifiés une sollicitation, une demande de complément, une proposition de "
            "journée de test INS, un verdict non conforme ou la décision du collège",
        ),
        (
            "SEG-CYC-016",
            "2026-03-10-notification.yaml",
            "« 2026-03-06-sollicitation.yaml » a déjà été notifié : un acte ne l'est qu'une fois",
        ),
    }


def test_smtp_is_required_unless_simulating(
    base_story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _notify(base_story, "2026-03-09") == 2
    assert "--smtp HOTE:PORT est obligatoire" in capsys.readouterr().err


def test_a_hostile_name_cannot_add_a_header_to_an_act_email() -> None:
    """Names the model refuses (a line break) must still not reach a header or a line."""
    name = "2026-03-06-sollicitation.yaml"
    model = Sollicitation.model_validate(yaml.safe_load(ADMIN_QUESTION))
    act = JournalEvent(name, name, dt.date(2026, 3, 6), "sollicitation", None, model)
    progress = Progress()
    progress.requests.append(Request(act, Moment((1,), act.date, act.date), None))
    dossier = Dossier("dossiers/a/b", hostile_candidature(), fictif=False)
    mail = act_mail(dossier, progress, act, "06/03/2026")
    sent = message(
        "guichet@example.invalid",
        CONTACTS,
        mail.subject,
        mail.body,
        [],
        dt.datetime(2026, 3, 6, 9, 0, tzinfo=dt.UTC),
    )
    parsed = email.message_from_bytes(sent.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    assert sorted(parsed.keys()) == sorted(
        [
            *("From", "To", "Cc", "Subject", "Date", "Message-ID"),
            *("Content-Type", "Content-Transfer-Encoding", "MIME-Version"),
        ]
    )
    assert parsed["Bcc"] is None
    subject = str(parsed["Subject"])
    assert "\n" not in subject and "Bcc: espion@example.invalid" in subject
    text = _text(parsed)
    assert "\nBcc:" not in text and "\nfaux corps" not in text
    assert " ".join(INJECTED.split()) in text


class _Guichet:
    """Accepts one login (the ANS's sending account)."""

    def __call__(
        self, server: object, session: object, envelope: object, mechanism: str, data: object
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"guichet",
            b"s3cret-du-guichet",
        )
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_auth() -> Iterator[tuple[str, Mailbox]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mailbox = Mailbox()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_Guichet(),
        auth_required=True,
        auth_require_tls=False,  # loopback only: the command refuses clear credentials elsewhere
    )
    controller.start()
    try:
        yield f"127.0.0.1:{port}", mailbox
    finally:
        controller.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_smtp_credentials_come_from_the_environment_and_are_never_shown(
    base_story: Story,
    tmp_path: Path,
    smtp_auth: tuple[str, Mailbox],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server, mailbox = smtp_auth
    story = base_story.clone(tmp_path / "depot")
    story.events("2026-03-06", {"2026-03-06-sollicitation.yaml": ADMIN_QUESTION})
    # Without credentials, the server refuses the e-mail: nothing is recorded.
    assert _notify(story, "2026-03-06", "--smtp", server) == 1
    assert "envoi impossible" in capsys.readouterr().err
    monkeypatch.setenv("SEGUR_SMTP_UTILISATEUR", "guichet")
    monkeypatch.setenv("SEGUR_SMTP_MOT_DE_PASSE", "mauvais-mot-de-passe")
    assert _notify(story, "2026-03-06", "--smtp", server) == 1
    err = capsys.readouterr().err
    assert "identifiants SMTP refusés" in err and "mauvais-mot-de-passe" not in err
    assert mailbox.received == [] and _notifications(story) == []
    # In clear, credentials only go to the loopback.
    assert _notify(story, "2026-03-06", "--smtp", "smtp.example.invalid:587") == 2
    assert "sans chiffrement : ajoutez --starttls" in capsys.readouterr().err
    monkeypatch.setenv("SEGUR_SMTP_MOT_DE_PASSE", "s3cret-du-guichet")
    assert _notify(story, "2026-03-06", "--smtp", server) == 0
    assert "s3cret" not in capsys.readouterr().out
    assert len(mailbox.received) == 1
    assert [n.evenement for n in _notifications(story)] == ["2026-03-06-sollicitation.yaml"]
    monkeypatch.delenv("SEGUR_SMTP_UTILISATEUR")
    assert _notify(story, "2026-03-06", "--smtp", server) == 2
    assert "vont ensemble" in capsys.readouterr().err


def test_a_journal_linked_outside_the_repository_is_never_written_through(
    base_story: Story, tmp_path: Path, smtp: tuple[str, Mailbox]
) -> None:
    """The bot's checkout holds what editors wrote: a `journal/` turned into a link must not
    make `notify` write its event outside the repository, nor send a mail it cannot record."""
    server, mailbox = smtp
    story = base_story.clone(tmp_path / "depot")
    story.events("2026-03-06", {"2026-03-06-sollicitation.yaml": ADMIN_QUESTION})
    outside = tmp_path / "ailleurs"
    (story.folder / "journal").rename(outside)
    (story.folder / "journal").symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    _notify(story, "2026-03-06", "--smtp", server)
    # The loader does not follow the link (the sollicitation is not read: nothing to send), and
    # `notify` checks the journal folder again before sending (`real_folder_inside`).
    assert mailbox.received == []
    assert sorted(p.name for p in outside.iterdir()) == before

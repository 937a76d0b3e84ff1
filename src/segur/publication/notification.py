"""E-mails to the editor, sent once per act; here the collège decision (§3.5.2) and what
every notification shares (recipients, message, sending, the `notification` event).

The e-mail goes to the editor's referencing contact, with the legal representative in copy.
On attribution it carries the three documents (convention signed by the ANS direction,
attestation, conformity report), so it is sent once both parties have signed; on
non-attribution it states the reasons (§3.5.1). Sending is recorded by a `notification` event
naming the act's file: an act already named by one is never notified again. The other acts
that ask something of the editor are written by `segur.publication.notification_acts`.

Nothing here prints; `segur notify` reports.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import yaml

from segur.errors import DataError
from segur.lifecycle.progress import fr
from segur.model.candidature import Candidature
from segur.model.cycle import Cycle
from segur.model.evenements import Decision, DecisionCollege
from segur.model.journal import JOURNAL_DIR
from segur.repository.atomic import write_text_atomic
from segur.repository.paths import EVENT_SCHEMA, schema_comment

# ANS gives its own address with --from; this placeholder is a reserved, undeliverable domain.
DEFAULT_SENDER = "guichet-referencement-segur@example.invalid"
SIGNATURE = "Le guichet de référencement Ségur\nAgence du numérique en santé"


def one_line(text: object) -> str:
    """An editor's string inside a header or a sentence: every run of whitespace, line breaks
    included (CR, LF, U+2028...), becomes one space, so a name can neither add a header to the
    e-mail nor a line of its own to the body."""
    return " ".join(str(text).split())


def decision_subject(decision: Decision, solution: str, version: str, dispositif: str) -> str:
    what = (
        "attribution du référencement"
        if decision is Decision.ATTRIBUTION
        else "non-attribution du référencement"
    )
    return one_line(f"Référencement Ségur {dispositif} : {what} - {solution} {version}")


def recipients(candidature: Candidature) -> list[str]:
    """The referencing contact, then the legal representative when it is someone else."""
    editeur = candidature.editeur
    found = [editeur.contact_referencement.email]
    if editeur.representant_legal.email.casefold() != found[0].casefold():
        found.append(editeur.representant_legal.email)
    return found


def body(
    cycle: Cycle,
    candidature: Candidature,
    decision: DecisionCollege,
    profils: list[str],
    example: bool,
    signatures: tuple[dt.date, dt.date] | None = None,
) -> str:
    # A text/plain body: the editor's strings need no escaping, only to stay on their line.
    solution = one_line(candidature.version_candidate.denomination_commerciale)
    version = one_line(candidature.solution.version_technique)
    editeur = one_line(candidature.editeur.denomination_sociale)
    lines = []
    if example:
        lines += ["[Courriel fictif d'exemple : aucune décision réelle.]", ""]
    lines += [
        "Madame, Monsieur,",
        "",
        f"Le collège technique de référencement Ségur s'est réuni le {fr(decision.seance)} "
        f"pour examiner la candidature de {editeur} : "
        f"solution {solution}, version technique {version}, dispositif {cycle.dispositif}, "
        f"profils : {', '.join(one_line(p) for p in profils)}.",
        "",
    ]
    if decision.decision is Decision.ATTRIBUTION:
        lines += [
            "Le collège a ATTRIBUÉ le référencement Ségur à cette version de la solution.",
            "",
            f"Numéro d'attestation : {cycle.numero_attestation}",
        ]
        if signatures is not None:
            lines.append(
                f"Convention signée par l'éditeur le {fr(signatures[0])} et par la direction "
                f"de l'ANS le {fr(signatures[1])}, en vigueur jusqu'au "
                f"{fr(cycle.fin_convention)}."
            )
            lines.append(
                f"Le logo de référencement Ségur peut être utilisé du {fr(cycle.date_signature)} "
                f"au {fr(cycle.fin_convention)}, pour les finalités et le périmètre de la "
                "convention (§3.5.3)."
            )
        lines += [
            "",
            "Vous trouverez en pièces jointes la convention signée par la direction de l'ANS, "
            "l'attestation de référencement et le rapport de conformité aux exigences du "
            "dispositif (§3.5.2).",
        ]
    else:
        lines += [
            "Le collège a émis des RÉSERVES BLOQUANTES : le référencement n'est pas attribué, "
            "pour les raisons suivantes (§3.5.1) :",
            *[f"  - {motif}" for motif in decision.motifs],
            "",
            "Vous pouvez déposer une nouvelle candidature une fois ces réserves levées.",
        ]
    lines += ["", SIGNATURE, ""]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    data: bytes


def message(
    sender: str,
    to: list[str],
    subject: str,
    text: str,
    attachments: list[Attachment],
    now: dt.datetime,
) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to[0]
    if len(to) > 1:
        mail["Cc"] = ", ".join(to[1:])
    # The header API refuses a line break; folding here keeps a name from failing the sending.
    mail["Subject"] = one_line(subject)
    mail["Date"] = format_datetime(now)
    mail["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    mail.set_content(text)
    for attachment in attachments:
        mail.add_attachment(
            attachment.data, maintype="application", subtype="pdf", filename=attachment.filename
        )
    return mail


@dataclass(frozen=True, slots=True)
class Login:
    """SMTP credentials; `repr` never shows the password (a traceback, a log)."""

    user: str
    password: str

    def __repr__(self) -> str:
        return f"Login(user={self.user!r}, password=***)"


def send(
    mail: EmailMessage,
    host: str,
    port: int,
    starttls: bool = False,
    login: Login | None = None,
) -> None:
    """Hand the message to an SMTP server; raises `DataError` when it cannot be sent. The
    server's refusal of the credentials is reported without them."""
    try:
        with smtplib.SMTP(host, port, timeout=30) as server:
            if starttls:
                server.starttls()
            if login is not None:
                server.login(login.user, login.password)
            server.send_message(mail)
    except smtplib.SMTPAuthenticationError as exc:
        raise DataError(
            f"envoi impossible par {host}:{port} : identifiants SMTP refusés ({exc.smtp_code})"
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise DataError(f"envoi impossible par {host}:{port} : {exc}") from exc


def event_text(
    act: str, to: list[str], subject: str, attachments: list[str], sent: dt.datetime
) -> str:
    data = {
        "type": "notification",
        "evenement": act,
        "destinataires": to,
        "objet": subject,
        "pieces_jointes": attachments,
        "envoi": sent,
    }
    body_text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=96)
    return schema_comment(4, EVENT_SCHEMA) + body_text


def event_path(folder: Path, day: dt.date) -> Path:
    """A new file name of the journal for today's notification (never an existing one)."""
    journal = folder / JOURNAL_DIR
    stem = f"{day.isoformat()}-notification"
    candidate = journal / f"{stem}.yaml"
    number = 2
    while candidate.exists():
        candidate = journal / f"{stem}-{number}.yaml"
        number += 1
    return candidate


def write_event(target: Path, text: str) -> None:
    """Write the notification event whole or not at all: a temporary file of the same folder,
    then renamed (an interrupted write leaves no half-written event in the journal)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, text)

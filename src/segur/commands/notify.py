"""`segur notify [DOSSIER...] --smtp HOTE:PORT [--from ADRESSE] [--simulation]`: e-mail the
editor, once each, every act that asks something of them.

Without DOSSIER, every candidature of the repository. Each e-mail sent is recorded at once by
its own `notification` event (written whole, see `write_event`), so that a failure on a later
one never leaves a sent e-mail unrecorded; a second run sends nothing. `--simulation` shows
what would be sent, and sends and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.commands.arguments import add_today
from segur.commands.common import Workspace, today_of
from segur.errors import DataError, UsageError
from segur.lifecycle.analysis import Analysis
from segur.lifecycle.calendar import PARIS
from segur.publication.documents import render
from segur.publication.documents.names import ATTESTATION, CONVENTION, RAPPORT
from segur.publication.notification import (
    DEFAULT_SENDER,
    Attachment,
    Login,
    event_path,
    event_text,
    message,
    send,
    write_event,
)
from segur.publication.notification_plan import Outgoing, plan
from segur.repository.atomic import real_folder_inside


@dataclass(frozen=True, slots=True)
class NotifyOptions:
    repo: Path
    central: Path | None
    dossiers: list[Path]
    smtp: str | None
    sender: str
    starttls: bool
    simulation: bool
    today: dt.date | None


def notify_options(args: argparse.Namespace) -> NotifyOptions:
    return NotifyOptions(
        repo=args.repo,
        central=args.central,
        dossiers=args.dossiers,
        smtp=args.smtp,
        sender=args.sender,
        starttls=args.starttls,
        simulation=args.simulation,
        today=args.today,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "notify",
        help="notifier par courriel à l'éditeur chaque acte qui lui demande quelque chose "
        "(une seule fois)",
        description="Envoie aux contacts de l'éditeur (contact référencement, représentant "
        "légal en copie) chaque acte arrivé sur main qui lui demande quelque chose et n'a pas "
        "encore été notifié : sollicitation (dossier administratif ou chapitre), demande de "
        "complément, proposition de journée de test INS, verdict non conforme, décision du "
        "collège (§3.2, §3.4, §3.5.1, §3.5.2). Le courriel donne le délai en jours ouvrés et "
        "la date limite quand la procédure en fixe un. Chaque envoi est enregistré aussitôt "
        "par un événement « notification » du journal : un acte n'est jamais notifié deux fois.",
    )
    parser.add_argument(
        "dossiers",
        type=Path,
        nargs="*",
        metavar="DOSSIER",
        help="dossier(s) de candidature (défaut : tous ceux du dépôt)",
    )
    parser.add_argument(
        "--smtp",
        metavar="HOTE:PORT",
        help="serveur SMTP (obligatoire hors simulation) ; identifiants éventuels dans les "
        f"variables d'environnement {USER_ENV} et {PASSWORD_ENV}",
    )
    parser.add_argument(
        "--from",
        dest="sender",
        default=DEFAULT_SENDER,
        metavar="ADRESSE",
        help=f"adresse de l'expéditeur (défaut : {DEFAULT_SENDER})",
    )
    parser.add_argument("--starttls", action="store_true", help="chiffrer avec STARTTLS")
    parser.add_argument(
        "--simulation",
        action="store_true",
        help="afficher ce qui serait envoyé, sans rien envoyer ni écrire",
    )
    add_today(parser, "jour de la notification")
    parser.set_defaults(func=run_notify, options=notify_options)


# SMTP credentials come from the environment (a workflow's secrets), never from the command
# line, which process listings and logs show.
USER_ENV, PASSWORD_ENV = "SEGUR_SMTP_UTILISATEUR", "SEGUR_SMTP_MOT_DE_PASSE"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _login(host: str, starttls: bool) -> Login | None:
    """The credentials of the environment, if any; refused in clear beyond the loopback."""
    user, password = os.environ.get(USER_ENV, ""), os.environ.get(PASSWORD_ENV, "")
    if not user and not password:
        return None
    if not user or not password:
        raise UsageError(f"{USER_ENV} et {PASSWORD_ENV} vont ensemble : définissez les deux")
    if not starttls and not _loopback(host):
        raise UsageError(
            f"identifiants SMTP vers {host} sans chiffrement : ajoutez --starttls (ils ne "
            "circulent en clair que vers la boucle locale)"
        )
    return Login(user, password)


def _server(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--smtp attend HOTE:PORT, pas « {value} »")
    return host.strip("[]"), int(port)


def _attachments(analysis: Analysis, outgoing: Outgoing) -> list[Attachment]:
    if not outgoing.documents:
        return []
    return [
        Attachment(f"{doc.stem}.pdf", doc.pdf)
        for doc in (render(analysis, kind) for kind in (CONVENTION, ATTESTATION, RAPPORT))
    ]


def _deliver(
    options: NotifyOptions,
    server: tuple[str, int],
    login: Login | None,
    analysis: Analysis,
    outgoing: Outgoing,
    today: dt.date,
) -> Path:
    """Send one e-mail, then record it at once; raises `DataError` when it cannot be sent
    (nothing recorded) or when it was sent but cannot be recorded (said plainly)."""
    attachments = _attachments(analysis, outgoing)
    now = dt.datetime.now(PARIS).replace(microsecond=0)
    mail = message(options.sender, outgoing.to, outgoing.subject, outgoing.body, attachments, now)
    target = event_path(analysis.folder, today)
    if not real_folder_inside(options.repo, target.parent):
        # Checked before sending: an e-mail whose event cannot be recorded would go twice.
        raise DataError(
            f"{target.parent} n'est pas un vrai dossier du dépôt (lien symbolique ou fichier "
            f"sur le chemin) : courriel de {outgoing.act.name} non envoyé"
        )
    send(mail, *server, starttls=options.starttls, login=login)
    names = [a.filename for a in attachments]
    text = event_text(outgoing.act.name, outgoing.to, outgoing.subject, names, now)
    try:
        write_event(target, text)
    except OSError as exc:
        raise DataError(
            f"courriel de {outgoing.act.name} ENVOYÉ à {', '.join(outgoing.to)}, mais "
            f"l'événement {target} n'a pas pu être écrit ({exc}) : enregistrez-le avant de "
            "relancer « segur notify », sinon le courriel partira une seconde fois"
        ) from exc
    return target


def run_notify(options: NotifyOptions) -> int:
    server, login = None, None
    if options.smtp is not None:
        server = _server(options.smtp)
        login = _login(server[0], options.starttls)
    elif not options.simulation:
        raise UsageError("--smtp HOTE:PORT est obligatoire (ou --simulation)")
    workspace = Workspace(options.repo, options.central)
    today = today_of(options.today)
    if options.dossiers:
        folders = [workspace.dossier(given) for given in options.dossiers]
    else:
        folders = [folder for _, folder in workspace.federation.dossiers()]
    out = sys.stdout
    sent = 0
    for folder in folders:
        analysis = workspace.analyse(folder, today)
        repo = workspace.repo_of(folder)
        found = plan(analysis, repo.display(folder))
        for note in found.waiting:
            out.write(f"En attente : {note}\n")
        for outgoing in found.outgoing:
            if options.simulation or server is None:
                out.write(
                    f"Simulation : {outgoing.act.name} ({repo.display(folder)}) serait notifié "
                    f"à {', '.join(outgoing.to)} — « {outgoing.subject} »\n"
                )
                continue
            target = _deliver(options, server, login, analysis, outgoing, today)
            sent += 1
            count = len(outgoing.documents)
            attached = f" ({count} pièce(s) jointe(s))" if count else ""
            out.write(
                f"{outgoing.act.name} notifié à {', '.join(outgoing.to)}{attached} ; "
                f"événement enregistré : {repo.display(target)}\n"
            )
    if options.simulation:
        out.write("Simulation : rien n'a été envoyé ni écrit.\n")
    elif sent:
        out.write(
            f"{sent} courriel(s) envoyé(s) ; événements de notification à fusionner sur main.\n"
        )
    else:
        out.write("Rien à notifier : chaque acte qui demande quelque chose à l'éditeur l'a été.\n")
    return 0

"""`segur notify DOSSIER --smtp HOST:PORT [--from ADDR]`: e-mail the collège decision once."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.commands.arguments import add_today
from segur.commands.common import Workspace, today_of
from segur.errors import DataError, UsageError
from segur.lifecycle.analysis import Analysis
from segur.lifecycle.calendar import PARIS
from segur.model.evenements import Decision
from segur.publication.documents import render
from segur.publication.documents.names import ATTESTATION, CONVENTION, RAPPORT
from segur.publication.notification import (
    DEFAULT_SENDER,
    Attachment,
    body,
    decision_subject,
    event_path,
    event_text,
    message,
    notified,
    recipients,
    send,
)


@dataclass(frozen=True, slots=True)
class NotifyOptions:
    repo: Path
    central: Path | None
    dossier: Path
    smtp: str
    sender: str
    starttls: bool
    today: dt.date | None


def notify_options(args: argparse.Namespace) -> NotifyOptions:
    return NotifyOptions(
        repo=args.repo,
        central=args.central,
        dossier=args.dossier,
        smtp=args.smtp,
        sender=args.sender,
        starttls=args.starttls,
        today=args.today,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "notify",
        help="notifier par courriel la décision du collège à l'éditeur (une seule fois)",
        description="Envoie la décision du collège au contact référencement de l'éditeur "
        "(représentant légal en copie) : sur attribution, avec la convention signée par l'ANS, "
        "l'attestation et le rapport de conformité ; sur réserves bloquantes, avec leurs "
        "motifs (§3.5.1, §3.5.2). Enregistre un événement « notification » dans le journal ; "
        "une décision déjà notifiée ne l'est jamais deux fois.",
    )
    parser.add_argument("dossier", type=Path, metavar="DOSSIER", help="dossier de candidature")
    parser.add_argument("--smtp", required=True, metavar="HOTE:PORT", help="serveur SMTP")
    parser.add_argument(
        "--from",
        dest="sender",
        default=DEFAULT_SENDER,
        metavar="ADRESSE",
        help=f"adresse de l'expéditeur (défaut : {DEFAULT_SENDER})",
    )
    parser.add_argument("--starttls", action="store_true", help="chiffrer avec STARTTLS")
    add_today(parser, "jour de la notification")
    parser.set_defaults(func=run_notify, options=notify_options)


def _server(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--smtp attend HOTE:PORT, pas « {value} »")
    return host.strip("[]"), int(port)


def _attachments(analysis: Analysis) -> list[Attachment]:
    return [
        Attachment(f"{doc.stem}.pdf", doc.pdf)
        for doc in (render(analysis, kind) for kind in (CONVENTION, ATTESTATION, RAPPORT))
    ]


def run_notify(options: NotifyOptions) -> int:
    server = _server(options.smtp)
    workspace = Workspace(options.repo, options.central)
    folder = workspace.dossier(options.dossier)
    today = today_of(options.today)
    analysis = workspace.analyse(folder, today)
    progress, candidature, cycle = analysis.progress, analysis.candidature, analysis.cycle
    decision_event, decision = progress.decision, progress.decision_model()
    if decision_event is None or decision is None or candidature is None:
        raise DataError("aucune décision du collège à notifier")
    already = notified(progress, decision_event)
    if already is not None:
        sys.stdout.write(
            f"Décision {decision_event.name} déjà notifiée ({already.path}) : rien n'est envoyé.\n"
        )
        return 0
    attribution = decision.decision is Decision.ATTRIBUTION
    signatures = None
    attachments: list[Attachment] = []
    if attribution:
        if progress.signature_ans is None or progress.signature_editeur is None:
            raise DataError(
                "l'attribution est notifiée avec la convention signée par la direction de l'ANS "
                "(§3.5.2) : enregistrez d'abord la signature de l'ANS"
            )
        signatures = (progress.signature_editeur.date, progress.signature_ans.date)
        attachments = _attachments(analysis)
    to = recipients(candidature)
    subject = decision_subject(
        decision.decision,
        candidature.version_candidate.denomination_commerciale,
        candidature.solution.version_technique,
        candidature.dispositif,
    )
    labels = {p.id: p.libelle for p in analysis.rem.dispositif.profils} if analysis.rem else {}
    profils = [labels.get(p, p) for p in candidature.profils]
    text = body(cycle, candidature, decision, profils, analysis.fictif, signatures)
    now = dt.datetime.now(PARIS).replace(microsecond=0)
    mail = message(options.sender, to, subject, text, attachments, now)
    target = event_path(folder, today)
    # A failed sending is a DataError: nothing is recorded, the decision stays to notify.
    send(mail, *server, starttls=options.starttls)
    target.parent.mkdir(parents=True, exist_ok=True)
    names = [a.filename for a in attachments]
    target.write_text(event_text(decision_event.name, to, subject, names, now), encoding="utf-8")
    shown = workspace.repo_of(folder).display(target)
    sys.stdout.write(
        f"Décision notifiée à {', '.join(to)} ({len(attachments)} pièce(s) jointe(s)) ; "
        f"événement enregistré : {shown} (à fusionner sur main)\n"
    )
    return 0

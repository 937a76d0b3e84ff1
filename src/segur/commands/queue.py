"""`segur queue [--today DATE] [--format text|json]`: the FIFO instruction queue."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from segur.commands.arguments import FORMAT_HELP, add_today
from segur.commands.common import Workspace, today_of, write_findings
from segur.lifecycle.analysis import analyse_federation, load_timelines
from segur.lifecycle.calendar import PARIS
from segur.lifecycle.instruction import instruction_queue


@dataclass(frozen=True, slots=True)
class QueueOptions:
    repo: Path
    central: Path | None
    miroirs: Path | None
    today: dt.date | None
    rev: str
    format: str


def queue_options(args: argparse.Namespace) -> QueueOptions:
    return QueueOptions(
        repo=args.repo,
        central=args.central,
        miroirs=args.miroirs,
        today=args.today,
        rev=args.rev,
        format=args.format,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "queue",
        help="file d'attente FIFO des chapitres complets à instruire",
        description="Chapitres complets en attente d'instruction, dans l'ordre de leur arrivée "
        "complète sur main (§3.4), avec l'attente en jours ouvrés. Un chapitre qui a un "
        "verdict en sort, comme les candidatures closes (rejetées, refusées, référencées).",
    )
    add_today(parser, "jour de la file d'attente")
    parser.add_argument(
        "--rev", default="HEAD", metavar="REV", help="révision de main (défaut : HEAD)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    parser.set_defaults(func=run_queue, options=queue_options)


def run_queue(options: QueueOptions) -> int:
    workspace = Workspace(options.repo, options.central, options.miroirs)
    today = today_of(options.today)
    # The history of `--rev` in the repository, or in each mirror: it must exist in all.
    timelines = load_timelines(workspace.federation, workspace.catalogue, options.rev)
    for timeline in timelines.values():
        if timeline is not None:
            write_findings(timeline.findings)
    analyses = analyse_federation(
        workspace.federation, workspace.catalogue, today, timelines, from_history=True
    )
    entries = instruction_queue(analyses, today)
    if options.format == "json":
        payload = [
            {
                "position": e.position,
                "dossier": e.dossier,
                "chapitre": e.chapitre,
                "arrivee": e.arrivee.moment.isoformat(),
                "commit": e.arrivee.commit,
                "attente_jours_ouvres": e.attente_jours_ouvres,
            }
            for e in entries
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not entries:
        sys.stdout.write("File d'attente vide : aucun chapitre complet en attente d'instruction.\n")
        return 0
    table = Table(title=f"File d'attente d'instruction au {today.isoformat()}")
    for column in ("#", "Dossier", "Chapitre", "Arrivée sur main", "Attente (j. ouvrés)", "Commit"):
        table.add_column(column, no_wrap=True)
    for e in entries:
        table.add_row(
            str(e.position),
            e.dossier,
            e.chapitre,
            e.arrivee.moment.astimezone(PARIS).strftime("%Y-%m-%d %H:%M"),
            str(e.attente_jours_ouvres),
            e.arrivee.commit[:12],
        )
    Console(width=max(120, Console().width)).print(table)
    return 0

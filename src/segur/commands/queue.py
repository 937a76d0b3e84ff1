"""`segur queue [--today DATE] [--format text|json]`: the FIFO instruction queue."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from segur.lifecycle.analysis import analyse_all
from segur.lifecycle.calendar import PARIS
from segur.lifecycle.instruction import (
    closed_dossiers,
    complete_arrivals,
    verdict_chapters,
)
from segur.lifecycle.queue import rank
from segur.lifecycle.timeline import build_timeline
from segur.load.git_history import GitError
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "queue",
        help="file d'attente FIFO des chapitres complets à instruire",
        description="Chapitres complets en attente d'instruction, dans l'ordre de leur arrivée "
        "complète sur main (§3.4), avec l'attente en jours ouvrés. Un chapitre qui a un "
        "verdict en sort, comme les candidatures closes (rejetées, refusées, référencées).",
    )
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="AAAA-MM-JJ")
    parser.add_argument("--rev", default="HEAD", help="révision de main (défaut : HEAD)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run_queue)


def run_queue(args: argparse.Namespace) -> int:
    repo = Repository(args.repo)
    today = args.today or dt.datetime.now(PARIS).date()
    catalogue, _ = load_catalogue(repo.rem_dir, repo.root)
    try:
        timeline = build_timeline(repo, catalogue, args.rev)
    except GitError as exc:
        sys.stderr.write(f"segur queue : {exc}\n")
        return 2
    for finding in timeline.findings:
        sys.stderr.write(
            f"{finding.path}:{finding.line}:{finding.col}: {finding.rule} {finding.message}\n"
        )
    analyses = analyse_all(repo, catalogue, today, timeline, from_history=True)
    entries = rank(
        complete_arrivals(analyses), verdict_chapters(analyses), today, closed_dossiers(analyses)
    )
    if args.format == "json":
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

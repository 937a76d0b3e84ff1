"""`segur badge DOSSIER --out FILE.svg [--today DATE]`: the referencing badge, only while the
logo may be used (§3.5.3)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from segur.commands.common import Workspace, add_today, today_of
from segur.examples.journal import is_example
from segur.publication.badge import badge_svg, refusal


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "badge",
        help="badge SVG de référencement, pendant la période d'utilisation du logo",
        description="Écrit un badge SVG « Référencé Ségur » si, au jour donné, la convention "
        "est signée par les deux parties et n'a pas pris fin (§3.5.3) ; sinon, sort en "
        "erreur (code 1) en disant pourquoi.",
    )
    parser.add_argument("dossier", type=Path, metavar="DOSSIER")
    parser.add_argument("--out", type=Path, required=True, metavar="FICHIER.svg")
    add_today(parser)
    parser.set_defaults(func=run_badge)


def run_badge(args: argparse.Namespace) -> int:
    workspace = Workspace(args)
    folder = workspace.dossier(args.dossier, "badge")
    if folder is None:
        return 2
    today = today_of(args)
    cycle = workspace.analyse(folder, today).cycle
    reason = refusal(cycle, today)
    if reason is not None:
        sys.stderr.write(f"segur badge : {reason}\n")
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(badge_svg(cycle, is_example(cycle.dossier)), encoding="utf-8")
    sys.stdout.write(f"badge écrit : {args.out.as_posix()}\n")
    return 0

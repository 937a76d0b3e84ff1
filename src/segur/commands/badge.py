"""`segur badge DOSSIER --out FILE.svg [--today DATE]`: the referencing badge, only while the
logo may be used (§3.5.3)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.commands.arguments import add_today
from segur.commands.common import Workspace, today_of
from segur.errors import DataError
from segur.publication.badge import badge_svg, refusal


@dataclass(frozen=True, slots=True)
class BadgeOptions:
    repo: Path
    central: Path | None
    dossier: Path
    out: Path
    today: dt.date | None


def badge_options(args: argparse.Namespace) -> BadgeOptions:
    return BadgeOptions(
        repo=args.repo, central=args.central, dossier=args.dossier, out=args.out, today=args.today
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "badge",
        help="badge SVG de référencement, pendant la période d'utilisation du logo",
        description="Écrit un badge SVG « Référencé Ségur » si, au jour donné, la convention "
        "est signée par les deux parties et n'a pas pris fin (§3.5.3) ; sinon, sort en "
        "erreur (code 1) en disant pourquoi.",
    )
    parser.add_argument("dossier", type=Path, metavar="DOSSIER", help="dossier de candidature")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="FICHIER.svg", help="fichier SVG à écrire"
    )
    add_today(parser)
    parser.set_defaults(func=run_badge, options=badge_options)


def run_badge(options: BadgeOptions) -> int:
    workspace = Workspace(options.repo, options.central)
    folder = workspace.dossier(options.dossier)
    today = today_of(options.today)
    analysis = workspace.analyse(folder, today)
    cycle = analysis.cycle
    reason = refusal(cycle, today)
    if reason is not None:
        raise DataError(reason)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(badge_svg(cycle, analysis.fictif), encoding="utf-8")
    sys.stdout.write(f"badge écrit : {options.out.as_posix()}\n")
    return 0

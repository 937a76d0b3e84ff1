"""`segur status [DOSSIER | --editeur SLUG] [--recu CHAPITRE] [--today DATE] [--format text|json]`:
the options and which view answers them. The views are beside it: one dossier or all of them
(`status_view`), an editor's products and history (`status_editor`), the receipt of a complete
chapter (`status_receipt`)."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.commands.arguments import FORMAT_HELP, add_today
from segur.commands.common import Workspace, today_of
from segur.commands.proofless import print_proofless, proofless_of_dossier
from segur.commands.status_editor import print_editor
from segur.commands.status_receipt import print_receipt
from segur.commands.status_view import console_of, print_all, print_dossier
from segur.errors import UsageError


@dataclass(frozen=True, slots=True)
class StatusOptions:
    repo: Path
    central: Path | None
    miroirs: Path | None
    dossier: Path | None
    recu: str | None
    editeur: str | None
    today: dt.date | None
    format: str


def status_options(args: argparse.Namespace) -> StatusOptions:
    return StatusOptions(
        repo=args.repo,
        central=args.central,
        miroirs=args.miroirs,
        dossier=args.dossier,
        recu=args.recu,
        editeur=args.editeur,
        today=args.today,
        format=args.format,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status",
        help="état des dossiers : cycle de vie, chapitres déposés, complets, incomplets",
        description="Sans argument : une ligne par candidature, avec son état dans le cycle "
        "de vie et qui doit agir. Avec --editeur ou dossiers/<editeur> : les produits de "
        "l'éditeur et l'historique de ses demandes et actes. Avec un dossier : la prochaine "
        "action attendue, le tableau de ses chapitres, les preuves manquantes et la période "
        "d'utilisation du logo.",
    )
    parser.add_argument(
        "dossier",
        nargs="?",
        type=Path,
        metavar="DOSSIER",
        help="dossier de candidature, ou dossier d'un éditeur (défaut : une ligne par candidature)",
    )
    parser.add_argument(
        "--recu", metavar="CHAPITRE", help="afficher le reçu de dépôt d'un chapitre complet"
    )
    parser.add_argument(
        "--editeur",
        metavar="SLUG",
        help="vue d'un éditeur : ses candidatures et l'historique de ses demandes et actes "
        "(aussi : segur status dossiers/<editeur>)",
    )
    add_today(parser, "jour de l'état du cycle de vie")
    parser.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    parser.set_defaults(func=run_status, options=status_options)


def run_status(options: StatusOptions) -> int:
    workspace = Workspace(options.repo, options.central, options.miroirs)
    today = today_of(options.today)
    editeur = options.editeur
    if editeur is None and options.dossier is not None:
        editeur = _editor_of(workspace, options.dossier)
    if editeur is not None:
        if options.recu:
            raise UsageError("--recu demande un dossier de candidature, pas un éditeur")
        if options.dossier is not None and options.editeur is not None:
            raise UsageError("donnez un DOSSIER ou --editeur, pas les deux")
        return print_editor(workspace, editeur, today, options.format)
    if options.dossier is None:
        if options.recu:
            raise UsageError("--recu demande un DOSSIER")
        analyses = workspace.analyse_all(today)
        return print_all([(a.status, a.cycle) for a in analyses], options.format)
    folder = workspace.dossier(options.dossier)
    analysis = workspace.analyse(folder, today)
    if options.recu:
        return print_receipt(
            workspace.repo_of(folder), folder, analysis.status, options.recu, options.format
        )
    code = print_dossier(analysis, options.format)
    proofless = proofless_of_dossier(workspace.repo_of(folder), workspace.catalogue, folder)
    if options.format == "text" and proofless is not None:
        print_proofless(console_of(), proofless)
    return code


def _editor_of(workspace: Workspace, given: Path) -> str | None:
    """The editor's slug when `given` is an editor's folder (`dossiers/<editeur>`)."""
    for member in workspace.federation.members:
        top = member.dossiers_dir.resolve()
        for candidate in (given, member.root / given, member.dossiers_dir / given):
            if candidate.is_dir() and candidate.resolve().parent == top:
                return candidate.resolve().name
    return None

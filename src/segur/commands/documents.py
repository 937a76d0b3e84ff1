"""`segur documents DOSSIER --out DIR`: convention, attestation and conformity report."""

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
from segur.publication.documents import availability, render, write_documents
from segur.publication.documents.names import ATTESTATION, CONVENTION, RAPPORT, TITLES


@dataclass(frozen=True, slots=True)
class DocumentsOptions:
    repo: Path
    central: Path | None
    dossier: Path
    out: Path
    today: dt.date | None


def documents_options(args: argparse.Namespace) -> DocumentsOptions:
    return DocumentsOptions(
        repo=args.repo, central=args.central, dossier=args.dossier, out=args.out, today=args.today
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "documents",
        help="produire la convention, l'attestation et le rapport de conformité (HTML et PDF)",
        description="Produit, en HTML et en PDF, les documents d'une candidature parvenue à "
        "l'étape voulue : la convention une fois tous les chapitres conformes, l'attestation "
        "de référencement une fois la convention signée par les deux parties, le rapport de "
        "conformité dès le premier verdict (§3.5, §3.5.2).",
    )
    parser.add_argument("dossier", type=Path, metavar="DOSSIER", help="dossier de candidature")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DOSSIER_DE_SORTIE",
        help="dossier où écrire les documents",
    )
    add_today(parser, "jour de l'état de la candidature")
    parser.set_defaults(func=run_documents, options=documents_options)


def run_documents(options: DocumentsOptions) -> int:
    workspace = Workspace(options.repo, options.central)
    folder = workspace.dossier(options.dossier)
    if options.out.exists() and not options.out.is_dir():
        raise UsageError(f"{options.out} n'est pas un dossier")
    analysis = workspace.analyse(folder, today_of(options.today))
    reasons = availability(analysis)
    rendered = []
    for kind in (CONVENTION, ATTESTATION, RAPPORT):
        reason = reasons[kind]
        if reason is None:
            rendered.append(render(analysis, kind))
        else:
            sys.stdout.write(f"{TITLES[kind]} : non produite, {reason}\n")
    if not rendered:
        raise DataError("aucun document ne peut encore être produit")
    for path in write_documents(rendered, options.out):
        sys.stdout.write(f"écrit : {path.as_posix()}\n")
    return 0

"""`segur documents DOSSIER --out DIR`: convention, attestation and conformity report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from segur.commands.common import Workspace, add_today, today_of
from segur.publication.documents import availability, render, write_documents
from segur.publication.documents.names import ATTESTATION, CONVENTION, RAPPORT, TITLES


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "documents",
        help="produire la convention, l'attestation et le rapport de conformité (HTML et PDF)",
        description="Produit, en HTML et en PDF, les documents d'une candidature parvenue à "
        "l'étape voulue : la convention une fois tous les chapitres conformes, l'attestation "
        "de référencement une fois la convention signée par les deux parties, le rapport de "
        "conformité dès le premier verdict (§3.5, §3.5.2).",
    )
    parser.add_argument("dossier", type=Path, metavar="DOSSIER")
    parser.add_argument("--out", type=Path, required=True, metavar="DOSSIER_DE_SORTIE")
    add_today(parser, "jour de l'état de la candidature")
    parser.set_defaults(func=run_documents)


def run_documents(args: argparse.Namespace) -> int:
    workspace = Workspace(args)
    folder = workspace.dossier(args.dossier, "documents")
    if folder is None:
        return 2
    if args.out.exists() and not args.out.is_dir():
        sys.stderr.write(f"segur documents : {args.out} n'est pas un dossier\n")
        return 2
    analysis = workspace.analyse(folder, today_of(args))
    reasons = availability(analysis)
    rendered = []
    for kind in (CONVENTION, ATTESTATION, RAPPORT):
        reason = reasons[kind]
        if reason is None:
            rendered.append(render(analysis, kind))
        else:
            sys.stdout.write(f"{TITLES[kind]} : non produite, {reason}\n")
    if not rendered:
        sys.stderr.write("segur documents : aucun document ne peut encore être produit\n")
        return 1
    for path in write_documents(rendered, args.out):
        sys.stdout.write(f"écrit : {path.as_posix()}\n")
    return 0

"""`segur etats [--doc FICHIER]`: the states of a candidature and their transitions."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.publication.cycle_doc import generated_block, update


@dataclass(frozen=True, slots=True)
class EtatsOptions:
    repo: Path
    doc: Path | None


def etats_options(args: argparse.Namespace) -> EtatsOptions:
    return EtatsOptions(repo=args.repo, doc=args.doc)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "etats",
        help="états du cycle de vie d'une candidature et leurs transitions (Mermaid)",
        description="Affiche le diagramme des états (Mermaid), qui doit agir dans chacun et "
        "les règles du cycle de vie ; avec --doc, met à jour le bloc généré d'un fichier "
        "Markdown (docs/cycle-de-vie.md).",
    )
    parser.add_argument(
        "--doc",
        type=Path,
        default=None,
        metavar="FICHIER.md",
        help="fichier Markdown dont mettre à jour le bloc généré (défaut : afficher le bloc)",
    )
    parser.set_defaults(func=run_etats, options=etats_options)


def run_etats(options: EtatsOptions) -> int:
    doc = options.doc
    if doc is None:
        sys.stdout.write(generated_block() + "\n")
        return 0
    current = doc.read_text(encoding="utf-8") if doc.is_file() else ""
    fresh = update(current)
    if fresh != current:
        doc.write_text(fresh, encoding="utf-8")
        sys.stdout.write(f"{doc.as_posix()} mis à jour.\n")
    else:
        sys.stdout.write(f"{doc.as_posix()} déjà à jour.\n")
    return 0

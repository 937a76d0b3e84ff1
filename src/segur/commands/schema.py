"""`segur schema`: export the JSON Schemas of the editable files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from segur.authoring.schemas import SCHEMAS, SCHEMAS_DIR, write_schemas
from segur.repository.paths import Repository


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="exporter les schémas JSON des fichiers à remplir",
        description="Écrit un schéma JSON par fichier éditable (candidature, questionnaire "
        "SSI, manifeste de preuves) pour la complétion dans les éditeurs de texte.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help=f"dossier de sortie (défaut : {SCHEMAS_DIR}/ à la racine du dépôt)",
    )
    parser.set_defaults(func=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    repo = Repository(args.repo)
    out: Path = args.out if args.out is not None else repo.root / SCHEMAS_DIR
    if out.exists() and not out.is_dir():
        sys.stderr.write(f"segur schema : {out} n'est pas un dossier\n")
        return 2
    changed = write_schemas(out)
    shown = repo.display(out)
    sys.stdout.write(
        f"{len(SCHEMAS)} schéma(s) dans {shown}/ : {len(changed)} mis à jour, "
        f"{len(SCHEMAS) - len(changed)} inchangé(s).\n"
    )
    return 0

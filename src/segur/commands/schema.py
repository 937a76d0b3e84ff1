"""`segur schema`: export the JSON Schemas of the editable files."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.authoring.schemas import SCHEMAS, write_schemas
from segur.errors import UsageError
from segur.repository.paths import SCHEMAS_DIR, Repository


@dataclass(frozen=True, slots=True)
class SchemaOptions:
    repo: Path
    out: Path | None


def schema_options(args: argparse.Namespace) -> SchemaOptions:
    return SchemaOptions(repo=args.repo, out=args.out)


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
    parser.set_defaults(func=run_schema, options=schema_options)


def run_schema(options: SchemaOptions) -> int:
    repo = Repository(options.repo)
    out = options.out if options.out is not None else repo.root / SCHEMAS_DIR
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} n'est pas un dossier")
    changed = write_schemas(out)
    shown = repo.display(out)
    sys.stdout.write(
        f"{len(SCHEMAS)} schéma(s) dans {shown}/ : {len(changed)} mis à jour, "
        f"{len(SCHEMAS) - len(changed)} inchangé(s).\n"
    )
    return 0

"""`segur exemples --out DIR`: regenerate the fictitious example dossiers
(`segur.examples.generator`).
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import sys
from pathlib import Path
from typing import Any

from segur.examples import generator as examples
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository

EXIT_OK, EXIT_USAGE = 0, 2


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "exemples",
        help="régénérer les dossiers de candidature d'exemple (fictifs)",
        description="Écrit les dossiers d'exemple fictifs (dossier administratif, questionnaire "
        "SSI, preuves et manifestes) sous DOSSIER/<editeur>/<candidature>/, à partir du REM "
        "du dépôt. Chaque dossier d'exemple déjà présent est remplacé en entier ; rien "
        "d'autre n'est touché. Le résultat est identique octet pour octet d'une exécution à "
        "l'autre.",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DOSSIER",
        help="dossier de sortie, par exemple dossiers",
    )
    parser.set_defaults(func=run_exemples)


def run_exemples(args: argparse.Namespace) -> int:
    repo = Repository(args.repo)
    out: Path = args.out
    if out.exists() and not out.is_dir():
        sys.stderr.write(f"segur exemples : {out} n'est pas un dossier\n")
        return EXIT_USAGE
    catalogue, _ = load_catalogue(repo.rem_dir, repo.root)
    try:
        tree = examples.example_tree(catalogue)
    except ValueError as exc:
        sys.stderr.write(f"segur exemples : {exc}\n")
        return EXIT_USAGE
    folders = examples.example_folders()
    for folder in folders:
        prefix = f"{folder}/"
        _replace(
            out / folder, {p[len(prefix) :]: d for p, d in tree.items() if p.startswith(prefix)}
        )
    sys.stdout.write(
        f"{len(folders)} dossiers d'exemple écrits dans {out.as_posix()}/ ({len(tree)} fichiers)\n"
    )
    return EXIT_OK


def _replace(target: Path, files: dict[str, bytes]) -> None:
    """Write `files` into a hidden folder beside `target`, then swap it in: an interrupted run
    leaves the previous example whole, and a file dropped by the generator does not linger."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.en-cours-{secrets.token_hex(4)}"
    try:
        for relative, data in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

"""`segur exemples --out DIR`: regenerate the fictitious example dossiers
(`segur.examples.generator`); `segur exemples --depot DIR`: write the demo repository, the same
dossiers with a dated git history (`segur.examples.history`).
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.errors import UsageError
from segur.examples import generator as examples
from segur.examples.federation import EDITORS_DIR, write_federation
from segur.examples.history import BASE_MESSAGE, checkout_files, demo_history
from segur.examples.synthetic.git_writer import build_repository
from segur.repository.catalogue import repository_catalogue
from segur.repository.paths import Repository


@dataclass(frozen=True, slots=True)
class ExemplesOptions:
    repo: Path
    central: Path | None
    out: Path | None  # the example folders only
    depot: Path | None  # the whole demo repository, with its history
    federation: Path | None = None  # a central repository and one repository per editor


def exemples_options(args: argparse.Namespace) -> ExemplesOptions:
    return ExemplesOptions(
        repo=args.repo,
        central=args.central,
        out=args.out,
        depot=args.depot,
        federation=args.federation,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "exemples",
        help="régénérer les dossiers de candidature d'exemple (fictifs)",
        description="Écrit les dossiers d'exemple fictifs (dossier administratif, questionnaire "
        "SSI, preuves et manifestes) sous DOSSIER/<editeur>/<candidature>/, à partir du REM "
        "du dépôt. Chaque dossier d'exemple déjà présent est remplacé en entier ; rien "
        "d'autre n'est touché. Le résultat est identique octet pour octet d'une exécution à "
        "l'autre. Avec --depot, écrit à la place un dépôt git de démonstration : les mêmes "
        "dossiers, avec un historique daté de main (dépôts des éditeurs, instruction, "
        "collège, signatures) d'où segur dérive leur cycle de vie. Avec --federation, "
        "écrit une fédération de démonstration : un dépôt central sans dossier et un dépôt "
        "de dossiers par éditeur, chacun avec ses propres commits, aux mêmes dates.",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--out",
        type=Path,
        metavar="DOSSIER",
        help="dossier de sortie des dossiers d'exemple, par exemple dossiers",
    )
    target.add_argument(
        "--depot",
        type=Path,
        metavar="DOSSIER",
        help="dossier (absent ou vide) où créer le dépôt git de démonstration, avec son "
        "historique daté (dates et auteurs fictifs), par exemple build/demo",
    )
    target.add_argument(
        "--federation",
        type=Path,
        metavar="DOSSIER",
        help="dossier (absent ou vide) où créer la fédération de démonstration : "
        "DOSSIER/central (le dépôt central, dont depots.yaml enregistre les dépôts des "
        "éditeurs) et DOSSIER/editeurs/<editeur>.git (un dépôt nu par éditeur), par exemple "
        "build/federation",
    )
    parser.set_defaults(func=run_exemples, options=exemples_options)


def run_exemples(options: ExemplesOptions) -> int:
    repo = Repository(options.repo, options.central)
    if options.depot is not None:
        return _write_demo(repo, options.depot)
    if options.federation is not None:
        return _write_federation(repo, options.federation)
    out = options.out
    assert out is not None  # argparse requires --out, --depot or --federation
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} n'est pas un dossier")
    catalogue, _ = repository_catalogue(repo)
    # A REM that does not fit the examples is an ExampleError (a DataError), shown by the CLI.
    tree = examples.example_tree(catalogue)
    folders = examples.example_folders()
    for folder in folders:
        prefix = f"{folder}/"
        _replace(
            out / folder, {p[len(prefix) :]: d for p, d in tree.items() if p.startswith(prefix)}
        )
    sys.stdout.write(
        f"{len(folders)} dossiers d'exemple écrits dans {out.as_posix()}/ ({len(tree)} fichiers)\n"
    )
    return 0


def _write_demo(repo: Repository, out: Path) -> int:
    """The demo repository in `out`: the REM, schemas, access map and site of this checkout in a
    first commit, then the examples' pull requests merged on the days of their fiction."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} existe et n'est pas un dossier vide")
    catalogue, _ = repository_catalogue(repo)
    # A date or an identity missing, an example the REM lacks: a HistoryError or an ExampleError,
    # both DataErrors.
    history = demo_history(catalogue, checkout_files(repo.config_root))
    # A git failure is a GitError (SyntheticGitError), shown by `segur.cli`.
    written = build_repository(
        out, history.base, history.base_moment, history.requests, history.base_author, BASE_MESSAGE
    )
    sys.stdout.write(
        f"Dépôt de démonstration écrit dans {out.as_posix()} : "
        f"{len(examples.example_folders())} dossiers d'exemple, {written.commits} commits dont "
        f"{written.merges} fusions sur main, {written.files} fichiers.\n"
    )
    return 0


def _write_federation(repo: Repository, out: Path) -> int:
    """The demo federation in `out`: the central repository (the files of this checkout, the
    registry of the editors' repositories) and one bare dossier repository per editor."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} existe et n'est pas un dossier vide")
    catalogue, _ = repository_catalogue(repo)
    # As for --depot: a DataError for the data, a GitError for git, shown by `segur.cli`.
    written = write_federation(repo.config_root, catalogue, out)
    commits = sum(w.commits for w in written.editors.values())
    sys.stdout.write(
        f"Fédération de démonstration écrite dans {out.as_posix()} : le dépôt central "
        f"{written.central.as_posix()} et {len(written.editors)} dépôts de dossiers "
        f"({commits} commits en tout) dans {(out / EDITORS_DIR).as_posix()}/.\n"
    )
    return 0


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

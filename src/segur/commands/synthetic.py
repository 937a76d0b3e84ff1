"""`segur synthetique --n N --out DOSSIER [--graine S]`: a synthetic repository for scale tests."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.authoring.schemas import render_all
from segur.errors import UsageError
from segur.examples.generator import Files
from segur.examples.synthetic.candidatures import Fate, plan
from segur.examples.synthetic.files import base_files
from segur.examples.synthetic.git_writer import build_repository
from segur.examples.synthetic.story import BEGIN, all_requests
from segur.repository.catalogue import repository_catalogue
from segur.repository.paths import REM_DIR, Repository


@dataclass(frozen=True, slots=True)
class SynthetiqueOptions:
    repo: Path
    central: Path | None
    n: int
    out: Path
    graine: int


def synthetique_options(args: argparse.Namespace) -> SynthetiqueOptions:
    return SynthetiqueOptions(
        repo=args.repo, central=args.central, n=args.n, out=args.out, graine=args.graine
    )


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu : « {text} »") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"au moins une candidature : « {text} »")
    return value


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "synthetique",
        help="générer un dépôt synthétique de N candidatures (mesures de performance)",
        description="Crée dans DOSSIER un dépôt git de N candidatures inventées et valides "
        "(segur check sans erreur) : profils tirés au hasard, dépôts partiels, complets ou "
        "décidés, vraies petites preuves et pointeurs Git LFS, et un historique de branches "
        "fusionnées (--no-ff) sur dix-huit mois simulés, environ dix commits par candidature. "
        "Le catalogue REM du dépôt courant est recopié. Même graine, même résultat.",
    )
    parser.add_argument(
        "--n", type=_count, required=True, metavar="N", help="nombre de candidatures"
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DOSSIER", help="dossier absent ou vide"
    )
    parser.add_argument(
        "--graine", type=int, default=0, metavar="S", help="graine du hasard (défaut : 0)"
    )
    parser.set_defaults(func=run_synthetique, options=synthetique_options)


def _tree(folder: Path, prefix: str) -> Files:
    return {
        f"{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run_synthetique(options: SynthetiqueOptions) -> int:
    repo = Repository(options.repo, options.central)
    out = options.out
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out} existe et n'est pas un dossier vide")
    catalogue, _ = repository_catalogue(repo)
    if not catalogue.rems:
        raise UsageError(f"aucun REM dans {repo.rem_dir}")
    started = time.perf_counter()
    candidatures = plan(catalogue, options.n, options.graine)
    requests = all_requests(candidatures)
    base = base_files(_tree(repo.rem_dir, REM_DIR), render_all(), options.n, options.graine)
    # A failing git is a SyntheticGitError (a GitError), shown by `segur.cli`.
    written = build_repository(out, base, BEGIN - dt.timedelta(days=7), requests)
    fates = Counter(c.fate for c in candidatures)
    editors = len({c.editor.number for c in candidatures})
    sys.stdout.write(
        f"{len(candidatures)} candidatures synthétiques de {editors} éditeurs "
        f"({fates[Fate.PARTIEL]} partielles, {fates[Fate.COMPLET]} complètes, "
        f"{fates[Fate.DECIDE]} décidées) dans {out.as_posix()} : {written.commits} commits "
        f"dont {written.merges} fusions, {written.files} fichiers, "
        f"en {time.perf_counter() - started:.0f} s (graine {options.graine}).\n"
    )
    return 0

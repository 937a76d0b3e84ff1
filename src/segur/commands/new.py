"""`segur new`: scaffold a candidature folder (options, or questions in a terminal)."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from segur.authoring import scaffold
from segur.errors import UsageError
from segur.repository.catalogue import Catalogue, repository_catalogue
from segur.repository.paths import Repository


@dataclass(frozen=True, slots=True)
class NewOptions:
    repo: Path
    central: Path | None
    dispositif: str | None
    editeur: str | None
    candidature: str | None
    profil: tuple[str, ...] | None
    denomination: str | None
    version_rem: str | None


def new_options(args: argparse.Namespace) -> NewOptions:
    return NewOptions(
        repo=args.repo,
        central=args.central,
        dispositif=args.dispositif,
        editeur=args.editeur,
        candidature=args.candidature,
        profil=None if args.profil is None else tuple(args.profil),
        denomination=args.denomination,
        version_rem=args.version_rem,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "new",
        help="créer le dossier d'une nouvelle candidature",
        description="Crée dossiers/<editeur>/<candidature>/ : candidature.yaml à compléter, "
        "questionnaire SSI et manifestes de preuves de chaque chapitre applicable. "
        "Les options manquantes sont demandées quand la commande est lancée dans un terminal.",
    )
    parser.add_argument("--dispositif", help="code du dispositif (DPI, LGC, RIS…)")
    parser.add_argument("--editeur", help="identifiant de l'éditeur (ex. exemple-sante)")
    parser.add_argument("--candidature", help="identifiant de la candidature (ex. dpi-v5)")
    parser.add_argument(
        "--profil",
        action="append",
        default=None,
        metavar="PROFIL",
        help="profil demandé, répétable (« general » est toujours inclus)",
    )
    parser.add_argument("--denomination", help="dénomination commerciale de la solution")
    parser.add_argument(
        "--version-rem",
        metavar="VERSION",
        help="version du REM (défaut : la plus récente du catalogue)",
    )
    parser.set_defaults(func=run_new, options=new_options)


Ask = Callable[[str], str]


def _prompt(stdin: TextIO, stdout: TextIO) -> Ask:
    def ask(question: str) -> str:
        stdout.write(question)
        stdout.flush()
        line = stdin.readline()
        if not line:
            stdout.write("\n")
            raise UsageError("saisie interrompue, rien n'a été créé.")
        return line.strip()

    return ask


def _interactive(options: NewOptions, catalogue: Catalogue, ask: Ask) -> NewOptions:
    """The options, the missing ones asked for; each answer is checked before going on."""
    out = sys.stdout
    dispositif = options.dispositif
    while dispositif is None:
        codes = catalogue.codes()
        answer = ask(f"Dispositif ({', '.join(codes)}) : ").upper()
        if answer in codes:
            dispositif = answer
        else:
            out.write(f"  dispositif inconnu : choisissez parmi {', '.join(codes)}\n")
    editeur = options.editeur
    while editeur is None:
        answer = ask("Identifiant de l'éditeur (minuscules et tirets, ex. exemple-sante) : ")
        if scaffold.is_slug(answer):
            editeur = answer
        else:
            out.write("  identifiant invalide : minuscules sans accent, chiffres et tirets\n")
    candidature = options.candidature
    while candidature is None:
        answer = ask("Identifiant de la candidature (ex. dpi-v5) : ")
        if scaffold.is_slug(answer):
            candidature = answer
        else:
            out.write("  identifiant invalide : minuscules sans accent, chiffres et tirets\n")
    profil = options.profil
    if profil is None:
        version = options.version_rem or scaffold.latest_version(catalogue, dispositif)
        rem = catalogue.get(dispositif, version or "")
        if rem is not None:
            out.write("Profils disponibles (« general » est toujours inclus) :\n")
            for p in rem.dispositif.profils:
                out.write(f"  {p.id} : {p.libelle}\n")
        answer = ask("Profils supplémentaires, séparés par des virgules (vide : aucun) : ")
        profil = tuple(p.strip() for p in answer.split(",") if p.strip())
    denomination = options.denomination
    while not denomination:
        denomination = ask("Dénomination commerciale de la solution : ") or None
    return dataclasses.replace(
        options,
        dispositif=dispositif,
        editeur=editeur,
        candidature=candidature,
        profil=profil,
        denomination=denomination,
    )


def run_new(options: NewOptions) -> int:
    repo = Repository(options.repo, options.central)
    catalogue, _ = repository_catalogue(repo)
    if not catalogue.rems:
        raise UsageError(f"aucun REM dans {repo.display(repo.rem_dir)}")
    given = {
        "--dispositif": options.dispositif,
        "--editeur": options.editeur,
        "--candidature": options.candidature,
        "--denomination": options.denomination,
    }
    missing = [option for option, value in given.items() if value is None]
    interactive = sys.stdin.isatty()
    if missing and not interactive:
        raise UsageError(
            f"option(s) manquante(s) : {', '.join(missing)} (donnez-les en options, ou lancez "
            "la commande dans un terminal pour répondre aux questions)"
        )
    # Without --profil and without a terminal, the candidature asks for `general` only.
    if interactive and (missing or options.profil is None):
        options = _interactive(options, catalogue, _prompt(sys.stdin, sys.stdout))
    return _create(repo, catalogue, options)


def _create(repo: Repository, catalogue: Catalogue, options: NewOptions) -> int:
    # Every field was given or asked for (see `run_new`); a ScaffoldError is a UsageError.
    assert options.dispositif and options.editeur and options.candidature
    assert options.denomination
    request = scaffold.Request(
        dispositif=options.dispositif,
        editeur=options.editeur,
        candidature=options.candidature,
        profils=options.profil or (),
        denomination=options.denomination,
        version_rem=options.version_rem,
    )
    result = scaffold.scaffold(repo, catalogue, request)
    shown = repo.display(result.folder)
    manifests = sum(1 for f in result.files if f.name == "preuves.yaml")
    sys.stdout.write(
        f"Candidature créée : {shown}/\n"
        f"  REM {result.rem.code} {result.rem.version}, profils : {', '.join(result.profils)}\n"
        f"  {len(result.files)} fichiers, dont {manifests} manifeste(s) de preuves\n"
        "Prochaines étapes : complétez candidature.yaml et questionnaire-ssi.yaml, puis lancez\n"
        f"  segur check {shown}\n"
        "et ouvrez une pull request quand le dossier administratif est complet.\n"
    )
    return 0

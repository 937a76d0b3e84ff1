"""`segur new`: scaffold a candidature folder (options, or questions in a terminal)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any, TextIO

from segur.authoring import scaffold
from segur.repository.catalogue import Catalogue, load_catalogue
from segur.repository.paths import Repository

EXIT_OK, EXIT_USAGE = 0, 2


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
        "--version-rem", help="version du REM (défaut : la plus récente du catalogue)"
    )
    parser.set_defaults(func=run_new)


Ask = Callable[[str], str]


def _prompt(stdin: TextIO, stdout: TextIO) -> Ask:
    def ask(question: str) -> str:
        stdout.write(question)
        stdout.flush()
        line = stdin.readline()
        if not line:
            raise EOFError
        return line.strip()

    return ask


def _interactive(args: argparse.Namespace, catalogue: Catalogue, ask: Ask) -> None:
    """Fill the missing options by asking; each answer is checked before going on."""
    out = sys.stdout
    while args.dispositif is None:
        codes = catalogue.codes()
        answer = ask(f"Dispositif ({', '.join(codes)}) : ").upper()
        if answer in codes:
            args.dispositif = answer
        else:
            out.write(f"  dispositif inconnu : choisissez parmi {', '.join(codes)}\n")
    while args.editeur is None:
        answer = ask("Identifiant de l'éditeur (minuscules et tirets, ex. exemple-sante) : ")
        if scaffold.is_slug(answer):
            args.editeur = answer
        else:
            out.write("  identifiant invalide : minuscules sans accent, chiffres et tirets\n")
    while args.candidature is None:
        answer = ask("Identifiant de la candidature (ex. dpi-v5) : ")
        if scaffold.is_slug(answer):
            args.candidature = answer
        else:
            out.write("  identifiant invalide : minuscules sans accent, chiffres et tirets\n")
    if args.profil is None:
        version = args.version_rem or scaffold.latest_version(catalogue, args.dispositif)
        rem = catalogue.get(args.dispositif, version or "")
        if rem is not None:
            out.write("Profils disponibles (« general » est toujours inclus) :\n")
            for profil in rem.dispositif.profils:
                out.write(f"  {profil.id} : {profil.libelle}\n")
        answer = ask("Profils supplémentaires, séparés par des virgules (vide : aucun) : ")
        args.profil = [p.strip() for p in answer.split(",") if p.strip()]
    while not args.denomination:
        args.denomination = ask("Dénomination commerciale de la solution : ") or None


def run_new(args: argparse.Namespace) -> int:
    repo = Repository(args.repo)
    catalogue, _ = load_catalogue(repo.rem_dir, repo.root)
    if not catalogue.rems:
        sys.stderr.write(f"segur new : aucun REM dans {repo.display(repo.rem_dir)}\n")
        return EXIT_USAGE
    names = {
        "dispositif": "--dispositif",
        "editeur": "--editeur",
        "candidature": "--candidature",
        "denomination": "--denomination",
    }
    missing = [option for attr, option in names.items() if getattr(args, attr) is None]
    interactive = sys.stdin.isatty()
    if missing and not interactive:
        sys.stderr.write(
            f"segur new : option(s) manquante(s) : {', '.join(missing)} (donnez-les en "
            "options, ou lancez la commande dans un terminal pour répondre aux questions)\n"
        )
        return EXIT_USAGE
    # Without --profil and without a terminal, the candidature asks for `general` only.
    if interactive and (missing or args.profil is None):
        try:
            _interactive(args, catalogue, _prompt(sys.stdin, sys.stdout))
        except EOFError:
            sys.stderr.write("\nsegur new : saisie interrompue, rien n'a été créé.\n")
            return EXIT_USAGE
    return _create(repo, catalogue, args)


def _create(repo: Repository, catalogue: Catalogue, args: argparse.Namespace) -> int:
    request = scaffold.Request(
        dispositif=args.dispositif,
        editeur=args.editeur,
        candidature=args.candidature,
        profils=tuple(args.profil or ()),
        denomination=args.denomination,
        version_rem=args.version_rem,
    )
    try:
        result = scaffold.scaffold(repo, catalogue, request)
    except scaffold.ScaffoldError as exc:
        sys.stderr.write(f"segur new : {exc}\n")
        return EXIT_USAGE
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
    return EXIT_OK

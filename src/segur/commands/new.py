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
from segur.model.rem import GENERAL
from segur.model.versions import version_key
from segur.repository.catalogue import Catalogue, Rem, repository_catalogue
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
    oui: bool = False
    version_precedente: str | None = None


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
        oui=args.oui,
        version_precedente=args.version_precedente,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "new",
        help="créer le dossier d'une nouvelle candidature",
        description="Crée dossiers/<editeur>/<candidature>/ : candidature.yaml à compléter, "
        "questionnaire SSI et manifestes de preuves de chaque chapitre applicable. "
        "Les options manquantes sont demandées dans un terminal, ou lues ligne à ligne sur "
        "l'entrée standard ; une réponse invalide est redemandée, et un récapitulatif est "
        "soumis à confirmation avant d'écrire (--oui pour s'en passer).",
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
    parser.add_argument(
        "--version-precedente",
        metavar="CANDIDATURE",
        help="nouvelle version d'une solution (§3.1.1) : dossier de la candidature de la "
        "version précédente, chez le même éditeur (ex. dpi-5-2)",
    )
    parser.add_argument(
        "--oui",
        action="store_true",
        help="créer sans demander de confirmation après le récapitulatif",
    )
    parser.set_defaults(func=run_new, options=new_options)


Ask = Callable[[str], str]
# The answers that confirm the creation; anything else cancels it.
_YES = {"o", "oui", "y", "yes"}


def _prompt(stdin: TextIO, stdout: TextIO) -> Ask:
    """Ask on `stdout`, read one line of `stdin`: a terminal or answers piped line by line."""

    def ask(question: str) -> str:
        stdout.write(question)
        stdout.flush()
        line = stdin.readline()
        if not line:
            stdout.write("\n")
            raise UsageError("saisie interrompue avant la fin des questions, rien n'a été créé.")
        if not stdin.isatty():
            # Piped answers are not echoed: written back, the transcript reads as a dialogue.
            stdout.write(line if line.endswith("\n") else line + "\n")
        return line.strip()

    return ask


def _ask_dispositif(catalogue: Catalogue, ask: Ask, out: TextIO) -> str:
    codes = catalogue.codes()
    while True:
        answer = ask(f"Dispositif ({', '.join(codes)}) : ").upper()
        if answer in codes:
            return answer
        out.write(f"  dispositif inconnu : choisissez parmi {', '.join(codes)}\n")


def _ask_version(catalogue: Catalogue, dispositif: str, ask: Ask, out: TextIO) -> str | None:
    """Asked only when the dispositif has several REM versions; empty: the latest."""
    versions = sorted((r.version for r in catalogue.for_code(dispositif)), key=version_key)
    latest = scaffold.latest_version(catalogue, dispositif)
    if len(versions) < 2:
        return latest
    while True:
        answer = ask(f"Version du REM ({', '.join(versions)} ; vide : {latest}) : ")
        if not answer:
            return latest
        if answer in versions:
            return answer
        out.write(f"  version inconnue : choisissez parmi {', '.join(versions)}\n")


def _ask_slug(question: str, ask: Ask, out: TextIO) -> str:
    while True:
        answer = ask(question)
        if scaffold.is_slug(answer):
            return answer
        out.write("  identifiant invalide : minuscules sans accent, chiffres et tirets\n")


def _ask_profils(rem: Rem, ask: Ask, out: TextIO) -> tuple[str, ...]:
    known = [p.id for p in rem.dispositif.profils]
    out.write("Profils disponibles (« general » est toujours inclus) :\n")
    for p in rem.dispositif.profils:
        out.write(f"  {p.id} : {p.libelle}\n")
    while True:
        answer = ask("Profils supplémentaires, séparés par des virgules (vide : aucun) : ")
        profils = tuple(p.strip() for p in answer.split(",") if p.strip())
        unknown = [p for p in profils if p not in known]
        if not unknown:
            return profils
        out.write(
            f"  profil(s) inconnu(s) : {', '.join(unknown)} ; choisissez parmi {', '.join(known)}\n"
        )


def _interactive(
    options: NewOptions, repo: Repository, catalogue: Catalogue, ask: Ask, out: TextIO
) -> NewOptions:
    """The options, the missing or invalid ones asked for; each answer is checked before going
    on, and an invalid one is asked again."""
    dispositif = options.dispositif
    if dispositif is None or dispositif not in catalogue.codes():
        if dispositif is not None:
            out.write(f"  dispositif « {dispositif} » absent du catalogue REM\n")
        dispositif = _ask_dispositif(catalogue, ask, out)
    version = options.version_rem
    if version is None or catalogue.get(dispositif, version) is None:
        if version is not None:
            out.write(f"  version « {version} » du REM {dispositif} inconnue\n")
        version = _ask_version(catalogue, dispositif, ask, out)
    rem = catalogue.get(dispositif, version or "")
    editeur = options.editeur
    if editeur is None or not scaffold.is_slug(editeur):
        editeur = _ask_slug(
            "Identifiant de l'éditeur (minuscules et tirets, ex. exemple-sante) : ", ask, out
        )
    candidature = options.candidature
    while candidature is None or not scaffold.is_slug(candidature):
        candidature = _ask_slug("Identifiant de la candidature (ex. dpi-v5) : ", ask, out)
        if (repo.dossiers_dir / editeur / candidature).exists():
            out.write(f"  le dossier dossiers/{editeur}/{candidature} existe déjà\n")
            candidature = None
    profil = options.profil
    known = {p.id for p in rem.dispositif.profils} if rem is not None else set()
    if rem is not None and (profil is None or any(p not in known for p in profil)):
        if profil is not None:
            unknown = ", ".join(p for p in profil if p not in known)
            out.write(f"  profil(s) inconnu(s) : {unknown}\n")
        profil = _ask_profils(rem, ask, out)
    denomination = options.denomination
    while not denomination or not denomination.strip():
        denomination = ask("Dénomination commerciale de la solution : ") or None
    return dataclasses.replace(
        options,
        dispositif=dispositif,
        version_rem=version,
        editeur=editeur,
        candidature=candidature,
        profil=profil or (),
        denomination=denomination,
    )


def _confirmed(options: NewOptions, ask: Ask, out: TextIO) -> bool:
    profils = ", ".join(dict.fromkeys((GENERAL, *(options.profil or ()))))
    out.write(
        "\nRécapitulatif :\n"
        f"  dossier         : dossiers/{options.editeur}/{options.candidature}/\n"
        f"  dispositif      : {options.dispositif} (REM {options.version_rem})\n"
        f"  profils         : {profils}\n"
        f"  dénomination    : {options.denomination}\n"
    )
    return ask("Créer cette candidature ? [o/N] ").lower() in _YES


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
    terminal = sys.stdin.isatty()
    # Questions are asked in a terminal, or read line by line from answers piped on standard
    # input when an option is missing; with every option given outside a terminal, the
    # candidature asks for `general` only unless --profil says otherwise, as a script expects.
    if missing or (terminal and options.profil is None):
        ask = _prompt(sys.stdin, sys.stdout)
        options = _interactive(options, repo, catalogue, ask, sys.stdout)
        if not options.oui and not _confirmed(options, ask, sys.stdout):
            raise UsageError("création annulée : rien n'a été créé.")
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
        version_precedente=options.version_precedente,
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

"""`segur acl check` and `segur acl codeowners`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.check import acl
from segur.check.acl_commits import check_commits
from segur.check.acl_forge import read_commits
from segur.commands.arguments import FORMAT_HELP
from segur.errors import DataError
from segur.findings.finding import has_errors
from segur.model.access import ACCESS_FILE
from segur.publication import report
from segur.repository.access import CODEOWNERS_FILE, codeowners, load_map
from segur.repository.paths import Repository


@dataclass(frozen=True, slots=True)
class AclCheckOptions:
    repo: Path
    central: Path | None
    actor: str
    base: str
    head: str
    commits: Path | None
    format: str


def acl_check_options(args: argparse.Namespace) -> AclCheckOptions:
    return AclCheckOptions(
        repo=args.repo,
        central=args.central,
        actor=args.actor,
        base=args.base,
        head=args.head,
        commits=args.commits,
        format=args.format,
    )


@dataclass(frozen=True, slots=True)
class CodeownersOptions:
    repo: Path
    central: Path | None
    check: bool


def codeowners_options(args: argparse.Namespace) -> CodeownersOptions:
    return CodeownersOptions(repo=args.repo, central=args.central, check=args.check)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "acl",
        help="contrôle d'accès : droits d'une pull request, CODEOWNERS",
        description="Contrôle d'accès du dépôt, d'après la carte d'accès acces.yaml.",
    )
    commands = parser.add_subparsers(
        dest="acl_command", metavar="SOUS-COMMANDE", help="l'opération à faire"
    )
    commands.required = True

    check = commands.add_parser(
        "check",
        help="vérifier qu'une identité a le droit de faire les modifications d'une branche",
        description="Refuse chaque fichier que l'identité n'a pas le droit de modifier entre "
        "la base et la tête. La carte d'accès est lue sur la BASE, jamais sur la branche "
        "proposée. Avec --commits, chaque commit est en plus vérifié avec les droits du compte "
        "de forge qui l'a fait. Code de sortie 1 si une modification est refusée.",
    )
    check.add_argument("--actor", required=True, metavar="IDENTIFIANT", help="identité de forge")
    check.add_argument("--base", required=True, metavar="REV", help="branche de base (origin/main)")
    check.add_argument("--head", default="HEAD", metavar="REV", help="tête proposée (HEAD)")
    check.add_argument(
        "--commits",
        type=Path,
        metavar="FICHIER.json",
        help="liste des commits de la pull request donnée par l'API de la forge "
        "(gh api repos/PROPRIÉTAIRE/DÉPÔT/pulls/N/commits --paginate) : chaque commit est "
        "aussi vérifié avec les droits du compte qui l'a fait",
    )
    check.add_argument("--format", choices=report.FORMATS, default="text", help=FORMAT_HELP)
    check.set_defaults(func=run_acl_check, options=acl_check_options)

    owners = commands.add_parser(
        "codeowners",
        help="générer .github/CODEOWNERS depuis acces.yaml",
        description="Écrit .github/CODEOWNERS à partir de la carte d'accès ; avec --check, "
        "vérifie seulement qu'il est à jour (code de sortie 1 sinon).",
    )
    owners.add_argument("--check", action="store_true", help="vérifier sans écrire")
    owners.set_defaults(func=run_codeowners, options=codeowners_options)


def run_acl_check(options: AclCheckOptions) -> int:
    # In an editor's dossier repository (--central), the map is the central one at the pinned
    # revision; in a repository that holds its own map, the one of the base.
    central = (
        options.central if options.central is not None and options.central != options.repo else None
    )
    # The commits' list is read first: a malformed file stops before any check.
    logins = read_commits(options.commits) if options.commits is not None else None
    result = acl.check_pull_request(
        options.repo, options.actor, options.base, options.head, central=central
    )
    findings = list(result.findings)
    if logins is not None and options.commits is not None:
        findings.extend(
            check_commits(
                options.repo,
                options.base,
                options.head,
                logins,
                str(options.commits),
                central=central,
            )
        )
    allowed = not has_errors(findings)
    sys.stdout.write(report.render(findings, options.format))
    if options.format == "text":
        actor = options.actor
        if allowed:
            n = len(result.changes)
            each = ", et chaque commit est dans les droits de son compte" if logins else ""
            sys.stdout.write(f"Autorisé : « {actor} » peut faire ces {n} modification(s){each}.\n")
        else:
            n = sum(f.is_error for f in findings)
            sys.stdout.write(f"Refusé : {n} refus pour la pull request de « {actor} ».\n")
    return 0 if allowed else 1


def run_codeowners(options: CodeownersOptions) -> int:
    repo = Repository(options.repo, options.central)
    loaded = load_map(repo)
    if loaded is None or loaded.carte is None:
        problem = "absente" if loaded is None else "invalide (lancez « segur check »)"
        raise DataError(f"carte d'accès {ACCESS_FILE} {problem}")
    text = codeowners(loaded.carte)
    target = repo.root / CODEOWNERS_FILE
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if options.check:
        if current == text:
            sys.stdout.write(f"{CODEOWNERS_FILE} est à jour.\n")
            return 0
        sys.stdout.write(
            f"{CODEOWNERS_FILE} n'est pas à jour avec {ACCESS_FILE} : "
            "lancez « segur acl codeowners ».\n"
        )
        return 1
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        sys.stdout.write(f"{CODEOWNERS_FILE} régénéré depuis {ACCESS_FILE}.\n")
    else:
        sys.stdout.write(f"{CODEOWNERS_FILE} est déjà à jour.\n")
    return 0

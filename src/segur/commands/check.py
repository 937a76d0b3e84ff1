"""`segur check` and `segur rules`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from segur.check import incremental
from segur.check import run as check
from segur.findings.finding import has_errors
from segur.findings.registry import all_rules
from segur.load import git_history as gitlog
from segur.publication import report, summary
from segur.repository.paths import Repository


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="valider le REM et les dossiers",
        description="Valide le catalogue REM et les dossiers de candidature, "
        "et rapporte chaque problème avec fichier:ligne:colonne.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="CHEMIN")
    parser.add_argument("--format", choices=report.FORMATS, default="text")
    parser.add_argument(
        "--changed-since",
        metavar="REV",
        help="ne vérifier que les candidatures modifiées depuis REV (par exemple origin/main), "
        "modifications non validées comprises ; tout est revérifié si rem/, src/ ou "
        "pyproject.toml changent, et la carte d'accès si acces.yaml change",
    )
    parser.add_argument(
        "--committed-only",
        action="store_true",
        help="avec --changed-since : ne compter que les commits jusqu'à HEAD, sans parcourir la "
        "copie de travail (la CI, dont la copie de travail est propre : à 5 000 candidatures, "
        "ce parcours coûte plus que la vérification elle-même)",
    )
    parser.add_argument(
        "--summary-markdown",
        type=Path,
        metavar="FICHIER",
        help="ajouter à FICHIER un résumé Markdown par candidature et par chapitre "
        "(par exemple $GITHUB_STEP_SUMMARY)",
    )
    parser.set_defaults(func=run_check)

    rules = subparsers.add_parser(
        "rules", help="lister les règles de validation", description="Liste chaque règle."
    )
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    rules.set_defaults(func=run_rules)


def run_check(args: argparse.Namespace) -> int:
    repo = Repository(args.repo)
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        for path in missing:
            sys.stderr.write(f"segur check : chemin introuvable : {path}\n")
        return 2
    scope: list[str] = []
    if args.committed_only and args.changed_since is None:
        sys.stderr.write("segur check : --committed-only s'emploie avec --changed-since\n")
        return 2
    if args.changed_since is not None:
        if args.paths:
            sys.stderr.write("segur check : --changed-since et des chemins sont exclusifs\n")
            return 2
        try:
            head = "HEAD" if args.committed_only else None
            result = incremental.run(repo, args.changed_since, head)
        except gitlog.GitError as exc:
            sys.stderr.write(f"segur check : {exc}\n")
            return 2
        findings = result.findings
        scope = [repo.display(d).removeprefix("dossiers/") for d in result.selection.dossiers]
        sys.stderr.write(_describe(result.selection, args.changed_since) + "\n")
    else:
        findings = check.run(repo, args.paths)
        scope = [
            repo.display(d).removeprefix("dossiers/")
            for d in check.select(repo, args.paths).dossiers
        ]
    sys.stdout.write(report.render(findings, args.format))
    if args.summary_markdown is not None:
        with args.summary_markdown.open("a", encoding="utf-8") as out:
            out.write(summary.markdown(findings, "Vérification du dépôt (segur check)", scope))
    return 1 if has_errors(findings) else 0


def _describe(selection: incremental.ChangeSelection, since: str) -> str:
    if selection.empty:
        return f"Aucune candidature ni fichier commun modifié depuis {since} : rien à vérifier."
    changed = [
        name
        for name, flag in (
            ("le REM", selection.rem),
            ("le paquet segur", selection.package),
            ("la carte d'accès", selection.access),
        )
        if flag
    ]
    reason = f" ({', '.join(changed)} : modifications communes)" if changed else ""
    return (
        f"Vérification incrémentale depuis {since} : "
        f"{len(selection.dossiers)} candidature(s) vérifiée(s){reason}."
    )


def run_rules(args: argparse.Namespace) -> int:
    rules = all_rules()
    if args.format == "json":
        import json

        payload = [
            {"id": r.id, "severity": r.severity.value, "title": r.title, "message": r.message}
            for r in rules
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write("| Règle | Gravité | Description |\n|---|---|---|\n")
        for r in rules:
            sys.stdout.write(f"| `{r.id}` | {_severity_fr(r.severity.value)} | {r.title} |\n")
    else:
        for r in rules:
            sys.stdout.write(f"{r.id}  {_severity_fr(r.severity.value):<13} {r.title}\n")
    return 0


def _severity_fr(value: str) -> str:
    return {"error": "erreur", "warning": "avertissement"}[value]

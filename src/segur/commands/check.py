"""`segur check` and `segur rules`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.check import incremental, pr_evaluation, pr_summary
from segur.check import run as check
from segur.commands import pr_report
from segur.commands.arguments import FORMAT_HELP, add_today
from segur.errors import UsageError
from segur.findings.finding import has_errors
from segur.findings.registry import all_rules
from segur.publication import report, summary
from segur.repository.paths import Repository

RULES_FORMATS = ("text", "json", "markdown")


@dataclass(frozen=True, slots=True)
class CheckOptions:
    repo: Path
    central: Path | None
    paths: tuple[Path, ...]
    format: str
    changed_since: str | None
    committed_only: bool
    summary_markdown: Path | None
    today: dt.date | None
    pr_summary: Path | None = None
    pr_comment: Path | None = None
    pr_number: int | None = None


def check_options(args: argparse.Namespace) -> CheckOptions:
    return CheckOptions(
        repo=args.repo,
        central=args.central,
        paths=tuple(args.paths),
        format=args.format,
        changed_since=args.changed_since,
        committed_only=args.committed_only,
        summary_markdown=args.summary_markdown,
        today=args.today,
        pr_summary=args.resume_pr,
        pr_comment=args.commentaire_pr,
        pr_number=args.numero_pr,
    )


@dataclass(frozen=True, slots=True)
class RulesOptions:
    repo: Path
    format: str


def rules_options(args: argparse.Namespace) -> RulesOptions:
    return RulesOptions(repo=args.repo, format=args.format)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="valider le REM et les dossiers",
        description="Valide le catalogue REM et les dossiers de candidature, "
        "et rapporte chaque problème avec fichier:ligne:colonne.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="CHEMIN",
        help="fichiers ou dossiers à vérifier (défaut : tout le dépôt)",
    )
    parser.add_argument("--format", choices=report.FORMATS, default="text", help=FORMAT_HELP)
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
    parser.add_argument(
        "--resume-pr",
        type=Path,
        metavar="FICHIER",
        help="avec --changed-since : ajouter à FICHIER (par exemple $GITHUB_STEP_SUMMARY) le "
        "résumé de la pull request, par candidature modifiée et par chapitre (complet, "
        "incomplet avec les preuves manquantes, devenu complet), puis les constats bloquants et "
        "les indications, même quand il n'y a aucun constat",
    )
    parser.add_argument(
        "--commentaire-pr",
        type=Path,
        metavar="DOSSIER",
        help="avec --changed-since et --numero-pr : écrire dans DOSSIER le commentaire de la "
        f"pull request ({pr_report.COMMENT_FILE}) et ses étiquettes ({pr_report.LABELS_FILE}), "
        "que le workflow commentaire-pr.yml publie",
    )
    parser.add_argument(
        "--numero-pr",
        type=int,
        metavar="N",
        help="numéro de la pull request, écrit avec ses étiquettes (--commentaire-pr)",
    )
    add_today(parser, "jour de la vérification, qui décide des dates futures")
    parser.set_defaults(func=run_check, options=check_options)

    rules = subparsers.add_parser(
        "rules", help="lister les règles de validation", description="Liste chaque règle."
    )
    rules.add_argument("--format", choices=RULES_FORMATS, default="text", help=FORMAT_HELP)
    rules.set_defaults(func=run_rules, options=rules_options)


def run_check(options: CheckOptions) -> int:
    repo = Repository(options.repo, options.central)
    missing = [p for p in options.paths if not p.exists()]
    if missing:
        raise UsageError(f"chemin introuvable : {', '.join(str(p) for p in missing)}")
    if options.committed_only and options.changed_since is None:
        raise UsageError("--committed-only s'emploie avec --changed-since")
    _check_pr_options(options)
    if options.changed_since is not None:
        if options.paths:
            raise UsageError("--changed-since et des chemins sont exclusifs")
        head = "HEAD" if options.committed_only else None
        result = incremental.run(repo, options.changed_since, head, today=options.today)
        findings = result.findings
        selection: check.Selection | incremental.ChangeSelection = result.selection
        sys.stderr.write(_describe(result.selection, options.changed_since) + "\n")
        if options.pr_summary is not None or options.pr_comment is not None:
            _write_pr_report(
                options,
                pr_evaluation.pull_request_summary(repo, options.changed_since, head, result),
            )
    else:
        findings = check.run(repo, list(options.paths), today=options.today)
        selection = check.select(repo, list(options.paths))
    sys.stdout.write(report.render(findings, options.format))
    if options.summary_markdown is not None:
        scope = [repo.display(d).removeprefix("dossiers/") for d in selection.dossiers]
        with options.summary_markdown.open("a", encoding="utf-8") as out:
            out.write(summary.markdown(findings, "Vérification du dépôt (segur check)", scope))
    return 1 if has_errors(findings) else 0


def _check_pr_options(options: CheckOptions) -> None:
    """The pull request's summary and comment compare with a base: refused without one,
    before anything is checked or written."""
    if options.pr_summary is None and options.pr_comment is None:
        if options.pr_number is not None:
            raise UsageError("--numero-pr s'emploie avec --commentaire-pr")
        return
    if options.changed_since is None:
        raise UsageError(
            "--resume-pr et --commentaire-pr s'emploient avec --changed-since : "
            "la pull request est comparée à sa base"
        )
    if options.pr_summary is not None and not options.pr_summary.parent.is_dir():
        raise UsageError(f"--resume-pr : dossier introuvable : {options.pr_summary.parent}")
    if options.pr_comment is not None:
        if options.pr_number is None or options.pr_number <= 0:
            raise UsageError(
                "--commentaire-pr demande le numéro de la pull request : --numero-pr N (N > 0)"
            )
        if options.pr_comment.exists() and not options.pr_comment.is_dir():
            raise UsageError(f"--commentaire-pr : {options.pr_comment} n'est pas un dossier")


def _write_pr_report(options: CheckOptions, result: pr_summary.PrSummary) -> None:
    if options.pr_summary is not None:
        text = pr_report.markdown(result, "Résumé de la pull request (segur check)")
        with options.pr_summary.open("a", encoding="utf-8") as out:
            out.write(text + "\n")
    if options.pr_comment is not None and options.pr_number is not None:
        pr_report.write_payload(options.pr_comment, result, options.pr_number)


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


def run_rules(options: RulesOptions) -> int:
    rules = all_rules()
    if options.format == "json":
        import json

        payload = [
            {"id": r.id, "severity": r.severity.value, "title": r.title, "message": r.message}
            for r in rules
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif options.format == "markdown":
        sys.stdout.write("| Règle | Gravité | Description |\n|---|---|---|\n")
        for r in rules:
            sys.stdout.write(f"| `{r.id}` | {_severity_fr(r.severity.value)} | {r.title} |\n")
    else:
        for r in rules:
            sys.stdout.write(f"{r.id}  {_severity_fr(r.severity.value):<13} {r.title}\n")
    return 0


def _severity_fr(value: str) -> str:
    return {"error": "erreur", "warning": "avertissement"}[value]

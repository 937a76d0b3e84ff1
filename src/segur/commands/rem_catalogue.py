"""`segur rem list|show|check`: browse and check the REM catalogue already in the repository.

    segur rem list [DISPOSITIF] [--format text|json]
    segur rem show DISPOSITIF [ID] [--version V] [--format text|json]
    segur rem check

These actions only read `rem/` (of the repository, or of the central checkout) through
`segur.repository.catalogue`: counts per dispositif, chapter and profile, one REM, chapter or
requirement, and the integrity rules of `segur.rules.rem`. They are kept apart from the import
of ANS's workbooks (`segur.commands.rem_workbook`), the one action that writes the catalogue;
`segur.commands.rem` registers both.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from segur.commands.arguments import FORMAT_HELP
from segur.commands.common import write_findings
from segur.commands.proofless import print_proofless, proofless_of_rem
from segur.commands.rem_candidature import add_candidature_option, show_for_candidature
from segur.commands.rem_views import row, show_chapter, show_exigence, show_rem
from segur.errors import UsageError
from segur.findings.finding import Finding, has_errors
from segur.model.rem import Exigence
from segur.publication import report
from segur.repository.catalogue import Catalogue, Rem, repository_catalogue
from segur.repository.paths import Repository
from segur.rules.rem import check_catalogue

EXIT_OK, EXIT_FINDINGS = 0, 1


@dataclass(frozen=True, slots=True)
class RemListOptions:
    repo: Path
    central: Path | None
    dispositif: str | None
    format: str


def list_options(args: argparse.Namespace) -> RemListOptions:
    return RemListOptions(
        repo=args.repo, central=args.central, dispositif=args.dispositif, format=args.format
    )


@dataclass(frozen=True, slots=True)
class RemShowOptions:
    repo: Path
    central: Path | None
    dispositif: str
    id: str | None
    version: str | None
    format: str
    candidature: Path | None = None


def show_options(args: argparse.Namespace) -> RemShowOptions:
    return RemShowOptions(
        repo=args.repo,
        central=args.central,
        dispositif=args.dispositif,
        id=args.id,
        version=args.rem_version,
        format=args.format,
        candidature=args.candidature,
    )


@dataclass(frozen=True, slots=True)
class RemCheckOptions:
    repo: Path
    central: Path | None


def check_options(args: argparse.Namespace) -> RemCheckOptions:
    return RemCheckOptions(repo=args.repo, central=args.central)


def register(sub: Any) -> None:
    """Add `list`, `show` and `check` to the actions of `segur rem`."""
    lst = sub.add_parser(
        "list",
        help="compter exigences, scénarios et preuves par dispositif, chapitre et profil",
        description="Compte les exigences par dispositif, chapitre et profil.",
    )
    lst.add_argument(
        "dispositif",
        nargs="?",
        default=None,
        metavar="DISPOSITIF",
        help="code du dispositif (défaut : tous)",
    )
    lst.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    lst.set_defaults(func=run_list, options=list_options)

    show = sub.add_parser(
        "show",
        help="afficher les chapitres d'un REM, un chapitre ou une exigence",
        description="Sans ID : l'en-tête et les chapitres du REM. Avec un code de chapitre : "
        "ses exigences. Avec l'identifiant d'une exigence, d'un scénario ou d'une preuve : "
        "l'exigence avec ses scénarios et ses preuves.",
    )
    show.add_argument("dispositif", metavar="DISPOSITIF", help="code du dispositif (DPI, LGC…)")
    show.add_argument(
        "id",
        nargs="?",
        default=None,
        metavar="ID",
        help="code d'un chapitre, ou identifiant d'une exigence, d'un scénario ou d'une preuve",
    )
    show.add_argument(
        "--version",
        dest="rem_version",
        default=None,
        metavar="V",
        help="version du REM (obligatoire si le catalogue en a plusieurs)",
    )
    add_candidature_option(show)
    show.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    show.set_defaults(func=run_show, options=show_options)

    chk = sub.add_parser(
        "check",
        help="vérifier l'intégrité du catalogue REM",
        description="Vérifie chaque REM : identifiants uniques et bien rattachés, profils "
        "déclarés, chapitres cohérents.",
    )
    chk.set_defaults(func=run_check, options=check_options)


# --- Helpers ---------------------------------------------------------------------------------


def _console() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def _load(root: Path, central: Path | None) -> tuple[Catalogue, list[Finding]]:
    return repository_catalogue(Repository(root, central))


def _counts(exigences: list[Exigence]) -> dict[str, int]:
    """Distinct IDs: ANS lists some scenarios and proofs under several requirements, and a
    dossier provides each proof ID once (same count as `segur rem import`)."""
    scenarios = [s for e in exigences for s in e.scenarios]
    return {
        "exigences": len({e.id for e in exigences}),
        "scenarios": len({s.id for s in scenarios}),
        "preuves": len({p.id for s in scenarios for p in s.preuves}),
    }


def _pick_rem(catalogue: Catalogue, code: str, version: str | None) -> Rem:
    """The REM asked for; a usage error says why it cannot be chosen."""
    rems = catalogue.for_code(code)
    if not rems:
        codes = ", ".join(catalogue.codes()) or "aucun"
        raise UsageError(f"dispositif « {code} » absent du catalogue (dispositifs : {codes})")
    if version is not None:
        rem = catalogue.get(code, version)
        if rem is None:
            known = ", ".join(r.version for r in rems)
            raise UsageError(f"version « {version} » inconnue pour {code} (versions : {known})")
        return rem
    if len(rems) > 1:
        known = ", ".join(r.version for r in rems)
        raise UsageError(f"plusieurs versions du REM {code} : précisez --version ({known})")
    return rems[0]


# --- list ------------------------------------------------------------------------------------


def _rem_summary(rem: Rem) -> dict[str, Any]:
    exigences = rem.exigences()
    per_profile = Counter(e.profil for e in exigences)
    return {
        "dispositif": rem.code,
        "version": rem.version,
        "libelle": rem.dispositif.libelle,
        "vague": rem.dispositif.vague,
        **_counts(exigences),
        "chapitres": [
            {"code": c.code, "libelle": c.libelle, **_counts(c.exigences)} for c in rem.chapitres
        ],
        "profils": [
            {"id": p.id, "libelle": p.libelle, "exigences": per_profile.get(p.id, 0)}
            for p in rem.dispositif.profils
        ],
    }


def run_list(options: RemListOptions) -> int:
    catalogue, findings = _load(options.repo, options.central)
    write_findings(findings)
    rems = list(catalogue.rems)
    if options.dispositif is not None:
        rems = catalogue.for_code(options.dispositif)
        if not rems:
            codes = ", ".join(catalogue.codes()) or "aucun"
            raise UsageError(f"dispositif « {options.dispositif} » absent du catalogue ({codes})")
    summaries = [_rem_summary(rem) for rem in rems]
    if options.format == "json":
        sys.stdout.write(json.dumps(summaries, ensure_ascii=False, indent=2) + "\n")
        return EXIT_FINDINGS if has_errors(findings) else EXIT_OK
    console = _console()
    table = Table(title="Catalogue REM")
    for column in ("Dispositif", "Version", "Libellé", "Chapitres", "Exigences", "Scénarios"):
        table.add_column(column)
    table.add_column("Preuves")
    for s in summaries:
        row(
            table,
            s["dispositif"],
            s["version"],
            s["libelle"],
            str(len(s["chapitres"])),
            str(s["exigences"]),
            str(s["scenarios"]),
            str(s["preuves"]),
        )
    console.print(table)
    for s in summaries:
        name = f"{s['dispositif']} {s['version']}"
        chapters = Table(title=f"{name} : exigences par chapitre")
        for column in ("Chapitre", "Libellé", "Exigences", "Scénarios", "Preuves"):
            chapters.add_column(column)
        for c in s["chapitres"]:
            row(
                chapters,
                c["code"],
                c["libelle"],
                str(c["exigences"]),
                str(c["scenarios"]),
                str(c["preuves"]),
            )
        console.print(chapters)
        profiles = Table(title=f"{name} : exigences par profil")
        for column in ("Profil", "Libellé", "Exigences"):
            profiles.add_column(column)
        for p in s["profils"]:
            row(profiles, p["id"], p["libelle"], str(p["exigences"]))
        console.print(profiles)
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK


# --- show ------------------------------------------------------------------------------------


def run_show(options: RemShowOptions) -> int:
    catalogue, findings = _load(options.repo, options.central)
    write_findings(findings)
    status = EXIT_FINDINGS if has_errors(findings) else EXIT_OK
    if options.candidature is not None:
        if options.version is not None:
            raise UsageError("avec --candidature, la version du REM est celle de la candidature")
        repo = Repository(options.repo, options.central)
        show_for_candidature(
            repo, catalogue, options.candidature, options.dispositif, options.id, options.format
        )
        return status
    rem = _pick_rem(catalogue, options.dispositif, options.version)
    console = _console()
    if options.id is None:
        if options.format == "json":
            payload = {
                "dispositif": rem.dispositif.model_dump(mode="json"),
                "chapitres": [
                    {"code": c.code, "libelle": c.libelle, "exigences": len(c.exigences)}
                    for c in rem.chapitres
                ],
            }
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            show_rem(console, rem)
            print_proofless(console, proofless_of_rem(rem))
        return status
    found = rem.find(options.id)
    if found is not None:
        exigence = found[0]
        if options.format == "json":
            data = exigence.model_dump(mode="json", exclude_none=True)
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            show_exigence(console, rem, exigence)
        return status
    chapitre = rem.chapitre(options.id)
    if chapitre is not None:
        if options.format == "json":
            data = chapitre.model_dump(mode="json", exclude_none=True)
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            show_chapter(console, rem, chapitre)
        return status
    raise UsageError(
        f"« {options.id} » n'est ni une exigence, ni un scénario, ni une preuve, ni un chapitre "
        f"du REM {rem.code} {rem.version}"
    )


# --- check -----------------------------------------------------------------------------------


def run_check(options: RemCheckOptions) -> int:
    catalogue, findings = _load(options.repo, options.central)
    findings = [*findings, *check_catalogue(catalogue)]
    write_findings(findings)
    sys.stderr.write(report.summary(findings) + "\n")
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK

"""`segur rem`: import ANS's spreadsheets into the REM catalogue, list it, show it, check it.

    segur rem import FICHIER.xlsx [--out rem/] [--dispositif CODE] [--version V]
    segur rem list [DISPOSITIF] [--format text|json]
    segur rem show DISPOSITIF [ID] [--version V] [--format text|json]
    segur rem check

Handlers print and return the exit code: 0 ok, 1 findings at error severity; a usage error is
raised (`segur.errors.UsageError`). Findings go to stderr as `chemin:ligne:colonne: RÈGLE message`.
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
from rich.text import Text

from segur.commands.arguments import FORMAT_HELP
from segur.commands.rem_views import row, show_chapter, show_exigence, show_rem
from segur.errors import UsageError
from segur.findings.finding import Finding, has_errors
from segur.model.rem import Exigence
from segur.publication import report
from segur.rem_import.workbook import (
    DEFAULT_VERSION,
    KNOWN_DISPOSITIFS,
    OVERRIDES_FILE,
    import_workbook,
    write_catalogue,
)
from segur.repository.catalogue import Catalogue, Rem, repository_catalogue
from segur.repository.paths import Repository
from segur.rules.rem import check_catalogue

EXIT_OK, EXIT_FINDINGS = 0, 1
REM_DIR = "rem"


@dataclass(frozen=True, slots=True)
class RemImportOptions:
    repo: Path
    file: Path
    out: Path | None
    dispositif: str | None
    version: str
    surcharges: Path | None


def import_options(args: argparse.Namespace) -> RemImportOptions:
    return RemImportOptions(
        repo=args.repo,
        file=args.file,
        out=args.out,
        dispositif=args.dispositif,
        version=args.rem_version,
        surcharges=args.surcharges,
    )


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


def show_options(args: argparse.Namespace) -> RemShowOptions:
    return RemShowOptions(
        repo=args.repo,
        central=args.central,
        dispositif=args.dispositif,
        id=args.id,
        version=args.rem_version,
        format=args.format,
    )


@dataclass(frozen=True, slots=True)
class RemCheckOptions:
    repo: Path
    central: Path | None


def check_options(args: argparse.Namespace) -> RemCheckOptions:
    return RemCheckOptions(repo=args.repo, central=args.central)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rem",
        help="importer, lister et afficher le catalogue REM",
        description="Catalogue des exigences (REM) : import depuis les classeurs ANS, "
        "consultation et vérification.",
    )
    sub = parser.add_subparsers(
        dest="rem_command", metavar="ACTION", parser_class=type(parser), help="l'action à faire"
    )
    sub.required = True

    imp = sub.add_parser(
        "import",
        help="importer un classeur ANS (.xlsx) dans rem/",
        description="Importe un classeur ANS (pré-publication ou export Convergence, reconnu à "
        "sa ligne d'en-tête) et écrit rem/<DISPOSITIF>/<version>/. Seules les exigences "
        "« Approuvée » sont importées ; les notes internes ne le sont jamais.",
    )
    imp.add_argument("file", type=Path, metavar="FICHIER.xlsx", help="classeur ANS à importer")
    imp.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help="dossier rem/ (défaut : <dépôt>/rem)",
    )
    imp.add_argument(
        "--dispositif",
        default=None,
        metavar="CODE",
        help="dispositif importé : obligatoire pour un export Convergence ; pour le classeur "
        f"de pré-publication, limite l'import à ce dispositif ({', '.join(KNOWN_DISPOSITIFS)})",
    )
    imp.add_argument(
        "--version",
        dest="rem_version",
        default=DEFAULT_VERSION,
        metavar="V",
        help=f"version du REM, nom du dossier écrit (défaut : {DEFAULT_VERSION})",
    )
    imp.add_argument(
        "--surcharges",
        type=Path,
        default=None,
        metavar="FICHIER.yaml",
        help=f"surcharges des types de preuve (défaut : <out>/{OVERRIDES_FILE})",
    )
    imp.set_defaults(func=run_import, options=import_options)

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


def _print_findings(findings: list[Finding]) -> None:
    for f in findings:
        sys.stderr.write(f"{f.path}:{f.line}:{f.col}: {f.rule} {f.message}\n")


def _console() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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


# --- import ----------------------------------------------------------------------------------


def run_import(options: RemImportOptions) -> int:
    root = options.repo
    xlsx = options.file
    if not xlsx.is_file():
        raise UsageError(f"classeur introuvable : {xlsx}")
    out = options.out if options.out is not None else root / REM_DIR
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out doit désigner un dossier, pas un fichier existant : {out}")
    overrides = options.surcharges if options.surcharges is not None else out / OVERRIDES_FILE
    if options.surcharges is not None and not overrides.is_file():
        raise UsageError(f"fichier de surcharges introuvable : {overrides}")
    # A bad dispositif or version is a `segur.rem_import.workbook.UsageError`: a UsageError.
    result = import_workbook(
        xlsx,
        dispositif=options.dispositif,
        version=options.version,
        overrides=overrides,
        overrides_display=_display(overrides, root),
    )
    _print_findings(result.warnings)
    if result.warnings:
        sys.stderr.write(report.summary(result.warnings) + "\n")
    if not result.ok:
        sys.stderr.write("segur rem import : import annulé, aucun fichier écrit.\n")
        return EXIT_FINDINGS
    if not result.rems:
        sys.stderr.write("segur rem import : aucune exigence approuvée trouvée, rien à écrire.\n")
        return EXIT_FINDINGS
    written = write_catalogue(result, out)
    table = Table(title=f"REM importés depuis {xlsx.name}")
    for column in ("Dispositif", "Version", "Chapitres", "Exigences", "Scénarios", "Preuves"):
        table.add_column(column, justify="left" if column in ("Dispositif", "Version") else "right")
    for code, rem in sorted(result.rems.items()):
        exigences, scenarios, preuves = rem.count()
        row(
            table,
            code,
            result.version,
            str(len(rem.chapitres)),
            str(exigences),
            str(scenarios),
            str(preuves),
        )
    console = _console()
    console.print(table)
    for folder in written:
        console.print(Text(f"écrit : {_display(folder, root)}/"))
    return EXIT_OK


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
    _print_findings(findings)
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
    _print_findings(findings)
    rem = _pick_rem(catalogue, options.dispositif, options.version)
    status = EXIT_FINDINGS if has_errors(findings) else EXIT_OK
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
    _print_findings(findings)
    sys.stderr.write(report.summary(findings) + "\n")
    return EXIT_FINDINGS if has_errors(findings) else EXIT_OK

"""`segur rem import`: read one of ANS's spreadsheets and write it into the REM catalogue.

    segur rem import FICHIER.xlsx [--out rem/] [--dispositif CODE] [--version V]

This is the only `rem` action that writes: it turns an outside workbook into `rem/<DISPOSITIF>/
<version>/` through the `segur.rem_import` tool, and needs no catalogue to run. It is kept apart
from the browsing actions (`segur.commands.rem_catalogue`), which only read the catalogue that
this import, or a hand edit, left in the repository; `segur.commands.rem` registers both.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from segur.commands.common import write_findings
from segur.commands.rem_views import row
from segur.errors import UsageError
from segur.publication import report
from segur.rem_import.workbook import (
    DEFAULT_VERSION,
    KNOWN_DISPOSITIFS,
    OVERRIDES_FILE,
    import_workbook,
)
from segur.rem_import.write import write_catalogue

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


def register(sub: Any) -> None:
    """Add `import` to the actions of `segur rem`."""
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


def _console() -> Console:
    return Console(file=sys.stdout, highlight=False, soft_wrap=False)


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


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
    write_findings(result.warnings)
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

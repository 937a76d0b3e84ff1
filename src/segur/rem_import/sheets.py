"""Reading ANS's spreadsheets into flat rows, for `segur rem import`.

Two layouts are recognised FROM THEIR HEADER ROW, whatever the file or sheet is called:
- the ANS pre-publication workbook: sheets with `arbitrage, REM, ID Section, reference, …,
  ref scenario, scenario, preuve` (one row per requirement × scenario, proofs listed in one cell),
  plus the socle sheet (`Porteur, Socle, ID Exigence, …, Nature`) that gives the nature;
- the Convergence export: `ID, Chapitre, Fonction, Exigence, Profil, N° scénario,
  Scénario de conformité, N° preuve, Preuve, …` (one row per requirement × scenario × proof;
  a row with text but no proof ID continues the description of the proof above it).

Only the columns named below are ever read: drafting columns (`note interne*`, `Commentaire
evol`, descriptions of the socle…) never leave the spreadsheet.

This module holds the opening of the workbook (bounds against zip bombs, openpyxl) and the
detection of each sheet's layout from its header; reading the rows of a recognised sheet is
`segur.rem_import.rows`, kept apart because it follows ANS's conventions cell by cell.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from segur.rem_import.rows import (
    Layout,
    Sheet,
    Sheets,
    read_convergence,
    read_prepub,
    read_socle,
)
from segur.rem_import.text import clean_text, fold
from segur.rules import rem_import as rules

HEADER_SEARCH_ROWS = 10


def _key(header: object) -> str:
    """Header key: folded, punctuation reduced to single spaces (`N° scénario` -> `n scenario`)."""
    return re.sub(r"[^a-z0-9]+", " ", fold(clean_text(header))).strip()


PREPUB_COLUMNS = {
    "arbitrage": "arbitrage",
    "rem": "rem",
    "id section": "chapter_code",
    "reference": "req_id",
    "profil": "profil",
    "section": "chapter_label",
    "bloc": "bloc",
    "fonction": "fonction",
    "ref scenario": "scen_id",
    "scenario": "scen_label",
    "preuve": "preuve",
}
# The énoncé: `description` in the vague 2 sheet; in the vague 1 sheet, the modified text when
# there is one, else the vague 1 text.
PREPUB_OPTIONAL = {
    "id exigence": "squash_id",
    "reference socle": "socle_ref",
    "description": "description",
    "description modifiee": "description_modified",
    "description vague 1": "description_v1",
}
SOCLE_COLUMNS = {"porteur": "porteur", "id exigence": "id", "nature": "nature"}
CONVERGENCE_COLUMNS = {
    "id": "req_id",
    "chapitre": "chapter_label",
    "exigence": "enonce",
    "profil": "profil",
    "n scenario": "scen_id",
    "scenario de conformite": "scen_label",
    "n preuve": "proof_id",
    "preuve": "proof_label",
}
CONVERGENCE_OPTIONAL = {"fonction": "fonction", "criticite": "criticite"}
_FORBIDDEN = re.compile(r"^note interne|^commentaire evol")


def _match(header: list[str], required: dict[str, str], optional: dict[str, str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, key in enumerate(header):
        if _FORBIDDEN.match(key):
            continue
        name = required.get(key) or optional.get(key)
        if name is not None and name not in columns:
            columns[name] = index
    if all(name in columns for name in required.values()):
        return columns
    return {}


def _classify(rows: list[tuple[Any, ...]]) -> tuple[str, int, dict[str, int]] | None:
    for index, values in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = [_key(v) for v in values]
        if not any(header):
            continue
        columns = _match(header, PREPUB_COLUMNS, PREPUB_OPTIONAL)
        if columns and ({"description", "description_v1"} & set(columns)):
            return "prepub", index + 1, columns
        columns = _match(header, CONVERGENCE_COLUMNS, CONVERGENCE_OPTIONAL)
        if columns:
            return "convergence", index + 1, columns
        columns = _match(header, SOCLE_COLUMNS, {})
        if columns:
            return "socle", index + 1, columns
    return None


# The largest ANS workbook (import_gsheet_sans_modele.xlsx) is 3 MB and inflates to about 30 MB
# over 2,300 rows: these bounds leave room for ten times that, and stop a zip bomb (a small file
# that inflates to gigabytes) before openpyxl starts inflating it.
MAX_INFLATED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 100_000


def _inflated_size_problem(xlsx: Path) -> str | None:
    """Why the workbook must not be opened, read from its zip directory alone (nothing is
    inflated), or None."""
    try:
        with zipfile.ZipFile(xlsx) as archive:
            members = archive.infolist()
    except (OSError, zipfile.BadZipFile) as exc:
        return f"ce n'est pas un classeur .xlsx lisible ({exc})"
    inflated = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if inflated > MAX_INFLATED_BYTES:
        return (
            f"le classeur décompressé ferait {inflated // (1024 * 1024)} Mo "
            f"(au plus {MAX_INFLATED_BYTES // (1024 * 1024)} Mo)"
        )
    if inflated // packed > MAX_COMPRESSION_RATIO:
        return f"taux de compression invraisemblable ({inflated // packed} pour 1) : bombe zip ?"
    return None


def read_workbook(xlsx: Path, known_rems: set[str], dispositif: str | None) -> Sheets:
    """Read every recognised sheet of a workbook into rows (import warnings included)."""
    import openpyxl  # imported here: it is slow to import and only the importer needs it

    display = xlsx.name
    too_big = _inflated_size_problem(xlsx)
    if too_big is not None:
        return Sheets(None, findings=[rules.IMP_UNREADABLE.at(display, 1, 1, reason=too_big)])
    try:
        workbook = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types on a bad file
        return Sheets(None, findings=[rules.IMP_UNREADABLE.at(display, 1, 1, reason=str(exc))])
    try:
        found: dict[str, list[Sheet]] = {"prepub": [], "convergence": [], "socle": []}
        for worksheet in workbook.worksheets:
            # Some exports declare a wrong <dimension>: read-only mode would stop there.
            worksheet.reset_dimensions()
            values: list[tuple[Any, ...]] = []
            for row in worksheet.iter_rows(values_only=True):
                if len(values) == MAX_ROWS:
                    reason = f"la feuille « {worksheet.title} » dépasse {MAX_ROWS} lignes"
                    finding = rules.IMP_UNREADABLE.at(display, 1, 1, reason=reason)
                    return Sheets(None, findings=[finding])
                values.append(tuple(row))
            kind = _classify(values)
            if kind is not None:
                name, header_row, columns = kind
                found[name].append(Sheet(worksheet.title, header_row, columns, values[header_row:]))
    finally:
        workbook.close()

    if found["prepub"]:
        # Vague 2 sheets first, then the vague 1 carry-over, each in workbook order.
        prepub = sorted(found["prepub"], key=lambda s: "description" not in s.columns)
        result = Sheets(Layout.PREPUB)
        socle, socle_sheets = read_socle(found["socle"])
        for sheet in prepub:
            result.sheets.append(sheet.title)
            read_prepub(sheet, f"{display}#{sheet.title}", socle, known_rems, dispositif, result)
        result.sheets.extend(socle_sheets)
        return result
    if found["convergence"]:
        result = Sheets(Layout.CONVERGENCE)
        for sheet in found["convergence"]:
            result.sheets.append(sheet.title)
            read_convergence(sheet, f"{display}#{sheet.title}", dispositif or "", result)
        return result
    return Sheets(None, findings=[rules.IMP_LAYOUT.at(display, 1, 1)])

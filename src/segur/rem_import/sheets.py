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
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from segur.findings.finding import Finding
from segur.rem_import.proofs import Origin, ProofLine, parse_proofs, short
from segur.rem_import.text import (
    ID_PATTERN,
    Nature,
    clean_id,
    clean_text,
    fold,
    nature_from_socle,
)
from segur.rules import rem_import as rules

HEADER_SEARCH_ROWS = 10


class Layout(StrEnum):
    PREPUB = "prepub"  # ANS pre-publication workbook
    CONVERGENCE = "convergence"  # export to the Convergence platform


@dataclass(slots=True)
class Row:
    """One usable line of a sheet, cleaned, in the vocabulary of the REM model."""

    origin: Origin
    rem: str
    squash_id: str
    req_id: str
    chapter_code: str
    chapter_label: str
    bloc: str
    fonction: str
    profil: str
    enonce: str
    nature: Nature | None
    criticite: str
    scen_id: str
    scen_label: str
    proofs: list[ProofLine] = field(default_factory=list)


@dataclass(slots=True)
class Sheets:
    layout: Layout | None
    rows: list[Row] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


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


@dataclass(slots=True)
class _Sheet:
    title: str
    header_row: int
    columns: dict[str, int]  # our field name -> 0-based column index
    rows: list[tuple[Any, ...]]

    def cell(self, values: tuple[Any, ...], name: str) -> Any:
        index = self.columns.get(name)
        if index is None or index >= len(values):
            return None
        return values[index]

    def col(self, name: str) -> int:
        return self.columns.get(name, 0) + 1

    def data_rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        for offset, values in enumerate(self.rows):
            yield self.header_row + 1 + offset, values


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
        found: dict[str, list[_Sheet]] = {"prepub": [], "convergence": [], "socle": []}
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
                found[name].append(
                    _Sheet(worksheet.title, header_row, columns, values[header_row:])
                )
    finally:
        workbook.close()

    if found["prepub"]:
        # Vague 2 sheets first, then the vague 1 carry-over, each in workbook order.
        prepub = sorted(found["prepub"], key=lambda s: "description" not in s.columns)
        result = Sheets(Layout.PREPUB)
        socle, socle_sheets = _read_socle(found["socle"])
        for sheet in prepub:
            result.sheets.append(sheet.title)
            _read_prepub(sheet, f"{display}#{sheet.title}", socle, known_rems, dispositif, result)
        result.sheets.extend(socle_sheets)
        return result
    if found["convergence"]:
        result = Sheets(Layout.CONVERGENCE)
        for sheet in found["convergence"]:
            result.sheets.append(sheet.title)
            _read_convergence(sheet, f"{display}#{sheet.title}", dispositif or "", result)
        return result
    return Sheets(None, findings=[rules.IMP_LAYOUT.at(display, 1, 1)])


def _read_socle(sheets: list[_Sheet]) -> tuple[dict[str, Nature], list[str]]:
    """Nature of each socle requirement, and the names of the sheets that gave one."""
    natures: dict[str, Nature] = {}
    used: list[str] = []
    for sheet in sheets:
        for _row, values in sheet.data_rows():
            nature = nature_from_socle(sheet.cell(values, "nature"))
            ref = clean_id(sheet.cell(values, "id"))
            if ref and nature is not None:
                natures.setdefault(ref, nature)
                if sheet.title not in used:
                    used.append(sheet.title)
    return natures, used


def _valid_id(value: str, what: str, origin: Origin, col: int, result: Sheets) -> bool:
    if ID_PATTERN.match(value):
        return True
    result.findings.append(origin.finding(rules.IMP_BAD_ID, col, what=what, value=short(value)))
    return False


def _read_prepub(
    sheet: _Sheet,
    path: str,
    socle: dict[str, Nature],
    known: set[str],
    only: str | None,
    result: Sheets,
) -> None:
    for number, values in sheet.data_rows():
        if not any(v not in (None, "") for v in values):
            continue
        origin = Origin(path, number)
        arbitrage = fold(clean_text(sheet.cell(values, "arbitrage")))
        if arbitrage in ("obsolete", "a retravailler"):
            continue  # drafts: not part of a published REM
        if arbitrage != "approuvee":
            result.findings.append(
                origin.finding(
                    rules.IMP_ARBITRAGE,
                    sheet.col("arbitrage"),
                    value=clean_text(sheet.cell(values, "arbitrage")) or "(vide)",
                )
            )
            continue
        rem = clean_id(sheet.cell(values, "rem")).upper()
        if rem not in known:
            result.findings.append(
                origin.finding(rules.IMP_UNKNOWN_REM, sheet.col("rem"), value=rem or "(vide)")
            )
            continue
        if only is not None and rem != only:
            continue  # `--dispositif`: another REM's row, not imported this time
        req_id = clean_id(sheet.cell(values, "req_id"))
        if not req_id:
            result.findings.append(origin.finding(rules.IMP_NO_ID, sheet.col("req_id")))
            continue
        if not _valid_id(req_id, "d'exigence", origin, sheet.col("req_id"), result):
            continue
        chapter = clean_id(sheet.cell(values, "chapter_code"))
        if not chapter:
            chapter = chapter_from_id(req_id)
            result.findings.append(
                origin.finding(rules.IMP_NO_CHAPTER, sheet.col("chapter_code"), code=chapter)
            )
        enonce = clean_text(sheet.cell(values, "description"))
        if "description" not in sheet.columns:
            enonce = clean_text(sheet.cell(values, "description_modified")) or clean_text(
                sheet.cell(values, "description_v1")
            )
        row = Row(
            origin=origin,
            rem=rem,
            squash_id=clean_id(sheet.cell(values, "squash_id")),
            req_id=req_id,
            chapter_code=chapter,
            chapter_label=clean_text(sheet.cell(values, "chapter_label")),
            bloc=clean_text(sheet.cell(values, "bloc")),
            fonction=clean_text(sheet.cell(values, "fonction")),
            profil=clean_text(sheet.cell(values, "profil")),
            enonce=enonce,
            nature=socle.get(clean_id(sheet.cell(values, "socle_ref"))),
            criticite="",
            scen_id=clean_id(sheet.cell(values, "scen_id")),
            scen_label=clean_text(sheet.cell(values, "scen_label")),
        )
        proof_origin = Origin(path, number, sheet.col("preuve"))
        proofs, findings = parse_proofs(sheet.cell(values, "preuve"), proof_origin)
        result.findings.extend(findings)
        if not _check_scenario(row, proofs, sheet.col("scen_id"), result):
            continue
        if row.scen_id:
            row.proofs = [p for p in proofs if _valid_id(p.id, "de preuve", p.origin, 0, result)]
        result.rows.append(row)


def _check_scenario(row: Row, proofs: list[ProofLine], col: int, result: Sheets) -> bool:
    """A scenario needs an identifier; without one its libellé and proofs cannot be used."""
    if row.scen_id:
        return _valid_id(row.scen_id, "de scénario", row.origin, col, result)
    if row.scen_label or proofs:
        result.findings.append(row.origin.finding(rules.IMP_SCENARIO_NO_ID, col, req=row.req_id))
        row.scen_label = ""
    return True


def chapter_from_id(req_id: str) -> str:
    """Chapter code of a requirement ID: everything before its last `.NN` (`MSS/CDA.01`)."""
    head, dot, _tail = req_id.rpartition(".")
    return head if dot and head else req_id


def _continues(values: tuple[Any, ...], sheet: _Sheet, previous: Row) -> bool:
    """Whether a row without a proof ID carries the rest of the previous row's proof.

    Convergence exports write a long proof description over several rows: the first one has
    the proof ID, the next ones only text, with the requirement and scenario columns repeated
    or left empty. A row naming another requirement or scenario starts something new.
    """
    same = (
        ("req_id", previous.req_id, clean_id),
        ("scen_id", previous.scen_id, clean_id),
        ("enonce", previous.enonce, clean_text),
        ("profil", previous.profil, clean_text),
    )
    return all(clean(sheet.cell(values, name)) in ("", kept) for name, kept, clean in same)


def _read_convergence(sheet: _Sheet, path: str, rem: str, result: Sheets) -> None:
    # The last row that gave a proof: text rows without a proof ID continue its description.
    previous: Row | None = None
    for number, values in sheet.data_rows():
        if not any(v not in (None, "") for v in values):
            continue
        origin = Origin(path, number)
        proof_id = clean_id(sheet.cell(values, "proof_id"))
        proof_label = clean_text(sheet.cell(values, "proof_label"))
        text_only = bool(proof_label) and not proof_id
        if text_only and previous is not None and _continues(values, sheet, previous):
            proof = previous.proofs[-1]
            proof.libelle = f"{proof.libelle}\n{proof_label}"
            continue
        previous = None
        req_id = clean_id(sheet.cell(values, "req_id"))
        if not req_id:
            result.findings.append(origin.finding(rules.IMP_NO_ID, sheet.col("req_id")))
            continue
        if not _valid_id(req_id, "d'exigence", origin, sheet.col("req_id"), result):
            continue
        chapter = chapter_from_id(req_id)
        if chapter == req_id:
            result.findings.append(
                origin.finding(rules.IMP_NO_CHAPTER, sheet.col("req_id"), code=chapter)
            )
        row = Row(
            origin=origin,
            rem=rem,
            squash_id="",
            req_id=req_id,
            chapter_code=chapter,
            chapter_label=clean_text(sheet.cell(values, "chapter_label")),
            bloc="",
            fonction=clean_text(sheet.cell(values, "fonction")),
            profil=clean_text(sheet.cell(values, "profil")),
            enonce=clean_text(sheet.cell(values, "enonce")),
            nature=None,
            criticite=clean_text(sheet.cell(values, "criticite")),
            scen_id=clean_id(sheet.cell(values, "scen_id")),
            scen_label=clean_text(sheet.cell(values, "scen_label")),
        )
        proof_origin = Origin(path, number, sheet.col("proof_id"))
        proofs: list[ProofLine] = []
        if proof_id and proof_label:
            proofs.append(ProofLine(proof_id, proof_label, proof_origin))
        elif proof_id:
            result.findings.append(proof_origin.finding(rules.IMP_PROOF_NO_LABEL, id=proof_id))
        elif proof_label:
            result.findings.append(
                proof_origin.finding(rules.IMP_PROOF_NO_ID, text=short(proof_label))
            )
        if not _check_scenario(row, proofs, sheet.col("scen_id"), result):
            continue
        if row.scen_id:
            row.proofs = [p for p in proofs if _valid_id(p.id, "de preuve", p.origin, 0, result)]
        result.rows.append(row)
        if row.proofs:
            previous = row

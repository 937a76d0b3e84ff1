"""Reading each layout's rows: from a sheet whose columns are known to cleaned `Row`s.

`segur.rem_import.sheets` opens the workbook and recognises each sheet's layout from its header
row; this module takes a recognised sheet (`Sheet`: its title, header row and the index of each
column we read) and turns every data line into a `Row` in the vocabulary of the REM model, or
into a warning naming the sheet and the row. It is separate because what a cell MEANS in each
layout (arbitrage, socle nature, proof lists, Convergence's continuation rows) changes with ANS's
conventions, while opening a workbook safely and finding its header does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
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


@dataclass(slots=True)
class Sheet:
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


def read_socle(sheets: list[Sheet]) -> tuple[dict[str, Nature], list[str]]:
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


def read_prepub(
    sheet: Sheet,
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


def _continues(values: tuple[Any, ...], sheet: Sheet, previous: Row) -> bool:
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


def read_convergence(sheet: Sheet, path: str, rem: str, result: Sheets) -> None:
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

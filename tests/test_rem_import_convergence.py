"""`segur rem import` on a Convergence export built from ANS's own working sheet.

ANS publishes a REM to the Convergence platform as one row per requirement × scenario × proof
(`template-export-convergence.xlsx`, sheet `Exigences`). No real export of a whole REM is in
the shared sources, so one is built here, in that exact column layout, from the `Approuvée`
rows of `import_gsheet_sans_modele.xlsx` for RIS (the REM where ANS gives one ID to two
distinct requirements), the way ANS's exporter (`convergence-export`, `ExcelWriter.java`)
writes it:
- the vague 1 sheet first, then the vague 2 sheet, each in sheet order;
- a requirement without any scenario gives no row (the exporter loops over test cases), unless
  `with_scenarioless` asks for a row with empty scenario columns;
- a multi-line proof description is written as continuation rows: the first line on the row
  with the proof ID, each further line on a row without one.
The import is then checked against an oracle computed here from the working sheet itself,
never from the importer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from segur.model.rem import Exigence, ProofKind
from segur.rem_import.workbook import ImportResult, import_workbook
from segur.rules.preuves.completeness import expected_chapters

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO.parent / "shared" / "data" / "rem-sources"
GSHEET = SOURCES / "import_gsheet_sans_modele.xlsx"
TEMPLATE = SOURCES / "template-export-convergence.xlsx"
REM = "RIS"
SHEETS = (("prepub_avec_scenarios", "Vague 1"), ("prepub_va2_avec_scenarios", "Vague 2"))
HEADER = (
    "Périmètre",
    "ID",
    "Chapitre",
    "Fonction",
    "Exigence",
    "Commentaire",
    "Profil",
    "N° scénario",
    "Scénario de conformité",
    "N° preuve",
    "Preuve",
    "Profil historique",
    "Criticité",
    "Ordre",
)
# `ID : libellé` at the start of a line of a `preuve` cell.
PROOF_START = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9/_\-]*(?:\.[A-Za-z0-9_\-]+)+)?\s*:\s*(.*)$")


def _text(value: object) -> str:
    return "" if value is None else str(value).replace("\xa0", " ").strip()


def _flat(text: str) -> str:
    """Text compared without its layout: runs of spaces and line breaks are one space."""
    return " ".join(text.replace("\xa0", " ").split())


def _statement(row: dict[str, Any]) -> str:
    # Vague 2 sheet: `description`; vague 1 sheet: the modified text if any, else the original.
    return (
        _text(row.get("description"))
        or _text(row.get("Description modifiée"))
        or _text(row.get("Description vague 1"))
    )


@dataclass(frozen=True, slots=True)
class SourceRow:
    sheet: str
    perimetre: str
    number: int
    cells: dict[str, Any]

    def cell(self, name: str) -> str:
        return _text(self.cells.get(name))


def _source_rows() -> list[SourceRow]:
    """The approved RIS rows of the working sheet, vague 1 first."""
    book = openpyxl.load_workbook(GSHEET, read_only=True, data_only=True)
    try:
        found: list[SourceRow] = []
        for name, perimetre in SHEETS:
            rows = list(book[name].iter_rows(values_only=True))
            for number, values in enumerate(rows[1:], start=2):
                cells = dict(zip(rows[0], values, strict=False))
                if cells.get("arbitrage") == "Approuvée" and _text(cells.get("REM")) == REM:
                    found.append(SourceRow(name, perimetre, number, cells))
        return found
    finally:
        book.close()


# --- The export -------------------------------------------------------------------------------


def _proof_lines(cell: str) -> list[tuple[str, list[str]]]:
    """A `preuve` cell as (proof ID, lines of its description); "" for a line without an ID."""
    proofs: list[tuple[str, list[str]]] = []
    for line in cell.replace("\r", "").split("\n"):
        if not line.strip():
            continue
        match = PROOF_START.match(line)
        if match and (match.group(1) or not proofs):
            proofs.append((match.group(1) or "", [match.group(2).strip()]))
        elif proofs:
            proofs[-1][1].append(line.strip())
    return proofs


@dataclass(slots=True)
class Export:
    path: Path
    with_scenarioless: bool
    rows: list[list[object]] = field(default_factory=list)

    def rows_of(self, req_id: str) -> list[int]:
        return [n for n, r in enumerate(self.rows, start=2) if r[1] == req_id]

    def without_proof_id(self) -> list[int]:
        return [n for n, r in enumerate(self.rows, start=2) if not r[9] and r[10]]

    def continued_proofs(self) -> set[str]:
        """Proofs whose description goes on over rows without a proof ID."""
        found: set[str] = set()
        for n in self.without_proof_id():
            before = self.rows[n - 3]
            if before[1] == self.rows[n - 2][1] and before[7] == self.rows[n - 2][7]:
                back = n - 3
                while not self.rows[back][9]:
                    back -= 1
                found.add(str(self.rows[back][9]))
        return found


def build_export(path: Path, source: list[SourceRow], with_scenarioless: bool) -> Export:
    template = openpyxl.load_workbook(TEMPLATE, read_only=True)
    try:
        header = next(template["Exigences"].iter_rows(max_row=1, values_only=True))
    finally:
        template.close()
    assert tuple(header) == HEADER  # the exact layout of ANS's template
    export = Export(path, with_scenarioless)
    for row in source:
        if not row.cell("ref scenario") and not with_scenarioless:
            continue
        requirement: list[object] = [
            row.perimetre,
            row.cell("reference"),
            row.cell("section"),
            row.cell("fonction"),
            _statement(row.cells),
            "",
            row.cell("profil"),
            row.cell("ref scenario"),
            row.cell("scenario"),
        ]
        tail: list[object] = [row.cell("profil"), None, None]  # no criticité in the sheet
        proofs = _proof_lines(row.cell("preuve"))
        if not proofs:
            export.rows.append([*requirement, "", "", *tail])
        for proof_id, lines in proofs:
            export.rows.append([*requirement, proof_id, lines[0], *tail])
            export.rows.extend([*requirement, "", line, *tail] for line in lines[1:])
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Exigences"
    sheet.append(list(HEADER))
    for order, values in enumerate(export.rows, start=1):
        values[13] = order
        sheet.append(values)
    book.save(path)
    return export


# --- The oracle, from the working sheet alone --------------------------------------------------


@dataclass(slots=True)
class Oracle:
    # (requirement ID, statement) -> profile label, for every requirement the export holds.
    requirements: dict[tuple[str, str], str] = field(default_factory=dict)
    # proof ID -> each full description ANS gives it (one per place it is listed).
    proofs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def oracle(source: list[SourceRow], with_scenarioless: bool) -> Oracle:
    result = Oracle()
    for row in source:
        if not row.cell("ref scenario") and not with_scenarioless:
            continue
        key = (row.cell("reference").replace(" ", ""), _flat(_statement(row.cells)))
        result.requirements.setdefault(key, row.cell("profil"))
        # Each proof is the text from its `ID :` to the next `ID :` (or the end of the cell).
        cell = row.cell("preuve").replace("\r", "")
        parts = re.split(r"(?m)^\s*([A-Za-z0-9][A-Za-z0-9/_\-]*(?:\.[A-Za-z0-9_\-]+)+)\s*:", cell)
        for proof_id, description in zip(parts[1::2], parts[2::2], strict=True):
            result.proofs[proof_id].append(_flat(description))
    return result


# --- One export and one import per variant ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    export: Export
    oracle: Oracle
    result: ImportResult

    def exigences(self) -> list[Exigence]:
        return [e for c in self.result.rems[REM].chapitres for e in c.exigences]

    def by_id(self) -> dict[str, Exigence]:
        return {e.id: e for e in self.exigences()}


@pytest.fixture(scope="module")
def source() -> list[SourceRow]:
    return _source_rows()


@pytest.fixture(scope="module", params=[False, True], ids=["comme-ans", "avec-sans-scenario"])
def case(
    request: pytest.FixtureRequest,
    source: list[SourceRow],
    tmp_path_factory: pytest.TempPathFactory,
) -> Case:
    with_scenarioless = bool(request.param)
    path = tmp_path_factory.mktemp("convergence") / "export-convergence-RIS.xlsx"
    export = build_export(path, source, with_scenarioless)
    return Case(export, oracle(source, with_scenarioless), import_workbook(path, dispositif=REM))


def _source_id(exigence: Exigence, notes: dict[str, str]) -> str:
    """The ANS ID of an imported requirement: without the suffix the import may have added."""
    return exigence.id.rsplit("-", 1)[0] if exigence.id in notes else exigence.id


def test_the_export_reproduces_the_reported_rows(case: Case) -> None:
    # The figures of the issue, from an export made like ANS's exporter (no row for a
    # requirement without scenario): MSS/va1.31 on rows 147 (Général) and 168.
    if not case.export.with_scenarioless:
        assert case.export.rows_of("MSS/va1.31") == [147, 148, 168]
    # 13 continuation rows (7 proofs over several rows) and 1 proof line without an ID
    # (SSI/IE.44.01: " : Lister toutes les méthodes…"): 14 rows without a proof ID.
    assert len(case.export.without_proof_id()) == 14
    assert len(case.export.continued_proofs()) == 7
    assert "PSC.01.02.01" in case.export.continued_proofs()
    # 357 rows with a proof ID for 354 distinct IDs (a proof listed twice, or two proofs with
    # one ID).
    assert len([r for r in case.export.rows if r[9]]) == 357
    assert len(case.oracle.proofs) == 354


def test_the_import_is_clean(case: Case) -> None:
    assert case.result.ok
    rules = {f.rule for f in case.result.warnings}
    # The only row without a proof ID that does not continue a proof is SSI/IE.44.01's.
    unusable = [f for f in case.result.warnings if f.rule == "SEG-IMP-009"]
    assert [case.export.rows[f.line - 2][1] for f in unusable] == ["SSI/IE.44"]
    assert "SEG-IMP-010" not in rules and "SEG-IMP-005" not in rules


def test_every_requirement_of_the_sheet_is_one_requirement(case: Case) -> None:
    notes = case.result.rems[REM].notes
    imported = [(_source_id(e, notes), _flat(e.enonce)) for e in case.exigences()]
    assert len(imported) == len(set(imported))  # none merged, none twice
    assert set(imported) == set(case.oracle.requirements)
    labels = {p.id: p.libelle for p in case.result.rems[REM].dispositif.profils}
    for exigence, key in zip(case.exigences(), imported, strict=True):
        assert labels[exigence.profil] == case.oracle.requirements[key], exigence.id


def test_every_proof_keeps_its_full_description(case: Case) -> None:
    imported: dict[str, list[str]] = defaultdict(list)
    for exigence in case.exigences():
        for scenario in exigence.scenarios:
            for preuve in scenario.preuves:
                imported[preuve.id].append(_flat(preuve.libelle))
    assert set(imported) == set(case.oracle.proofs)
    for proof_id, descriptions in case.oracle.proofs.items():
        for description in descriptions:
            # Two proofs under one ID in one scenario are one proof with both libellés.
            assert any(description in kept for kept in imported[proof_id]), proof_id
    long = [p for p, d in case.oracle.proofs.items() if any(len(x) > 200 for x in d)]
    assert len(long) > 10


def test_counts_are_of_distinct_ids(case: Case) -> None:
    exigences, scenarios, preuves = case.result.rems[REM].count()
    assert preuves == len(case.oracle.proofs) == 354
    assert exigences == len(case.oracle.requirements)
    assert scenarios == len({s.id for e in case.exigences() for s in e.scenarios})


def test_mss_va1_31_stays_two_requirements(case: Case) -> None:
    exigences = case.by_id()
    general, optional = exigences["MSS/va1.31"], exigences["MSS/va1.31-2"]
    assert general.profil == "general"
    assert optional.profil == "envoi-manuel-par-mss-au-ps-demandeur"
    assert general.enonce.startswith("Conformément au référentiel socle MSSanté #2")
    assert optional.enonce.startswith("Si le système est destiné à être installé")
    assert [p.id for p in general.scenarios[0].preuves] == ["MSS/va1.31.01.01", "MSS/va1.31.01.02"]
    assert general.scenarios[0].preuves[0].libelle.startswith("Extrait de configuration TLS")
    [lien] = optional.scenarios[0].preuves
    assert (lien.id, lien.libelle[:44]) == (
        "MSS/va1.31.01.01",
        "Lien permanent de l'espace de tests d'intero",
    )
    [found] = [
        f for f in case.result.warnings if f.rule == "SEG-IMP-026" and "MSS/va1.31 " in f.message
    ]
    first, second = case.export.rows_of("MSS/va1.31")[0], case.export.rows_of("MSS/va1.31")[-1]
    assert found.line == second
    assert f"(la ligne {first} et la ligne {second} : énoncé et profil différents)" in found.message
    assert "sous MSS/va1.31-2" in found.message


def test_a_general_only_candidate_owes_only_the_general_proofs(case: Case) -> None:
    chapitres = case.result.rems[REM].chapitres
    code = case.by_id()["MSS/va1.31"].chapitre  # MSS/va1: the export has no chapter code

    def tls_proof(profils: list[str]) -> tuple[str, ...]:
        [mss] = [c for c in expected_chapters(chapitres, profils) if c.code == code]
        [proof] = [p for p in mss.proofs if p.id == "MSS/va1.31.01.01"]
        return tuple(o.exigence for o in proof.origins)

    assert tls_proof([]) == ("MSS/va1.31",)
    both = tls_proof(["envoi-manuel-par-mss-au-ps-demandeur"])
    assert both == ("MSS/va1.31", "MSS/va1.31-2")


def test_mss_va1_30_is_split_only_when_both_are_exported(case: Case) -> None:
    exigences = case.by_id()
    if not case.export.with_scenarioless:  # ANS's exporter: the Général MSS/va1.30 has no scenario
        assert "MSS/va1.30-2" not in exigences
        assert exigences["MSS/va1.30"].profil != "general"
    else:
        assert exigences["MSS/va1.30"].profil == "general"
        assert exigences["MSS/va1.30"].scenarios == []
        assert exigences["MSS/va1.30-2"].profil != "general"


def test_psc_01_02_01_keeps_its_capture(case: Case) -> None:
    [preuve] = [
        p
        for e in case.exigences()
        for s in e.scenarios
        for p in s.preuves
        if p.id == "PSC.01.02.01"
    ]
    assert preuve.libelle.endswith("Capture d'écran de la mire de connexion")
    assert ProofKind.CAPTURE in preuve.types

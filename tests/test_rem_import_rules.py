"""Each rule of `segur rem import` (SEG-IMP-*) on the smallest workbook that breaks it, with its
position `<file>#<sheet>:<row>:<column>`, and on the same workbook corrected, which does not.

The workbooks are built here with openpyxl, in the two layouts the importer recognises from the
header row (see /work/shared/data/rem-sources/README.md): ANS's pre-publication workbook, one
row per requirement × scenario with the proofs in one cell, and the Convergence export, one row
per requirement × scenario × proof.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from segur.findings.finding import Finding, Severity
from segur.model.rem import ProofKind
from segur.rem_import.workbook import import_workbook, write_catalogue
from segur.repository.catalogue import load_catalogue
from segur.rules.rem import check_catalogue

SHEET = "prepub"
PREPUB = (
    "arbitrage",
    "REM",
    "ID Section",
    "reference",
    "profil",
    "section",
    "bloc",
    "fonction",
    "description",
    "ref scenario",
    "scenario",
    "preuve",
)
CONVERGENCE = (
    "ID",
    "Chapitre",
    "Fonction",
    "Exigence",
    "Profil",
    "N° scénario",
    "Scénario de conformité",
    "N° preuve",
    "Preuve",
    "Criticité",
)


def column(header: tuple[str, ...], name: str) -> int:
    """1-based column of `name`: the column a finding on that cell names."""
    return header.index(name) + 1


def prepub_row(**cells: str) -> dict[str, str]:
    """A valid row of the pre-publication layout; `cells` replaces some of its values."""
    row = {
        "arbitrage": "Approuvée",
        "REM": "DPI",
        "ID Section": "INS",
        "reference": "INS.01",
        "profil": "Général",
        "section": "Identité nationale de santé",
        "bloc": "Bloc",
        "fonction": "Fonction",
        "description": "Le système DOIT qualifier l'identité.",
        "ref scenario": "INS.01.01",
        "scenario": "Qualifier une identité",
        "preuve": "INS.01.01.01 : Copie d'écran de l'identité qualifiée",
    }
    row.update(cells)
    return row


def convergence_row(**cells: str) -> dict[str, str]:
    """A valid row of the Convergence layout; `cells` replaces some of its values."""
    row = {
        "ID": "INS.01",
        "Chapitre": "Identité nationale de santé",
        "Fonction": "Fonction",
        "Exigence": "Le système DOIT qualifier l'identité.",
        "Profil": "Général",
        "N° scénario": "INS.01.01",
        "Scénario de conformité": "Qualifier une identité",
        "N° preuve": "INS.01.01.01",
        "Preuve": "Copie d'écran de l'identité qualifiée",
        "Criticité": "Majeure",
    }
    row.update(cells)
    return row


def workbook(
    path: Path, header: tuple[str, ...], rows: list[dict[str, str]], title: str = SHEET
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    book.save(path)
    return path


def prepub(tmp_path: Path, *rows: dict[str, str]) -> list[Finding]:
    return import_workbook(workbook(tmp_path / "rem.xlsx", PREPUB, list(rows))).warnings


def convergence(tmp_path: Path, *rows: dict[str, str]) -> list[Finding]:
    path = workbook(tmp_path / "rem.xlsx", CONVERGENCE, list(rows))
    return import_workbook(path, dispositif="DPI").warnings


def at(findings: list[Finding], rule: str) -> list[tuple[str, int, int]]:
    """Where `rule` fired: (path, row, column) of each of its findings."""
    return [(f.path, f.line, f.col) for f in findings if f.rule == rule]


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


WHERE = f"rem.xlsx#{SHEET}"
# A second requirement of the same chapter, valid beside `prepub_row()`.
SECOND = {
    "reference": "INS.02",
    "ref scenario": "INS.02.01",
    "preuve": "INS.02.01.01 : Copie d'écran",
}


def test_valid_rows_of_both_layouts_give_no_finding(tmp_path: Path) -> None:
    # The baseline every corrected case below returns to.
    assert prepub(tmp_path, prepub_row()) == []
    assert convergence(tmp_path, convergence_row()) == []


# --- The workbook as a whole ----------------------------------------------------------------


def test_imp_001_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    broken = tmp_path / "rem.xlsx"
    broken.write_bytes(b"ceci n'est pas un classeur")
    findings = import_workbook(broken).warnings
    assert at(findings, "SEG-IMP-001") == [("rem.xlsx", 1, 1)]
    assert "SEG-IMP-001" not in rules(prepub(tmp_path, prepub_row()))


def test_imp_002_a_workbook_without_a_recognised_header(tmp_path: Path) -> None:
    header = tuple(name if name != "reference" else "référence interne" for name in PREPUB)
    unknown = workbook(tmp_path / "rem.xlsx", header, [prepub_row()])
    assert at(import_workbook(unknown).warnings, "SEG-IMP-002") == [("rem.xlsx", 1, 1)]
    assert "SEG-IMP-002" not in rules(prepub(tmp_path, prepub_row()))


# --- One row of the pre-publication layout --------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "broken", "corrected", "cell"),
    [
        ("SEG-IMP-003", {"arbitrage": "Peut-être"}, {}, "arbitrage"),
        ("SEG-IMP-004", {"REM": "XYZ"}, {}, "REM"),
        ("SEG-IMP-005", {"reference": ""}, {}, "reference"),
        ("SEG-IMP-006", {"reference": "INS#02"}, {}, "reference"),
        ("SEG-IMP-007", {"ID Section": ""}, {}, "ID Section"),
        ("SEG-IMP-008", {"ref scenario": ""}, {}, "ref scenario"),
        ("SEG-IMP-010", {"preuve": "une copie d'écran, sans identifiant"}, {}, "preuve"),
    ],
)
def test_a_cell_the_import_cannot_use_is_named(
    tmp_path: Path, rule: str, broken: dict[str, str], corrected: dict[str, str], cell: str
) -> None:
    findings = prepub(tmp_path, prepub_row(), prepub_row(**{**SECOND, **broken}))
    # Row 1 is the header, row 2 the valid requirement, row 3 the broken one.
    assert at(findings, rule) == [(WHERE, 3, column(PREPUB, cell))]
    fixed = prepub(tmp_path, prepub_row(), prepub_row(**{**SECOND, **corrected}))
    assert rule not in rules(fixed)


def test_imp_006_message_names_what_was_ignored(tmp_path: Path) -> None:
    findings = prepub(tmp_path, prepub_row(reference="INS#01"))
    [bad] = [f for f in findings if f.rule == "SEG-IMP-006"]
    assert bad.message.startswith("identifiant d'exigence « INS#01 » ignoré")


def test_imp_007_the_chapter_is_deduced_from_the_requirement(tmp_path: Path) -> None:
    findings = prepub(tmp_path, prepub_row(**{"ID Section": "", "reference": "MSS/CDA.01"}))
    [deduced] = [f for f in findings if f.rule == "SEG-IMP-007"]
    assert "« MSS/CDA »" in deduced.message


def test_imp_015_a_requirement_whose_rows_disagree(tmp_path: Path) -> None:
    second = {"ref scenario": "INS.01.02", "preuve": "INS.01.02.01 : Copie d'écran"}
    findings = prepub(tmp_path, prepub_row(), prepub_row(bloc="Autre bloc", **second))
    assert at(findings, "SEG-IMP-015") == [(WHERE, 3, 1)]
    [divergent] = [f for f in findings if f.rule == "SEG-IMP-015"]
    assert "le bloc différent de la ligne 2" in divergent.message
    assert "SEG-IMP-015" not in rules(prepub(tmp_path, prepub_row(), prepub_row(**second)))


# The second row of MSS/va1.31 in ANS's RIS workbook: same ID and scenario/proof IDs as the
# first, another statement and an optional profile.
OTHER_REQUIREMENT = {
    "profil": "IAM",
    "description": "Le système DOIT authentifier l'utilisateur.",
    "scenario": "Authentifier",
    "preuve": "INS.01.01.01 : Lien permanent de l'espace de tests",
}


@pytest.mark.parametrize(
    ("changed", "differs"),
    [
        (OTHER_REQUIREMENT, "énoncé et profil différents"),
        ({"profil": "IAM"}, "profil différent"),
        ({"description": "Le système DOIT authentifier l'utilisateur."}, "énoncé différent"),
    ],
)
def test_imp_026_one_id_for_two_distinct_requirements(
    tmp_path: Path, changed: dict[str, str], differs: str
) -> None:
    scenario = {"ref scenario": "INS.01.02", "preuve": "INS.01.02.01 : Copie d'écran"}
    result = import_workbook(
        workbook(
            tmp_path / "rem.xlsx",
            PREPUB,
            [prepub_row(), prepub_row(**changed), prepub_row(**{**changed, **scenario})],
        )
    )
    assert at(result.warnings, "SEG-IMP-026") == [(WHERE, 3, 1)]
    [found] = [f for f in result.warnings if f.rule == "SEG-IMP-026"]
    assert found.message == (
        f"l'identifiant INS.01 désigne deux exigences distinctes (la ligne 2 et la ligne 3 : "
        f"{differs}) ; celle de la ligne 2 garde INS.01, celle de la ligne 3 est importée à "
        "part sous INS.01-2 (suffixe ajouté par l'import ; ses scénarios et preuves gardent "
        "leurs identifiants ANS)"
    )
    # Never merged: each keeps its profile, statement, scenarios and proofs (ANS's IDs).
    first, second = result.rems["DPI"].chapitres[0].exigences
    assert (first.id, second.id) == ("INS.01", "INS.01-2")
    assert first.profil == "general" and first.enonce == prepub_row()["description"]
    assert [s.id for s in first.scenarios] == ["INS.01.01"]
    assert [s.id for s in second.scenarios] == ["INS.01.01", "INS.01.02"]
    assert [p.libelle for p in first.scenarios[0].preuves] == [
        "Copie d'écran de l'identité qualifiée"
    ]
    assert "SEG-IMP-015" not in rules(result.warnings)
    # Rows with one ID and one statement and profile are one requirement over several rows.
    same = prepub(tmp_path, prepub_row(), prepub_row(**scenario))
    assert "SEG-IMP-026" not in rules(same)


def test_imp_026_the_suffix_skips_an_id_the_source_uses(tmp_path: Path) -> None:
    taken = {"reference": "INS.01-2", "ref scenario": "INS.01-2.01"}
    rows = [prepub_row(), prepub_row(**taken, preuve="INS.01-2.01.01 : Copie d'écran")]
    rows.append(prepub_row(**OTHER_REQUIREMENT))
    result = import_workbook(workbook(tmp_path / "rem.xlsx", PREPUB, rows))
    ids = [e.id for c in result.rems["DPI"].chapitres for e in c.exigences]
    assert ids == ["INS.01", "INS.01-2", "INS.01-3"]
    assert "importée à part sous INS.01-3" in next(
        f.message for f in result.warnings if f.rule == "SEG-IMP-026"
    )


def test_imp_026_the_suffix_is_explained_in_the_chapter_file(tmp_path: Path) -> None:
    result = import_workbook(
        workbook(tmp_path / "rem.xlsx", PREPUB, [prepub_row(), prepub_row(**OTHER_REQUIREMENT)])
    )
    write_catalogue(result, tmp_path / "rem")
    text = (tmp_path / "rem" / "DPI" / result.version / "chapitres" / "INS.yaml").read_text()
    lines = text.split("\n")
    note = lines[lines.index("- id: INS.01-2") - 1]
    assert note.startswith("# INS.01-2 : exigence INS.01 de l'ANS (rem.xlsx#prepub, ligne 3)")
    assert "suffixe « -2 » ajouté par l'import (SEG-IMP-026)" in note
    catalogue, findings = load_catalogue(tmp_path / "rem", tmp_path)
    assert findings == []
    assert [f for f in check_catalogue(catalogue) if f.severity is Severity.ERROR] == []


def test_imp_014_one_requirement_under_two_ans_requirement_ids(tmp_path: Path) -> None:
    header = ("id exigence", *PREPUB)
    scenario = {"ref scenario": "INS.01.02", "preuve": "INS.01.02.01 : Copie d'écran"}
    rows = [prepub_row(**{"id exigence": "101"}), prepub_row(**{"id exigence": "102"}, **scenario)]
    result = import_workbook(workbook(tmp_path / "rem.xlsx", header, rows))
    assert at(result.warnings, "SEG-IMP-014") == [(WHERE, 3, 1)]
    # Same ID, statement and profile: one requirement, with the scenarios of both rows.
    [exigence] = result.rems["DPI"].chapitres[0].exigences
    assert [s.id for s in exigence.scenarios] == ["INS.01.01", "INS.01.02"]
    rows[1]["id exigence"] = "101"
    fixed = import_workbook(workbook(tmp_path / "rem.xlsx", header, rows))
    assert "SEG-IMP-014" not in rules(fixed.warnings)


def test_imp_017_a_statement_without_doit_or_peut(tmp_path: Path) -> None:
    findings = prepub(tmp_path, prepub_row(description="Le système qualifie l'identité."))
    assert at(findings, "SEG-IMP-017") == [(WHERE, 2, 1)]
    assert "SEG-IMP-017" not in rules(prepub(tmp_path, prepub_row()))


def test_imp_020_one_chapter_with_two_labels(tmp_path: Path) -> None:
    other = SECOND
    findings = prepub(tmp_path, prepub_row(), prepub_row(section="INS (autre libellé)", **other))
    # Reported on the chapter's first requirement.
    assert at(findings, "SEG-IMP-020") == [(WHERE, 2, 1)]
    assert "SEG-IMP-020" not in rules(prepub(tmp_path, prepub_row(), prepub_row(**other)))


def test_imp_022_a_scenario_without_label(tmp_path: Path) -> None:
    findings = prepub(tmp_path, prepub_row(scenario=""))
    assert at(findings, "SEG-IMP-022") == [(WHERE, 2, 1)]
    assert "SEG-IMP-022" not in rules(prepub(tmp_path, prepub_row()))


def test_imp_023_two_chapters_written_to_one_file(tmp_path: Path) -> None:
    first = prepub_row(
        **{"ID Section": "MSS/CDA", "reference": "MSS/CDA.01", "ref scenario": "MSS/CDA.01.01"},
        preuve="MSS/CDA.01.01.01 : Copie d'écran",
    )

    def second(section: str) -> dict[str, str]:
        return prepub_row(
            **{"ID Section": section, "reference": f"{section}.01"},
            **{"ref scenario": f"{section}.01.01"},
            preuve=f"{section}.01.01.01 : Copie d'écran",
        )

    clash = import_workbook(workbook(tmp_path / "rem.xlsx", PREPUB, [first, second("MSS-CDA")]))
    assert not clash.ok  # an error: the catalogue would lose a chapter
    [found] = [f for f in clash.warnings if f.rule == "SEG-IMP-023"]
    # Chapters are written in natural order (MSS-CDA first): the second one is named.
    assert (found.path, found.line, found.col) == (WHERE, 2, 1)
    assert "MSS-CDA et MSS/CDA" in found.message and "MSS-CDA.yaml" in found.message
    assert "SEG-IMP-023" not in rules(prepub(tmp_path, first, second("MSS-CDB")))


def test_imp_024_a_chapter_code_differing_only_in_case(tmp_path: Path) -> None:
    other = SECOND
    findings = prepub(tmp_path, prepub_row(), prepub_row(**{"ID Section": "ins"}, **other))
    assert at(findings, "SEG-IMP-024") == [(WHERE, 3, 1)]
    assert "SEG-IMP-024" not in rules(prepub(tmp_path, prepub_row(), prepub_row(**other)))


# --- The Convergence layout -----------------------------------------------------------------


def test_imp_018_an_unknown_criticite(tmp_path: Path) -> None:
    findings = convergence(tmp_path, convergence_row(**{"Criticité": "Énorme"}))
    assert at(findings, "SEG-IMP-018") == [("rem.xlsx#prepub", 2, 1)]
    [unknown] = [f for f in findings if f.rule == "SEG-IMP-018"]
    assert "« Énorme »" in unknown.message
    assert "SEG-IMP-018" not in rules(convergence(tmp_path, convergence_row()))


def test_convergence_continuation_rows_complete_the_previous_proof(tmp_path: Path) -> None:
    first = convergence_row(Preuve="[Client lourd] Vidéo du scénario.")
    more = convergence_row(**{"N° preuve": ""}, Preuve="[Solution web] Capture d'écran de la mire")
    # Continuation rows may also leave the requirement and scenario columns empty.
    bare = {name: "" for name in CONVERGENCE} | {"Preuve": "Date de la version"}
    path = workbook(tmp_path / "rem.xlsx", CONVERGENCE, [first, more, bare])
    result = import_workbook(path, dispositif="DPI")
    assert result.warnings == []
    [preuve] = result.rems["DPI"].chapitres[0].exigences[0].scenarios[0].preuves
    assert preuve.libelle == (
        "[Client lourd] Vidéo du scénario.\n[Solution web] Capture d'écran de la mire\n"
        "Date de la version"
    )
    assert preuve.types == [ProofKind.VIDEO, ProofKind.CAPTURE]


def test_convergence_text_without_proof_id_in_a_new_scenario_is_reported(
    tmp_path: Path,
) -> None:
    # Not a continuation: it names another scenario than the previous proof's.
    other = {"N° scénario": "INS.01.02", "N° preuve": "", "Preuve": "Lister les méthodes"}
    findings = convergence(tmp_path, convergence_row(), convergence_row(**other))
    assert at(findings, "SEG-IMP-009") == [(WHERE, 3, column(CONVERGENCE, "N° preuve"))]
    # Nor does a row of a requirement sharing the ID but with another statement.
    split = {"Exigence": "Le système DOIT authentifier.", "N° preuve": "", "Preuve": "Lister"}
    findings = convergence(tmp_path, convergence_row(), convergence_row(**split))
    assert at(findings, "SEG-IMP-009") == [(WHERE, 3, column(CONVERGENCE, "N° preuve"))]


def test_convergence_rows_report_the_same_row_rules(tmp_path: Path) -> None:
    findings = convergence(
        tmp_path,
        convergence_row(),
        convergence_row(ID=""),
        convergence_row(ID="INS01"),
        convergence_row(ID="INS.03", **{"N° scénario": ""}),
    )
    where = "rem.xlsx#prepub"
    assert at(findings, "SEG-IMP-005") == [(where, 3, column(CONVERGENCE, "ID"))]
    assert at(findings, "SEG-IMP-007") == [(where, 4, column(CONVERGENCE, "ID"))]
    assert at(findings, "SEG-IMP-008") == [(where, 5, column(CONVERGENCE, "N° scénario"))]


def test_an_empty_row_is_skipped_silently(tmp_path: Path) -> None:
    # Not a rule: an empty line between requirements is layout, not data.
    assert prepub(tmp_path, prepub_row(), dict.fromkeys(PREPUB, "")) == []

"""REM integrity rules: each with a passing and a failing hand-made REM.

A hand-broken REM (duplicate ID, `general` missing, undeclared profile, …) is an ERROR; the known
inconsistencies of ANS's data (an ID not nested under its parent, a requirement without scenario)
are WARNINGS.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from segur.findings.finding import Finding, Severity
from segur.findings.registry import all_rules
from segur.repository.catalogue import load_catalogue
from segur.rules.rem import check_catalogue, check_rem, nested

FIXTURE_REPO = Path(__file__).parent / "fixtures" / "rem" / "depot"

HEADER: dict[str, Any] = {
    "code": "TST",
    "libelle": "Dispositif de test",
    "vague": 2,
    "version_rem": "v1",
    "profils": [{"id": "general", "libelle": "Général"}, {"id": "iam", "libelle": "IAM"}],
    "duree_convention_mois": 36,
    "source": "test",
}


def _exigence(req: str, chapitre: str = "INS", profil: str = "general") -> dict[str, Any]:
    return {
        "id": req,
        "chapitre": chapitre,
        "nature": "exigence",
        "profil": profil,
        "enonce": "Le système DOIT faire quelque chose.",
        "scenarios": [
            {
                "id": f"{req}.01",
                "libelle": "Scénario",
                "preuves": [{"id": f"{req}.01.01", "libelle": "Vidéo", "types": ["video"]}],
            }
        ],
    }


CHAPTERS: dict[str, dict[str, Any]] = {
    "INS": {
        "code": "INS",
        "libelle": "Identité",
        "exigences": [_exigence("INS.01"), _exigence("INS.02", profil="iam")],
    },
    "SSI-IAM": {
        "code": "SSI/IAM",
        "libelle": "Accès",
        "exigences": [_exigence("SSI/IAM.80", chapitre="SSI/IAM")],
    },
}

Mutation = Callable[[dict[str, Any], dict[str, dict[str, Any]]], None]


def _write(root: Path, header: dict[str, Any], chapters: dict[str, dict[str, Any]]) -> Path:
    folder = root / "rem" / "TST" / "v1"
    (folder / "chapitres").mkdir(parents=True)
    (folder / "dispositif.yaml").write_text(yaml.safe_dump(header, allow_unicode=True), "utf-8")
    for stem, chapter in chapters.items():
        text = yaml.safe_dump(chapter, allow_unicode=True, sort_keys=False)
        (folder / "chapitres" / f"{stem}.yaml").write_text(text, "utf-8")
    return root


def _check(tmp_path: Path, mutate: Mutation | None = None) -> list[Finding]:
    header, chapters = copy.deepcopy(HEADER), copy.deepcopy(CHAPTERS)
    if mutate is not None:
        mutate(header, chapters)
    root = _write(tmp_path, header, chapters)
    catalogue, findings = load_catalogue(root / "rem", root)
    assert findings == []
    (rem,) = catalogue.rems
    return check_rem(rem)


def _rules(findings: list[Finding]) -> set[tuple[str, Severity]]:
    return {(f.rule, f.severity) for f in findings}


def test_valid_rem_has_no_finding(tmp_path: Path) -> None:
    assert _check(tmp_path) == []


def test_fixture_repository_is_valid() -> None:
    catalogue, findings = load_catalogue(FIXTURE_REPO / "rem", FIXTURE_REPO)
    assert findings == []
    assert check_catalogue(catalogue) == []


def test_rules_are_registered() -> None:
    ids = {r.id for r in all_rules()}
    assert {f"SEG-REM-{n:03d}" for n in range(1, 15)} <= ids
    assert {f"SEG-IMP-{n:03d}" for n in range(1, 25)} <= ids


def test_nested() -> None:
    assert nested("INS.01.01", "INS.01")
    assert nested("SSI/IAM.80.01.02", "SSI/IAM.80.01")
    assert not nested("INS.01", "INS.01")
    assert not nested("INS.02.01", "INS.01")
    assert not nested("INS.01.01p", "INS.01")
    assert not nested("INSX01.01", "INS.01")  # the dot is literal


# --- SEG-REM-001 / 002: unique identifiers --------------------------------------------------


def test_duplicate_requirement_id_is_an_error(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["INS"]["exigences"][1] = _exigence("INS.01")

    findings = _check(tmp_path, mutate)
    errors = [f for f in findings if f.rule == "SEG-REM-001"]
    assert errors and all(f.severity is Severity.ERROR for f in errors)
    first = errors[0]
    assert first.path == "rem/TST/v1/chapitres/INS.yaml"
    assert first.message.startswith("exigence INS.01 : identifiant déjà utilisé par l'exigence")
    assert "rem/TST/v1/chapitres/INS.yaml:" in first.message
    # It points at the second occurrence, not the first one.
    text = (tmp_path / first.path).read_text(encoding="utf-8").splitlines()
    assert text[first.line - 1].strip() == "- id: INS.01"
    assert first.line > text.index("- id: INS.01") + 1


def test_duplicate_well_nested_proof_is_an_error(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        preuves = c["INS"]["exigences"][0]["scenarios"][0]["preuves"]
        preuves.append(dict(copy.deepcopy(preuves[0]), libelle="Autre"))

    assert ("SEG-REM-001", Severity.ERROR) in _rules(_check(tmp_path, mutate))


def test_id_reused_by_a_misplaced_item_is_a_warning(tmp_path: Path) -> None:
    # ANS's data: scenario HOP/va1.02.01 listed under HOP/va1.09, HOP/va1.10…
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        second = c["INS"]["exigences"][1]
        second["scenarios"] = copy.deepcopy(c["INS"]["exigences"][0]["scenarios"])

    findings = _check(tmp_path, mutate)
    assert ("SEG-REM-002", Severity.WARNING) in _rules(findings)
    assert ("SEG-REM-003", Severity.WARNING) in _rules(findings)
    assert not [f for f in findings if f.is_error]


def test_proof_id_equal_to_its_scenario_id_is_a_warning(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["INS"]["exigences"][0]["scenarios"][0]["preuves"][0]["id"] = "INS.01.01"

    findings = _check(tmp_path, mutate)
    assert _rules(findings) == {
        ("SEG-REM-002", Severity.WARNING),
        ("SEG-REM-004", Severity.WARNING),
    }


# --- SEG-REM-003 / 004: nesting -------------------------------------------------------------


def test_scenario_not_nested_under_its_requirement(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["INS"]["exigences"][0]["scenarios"][0]["id"] = "INS.09.01"
        c["INS"]["exigences"][0]["scenarios"][0]["preuves"][0]["id"] = "INS.09.01.01"

    findings = _check(tmp_path, mutate)
    (finding,) = findings
    assert (finding.rule, finding.severity) == ("SEG-REM-003", Severity.WARNING)
    assert finding.message == (
        "scénario INS.09.01 : identifiant attendu de la forme INS.01.NN (exigence INS.01)"
    )


def test_proof_not_nested_under_its_scenario(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["INS"]["exigences"][0]["scenarios"][0]["preuves"][0]["id"] = "07.01.01"

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-004", Severity.WARNING)
    assert "preuve 07.01.01" in finding.message and "INS.01.01.NN" in finding.message


# --- SEG-REM-005 / 006: scenarios and proofs present ----------------------------------------


def test_requirement_without_scenario(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["INS"]["exigences"][0]["scenarios"] = []

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-005", Severity.WARNING)
    assert finding.message == (
        "exigence INS.01 : aucun scénario de conformité (au moins un est attendu)"
    )


def test_scenario_without_proof(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["INS"]["exigences"][0]["scenarios"][0]["preuves"] = []

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-006", Severity.WARNING)


# --- SEG-REM-007 / 008 / 012: profiles ------------------------------------------------------


def test_undeclared_profile_is_an_error(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["INS"]["exigences"][1]["profil"] = "ie-usagers"

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-007", Severity.ERROR)
    assert "profil « ie-usagers » absent de l'en-tête rem/TST/v1/dispositif.yaml" in finding.message
    assert "general, iam" in finding.message


def test_missing_general_profile_is_an_error(tmp_path: Path) -> None:
    def mutate(h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        h["profils"] = [{"id": "iam", "libelle": "IAM"}]
        for chapter in c.values():
            for exigence in chapter["exigences"]:
                exigence["profil"] = "iam"

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-008", Severity.ERROR)
    assert finding.path == "rem/TST/v1/dispositif.yaml"
    assert finding.message.startswith("profil « general » absent de l'en-tête")


def test_profile_declared_twice_is_an_error(tmp_path: Path) -> None:
    def mutate(h: dict[str, Any], _c: dict[str, dict[str, Any]]) -> None:
        h["profils"].append({"id": "iam", "libelle": "IAM bis"})

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-012", Severity.ERROR)


# --- SEG-REM-009 / 010 / 011 / 013 / 014: files and folders ---------------------------------


def test_requirement_in_the_wrong_chapter_file_is_an_error(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["INS"]["exigences"][1]["chapitre"] = "DMP"

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-009", Severity.ERROR)
    assert finding.message == (
        "exigence INS.02 : chapitre « DMP » alors que le fichier décrit le chapitre « INS »"
    )


def test_chapter_file_name_must_match_its_code(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["SSI_IAM"] = c.pop("SSI-IAM")

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-010", Severity.ERROR)
    assert "le fichier doit s'appeler SSI-IAM.yaml" in finding.message


def test_header_must_match_its_folder(tmp_path: Path) -> None:
    def mutate(h: dict[str, Any], _c: dict[str, dict[str, Any]]) -> None:
        h["code"] = "DPI"

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-011", Severity.ERROR)
    assert finding.line == next(
        n
        for n, line in enumerate(
            (tmp_path / "rem/TST/v1/dispositif.yaml").read_text("utf-8").splitlines(), 1
        )
        if line.startswith("code:")
    )


def test_same_chapter_in_two_files_is_an_error(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c["ins"] = {"code": "INS", "libelle": "Copie", "exigences": [_exigence("INS.03")]}

    assert ("SEG-REM-013", Severity.ERROR) in _rules(_check(tmp_path, mutate))


def test_rem_without_requirement_is_an_error(tmp_path: Path) -> None:
    def mutate(_h: dict[str, Any], c: dict[str, dict[str, Any]]) -> None:
        c.clear()

    (finding,) = _check(tmp_path, mutate)
    assert (finding.rule, finding.severity) == ("SEG-REM-014", Severity.ERROR)


# --- Loading -------------------------------------------------------------------------------


def test_invalid_chapter_file_is_reported_with_its_position(tmp_path: Path) -> None:
    root = _write(tmp_path, copy.deepcopy(HEADER), copy.deepcopy(CHAPTERS))
    bad = root / "rem/TST/v1/chapitres/INS.yaml"
    bad.write_text(bad.read_text("utf-8").replace("nature: exigence", "nature: obligatoire", 1))
    catalogue, findings = load_catalogue(root / "rem", root)
    (finding,) = findings
    assert (finding.rule, finding.path) == ("SEG-YML-015", "rem/TST/v1/chapitres/INS.yaml")
    assert [c.code for c in catalogue.rems[0].chapitres] == ["SSI/IAM"]


@pytest.mark.parametrize("profils", [set(), {"iam"}])
def test_applicable_requirements_and_proofs(profils: set[str]) -> None:
    catalogue, _ = load_catalogue(FIXTURE_REPO / "rem", FIXTURE_REPO)
    rem = catalogue.get("DPI", "v1")
    assert rem is not None
    ids = [e.id for e in rem.applicable(profils)]
    expected = ["PSC.01", "SSI/IAM.80"] if profils else ["PSC.01"]
    assert ids == expected
    proofs = [ref.preuve.id for ref in rem.proofs_for(profils)]
    assert proofs[:3] == ["PSC.01.01.01", "PSC.01.01.02", "PSC.01.02.01"]
    assert ("SSI/IAM.80.01.01" in proofs) == bool(profils)
    found = rem.find("PSC.01.02.01")
    assert found is not None and found[0].id == "PSC.01" and found[1] is not None
    assert catalogue.get("DPI", "v2") is None

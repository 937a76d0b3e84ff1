"""`segur rem import|list|show|check`, run through `segur.cli.main`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from segur.cli import main

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO.parent / "shared" / "data" / "rem-sources"
FIXTURE_REPO = Path(__file__).parent / "fixtures" / "rem" / "depot"
FINDING_LINE = re.compile(r"^\S.*?:\d+:\d+: (erreur|avertissement) SEG-[A-Z]{3}-\d{3} \S.*$")


def run(repo: Path, *argv: str) -> int:
    """`segur --repo REPO rem …`: usage errors are raised by the handlers, shown by the CLI."""
    return main(["--repo", str(repo), "rem", *argv])


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE_REPO, tmp_path / "depot")
    return tmp_path / "depot"


# --- import ----------------------------------------------------------------------------------


def test_import_convergence_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(
        tmp_path,
        "import",
        str(SOURCES / "expectedGenerateExcelFile.xlsx"),
        "--dispositif",
        "DPI",
        "--version",
        "convergence-test",
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert (tmp_path / "rem/DPI/convergence-test/chapitres/PSC.yaml").is_file()
    assert (tmp_path / "rem/DPI/convergence-test/chapitres/SC.INS.01.yaml").is_file()
    assert "DPI" in out and "rem/DPI/convergence-test/" in out
    lines = err.strip().splitlines()
    assert lines[-1] == "0 erreur, 15 avertissements."
    assert all(
        (found := FINDING_LINE.match(line)) and found.group(1) == "avertissement"
        for line in lines[:-1]
    ), lines
    assert lines[0].startswith("expectedGenerateExcelFile.xlsx#Exigences:2:")


def test_import_is_limited_to_one_dispositif(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(SOURCES / "import_gsheet_sans_modele.xlsx")
    assert run(tmp_path, "import", source, "--dispositif", "PFI") == 0
    assert [p.name for p in (tmp_path / "rem").iterdir()] == ["PFI"]
    capsys.readouterr()
    assert run(tmp_path, "list", "--format", "json") == 0
    (summary,) = json.loads(capsys.readouterr().out)
    expected = (summary["exigences"], summary["scenarios"], summary["preuves"])
    assert (summary["dispositif"], summary["version"]) == ("PFI", "va2-prepub-2023")
    assert expected == (100, 121, 167)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "absent.xlsx"], "classeur introuvable"),
        (["import", "{src}/template-export-convergence.xlsx"], "--dispositif est obligatoire"),
        (["import", "{src}/template-export-convergence.xlsx", "--dispositif", "XX"], "inconnu"),
        (
            [
                "import",
                "{src}/template-export-convergence.xlsx",
                "--dispositif",
                "DPI",
                "--version",
                "../x",
            ],
            "version « ../x » invalide",
        ),
    ],
)
def test_import_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    argv = [a.replace("{src}", str(SOURCES)) for a in argv]
    assert run(tmp_path, *argv) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "rem").exists() or not any((tmp_path / "rem").iterdir())


def test_import_with_invalid_overrides_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "rem").mkdir()
    (tmp_path / "rem/surcharges-types-preuves.yaml").write_text("X.01.01.01: [photo]\n", "utf-8")
    source = str(SOURCES / "template-export-convergence.xlsx")
    assert run(tmp_path, "import", source, "--dispositif", "DPI") == 1
    err = capsys.readouterr().err
    assert "rem/surcharges-types-preuves.yaml:1:" in err and "SEG-YML-015" in err
    assert "import annulé, aucun fichier écrit" in err
    assert [p.name for p in (tmp_path / "rem").iterdir()] == ["surcharges-types-preuves.yaml"]


# --- list ------------------------------------------------------------------------------------


def test_list_text(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "list") == 0
    out = capsys.readouterr().out
    assert "Catalogue REM" in out
    assert "DPI v1 : exigences par chapitre" in out
    assert "SSI/IAM" in out and "Utilisation de PSC" in out
    assert "DPI v1 : exigences par profil" in out


def test_list_json_counts_per_dispositif_chapter_and_profile(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(repo, "list", "--format", "json") == 0
    (summary,) = json.loads(capsys.readouterr().out)
    assert (summary["exigences"], summary["scenarios"], summary["preuves"]) == (2, 3, 4)
    assert summary["chapitres"] == [
        {
            "code": "PSC",
            "libelle": "Utilisation de PSC",
            "exigences": 1,
            "scenarios": 2,
            "preuves": 3,
        },
        {
            "code": "SSI/IAM",
            "libelle": "Gestion des identités et des accès",
            "exigences": 1,
            "scenarios": 1,
            "preuves": 1,
        },
    ]
    assert summary["profils"] == [
        {"id": "general", "libelle": "Général", "exigences": 1},
        {"id": "iam", "libelle": "IAM", "exigences": 1},
    ]


def test_list_of_the_committed_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(REPO, "list", "--format", "json") == 0
    summaries = json.loads(capsys.readouterr().out)
    counts = {s["dispositif"]: (s["exigences"], s["scenarios"], s["preuves"]) for s in summaries}
    # Distinct IDs, as `segur rem import` reports them: in DPI, HOP/va1.02.01 and its proof
    # are listed under four requirements, and are counted once.
    assert counts == {
        "BIO": (222, 261, 351),
        "DB": (146, 73, 86),
        "DPI": (146, 167, 204),
        "LGC": (227, 235, 302),
        "PFI": (100, 121, 167),
        "RIS": (248, 272, 354),
    }


def test_list_unknown_dispositif(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "list", "XYZ") == 2
    assert "dispositif « XYZ » absent du catalogue (DPI)" in capsys.readouterr().err


# --- show ------------------------------------------------------------------------------------


def test_show_rem_lists_chapters(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "show", "DPI") == 0
    out = capsys.readouterr().out
    assert "DPI — Dossier patient informatisé" in out
    assert "Chapitres" in out and "PSC" in out and "SSI/IAM" in out
    assert "iam" in out and "IAM" in out


def test_show_requirement_with_scenarios_and_proofs(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(repo, "show", "DPI", "PSC.01") == 0
    out = capsys.readouterr().out
    for text in ("PSC.01 (DPI v1)", "Scénario PSC.01.01", "PSC.01.01.02", "capture, video"):
        assert text in out
    assert "[mode web]" in out  # brackets are text, not rich markup
    assert "homologation_cnda" in out


def test_show_by_proof_id_shows_its_requirement(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(repo, "show", "DPI", "PSC.01.02.01", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "PSC.01"
    assert [s["id"] for s in data["scenarios"]] == ["PSC.01.01", "PSC.01.02"]
    assert data["scenarios"][1]["preuves"][0]["types"] == ["homologation_cnda"]


def test_show_chapter(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "show", "DPI", "SSI/IAM") == 0
    out = capsys.readouterr().out
    assert "SSI/IAM.80" in out and "preconisation" in out


def test_show_real_psc_01(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(REPO, "show", "DPI", "PSC.01", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in data["scenarios"]] == [
        "PSC.01.01",
        "PSC.01.02",
        "PSC.01.03",
        "PSC.01.04",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["show", "XYZ"], "dispositif « XYZ » absent du catalogue"),
        (["show", "DPI", "NOPE.01"], "« NOPE.01 » n'est ni une exigence"),
        (["show", "DPI", "--version", "v9"], "version « v9 » inconnue pour DPI (versions : v1)"),
    ],
)
def test_show_usage_errors(
    repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert run(repo, *argv) == 2
    assert message in capsys.readouterr().err


def test_show_requires_a_version_when_several(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(repo / "rem/DPI/v1", repo / "rem/DPI/v2")
    header = repo / "rem/DPI/v2/dispositif.yaml"
    header.write_text(header.read_text("utf-8").replace("version_rem: v1", "version_rem: v2"))
    assert run(repo, "show", "DPI") == 2
    assert "précisez --version (v1, v2)" in capsys.readouterr().err
    assert run(repo, "show", "DPI", "--version", "v2") == 0


# --- check -----------------------------------------------------------------------------------


def test_check_clean_catalogue(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(repo, "check") == 0
    assert capsys.readouterr().err.strip() == "Aucun problème trouvé."


def test_check_broken_catalogue(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    header = repo / "rem/DPI/v1/dispositif.yaml"
    header.write_text(header.read_text("utf-8").replace("- id: general", "- id: generale"))
    assert run(repo, "check") == 1
    err = capsys.readouterr().err
    assert "rem/DPI/v1/dispositif.yaml:" in err and "SEG-REM-008" in err
    assert "SEG-REM-007" in err  # PSC.01 uses `general`, now undeclared


def test_check_committed_catalogue_has_only_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(REPO, "check") == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("0 erreur, ")
    # Only warnings, and each line says so.
    assert all(
        (found := FINDING_LINE.match(line)) and found.group(1) == "avertissement"
        for line in err[:-1]
    ), err

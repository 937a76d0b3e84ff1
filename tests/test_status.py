"""`segur status`: per-chapter table, JSON, one line per candidature, deposit receipt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gitrepo import GitRepo
from proof_support import SAMPLES, complete_ins, deposit, dossier, file_entry, sha
from segur.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_of_one_dossier(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = dossier(tmp_path)
    complete_ins(folder)
    cap = SAMPLES["capture"]
    deposit(folder, "PROCEDURE", {"PROC.01.01.01": file_entry("v.png", cap)}, {"v.png": cap})
    code, out, _ = _run(capsys, "--repo", str(tmp_path), "status", str(folder))
    assert code == 0
    assert "INS" in out and "complet" in out and "3/3" in out
    assert "incomplet" in out and "1/2" in out
    assert "Preuves manquantes du chapitre PROCEDURE" in out and "PROC.02.01.01" in out


def test_status_json_has_the_same_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = dossier(tmp_path)
    complete_ins(folder)
    code, out, _ = _run(
        capsys,
        "--repo",
        str(tmp_path),
        "status",
        "dossiers/exemple-editeur/dpi-5-10",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    chapters = {c["chapitre"]: c for c in data["chapitres"]}
    assert chapters["INS"]["etat"] == "complet"
    assert chapters["INS"]["preuves_deposees"] == chapters["INS"]["preuves_attendues"] == 3
    assert chapters["APCV"]["etat"] == "non déposé"
    assert data["administratif_complet"] is True


def test_status_without_argument_lists_every_candidature(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier(tmp_path)
    code, out, _ = _run(capsys, "--repo", str(tmp_path), "status", "--format", "json")
    assert code == 0
    [line] = json.loads(out)
    assert line["dossier"] == "dossiers/exemple-editeur/dpi-5-10"


def test_unknown_dossier_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dossier(tmp_path)
    code, _, err = _run(capsys, "--repo", str(tmp_path), "status", "dossiers/nope/x")
    assert code == 2 and "introuvable" in err


def test_receipt_names_files_hashes_and_commit(
    git_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = git_repo
    folder = dossier(repo.root)
    repo.commit("dossier administratif", date="2026-03-02")
    complete_ins(folder)
    deposit_commit = repo.commit("dépôt du chapitre INS", date="2026-03-09")
    code, out, _ = _run(
        capsys,
        "--repo",
        str(repo.root),
        "status",
        str(folder),
        "--recu",
        "INS",
        "--format",
        "json",
    )
    assert code == 0
    receipt = json.loads(out)
    files = {f["chemin"]: f for f in receipt["fichiers"]}
    png = files["dossiers/exemple-editeur/dpi-5-10/preuves/INS/identite.png"]
    assert png["sha256"] == sha(SAMPLES["capture"])
    assert png["commit"] == deposit_commit
    assert png["date"].startswith("2026-03-09")


def test_receipt_is_refused_for_an_incomplete_chapter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = dossier(tmp_path)
    code, _, err = _run(capsys, "--repo", str(tmp_path), "status", str(folder), "--recu", "INS")
    assert code == 1 and "non déposé" in err

"""`segur rem import` on hostile workbooks: a zip bomb is refused from the zip directory,
before anything is inflated, and `--out` never overwrites a file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from segur.cli import main
from segur.rem_import.sheets import MAX_COMPRESSION_RATIO, _inflated_size_problem

SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "rem-sources"


def _bomb(path: Path, megabytes: int) -> Path:
    """A workbook-shaped zip whose one member inflates to `megabytes` of zeros."""
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member,
    ):
        chunk = b"\0" * (1024 * 1024)
        for _ in range(megabytes):
            member.write(chunk)
    return path


def test_a_zip_bomb_is_refused_before_it_is_inflated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = _bomb(tmp_path / "bombe.xlsx", 64)
    assert bomb.stat().st_size < 1024 * 1024
    problem = _inflated_size_problem(bomb)
    assert problem is not None and "compression" in problem
    code = main(["--repo", str(tmp_path), "rem", "import", str(bomb), "--out", str(tmp_path / "r")])
    assert code == 1
    assert "SEG-IMP-001" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    "name", ["import_gsheet_sans_modele.xlsx", "template-export-convergence.xlsx"]
)
def test_the_real_ans_workbooks_are_within_bounds(name: str) -> None:
    workbook = SOURCES / name
    assert workbook.is_file(), workbook
    assert _inflated_size_problem(workbook) is None
    with zipfile.ZipFile(workbook) as archive:
        members = archive.infolist()
    ratio = sum(m.file_size for m in members) / sum(m.compress_size for m in members)
    assert ratio < MAX_COMPRESSION_RATIO


def test_out_pointing_at_an_existing_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "rem.txt"
    target.write_text("à garder\n")
    workbook = SOURCES / "template-export-convergence.xlsx"
    code = main(["--repo", str(tmp_path), "rem", "import", str(workbook), "--out", str(target)])
    assert code == 2
    assert "--out" in capsys.readouterr().err
    assert target.read_text() == "à garder\n"

"""Smoke test of the scale tooling (issue #8): the synthetic repository generator and the
benchmark harness, at a tiny size. No timing is asserted: CI only checks that everything runs,
that the generated repository is valid, and that the table has every measure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gitrepo import GitRepo
from segur.check import run as check
from segur.cli import main
from segur.findings.finding import has_errors
from segur.load.lfs import parse_pointer
from segur.repository.paths import Repository

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.harness import MEASURES  # noqa: E402


def test_generated_repository_is_valid_deterministic_and_has_a_history(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["synthetique", "--n", "6", "--out", str(first), "--graine", "7"]) == 0
    assert main(["synthetique", "--n", "6", "--out", str(second), "--graine", "7"]) == 0
    # Same seed, same bytes and same pinned dates: the very same commits.
    generated = GitRepo.open(first)
    assert generated.head() == GitRepo.open(second).head()
    assert generated.git("status", "--porcelain") == ""

    repo = Repository(first)
    assert len(repo.dossiers()) == 6
    findings = check.run(repo)
    assert not has_errors(findings), [f for f in findings if f.is_error]

    merges = generated.count("--merges", "HEAD")
    commits = generated.count("HEAD")
    assert merges >= 6 * 2 and commits >= 6 * 5
    assert (first / "rem").is_dir() and (first / "acces.yaml").is_file()
    pointers = [
        p for p in (first / "dossiers").rglob("*.pdf") if parse_pointer(p.read_bytes()) is not None
    ]
    assert pointers, "les PDF des candidatures sont des pointeurs Git LFS"


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("occupé", encoding="utf-8")
    assert main(["synthetique", "--n", "1", "--out", str(tmp_path)]) == 2


def test_benchmark_smoke_run_writes_every_measure(tmp_path: Path) -> None:
    output = tmp_path / "performance.md"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "benchmark.py"),
            "--smoke",
            "--tailles",
            "3",
            "--travail",
            str(tmp_path / "travail"),
            "--sortie",
            str(output),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    table = output.read_text(encoding="utf-8")
    for name in MEASURES:
        assert f"| {name}" in table, name
    assert "| segur check (complet) | 3 |" in table
    # Every command ran: a failing one would leave its row with a note "échec : …".
    assert "échec" not in table, table
    assert "processeur" in table and "Commande : `python scripts/benchmark.py" in table

"""`segur site build` and `segur site serve` end to end, on the embedded repository and on the
demo repository of the examples."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from segur.cli import main
from site_support import ROOT, site_files


@pytest.fixture(scope="module")
def built(demo_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the demo repository, as of its last commit (24 December 2026)."""
    out = tmp_path_factory.mktemp("cli") / "public"
    assert main(["--repo", str(demo_repo), "site", "build", "--out", str(out)]) == 0
    return out


def test_build_reports_where_to_open_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "public"
    assert main(["--repo", str(ROOT), "site", "build", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Site construit dans {out.as_posix()}/" in printed
    assert "segur site serve --dir" in printed and "http://127.0.0.1:8000/" in printed


def test_the_demo_repository_publishes_its_examples(built: Path) -> None:
    solutions = (built / "donnees" / "solutions-referencees.csv").read_text(encoding="utf-8")
    assert "Exemple Dossier Patient" in solutions  # dpi-5-2, referenced
    candidats = (built / "donnees" / "candidats-en-cours.csv").read_text(encoding="utf-8")
    assert "Exemple RIS Imagerie" in candidats  # ris-2024-2, in progress
    everything = "\n".join(d.decode("utf-8", "replace") for d in site_files(built).values())
    assert "Exemple Cabinet Numérique" not in everything  # lgc-3-0-1, refused


def test_a_dossier_repository_without_a_site_uses_the_tool_s_site(
    demo_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a dossier repository (it has `rem/`, not `mkdocs.yml`), `site build` takes the
    site of the tool's checkout, not a configuration of the current directory."""
    repo = tmp_path / "depot"
    shutil.copytree(demo_repo, repo)
    (repo / "mkdocs.yml").unlink()
    monkeypatch.chdir(repo)
    out = tmp_path / "public"
    assert main(["site", "build", "--out", str(out)]) == 0
    solutions = (out / "donnees" / "solutions-referencees.csv").read_text(encoding="utf-8")
    assert "Exemple Dossier Patient" in solutions


def test_two_builds_of_the_same_commit_are_identical(
    demo_repo: Path, built: Path, tmp_path: Path
) -> None:
    again = tmp_path / "public"
    assert main(["--repo", str(demo_repo), "site", "build", "--out", str(again)]) == 0
    first, second = site_files(built), site_files(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_build_refuses_to_overwrite_an_unrelated_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "important.txt").write_text("à garder", encoding="utf-8")
    assert main(["site", "build", "--out", str(tmp_path)]) == 1
    assert "n'est pas vide" in capsys.readouterr().err
    assert (tmp_path / "important.txt").is_file()


def test_serve_without_a_built_site_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["site", "serve", "--dir", str(tmp_path)]) == 2
    assert "segur site build" in capsys.readouterr().err


def test_serve_serves_the_built_site(built: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "segur", "site", "serve", "--dir", str(built), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Site servi sur http://127.0.0.1:"), line
        url = line.split()[3]
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            assert '<html lang="fr"' in response.read().decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + "absente/", timeout=10)
        assert missing.value.code == 404
        assert "Page introuvable" in missing.value.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)

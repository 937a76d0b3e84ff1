"""Succession of versions (§3.1.1, DESIGN §6): a candidature names the candidature of the
version it succeeds in `solution.version_precedente`; `segur check` verifies the link
(SEG-ADM-036 to SEG-ADM-039) on a repository of several candidatures of one editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from adm_support import base, write_dossier, write_rem
from gitrepo import GitRepo
from segur.check import run as check
from segur.cli import main
from segur.repository.paths import Repository

OURS = ("SEG-ADM-036", "SEG-ADM-037", "SEG-ADM-038", "SEG-ADM-039")


def _candidature(version: str, previous: str | None = None, name: str = "") -> dict[str, Any]:
    data = base()
    data["solution"]["version_technique"] = version
    data["solution"]["versions"] = [
        {"version_technique": "5.9", "version_commerciale": "Exemple DPI 2024"},
        {"version_technique": "5.10", "version_commerciale": "Exemple DPI 2025"},
        {"version_technique": "6.0", "version_commerciale": "Exemple DPI 2026"},
    ]
    if previous is not None:
        data["solution"]["version_precedente"] = previous
    if name:
        data["version_candidate"]["denomination_commerciale"] = name
    return data


def _succession(root: Path) -> list[tuple[str, str]]:
    """(candidature folder, rule) of every succession finding of a whole-repository check."""
    findings = check.run(Repository(root))
    return sorted((f.path.split("/")[2], f.rule) for f in findings if f.rule in OURS)


def _repo(root: Path, dossiers: dict[str, dict[str, Any]]) -> Path:
    write_rem(root)
    for name, data in dossiers.items():
        write_dossier(root, data, candidature=name)
    return root


def test_a_version_that_names_its_referenced_predecessor_is_clean(tmp_path: Path) -> None:
    _repo(tmp_path, {"dpi-5-9": _candidature("5.9"), "dpi-5-10": _candidature("5.10", "dpi-5-9")})
    assert _succession(tmp_path) == []
    line = (tmp_path / "dossiers/exemple-editeur/dpi-5-10/candidature.yaml").read_text()
    assert "version_precedente: dpi-5-9" in line


@pytest.mark.parametrize("previous", ["dpi-4-0", "../autre-editeur/dpi-5-9", "."])
def test_a_predecessor_outside_the_editor_folder_is_not_found(
    tmp_path: Path, previous: str
) -> None:
    _repo(tmp_path, {"dpi-5-9": _candidature("5.9"), "dpi-5-10": _candidature("5.10", previous)})
    assert _succession(tmp_path) == [("dpi-5-10", "SEG-ADM-036")]


def test_a_predecessor_of_another_solution_is_refused(tmp_path: Path) -> None:
    other = _candidature("5.9", name="Autre Logiciel")
    _repo(tmp_path, {"autre-5-9": other, "dpi-5-10": _candidature("5.10", "autre-5-9")})
    assert _succession(tmp_path) == [("dpi-5-10", "SEG-ADM-037")]


@pytest.mark.parametrize("their_version", ["6.0", "5.10", "5.010"])
def test_a_predecessor_must_sort_before_this_version(tmp_path: Path, their_version: str) -> None:
    _repo(
        tmp_path,
        {"dpi-x": _candidature(their_version), "dpi-5-10": _candidature("5.10", "dpi-x")},
    )
    assert _succession(tmp_path) == [("dpi-5-10", "SEG-ADM-039")]


def test_a_candidature_cannot_succeed_itself(tmp_path: Path) -> None:
    _repo(tmp_path, {"dpi-5-10": _candidature("5.10", "dpi-5-10")})
    assert _succession(tmp_path) == [("dpi-5-10", "SEG-ADM-038")]


def test_a_loop_of_successions_is_found_on_each_of_its_candidatures(tmp_path: Path) -> None:
    _repo(
        tmp_path,
        {
            "dpi-5-9": _candidature("5.9", "dpi-6-0"),
            "dpi-5-10": _candidature("5.10", "dpi-5-9"),
            "dpi-6-0": _candidature("6.0", "dpi-5-10"),
        },
    )
    assert _succession(tmp_path) == [
        ("dpi-5-10", "SEG-ADM-038"),
        ("dpi-5-9", "SEG-ADM-038"),
        ("dpi-5-9", "SEG-ADM-039"),  # 6.0 does not come before 5.9
        ("dpi-6-0", "SEG-ADM-038"),
    ]


def test_check_reports_it_in_french_on_a_git_repository(
    git_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    _repo(git_repo.root, {"dpi-5-10": _candidature("5.10", "dpi-5-2")})
    git_repo.commit("candidature 5.10")
    assert main(["--repo", str(git_repo.root), "check"]) == 1
    out = capsys.readouterr().out
    assert "SEG-ADM-036" in out
    assert "la candidature « dpi-5-2 » n'existe pas dans le dossier de l'éditeur" in out


def test_new_writes_the_predecessor_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _repo(tmp_path, {"dpi-5-9": _candidature("5.9")})
    common = ["--repo", str(tmp_path), "new", "--dispositif", "DPI", "--editeur"]
    common += ["exemple-editeur", "--denomination", "Exemple DPI", "--oui"]
    assert main([*common, "--candidature", "dpi-5-10", "--version-precedente", "dpi-5-9"]) == 0
    written = (tmp_path / "dossiers/exemple-editeur/dpi-5-10/candidature.yaml").read_text()
    assert yaml.safe_load(written)["solution"]["version_precedente"] == "dpi-5-9"
    capsys.readouterr()
    assert main([*common, "--candidature", "dpi-6-0", "--version-precedente", "dpi-4-0"]) == 2
    assert "version précédente « dpi-4-0 » introuvable" in capsys.readouterr().err
    assert not (tmp_path / "dossiers/exemple-editeur/dpi-6-0").exists()
    # Without the option, the field is offered as a comment only.
    assert main([*common, "--candidature", "dpi-7-0"]) == 0
    plain = (tmp_path / "dossiers/exemple-editeur/dpi-7-0/candidature.yaml").read_text()
    assert "  # version_precedente: dpi-5-2" in plain
    assert "version_precedente" not in yaml.safe_load(plain)["solution"]

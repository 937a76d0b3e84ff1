"""The demo federation (`segur exemples --federation`): a central repository without dossiers that
registers one bare dossier repository per editor, each holding only that editor's commits, on
the same days as the single demo repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from demo_support import history
from gitrepo import isolated_env
from segur.cli import main
from segur.examples.dossiers import DOSSIERS
from segur.model.registry import DEPOT_FILE, REGISTRY_FILE
from segur.repository.registry import load_registry

EDITORS = sorted({example.editeur for example in DOSSIERS})


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=isolated_env(), capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def federation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("federation") / "federation"
    assert main(["exemples", "--federation", str(out)]) == 0
    return out


def test_the_central_repository_registers_every_editor_and_holds_no_dossier(
    federation: Path,
) -> None:
    central = federation / "central"
    assert not (central / "dossiers").exists()
    registre = load_registry(central).registre
    assert registre is not None
    assert sorted(registre.depots) == EDITORS
    for slug, depot in registre.depots.items():
        assert depot.url == (federation / "editeurs" / f"{slug}.git").resolve().as_uri()
        assert (central / "forge" / f"{slug}.json").is_file()
    assert (central / "forge" / "organisation.json").is_file()
    assert _git(central, "status", "--porcelain") == ""
    assert REGISTRY_FILE in _git(central, "ls-files").split()


def test_each_editor_repository_holds_only_its_own_dossiers(federation: Path) -> None:
    central_head = _git(federation / "central", "rev-parse", "HEAD").strip()
    assert len(EDITORS) >= 3
    for slug in EDITORS:
        bare = federation / "editeurs" / f"{slug}.git"
        paths = _git(bare, "ls-tree", "-r", "--name-only", "main").split()
        dossiers = {
            p.split("/")[1] for p in paths if p.startswith("dossiers/") and p.count("/") > 1
        }
        assert dossiers == {slug}
        assert not any(p.startswith(("rem/", "acces.yaml")) for p in paths)
        depot = yaml.safe_load(_git(bare, "show", f"main:{DEPOT_FILE}"))
        assert depot["editeur"] == slug and depot["central"]["revision"] == central_head
        codeowners = _git(bare, "show", "main:.github/CODEOWNERS")
        assert f"/dossiers/{slug}/" in codeowners


def test_the_editor_histories_keep_the_demo_dates(federation: Path) -> None:
    demo = history()
    for slug in EDITORS:
        expected = sorted(
            int(request.merged.timestamp())
            for request in demo.requests
            if f"/{slug}/" in f"/{request.branch}/"
        )
        bare = federation / "editeurs" / f"{slug}.git"
        merges = _git(bare, "log", "--merges", "--first-parent", "--format=%ct", "main")
        assert sorted(int(line) for line in merges.split()) == expected, slug

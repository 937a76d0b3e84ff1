"""The commands measured, segur's and their baselines, on one synthetic repository.

Every command is built here, so that the table says exactly what was run:
- `segur check` (all of it) against the floors of `benchmarks/floors.py` and against
  `check-jsonschema` on the same files (candidatures, SSI answers, proof manifests) with the
  schemas that `segur schema` writes;
- `segur check --changed-since HEAD` with one candidature changed in the work tree;
- `segur queue` against `git log --first-parent --name-status`;
- `segur site build` against a bare mkdocs-material build of as many trivial pages.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.measure import Command, Step

HERE = Path(__file__).resolve().parent
TODAY = "2026-06-01"  # after the simulated months: every wait is counted to the same day
# check-jsonschema takes its files on the command line: batches stay well under ARG_MAX.
_BATCH_CHARACTERS = 1_000_000
SCHEMA_OF = {
    "candidature.yaml": "candidature.schema.json",
    "questionnaire-ssi.yaml": "questionnaire-ssi.schema.json",
    "preuves.yaml": "preuves.schema.json",
}


def segur(*args: str) -> list[str]:
    # `python -m segur`, through a wrapper that also reports segur's own peak memory.
    return [sys.executable, str(HERE / "selfrss.py"), *args]


def check(repo: Path) -> Step:
    # Exit code 1 means findings at error severity: the synthetic repository has none, but a
    # measure is a measure; the harness checks separately that the repository is clean.
    return Step((segur("--repo", str(repo), "check"),), repo, frozenset({0, 1}))


def floor(repo: Path, mode: str) -> Step:
    return Step(((sys.executable, str(HERE / "floors.py"), mode, str(repo)),), repo)


def check_jsonschema_available() -> bool:
    return shutil.which("check-jsonschema") is not None or (
        importlib.util.find_spec("check_jsonschema") is not None
    )


def check_jsonschema(repo: Path, schemas: Path) -> Step:
    """One invocation per schema and batch of files, paths relative to the repository."""
    groups: dict[str, list[str]] = {name: [] for name in SCHEMA_OF}
    for path in sorted((repo / "dossiers").glob("*/*/candidature.yaml")):
        groups["candidature.yaml"].append(path.relative_to(repo).as_posix())
    for path in sorted((repo / "dossiers").glob("*/*/questionnaire-ssi.yaml")):
        groups["questionnaire-ssi.yaml"].append(path.relative_to(repo).as_posix())
    for path in sorted((repo / "dossiers").glob("*/*/preuves/*/preuves.yaml")):
        groups["preuves.yaml"].append(path.relative_to(repo).as_posix())
    commands: list[Command] = []
    for name, files in groups.items():
        schema = str(schemas / SCHEMA_OF[name])
        batch: list[str] = []
        size = 0
        for file in files:
            if batch and size + len(file) + 1 > _BATCH_CHARACTERS:
                commands.append(_jsonschema_command(schema, batch))
                batch, size = [], 0
            batch.append(file)
            size += len(file) + 1
        if batch:
            commands.append(_jsonschema_command(schema, batch))
    return Step(tuple(commands), repo)


def _jsonschema_command(schema: str, files: list[str]) -> Command:
    return (sys.executable, "-m", "check_jsonschema", "--schemafile", schema, *files)


def incremental(repo: Path) -> Step:
    """As CI runs it on a pull request: the commits since main, the work tree not walked."""
    command = segur("--repo", str(repo), "check", "--changed-since", "main", "--committed-only")
    return Step((command,), repo)


def incremental_work_tree(repo: Path) -> Step:
    """As an editor runs it before committing: uncommitted and untracked files included."""
    return Step((segur("--repo", str(repo), "check", "--changed-since", "main"),), repo)


def first_candidature(repo: Path) -> Path:
    return sorted((repo / "dossiers").glob("*/*/candidature.yaml"))[0]


_BRANCH = "mesure-incrementale"


def _git(repo: Path, *args: str) -> None:
    # An identity of its own: a fresh machine (CI) has none configured.
    identity = ("-c", "user.name=Banc segur", "-c", "user.email=banc@segur.invalid")
    subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True)


@contextmanager
def one_candidature_changed(repo: Path) -> Iterator[None]:
    """A pull request of one commit on one candidature.yaml (a comment added), checked out on a
    branch of its own; main checked out again and the branch deleted afterwards."""
    file = first_candidature(repo)
    original = file.read_bytes()
    _git(repo, "checkout", "-q", "-b", _BRANCH, "main")
    try:
        file.write_bytes(original + b"# modification (mesure de segur check incrementale)\n")
        _git(repo, "commit", "-q", "--no-verify", "-m", "mesure", "--", str(file))
        yield
    finally:
        file.write_bytes(original)
        _git(repo, "checkout", "-q", "-f", "main")
        _git(repo, "branch", "-q", "-D", _BRANCH)


def queue(repo: Path) -> Step:
    # JSON: the table printed by the text format costs as much as the queue at this size.
    return Step((segur("--repo", str(repo), "queue", "--today", TODAY, "--format", "json"),), repo)


def git_log(repo: Path) -> Step:
    return Step((("git", "log", "--first-parent", "--name-status"),), repo)


def site_available() -> bool:
    done = subprocess.run(segur("site", "build", "--help"), capture_output=True, check=False)
    return done.returncode == 0


def site_build(repo: Path, out: Path) -> Step:
    # Run from the checkout: a synthetic repository has no site of its own, so segur takes the
    # checkout's configuration (mkdocs.yml, site/), as for any repository without one.
    return Step((segur("--repo", str(repo), "site", "build", "--out", str(out)),), HERE.parent)


def count_pages(site: Path) -> int:
    return sum(1 for page in site.rglob("*.html") if page.name != "404.html")


def bare_mkdocs_project(folder: Path, pages: int) -> Path:
    """A mkdocs-material project of `pages` trivial pages (index included)."""
    if folder.exists():
        shutil.rmtree(folder)
    docs = folder / "docs"
    (docs / "pages").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(
        "site_name: Référence mkdocs-material\ntheme:\n  name: material\n  language: fr\n",
        encoding="utf-8",
    )
    (docs / "index.md").write_text("# Accueil\n\nPage d'accueil.\n", encoding="utf-8")
    for number in range(1, max(1, pages)):
        (docs / "pages" / f"page-{number:05d}.md").write_text(
            f"# Page {number}\n\nUne page triviale.\n", encoding="utf-8"
        )
    return folder


def bare_mkdocs(project: Path, out: Path) -> Step:
    command = (sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(out))
    return Step((command,), project)

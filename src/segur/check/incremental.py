"""`segur check --changed-since REV`: check only what a change can affect.

A pull request usually touches one candidature; checking the thousands of others again would
only repeat their findings. The contract: the findings of an incremental run are exactly those
of a full run restricted to the selected parts. Hence what a change selects:
- a file inside `dossiers/<editeur>/<candidature>/`: that candidature;
- anything under `rem/`: the REM and every candidature (each answers the REM);
- the package (`src/`, `pyproject.toml`): everything, since the rules themselves changed;
- the access map (`acces.yaml`) or the CODEOWNERS generated from it: the map, and every
  candidature (each candidature's maintainers are checked against the map).
The changes are counted since the fork point from REV, uncommitted and untracked files
included, so that the same command serves in CI and before a commit; `--committed-only` counts
the commits only, for CI, whose work tree is the commit checked out: listing the changes of a
work tree walks all its files (two seconds at 5,000 candidatures and 940,000 files).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from segur.check import run as check
from segur.findings.finding import Finding
from segur.load import git_history as gitlog
from segur.load.git_history import Change
from segur.model.access import ACCESS_FILE
from segur.repository.access import ACCESS_PATHS
from segur.repository.paths import DOSSIERS_DIR, REM_DIR, Repository

# A change under one of these affects every candidature.
PACKAGE_PATHS = ("src/", "pyproject.toml")


@dataclass(frozen=True, slots=True)
class ChangeSelection:
    """What a set of changes asks to check."""

    changes: tuple[Change, ...]
    rem: bool
    package: bool
    access: bool
    dossiers: tuple[Path, ...]

    @property
    def everything(self) -> bool:
        return self.rem or self.package

    @property
    def empty(self) -> bool:
        return not (self.everything or self.access or self.dossiers)

    def paths(self, repo: Repository) -> list[Path] | None:
        """The paths to give `check.run`; None asks for the full run, exactly as without
        `--changed-since` (an empty selection is not checked at all)."""
        if self.everything:
            return None
        paths = list(self.dossiers)
        if self.access:
            paths.append(repo.root / ACCESS_FILE)
        return paths


def _under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix if prefix.endswith("/") else prefix + "/")


def select_changes(repo: Repository, changes: tuple[Change, ...]) -> ChangeSelection:
    """Pure selection from a list of changes (paths relative to the repository root)."""
    touched = {p for c in changes for p in c.paths}
    rem = any(_under(p, REM_DIR) for p in touched)
    package = any(_under(p, prefix) for p in touched for prefix in PACKAGE_PATHS)
    access = any(p in ACCESS_PATHS for p in touched)
    existing = set(repo.dossiers())
    if rem or package or access:
        dossiers = sorted(existing)
    else:
        dossiers = sorted(
            {
                folder
                for p in touched
                if _under(p, DOSSIERS_DIR) and len(parts := p.split("/")) >= 4
                if (folder := repo.dossiers_dir / parts[1] / parts[2]) in existing
            }
        )
    return ChangeSelection(changes, rem, package, access, tuple(dossiers))


def select_changed(repo: Repository, since: str, head: str | None = None) -> ChangeSelection:
    """The selection for the changes of the work tree (of the commit `head`, when given) since
    it forked from `since`.

    Raises `gitlog.GitError` when `since` or `head` cannot be resolved.
    """
    return select_changes(repo, tuple(gitlog.changed_paths(repo.root, since, head=head)))


@dataclass(frozen=True, slots=True)
class IncrementalRun:
    selection: ChangeSelection
    findings: list[Finding]


def run(
    repo: Repository, since: str, head: str | None = None, today: dt.date | None = None
) -> IncrementalRun:
    """Check what changed since `since` (in the work tree, or up to the commit `head`); warns
    (SEG-GIT-001) on a shallow clone. The files checked are always those of the work tree: give
    `head` only when it is the commit checked out, unchanged (as in CI). `today` as in
    `segur.check.run.run`."""
    warnings = gitlog.shallow_findings(repo.root)
    selection = select_changed(repo, since, head)
    findings = [] if selection.empty else check.run(repo, selection.paths(repo), today=today)
    return IncrementalRun(selection, sorted(set(warnings + findings), key=check_order))


def check_order(f: Finding) -> tuple[str, int, int, str, str]:
    # The order of `check.run`, so that both runs print the same report.
    return (f.path, f.line, f.col, f.rule, f.message)

"""`segur check`: run every rule on a selection of the repository and collect the findings.

The REM catalogue is loaded once; each selected candidature folder is then checked by every
dossier checker. A path outside `rem/` and `dossiers/` is checked as plain YAML, so the loader's
safety rules apply to any file an editor points at.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from segur.check.lifecycle import LifecycleCheck
from segur.dossier.administratif import today_in_paris
from segur.dossier.context import DossierContext
from segur.dossier.maintainers import check_maintainers
from segur.findings.finding import Finding
from segur.load.document import load_file
from segur.load.gc_pause import without_cyclic_gc
from segur.load.tree import Entry, walk
from segur.repository import access as access_map
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository
from segur.rules.rem import check_catalogue
from segur.rules.tree import INTERRUPTED, check_entries, check_tree
from segur.rules.tree_names import escape_text

YAML_SUFFIXES = (".yaml", ".yml")


DossierChecker = Callable[[DossierContext], list[Finding]]


def dossier_checkers(lifecycle: LifecycleCheck) -> list[DossierChecker]:
    """The checks run on every candidature folder, in order."""
    return [
        DossierContext.administratif,
        DossierContext.preuves_findings,
        lifecycle.check,
        check_maintainers,
    ]


@dataclass(frozen=True, slots=True)
class Selection:
    # REM integrity: every finding when rem/ is named; only errors on a default full run, where
    # ANS's own data-quality warnings would drown the dossiers' findings (see README).
    rem: bool
    rem_warnings: bool
    dossiers: tuple[Path, ...]
    loose_files: tuple[Path, ...]
    # The access map `acces.yaml` and the CODEOWNERS generated from it.
    access: bool = False
    # Every candidature of the repository is selected (listed once, by `select`).
    whole: bool = True


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def select(repo: Repository, paths: Sequence[Path] | None) -> Selection:
    """Translate the user's paths into what to check."""
    if not paths:
        return Selection(True, False, tuple(repo.dossiers()), (), access=True)
    rem = access = False
    access_files = {(repo.root / f).resolve() for f in access_map.ACCESS_PATHS}
    dossiers: set[Path] = set()
    loose: set[Path] = set()
    all_dossiers = repo.dossiers()
    for path in paths:
        if path.resolve() in access_files or _inside(repo.root, path):
            access = True
            if not _inside(repo.root, path):
                continue
        if _inside(path, repo.rem_dir) or _inside(repo.rem_dir, path):
            rem = True
        if _inside(path, repo.dossiers_dir):
            owner = repo.dossier_of(path)
            if owner is not None:
                dossiers.add(owner)
                continue
            dossiers.update(d for d in all_dossiers if _inside(d, path))
            continue
        if _inside(repo.dossiers_dir, path):
            dossiers.update(all_dossiers)
        if _inside(path, repo.rem_dir) or _inside(repo.root, path):
            continue
        loose.update(_yaml_files([path]))
    whole = len(dossiers) == len(all_dossiers)
    return Selection(rem, rem, tuple(sorted(dossiers)), tuple(sorted(loose)), access, whole)


def _yaml_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.suffix in YAML_SUFFIXES)
        else:
            found.append(path)
    return found


def _parts(repo: Repository, folder: Path) -> tuple[bytes, ...]:
    return tuple(os.fsencode(p) for p in folder.relative_to(repo.dossiers_dir).parts)


def _tree_findings(
    repo: Repository, selection: Selection
) -> tuple[list[Finding], set[tuple[bytes, ...]]]:
    """The findings of the tree under `dossiers/` for the selection (the whole tree on a full
    run; else the selected candidatures and their editors' folders), and the candidatures whose
    own name or whose editor's name is hostile: the tree rules report them, the dossier checks
    are not run there (their findings would carry the name into every report line)."""
    if not selection.dossiers and not selection.whole:
        return [], set()
    tree = walk(repo.dossiers_dir)
    selected = {_parts(repo, folder) for folder in selection.dossiers}
    editors = {parts[0] for parts in selected}
    hostile: set[tuple[bytes, ...]] = set()
    for entry in tree.entries:
        if entry.depth <= 2 and check_entries([entry]):
            hostile.update(s for s in selected if s[: entry.depth] == entry.parts)
    if selection.whole:
        return check_tree(tree), hostile

    def wanted(entry: Entry) -> bool:
        if entry.parts[0] not in editors:
            return False
        return entry.depth <= 2 or entry.parts[:2] in selected

    entries = [e for e in tree.entries if wanted(e)]
    problems = [p for p in tree.problems if p.parts[:1] and p.parts[0] in editors]
    return check_entries(entries, problems), hostile


def _guarded(checker: DossierChecker, context: DossierContext, shown: str) -> list[Finding]:
    """The findings of one checker; a file system error (a loop of links, a name too long, a
    folder that vanished) on one candidature is a finding on it, not the end of the run."""
    try:
        found = checker(context)
    except (OSError, RuntimeError) as exc:
        # The error's own text names the machine's absolute path: only its cause is shown.
        loop = isinstance(exc, RuntimeError) and "loop" in str(exc).lower()
        reason = "boucle de liens symboliques" if loop else getattr(exc, "strerror", None)
        reason = reason or type(exc).__name__
        step = getattr(checker, "__name__", None) or type(checker).__name__
        return [INTERRUPTED.at(escape_text(shown), 1, 1, step=step, reason=escape_text(reason))]
    # A name of the tree may reach a message (a proof file that no manifest names): shown
    # escaped, so that it cannot forge a line of the report.
    return [
        dataclasses.replace(f, path=escape_text(f.path), message=escape_text(f.message))
        for f in found
    ]


@without_cyclic_gc
def run(
    repo: Repository, paths: Sequence[Path] | None = None, today: dt.date | None = None
) -> list[Finding]:
    """Every finding of the selection; `today` (Paris) decides which dates are in the future."""
    selection = select(repo, paths)
    catalogue, rem_findings = load_catalogue(repo.rem_dir, repo.root)
    findings: list[Finding] = []
    if selection.rem:
        rem_all = [*rem_findings, *check_catalogue(catalogue)]
        findings += rem_all if selection.rem_warnings else [f for f in rem_all if f.is_error]
    # A few candidatures (a pull request's): their history alone is replayed, not the whole
    # repository's; their timelines are the same (`segur.lifecycle.history.build_timeline`).
    scope = None if selection.whole else [repo.display(f) for f in selection.dossiers]
    lifecycle = LifecycleCheck(repo, catalogue, today or today_in_paris(), scope)
    checkers = dossier_checkers(lifecycle)
    tree_findings, hostile = _tree_findings(repo, selection)
    findings += tree_findings
    for folder in selection.dossiers:
        if _parts(repo, folder) in hostile:
            continue
        context = DossierContext(repo, catalogue, folder)
        for checker in checkers:
            findings.extend(_guarded(checker, context, repo.display(folder)))
    if selection.access:
        # A whole-repository run: the attestation numbers of every candidature are known.
        findings.extend(lifecycle.attestations())
    for file in selection.loose_files:
        findings.extend(load_file(file, repo.display(file)).findings)
    if selection.access:
        findings.extend(access_map.check_access_map(repo))
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.col, f.rule, f.message))

"""`segur check`: run every rule on a selection of the repository and collect the findings.

The REM catalogue is loaded once; each selected candidature folder is then checked by every
dossier checker. A path outside `rem/` and `dossiers/` is checked as plain YAML, so the loader's
safety rules apply to any file an editor points at.
"""

from __future__ import annotations

import datetime as dt
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
from segur.repository import access as access_map
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository
from segur.rules.rem import check_catalogue

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
    # repository's; their timelines are the same (`segur.lifecycle.timeline.build_timeline`).
    scope = None if selection.whole else [repo.display(f) for f in selection.dossiers]
    lifecycle = LifecycleCheck(repo, catalogue, today or today_in_paris(), scope)
    checkers = dossier_checkers(lifecycle)
    for folder in selection.dossiers:
        context = DossierContext(repo, catalogue, folder)
        for checker in checkers:
            findings.extend(checker(context))
    if selection.access:
        # A whole-repository run: the attestation numbers of every candidature are known.
        findings.extend(lifecycle.attestations())
    for file in selection.loose_files:
        findings.extend(load_file(file, repo.display(file)).findings)
    if selection.access:
        findings.extend(access_map.check_access_map(repo))
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.col, f.rule, f.message))

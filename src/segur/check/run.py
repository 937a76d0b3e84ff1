"""`segur check`: run every rule on a selection of the repository and collect the findings.

The REM catalogue is loaded once; each selected candidature folder is then checked by every
dossier checker. A path outside `rem/` and `dossiers/` is checked as plain YAML, so the loader's
safety rules apply to any file an editor points at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segur.dossier.administratif import check_administratif
from segur.dossier.proofs import check_preuves, evaluate_folder
from segur.findings.finding import Finding
from segur.load.document import Loaded, load_file
from segur.load.gc_pause import without_cyclic_gc
from segur.model.candidature import CANDIDATURE_FILE
from segur.repository import access as access_map
from segur.repository.catalogue import Catalogue, load_catalogue
from segur.repository.paths import Repository
from segur.rules.proofs.checks import ProofReport
from segur.rules.rem import check_catalogue

YAML_SUFFIXES = (".yaml", ".yml")
# In `DossierContext.shared`: the candidatures of a partial run, when it is one.
SCOPE = "scope"


@dataclass(frozen=True, slots=True)
class DossierContext:
    repo: Repository
    catalogue: Catalogue
    folder: Path
    # Several checkers read the same files (candidature.yaml above all): parse each once.
    _loaded: dict[Path, Loaded] = field(default_factory=dict)
    # Results computed once per folder and shared by the checks and the status.
    _memo: dict[str, Any] = field(default_factory=dict)
    # Shared by every folder of one run (the history of main, replayed once).
    shared: dict[str, Any] = field(default_factory=dict)

    def load(self, path: Path) -> Loaded:
        if path not in self._loaded:
            self._loaded[path] = load_file(path, self.repo.display(path))
        return self._loaded[path]

    def administratif(self) -> list[Finding]:
        if "administratif" not in self._memo:
            self._memo["administratif"] = check_administratif(self)
        found: list[Finding] = self._memo["administratif"]
        return found

    def preuves(self) -> tuple[ProofReport | None, list[Finding]]:
        if "preuves" not in self._memo:
            doc = self.load(self.folder / CANDIDATURE_FILE).document
            self._memo["preuves"] = evaluate_folder(self.folder, self.repo, self.catalogue, doc)
        found: tuple[ProofReport | None, list[Finding]] = self._memo["preuves"]
        return found


DossierChecker = Callable[[DossierContext], list[Finding]]


def dossier_checkers() -> list[DossierChecker]:
    """The checks run on every candidature folder, in order."""
    from segur.check.lifecycle import check_lifecycle

    return [
        DossierContext.administratif,
        check_preuves,
        check_lifecycle,
        access_map.check_maintainers,
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
def run(repo: Repository, paths: Sequence[Path] | None = None) -> list[Finding]:
    selection = select(repo, paths)
    catalogue, rem_findings = load_catalogue(repo.rem_dir, repo.root)
    findings: list[Finding] = []
    if selection.rem:
        rem_all = [*rem_findings, *check_catalogue(catalogue)]
        findings += rem_all if selection.rem_warnings else [f for f in rem_all if f.is_error]
    checkers = dossier_checkers()
    shared: dict[str, Any] = {}
    if not selection.whole:
        # A few candidatures (a pull request's): their history alone is replayed, not the
        # whole repository's; their timelines are the same
        # (`segur.lifecycle.timeline.build_timeline`).
        shared[SCOPE] = [repo.display(folder) for folder in selection.dossiers]
    for folder in selection.dossiers:
        context = DossierContext(repo, catalogue, folder, shared=shared)
        for checker in checkers:
            findings.extend(checker(context))
    if selection.access:
        # A whole-repository run: the attestation numbers of every candidature are known.
        from segur.check.lifecycle import check_attestations

        findings.extend(check_attestations(shared))
    for file in selection.loose_files:
        findings.extend(load_file(file, repo.display(file)).findings)
    if selection.access:
        findings.extend(access_map.check_access_map(repo))
    return sorted(set(findings), key=lambda f: (f.path, f.line, f.col, f.rule, f.message))

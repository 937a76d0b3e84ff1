"""What the lifecycle commands share: the day they work for, the dossier named on the command
line, and the analysis of the repository (history of main replayed once)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from segur.dossier.context import DossierContext
from segur.errors import UsageError
from segur.lifecycle.analysis import Analysis, analyse_folder, load_timeline
from segur.lifecycle.calendar import PARIS
from segur.lifecycle.timeline import Timeline
from segur.repository.catalogue import Catalogue, load_catalogue
from segur.repository.paths import Repository


def today_of(given: dt.date | None) -> dt.date:
    """The day given with --today, or today in Paris."""
    return given or dt.datetime.now(PARIS).date()


def resolve_dossier(repo: Repository, given: Path) -> Path | None:
    """The candidature folder named by the user (absolute, relative to the repository, or
    relative to dossiers/)."""
    for candidate in (given, repo.root / given, repo.dossiers_dir / given):
        if candidate.is_dir():
            owner = repo.dossier_of(candidate)
            if owner is not None and owner.resolve() == candidate.resolve():
                return owner
    return None


def dossier_or_fail(repo: Repository, given: Path) -> Path:
    folder = resolve_dossier(repo, given)
    if folder is None:
        raise UsageError(f"dossier de candidature introuvable : {given}")
    return folder


class Workspace:
    """The repository, its REM catalogue and the history of main, loaded once."""

    def __init__(self, root: Path) -> None:
        self.repo = Repository(root)
        self.catalogue: Catalogue = load_catalogue(self.repo.rem_dir, self.repo.root)[0]
        self._timeline: Timeline | None = None
        self._loaded = False
        # Parsed files and proof checks of each folder, shared by analyses of several days.
        self._contexts: dict[Path, DossierContext] = {}

    @property
    def timeline(self) -> Timeline | None:
        if not self._loaded:
            self._timeline = load_timeline(self.repo, self.catalogue)
            self._loaded = True
            if self._timeline is not None:
                for f in self._timeline.findings:
                    sys.stderr.write(f"{f.path}:{f.line}:{f.col}: {f.rule} {f.message}\n")
        return self._timeline

    def analyse(self, folder: Path, today: dt.date) -> Analysis:
        ctx = self._contexts.setdefault(folder, DossierContext(self.repo, self.catalogue, folder))
        return analyse_folder(folder, self.repo, self.catalogue, today, self.timeline, ctx)

    def analyse_all(self, today: dt.date) -> list[Analysis]:
        return [self.analyse(folder, today) for folder in self.repo.dossiers()]

    def dossier(self, given: Path) -> Path:
        """The candidature folder named by the user; a usage error when there is none."""
        return dossier_or_fail(self.repo, given)

"""What the lifecycle commands share: the day they work for, the dossier named on the command
line, and the analysis of the repository (history of main replayed once), or of every mirrored
dossier repository of the registry (`--miroirs`)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from segur.dossier.context import DossierContext
from segur.errors import UsageError
from segur.findings.finding import Finding
from segur.lifecycle.analysis import Analysis, analyse_folder, load_timelines
from segur.lifecycle.calendar import PARIS
from segur.lifecycle.timeline import Timeline
from segur.publication.report import text_line
from segur.repository.catalogue import Catalogue, repository_catalogue
from segur.repository.federation import Federation, load_federation
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


def write_findings(findings: list[Finding]) -> None:
    for f in findings:
        sys.stderr.write(text_line(f) + "\n")


def federation_of(repo: Repository, mirrors: Path | None) -> Federation:
    """The repository alone (a registry of one), or, with the mirror cache, every mirrored
    dossier repository of its registry; the members left out are reported on stderr."""
    if mirrors is None:
        return Federation.single(repo)
    loaded = load_federation(repo, mirrors)
    write_findings(loaded.findings)
    return loaded.federation


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """The options of the reports that read every candidature, across the mirrors too
    (`deadlines`, `controle-croise`): same shape, one definition."""

    repo: Path
    central: Path | None
    miroirs: Path | None
    today: dt.date | None
    format: str


def report_options(args: argparse.Namespace) -> ReportOptions:
    return ReportOptions(
        repo=args.repo,
        central=args.central,
        miroirs=args.miroirs,
        today=args.today,
        format=args.format,
    )


class Workspace:
    """The repository (or the federation), its REM catalogue and the history of main of each
    member, loaded once."""

    def __init__(self, root: Path, central: Path | None = None, mirrors: Path | None = None):
        self.repo = Repository(root, central)
        self.federation = federation_of(self.repo, mirrors)
        self.catalogue: Catalogue = repository_catalogue(self.repo)[0]
        self._timelines: dict[Path, Timeline | None] | None = None
        # Parsed files and proof checks of each folder, shared by analyses of several days.
        self._contexts: dict[Path, DossierContext] = {}

    @property
    def timelines(self) -> dict[Path, Timeline | None]:
        if self._timelines is None:
            self._timelines = load_timelines(self.federation, self.catalogue)
            for timeline in self._timelines.values():
                if timeline is not None:
                    write_findings(timeline.findings)
        return self._timelines

    def repo_of(self, folder: Path) -> Repository:
        """The repository that holds the candidature folder."""
        return self.federation.owner(folder)

    def analyse(self, folder: Path, today: dt.date) -> Analysis:
        repo = self.repo_of(folder)
        ctx = self._contexts.setdefault(folder, DossierContext(repo, self.catalogue, folder))
        timeline = self.timelines.get(repo.root)
        return analyse_folder(folder, repo, self.catalogue, today, timeline, ctx)

    def analyse_all(self, today: dt.date) -> list[Analysis]:
        return [self.analyse(folder, today) for _, folder in self.federation.dossiers()]

    def dossier(self, given: Path) -> Path:
        """The candidature folder named by the user; a usage error when there is none."""
        for member in self.federation.members:
            folder = resolve_dossier(member, given)
            if folder is not None:
                return folder
        raise UsageError(f"dossier de candidature introuvable : {given}")

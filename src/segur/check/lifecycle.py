"""The lifecycle checks run by `segur check` on each candidature folder (SEG-CYC-*).

The history of `main` is replayed once per run and shared by every folder of the run. The
journal's findings do not depend on the day the check runs: every event is considered; `today`
only decides what counts as a date in the future. A candidature the collège has decided on is
also checked for changes of what it froze (`segur.check.frozen`, SEG-CYC-028).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from segur.check.frozen import decided_on, history_findings, work_tree_findings
from segur.dossier.context import DossierContext
from segur.findings.finding import Finding
from segur.lifecycle.analysis import (
    Analysis,
    analyse_folder,
    attestation_findings,
    load_timeline,
)
from segur.lifecycle.duplicates import duplicate_findings
from segur.lifecycle.timeline import Timeline
from segur.load import git_history as gitlog
from segur.load.git_history import BlobReader, Change, GitError
from segur.repository.catalogue import Catalogue
from segur.repository.paths import Repository


@dataclass(slots=True)
class LifecycleCheck:
    """The lifecycle part of one check run: its history, loaded at the first folder."""

    repo: Repository
    catalogue: Catalogue
    today: dt.date
    # The candidatures of a partial run (a pull request's): their history alone is replayed,
    # and their timelines are the same as in a full replay. None: the whole repository.
    scope: Sequence[str] | None = None
    _timeline: Timeline | None = None
    _loaded: bool = False
    analyses: list[Analysis] = field(default_factory=list)
    _work_tree: list[Change] | None = None

    def timeline(self) -> Timeline | None:
        if not self._loaded:
            self._timeline = load_timeline(self.repo, self.catalogue, self.scope)
            self._loaded = True
        return self._timeline

    def check(self, ctx: DossierContext) -> list[Finding]:
        analysis = analyse_folder(
            ctx.folder, ctx.repo, ctx.catalogue, self.today, self.timeline(), ctx
        )
        self.analyses.append(analysis)
        return [*analysis.findings, *self.frozen(ctx.repo.display(ctx.folder))]

    def frozen(self, shown: str) -> list[Finding]:
        """SEG-CYC-028: the changes of a decided candidature, on main after the decision and
        in the work tree against HEAD (`segur.check.frozen`)."""
        timeline = self.timeline()
        line = None if timeline is None else timeline.dossiers.get(shown)
        decided = decided_on(line)
        if line is None or decided is None:
            return []
        root = self.repo.root
        with BlobReader(root) as reader:
            found = history_findings(shown, line, reader)
            if self._work_tree is None:
                try:
                    self._work_tree = gitlog.changed_paths(root, "HEAD", None)
                except GitError:  # no HEAD to compare with: the history alone counts
                    self._work_tree = []
            found += work_tree_findings(
                root, shown, decided, self._work_tree, lambda path: reader.read("HEAD", path)
            )
        return found

    def attestations(self) -> list[Finding]:
        """Across the candidatures checked in this run: attestation numbers are unique, a
        version candidate is filed once, a groupement member does not file alone."""
        return [*attestation_findings(self.analyses), *duplicate_findings(self.analyses)]

"""The lifecycle checks run by `segur check` on each candidature folder (SEG-CYC-*).

The history of `main` is replayed once per run and shared by every folder of the run. The
journal's findings do not depend on the day the check runs: every event is considered; `today`
only decides what counts as a date in the future.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from segur.dossier.context import DossierContext
from segur.findings.finding import Finding
from segur.lifecycle.analysis import (
    Analysis,
    analyse_folder,
    attestation_findings,
    load_timeline,
)
from segur.lifecycle.timeline import Timeline
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
        return list(analysis.findings)

    def attestations(self) -> list[Finding]:
        """Across the candidatures checked in this run: attestation numbers are unique."""
        return attestation_findings(self.analyses)

"""The lifecycle checks run by `segur check` on each candidature folder (SEG-CYC-*).

The history of `main` is replayed once per run and shared by every folder of the run. The
journal's findings do not depend on the day the check runs: every event is considered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from segur.dossier.administratif import today_in_paris
from segur.findings.finding import Finding
from segur.lifecycle.analysis import (
    Analysis,
    analyse_folder,
    attestation_findings,
    load_timeline,
)
from segur.lifecycle.timeline import Timeline

if TYPE_CHECKING:
    from segur.check.run import DossierContext

_TIMELINE, _ANALYSES = "timeline", "analyses"


def _timeline(ctx: DossierContext) -> Timeline | None:
    if _TIMELINE not in ctx.shared:
        from segur.check.run import SCOPE

        scope = ctx.shared.get(SCOPE)
        ctx.shared[_TIMELINE] = load_timeline(ctx.repo, ctx.catalogue, scope)
    timeline: Timeline | None = ctx.shared[_TIMELINE]
    return timeline


def check_lifecycle(ctx: DossierContext) -> list[Finding]:
    analysis = analyse_folder(
        ctx.folder, ctx.repo, ctx.catalogue, today_in_paris(), _timeline(ctx), ctx
    )
    ctx.shared.setdefault(_ANALYSES, []).append(analysis)
    return list(analysis.findings)


def check_attestations(shared: dict[str, object]) -> list[Finding]:
    """Across the candidatures checked in one run: attestation numbers are unique."""
    analyses = shared.get(_ANALYSES)
    if not isinstance(analyses, list):
        return []
    return attestation_findings([a for a in analyses if isinstance(a, Analysis)])

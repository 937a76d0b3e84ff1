"""What a pull request changes to each candidature it touches, chapter by chapter.

A reviewer wants to know, even when the check is clean, which chapters are complete, which are
still missing proofs (and which ones), and which became complete in this very pull request.
This module compares two evaluations of the same candidatures, at the base of the pull request
and at its head (`segur.dossier.status.DossierStatus`), and sorts the findings of the check
into blocking ones (errors) and hints (warnings), as the conda-forge linter's comment does.
It is pure data: the commands render it as Markdown for the job summary and the sticky comment,
and derive the pull request's labels from it (`labels`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from segur.dossier.status import DossierStatus
from segur.findings.finding import Finding, Severity
from segur.rules.preuves.completeness import ChapterState

ADMINISTRATIF = "Dossier administratif"

# The labels a pull request may carry, and nothing else: the workflow that posts them refuses
# any other (docs/forge.md, « Ce que voit la relecture »).
LABEL_BLOCKING = "segur:bloquant"  # at least one blocking finding (error)
LABEL_HINTS = "segur:indications"  # at least one hint (warning)
LABEL_CHAPTER = "segur:chapitre-complet"  # a chapter became complete in this pull request
LABEL_COMPLETE = "segur:complet"  # a candidature touched is complete, with nothing blocking
LABELS = (LABEL_BLOCKING, LABEL_HINTS, LABEL_CHAPTER, LABEL_COMPLETE)


class PartState(StrEnum):
    COMPLET = "complet"
    INCOMPLET = "incomplet"
    NON_DEPOSE = "non déposé"


class Evolution(StrEnum):
    """How a part changed between the base and the head of the pull request."""

    DEVENU_COMPLET = "devenu complet"
    PLUS_COMPLET = "n'est plus complet"
    MODIFIE = "modifié"
    INCHANGE = "inchangé"
    NOUVEAU = "nouveau"


@dataclass(frozen=True, slots=True)
class PartLine:
    """One line of a candidature's table: the administrative dossier or one chapter."""

    code: str | None  # the chapter's code; None for the administrative dossier
    libelle: str
    state: PartState
    evolution: Evolution
    missing: tuple[str, ...]  # the proof IDs missing or invalid, in REM order


@dataclass(frozen=True, slots=True)
class CandidatureSummary:
    folder: str  # dossiers/<editeur>/<candidature>
    dispositif: str | None  # as written by the editor: escape it when rendering
    parts: tuple[PartLine, ...]

    @property
    def complete(self) -> bool:
        return all(p.state is PartState.COMPLET for p in self.parts)

    @property
    def newly_complete(self) -> tuple[PartLine, ...]:
        return tuple(p for p in self.parts if p.evolution is Evolution.DEVENU_COMPLET)


@dataclass(frozen=True, slots=True)
class PrSummary:
    candidatures: tuple[CandidatureSummary, ...]
    removed: tuple[str, ...]  # candidatures the pull request deletes
    blocking: tuple[Finding, ...]
    hints: tuple[Finding, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels of the pull request's state, in the order of `LABELS`."""
        chosen = {
            LABEL_BLOCKING: bool(self.blocking),
            LABEL_HINTS: bool(self.hints),
            LABEL_CHAPTER: any(c.newly_complete for c in self.candidatures),
            LABEL_COMPLETE: not self.blocking and any(c.complete for c in self.candidatures),
        }
        return tuple(label for label in LABELS if chosen[label])


def _chapter_state(state: ChapterState) -> PartState:
    return {
        ChapterState.COMPLET: PartState.COMPLET,
        ChapterState.INCOMPLET: PartState.INCOMPLET,
        ChapterState.NON_DEPOSE: PartState.NON_DEPOSE,
    }[state]


def _evolution(now: PartLine, before: PartLine | None) -> Evolution:
    if before is None:
        return Evolution.NOUVEAU
    if now.state is PartState.COMPLET and before.state is not PartState.COMPLET:
        return Evolution.DEVENU_COMPLET
    if before.state is PartState.COMPLET and now.state is not PartState.COMPLET:
        return Evolution.PLUS_COMPLET
    if (now.state, now.missing) == (before.state, before.missing):
        return Evolution.INCHANGE
    return Evolution.MODIFIE


def _lines(status: DossierStatus) -> list[PartLine]:
    admin = PartState.COMPLET if status.administratif_complet else PartState.INCOMPLET
    lines = [PartLine(None, ADMINISTRATIF, admin, Evolution.NOUVEAU, ())]
    for chapter in status.chapitres:
        missing = tuple(p.id for p in chapter.missing)
        state = _chapter_state(chapter.state)
        lines.append(PartLine(chapter.code, chapter.libelle, state, Evolution.NOUVEAU, missing))
    return lines


def summarise(status: DossierStatus, base: DossierStatus | None) -> CandidatureSummary:
    """One candidature at the head, compared with the same one at the base (None when the
    pull request creates it)."""
    before = {line.code: line for line in _lines(base)} if base is not None else {}
    parts = tuple(
        dataclasses.replace(line, evolution=_evolution(line, before.get(line.code)))
        for line in _lines(status)
    )
    return CandidatureSummary(status.folder, status.dispositif, parts)


def compare(
    head: Mapping[str, DossierStatus],
    base: Mapping[str, DossierStatus],
    findings: Sequence[Finding],
) -> PrSummary:
    """The summary of a pull request: `head` and `base` map each candidature it touches
    (`dossiers/<editeur>/<candidature>`) to its evaluation on each side; a candidature only in
    `base` is one the pull request deletes."""
    candidatures = tuple(summarise(head[folder], base.get(folder)) for folder in sorted(head))
    removed = tuple(sorted(set(base) - set(head)))
    blocking = tuple(f for f in findings if f.severity is Severity.ERROR)
    hints = tuple(f for f in findings if f.severity is not Severity.ERROR)
    return PrSummary(candidatures, removed, blocking, hints)

"""When things happened on `main`: the timeline of each candidature, and its merging.

For each candidature: when its administrative dossier was first complete, when each chapter
first became complete (and was last received), the digest of each chapter at each change (what
pins a verdict), when each journal file landed, and what changed after the collège's decision.
These are the dates of the FIFO instruction queue (§3.4: "l'ordre de réception d'un chapitre
complet") and of the deadlines.
This module holds the timeline itself (`Arrival`, `DossierTimeline`, `Timeline`), what is read
from it (`status_at`) and the merging of several repositories' timelines (`interleave`); it is
separate from the replay of git history that builds it (`segur.lifecycle.history`), so that
its readers (the chronology, the queue, the commands) do not depend on git.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import heapq
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from segur.dossier.status import DossierStatus
from segur.findings.finding import Finding
from segur.rules.preuves.completeness import ChapterState, ChapterStatus

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True, order=True)
class Arrival:
    """The step of `main` at which something first held.

    `step` is the position on the first-parent line: it orders arrivals even when committer
    clocks disagree, and two chapters completed by one merge share it.
    """

    step: int
    moment: dt.datetime
    commit: str


@dataclass(frozen=True, slots=True)
class FrozenChange:
    """A change on main of a file frozen by the collège's decision (a proof, a manifest,
    candidature.yaml) after that decision: `blob` is its new content (None: deleted)."""

    path: str  # inside the candidature folder
    arrival: Arrival
    blob: str | None


@dataclass(slots=True)
class DossierTimeline:
    administratif: Arrival | None = None
    chapitres: dict[str, Arrival] = field(default_factory=dict)
    # Status of each chapter at the last step of the replay.
    statuts: dict[str, ChapterStatus] = field(default_factory=dict)
    # Whether the administrative dossier is complete at the last step of the replay.
    administratif_complet: bool = False
    dispositif: str | None = None
    evenements: dict[str, Arrival] = field(default_factory=dict)  # journal file name -> arrival
    # The latest reception of each chapter complete at the last step: the step at which it last
    # BECAME complete. A chapter withdrawn or made incomplete, then complete again, is received
    # anew (§3.4: "l'ordre de réception d'un chapitre complet"); `chapitres` keeps the first.
    receptions: dict[str, Arrival] = field(default_factory=dict)
    # The digest of each chapter (`segur.dossier.status.digest_of`) at each step where it
    # changed, oldest first: what a verdict judged, and whether the chapter changed since.
    empreintes: dict[str, list[tuple[Arrival, str]]] = field(default_factory=dict)
    # The first decision of the collège on main (a `decision-college` journal file), its file
    # name, the content of candidature.yaml then, and every later change of a frozen file.
    decidee: Arrival | None = None
    decision: str | None = None
    candidature_decidee: str | None = None
    apres_decision: list[FrozenChange] = field(default_factory=list)

    @property
    def etats(self) -> dict[str, ChapterState]:
        """State of each chapter at the last step of the replay."""
        return {code: status.state for code, status in self.statuts.items()}


@dataclass(slots=True)
class Timeline:
    dossiers: dict[str, DossierTimeline] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    head: str | None = None


def status_at(folder: str, line: DossierTimeline) -> DossierStatus:
    """The status of the candidature `folder` (`dossiers/<e>/<c>`) at the last step of a
    history replay: what `main` holds. Every file there passed the checks of its pull request,
    so a proof counts when its manifest names it and its files are in the tree; their content
    is not read and hashed again, which would cost more than the whole replay."""
    _, editeur, candidature = folder.split("/", 2)
    return DossierStatus(
        folder,
        editeur,
        candidature,
        line.dispositif,
        line.administratif_complet,
        tuple(line.statuts.values()),
        {code: changes[-1][1] for code, changes in line.empreintes.items() if changes},
    )


def _arrivals(line: DossierTimeline) -> list[Arrival]:
    found = [*line.chapitres.values(), *line.receptions.values(), *line.evenements.values()]
    found += [arrival for changes in line.empreintes.values() for arrival, _ in changes]
    found += [change.arrival for change in line.apres_decision]
    if line.decidee is not None:
        found.append(line.decidee)
    return found if line.administratif is None else [line.administratif, *found]


def interleave(timelines: Mapping[K, Timeline | None]) -> dict[K, Timeline | None]:
    """The timelines of several repositories, their steps numbered on one line.

    A step orders arrivals within one repository's `main`; across the repositories of a
    federation, only the clock can. Each repository's steps keep their order, and the lines are
    merged by commit time (at equal times, in the order of `timelines`), so that the FIFO queue
    of a federation is the one a single repository with the same commit times would give. A
    single timeline is returned as is.
    """
    present = [(key, timeline) for key, timeline in timelines.items() if timeline is not None]
    if len(present) <= 1:
        return dict(timelines)
    lines = [
        sorted(
            {(a.step, a.moment) for line in t.dossiers.values() for a in _arrivals(line)},
            key=lambda item: item[0],
        )
        for _, t in present
    ]
    merged = heapq.merge(
        *[[(moment, index, step) for step, moment in line] for index, line in enumerate(lines)],
        key=lambda item: item[0],
    )
    numbers = {(index, step): number for number, (_, index, step) in enumerate(merged)}
    result: dict[K, Timeline | None] = dict(timelines)
    for index, (key, timeline) in enumerate(present):

        def renumbered(arrival: Arrival, index: int = index) -> Arrival:
            return dataclasses.replace(arrival, step=numbers[(index, arrival.step)])

        result[key] = Timeline(
            dossiers={
                name: dataclasses.replace(
                    line,
                    administratif=None
                    if line.administratif is None
                    else renumbered(line.administratif),
                    chapitres={c: renumbered(a) for c, a in line.chapitres.items()},
                    receptions={c: renumbered(a) for c, a in line.receptions.items()},
                    evenements={e: renumbered(a) for e, a in line.evenements.items()},
                    empreintes={
                        c: [(renumbered(a), d) for a, d in changes]
                        for c, changes in line.empreintes.items()
                    },
                    decidee=None if line.decidee is None else renumbered(line.decidee),
                    apres_decision=[
                        dataclasses.replace(c, arrival=renumbered(c.arrival))
                        for c in line.apres_decision
                    ],
                )
                for name, line in timeline.dossiers.items()
            },
            findings=list(timeline.findings),
            head=timeline.head,
        )
    return result

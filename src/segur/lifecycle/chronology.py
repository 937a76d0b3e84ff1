"""When each thing of one candidature happened, and in which order: the lifecycle's clock.

Two sources, one per repository:
- `git`: the repository is a git repository. The arrival of each file on `main` (first-parent
  history, `segur.lifecycle.timeline`) is the authoritative ORDER: the administrative dossier first
  complete, each chapter first complete, each journal event merged. An event still in the work
  tree (not yet on the history) comes after everything on it, in the order of its own date.
- `dates`: the folder is not in a git repository. Events are ordered by their own date (then
  file name); the administrative dossier and the chapters complete in the files are taken as
  deposited before every event, at an unknown date.

Nothing else: the example dossiers get their chronology from the dated history of the demo
repository that `segur exemples --depot` writes, like any other candidature.

Every event also has its own date (file name): the date of the act. It is what deadlines count
from, with one protection for the editor: a solicitation counts from the later of its date and
its arrival on `main`, since the editor only sees it there (a late merge never shortens the
editor's delay).
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from segur.lifecycle.calendar import paris_date
from segur.lifecycle.timeline import Arrival, DossierTimeline
from segur.repository.journal import JournalEvent

_AFTER_HISTORY = sys.maxsize
# Acts of one day and of one merge follow the order of the procedure (a proposal before its
# confirmation, a decision before the ANS signature, whatever their file names). The INS test
# day comes before the verdicts: §3.4 judges the INS chapter on the result of the test day, so
# a result and the verdict it supports, recorded the same day, replay in that order.
PROCEDURE_ORDER = (
    "validation-administrative",
    "sollicitation",
    "reponse",
    "ins-proposition",
    "ins-confirmation",
    "ins-resultat",
    "verdict",
    "signature-editeur",
    "decision-college",
    "signature-ans",
    "notification",
    "audit",
)


class Source(StrEnum):
    GIT = "git"
    DATES = "dates"


@dataclass(frozen=True, slots=True)
class Moment:
    """A point of the chronology. `order` compares moments of one candidature; `day` is the
    date of the act (None: unknown); `arrival` the day it reached `main` (git only)."""

    order: tuple[Any, ...]
    day: dt.date | None
    arrival: dt.date | None = None

    def before(self, other: Moment) -> bool:
        return self.order < other.order

    @property
    def effective(self) -> dt.date | None:
        """From when the act counts for the other party: its date, or its arrival if later."""
        if self.day is None or self.arrival is None:
            return self.day
        return max(self.day, self.arrival)


# Present since before every event, at an unknown date (files outside git).
UNKNOWN = Moment((), None)


@dataclass(frozen=True, slots=True)
class Chronology:
    source: Source
    line: DossierTimeline | None  # arrivals on main (git only)

    def administratif(self, complete_now: bool) -> Moment | None:
        """When the complete administrative dossier was deposited; None: not deposited."""
        if not complete_now:
            return None
        if self.source is Source.DATES:
            return UNKNOWN
        arrival = self.line.administratif if self.line else None
        return None if arrival is None else self._file(arrival)

    def chapitre(self, code: str, complete_now: bool) -> Moment | None:
        """When a chapter complete now became complete; None: not complete (on main)."""
        if not complete_now:
            return None
        if self.source is Source.DATES:
            return UNKNOWN
        arrival = self.line.chapitres.get(code) if self.line else None
        return None if arrival is None else self._file(arrival)

    def arrival(self, code: str) -> Arrival | None:
        """The latest reception of a complete chapter (when it last became complete on main),
        for the FIFO queue: a re-submission is a new reception."""
        if self.line is None:
            return None
        return self.line.receptions.get(code) or self.line.chapitres.get(code)

    def admin_arrival(self) -> Arrival | None:
        """The arrival of the complete administrative dossier: the reception of the chapters
        without proof to deposit, for the FIFO queue."""
        return self.line.administratif if self.line else None

    def empreintes(self) -> dict[str, tuple[tuple[Moment, str], ...]]:
        """Each chapter's digest at each change of its content on main (git only)."""
        if self.line is None:
            return {}
        return {
            code: tuple((self._file(arrival), digest) for arrival, digest in changes)
            for code, changes in self.line.empreintes.items()
        }

    def evenement(self, event: JournalEvent) -> Moment:
        rank = PROCEDURE_ORDER.index(event.type)
        if self.source is not Source.GIT:
            return Moment((event.date, 1, rank, event.name), event.date)
        arrival = self.line.evenements.get(event.name) if self.line else None
        if arrival is None:
            return Moment((_AFTER_HISTORY, 1, event.date, rank, event.name), event.date)
        return Moment(
            (arrival.step, 1, event.date, rank, event.name),
            event.date,
            paris_date(arrival.moment),
        )

    def _file(self, arrival: Arrival) -> Moment:
        day = paris_date(arrival.moment)
        return Moment((arrival.step, 0), day, day)


def git_chronology(line: DossierTimeline | None) -> Chronology:
    return Chronology(Source.GIT, line or DossierTimeline())


def dates_chronology() -> Chronology:
    return Chronology(Source.DATES, None)

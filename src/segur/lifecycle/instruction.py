"""What the instruction has already decided, for the FIFO queue, read through the lifecycle's
event models: the chapters that have a verdict, the candidatures that are closed (rejected,
refused or referenced), and the arrival of each complete chapter (`segur.lifecycle.chronology`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from segur.lifecycle.analysis import CLOSED, Analysis, Etat
from segur.lifecycle.calendar import paris_date
from segur.lifecycle.queue import QueueEntry, rank
from segur.lifecycle.timeline import Arrival
from segur.rules.preuves.completeness import ChapterState


def verdict_chapters(analyses: Iterable[Analysis]) -> set[tuple[str, str]]:
    """The chapters whose latest verdict still holds: a stale one (the chapter changed after
    it) puts the chapter back in the queue, at its new reception."""
    return {
        (a.cycle.dossier, code)
        for a in analyses
        for code in a.progress.verdicts
        if a.progress.stale(code, a.facts) is None
    }


def closed_dossiers(analyses: Iterable[Analysis]) -> set[str]:
    return {a.cycle.dossier for a in analyses if a.cycle.etat in CLOSED}


def complete_arrivals(analyses: Iterable[Analysis]) -> list[tuple[Arrival, str, str]]:
    """Each chapter complete now, with its latest reception on main (§3.4: a re-submission is
    a new reception). A candidature still in brouillon on the analysis day has nothing in the
    queue, and a chapter received after that day is not there yet."""
    found: list[tuple[Arrival, str, str]] = []
    for analysis in analyses:
        if analysis.cycle.etat is Etat.BROUILLON:
            continue
        chronology = analysis.facts.chronology
        for status in analysis.status.chapitres:
            if status.state is not ChapterState.COMPLET:
                continue
            arrival = chronology.arrival(status.code)
            if arrival is not None and paris_date(arrival.moment) <= analysis.today:
                found.append((arrival, analysis.cycle.dossier, status.code))
        # The chapters without proof to deposit, received with the administrative dossier.
        admin = chronology.admin_arrival()
        shown = {s.code for s in analysis.status.chapitres}
        if admin is not None and paris_date(admin.moment) <= analysis.today:
            for code, moment in analysis.facts.chapters.items():
                if code not in shown and moment is not None:
                    found.append((admin, analysis.cycle.dossier, code))
    return found


def instruction_queue(analyses: list[Analysis], today: dt.date) -> list[QueueEntry]:
    """The FIFO queue of `segur queue`: each chapter complete now, at its latest reception,
    without a verdict that still holds, of an open candidature, oldest first."""
    return rank(
        complete_arrivals(analyses), verdict_chapters(analyses), today, closed_dossiers(analyses)
    )

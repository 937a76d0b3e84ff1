"""The FIFO instruction queue (§3.4): complete chapters waiting for instruction, in the order
they reached `main` complete.

A chapter leaves the queue when the instruction has recorded a verdict on it (a `verdict`
event of the journal naming the chapter), and with its candidature once that is closed
(rejected, refused or referenced).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from segur.lifecycle.calendar import jours_ouvres_between, paris_date
from segur.lifecycle.timeline import Arrival


@dataclass(frozen=True, slots=True)
class QueueEntry:
    position: int
    dossier: str
    chapitre: str
    arrivee: Arrival
    attente_jours_ouvres: int


def rank(
    candidates: Iterable[tuple[Arrival, str, str]],
    instructed: Iterable[tuple[str, str]],
    today: dt.date,
    closed: Iterable[str] = (),
) -> list[QueueEntry]:
    """The queue of (arrival, dossier, chapter) candidates without a verdict, of open
    candidatures, by step of main (so that a wrong committer clock cannot reorder it); ties
    (two chapters completed by one merge) keep a stable order: candidature, then chapter."""
    done = set(instructed)
    shut = set(closed)
    waiting = [
        (arrival, dossier, code)
        for arrival, dossier, code in candidates
        if (dossier, code) not in done and dossier not in shut
    ]
    waiting.sort(key=lambda item: (item[0].step, item[0].moment, item[1], item[2]))
    return [
        QueueEntry(
            position,
            dossier,
            code,
            arrival,
            jours_ouvres_between(paris_date(arrival.moment), today),
        )
        for position, (arrival, dossier, code) in enumerate(waiting, start=1)
    ]

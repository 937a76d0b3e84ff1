"""The FIFO instruction queue (§3.4): complete chapters waiting for instruction, in the order
they reached `main` complete.

A chapter leaves the queue when the instruction has recorded a verdict on it (a `verdict`
event of the journal naming the chapter).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from segur.calendar import jours_ouvres_between, paris_date
from segur.completeness import ChapterState
from segur.timeline import Arrival, Timeline


@dataclass(frozen=True, slots=True)
class QueueEntry:
    position: int
    dossier: str
    chapitre: str
    arrivee: Arrival
    attente_jours_ouvres: int


def build_queue(
    timeline: Timeline, instructed: Iterable[tuple[str, str]], today: dt.date
) -> list[QueueEntry]:
    """Complete, not yet instructed chapters, oldest arrival first.

    Ties (two chapters completed by one merge) keep a stable order: candidature, then chapter.
    """
    done = set(instructed)
    waiting: list[tuple[Arrival, str, str]] = []
    for dossier, line in timeline.dossiers.items():
        for code, arrival in line.chapitres.items():
            if line.etats.get(code) is ChapterState.COMPLET and (dossier, code) not in done:
                waiting.append((arrival, dossier, code))
    waiting.sort(key=lambda item: (item[0].step, item[1], item[2]))
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

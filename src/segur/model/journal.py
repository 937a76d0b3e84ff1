"""The instruction journal: append-only event files inside each candidature folder.

    dossiers/<editeur>/<candidature>/journal/<AAAA-MM-JJ>-<type>[-<suffixe>].yaml

The type is part of the file name so that access control can decide who may add a file
without reading (untrusted) content; the content repeats it and a rule checks both agree.
Each type is owned by exactly one role: this table is the single source of that ownership.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

JOURNAL_DIR = "journal"


class Role(StrEnum):
    EDITEUR = "editeur"
    INSTRUCTEUR = "instructeur"
    COLLEGE = "college"
    DIRECTION = "direction"
    ADMIN = "admin"
    BOT = "bot"


# type d'événement -> rôle propriétaire
EVENT_OWNERS: dict[str, Role] = {
    "validation-administrative": Role.INSTRUCTEUR,
    "sollicitation": Role.INSTRUCTEUR,
    "reponse": Role.EDITEUR,
    "verdict": Role.INSTRUCTEUR,
    "ins-proposition": Role.INSTRUCTEUR,
    "ins-confirmation": Role.EDITEUR,
    "ins-resultat": Role.INSTRUCTEUR,
    "signature-editeur": Role.EDITEUR,
    "signature-ans": Role.DIRECTION,
    "decision-college": Role.COLLEGE,
    "notification": Role.BOT,
    "audit": Role.INSTRUCTEUR,
}

_NAME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<type>"
    + "|".join(sorted(EVENT_OWNERS, key=len, reverse=True))
    + r")(?:-(?P<suffix>[a-z0-9][a-z0-9-]*))?\.yaml$"
)


@dataclass(frozen=True, slots=True)
class EventName:
    date: str
    type: str
    suffix: str | None

    @property
    def owner(self) -> Role:
        return EVENT_OWNERS[self.type]


def parse_event_name(filename: str) -> EventName | None:
    """The parts of a journal file name, or None when it does not follow the convention."""
    match = _NAME.match(filename)
    if match is None:
        return None
    return EventName(match["date"], match["type"], match["suffix"])

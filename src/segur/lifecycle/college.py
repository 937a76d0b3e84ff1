"""The weekly collège technique de référencement (§3.5.1): its day of the week, in one place."""

from __future__ import annotations

import datetime as dt

# The collège meets every week on this day (0 = lundi): mardi. Change it here only.
SESSION_WEEKDAY = 1
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def session_weekday_name() -> str:
    return WEEKDAYS[SESSION_WEEKDAY]


def next_session(day: dt.date) -> dt.date:
    """The session on `day` if it is a session day, else the next one."""
    return day + dt.timedelta(days=(SESSION_WEEKDAY - day.weekday()) % 7)


def is_session_day(day: dt.date) -> bool:
    return day.weekday() == SESSION_WEEKDAY

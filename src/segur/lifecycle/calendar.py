"""Jours ouvrés: Monday to Friday, minus French public holidays, in Europe/Paris time.

Counting convention (the procedure says "dans un délai de 5 jours ouvrés à compter de" the
solicitation): as in French procedural law (code de procédure civile, art. 641), the day of the
triggering act does not count. A solicitation made on Monday 2 March is answered in time up to
the end of the 5th jour ouvré after it, Monday 9 March, 23:59:59 Paris time. A solicitation
made on a Saturday starts counting from the next jour ouvré the same way.

Public holidays come from the `holidays` package (metropolitan France).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")


@cache
def _holidays(year: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("FR", years=year, language="fr").items())


def holiday_name(day: dt.date) -> str | None:
    return _holidays(day.year).get(day)


def is_jour_ouvre(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def paris_date(moment: dt.datetime) -> dt.date:
    """The calendar day in Paris of an aware datetime (a commit at 23:30 UTC is the next day)."""
    if moment.tzinfo is None:
        raise ValueError("date et heure sans fuseau horaire")
    return moment.astimezone(PARIS).date()


def add_jours_ouvres(start: dt.date, count: int) -> dt.date:
    """The `count`-th jour ouvré after `start` (`start` itself never counts)."""
    if count < 0:
        raise ValueError("nombre de jours ouvrés négatif")
    day = start
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if is_jour_ouvre(day):
            remaining -= 1
    return day


def jours_ouvres_between(start: dt.date, end: dt.date) -> int:
    """Jours ouvrés after `start` up to and including `end` (0 when `end <= start`).

    Counted in closed form (weekdays of the span, minus the holidays that fall on one), not day
    by day: the queue counts the wait of thousands of chapters over months.
    """
    if end <= start:
        return 0
    return (
        _weekdays_until(end)
        - _weekdays_until(start)
        - sum(
            1
            for year in range(start.year, end.year + 1)
            for day in _holidays(year)
            if start < day <= end and day.weekday() < 5
        )
    )


def _weekdays_until(day: dt.date) -> int:
    """Mondays to Fridays from an arbitrary origin up to and including `day`."""
    # date.min (0001-01-01) is a Monday: whole weeks count 5, then the days of the last one.
    weeks, rest = divmod(day.toordinal() - 1, 7)
    return weeks * 5 + min(rest + 1, 5)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of `day` in Paris: the moment a deadline on that day expires."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), PARIS)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day number `months` later, or the last day of that month when it is shorter
    (31 January + 1 month = 28 or 29 February): the computation of a duration in months of
    the code de procédure civile, art. 641, al. 2."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (following - dt.timedelta(days=1)).day
    return dt.date(year, month, min(start.day, last))

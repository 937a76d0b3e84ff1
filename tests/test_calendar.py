"""Jours ouvrés (Monday–Friday minus French public holidays), with property-based tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from segur.lifecycle.calendar import (
    PARIS,
    add_jours_ouvres,
    end_of_day,
    holiday_name,
    is_jour_ouvre,
    jours_ouvres_between,
    paris_date,
)

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))


def test_known_french_holidays() -> None:
    assert holiday_name(dt.date(2026, 12, 25)) == "Noël"
    assert not is_jour_ouvre(dt.date(2026, 12, 25))
    assert not is_jour_ouvre(dt.date(2027, 1, 1))
    assert not is_jour_ouvre(dt.date(2026, 7, 14))
    assert is_jour_ouvre(dt.date(2026, 12, 24))  # Christmas Eve is worked
    assert not is_jour_ouvre(dt.date(2026, 12, 26))  # a Saturday


def test_solicitation_day_does_not_count() -> None:
    # Monday 2 March 2026: the 5th jour ouvré after it is Monday 9 March.
    assert add_jours_ouvres(dt.date(2026, 3, 2), 5) == dt.date(2026, 3, 9)


def test_christmas_and_new_year_are_skipped() -> None:
    # Thursday 24 December 2026: 28, 29, 30, 31 December count; 25 (Noël), 26–27 (week-end),
    # 1 January (jour de l'an) and 2–3 (week-end) do not; the 5th is Monday 4 January.
    assert add_jours_ouvres(dt.date(2026, 12, 24), 5) == dt.date(2027, 1, 4)


def test_saturday_solicitation_counts_from_monday() -> None:
    assert add_jours_ouvres(dt.date(2026, 3, 7), 1) == dt.date(2026, 3, 9)


def test_paris_date_of_a_late_utc_commit() -> None:
    late = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    assert paris_date(late) == dt.date(2026, 3, 2)
    assert end_of_day(dt.date(2026, 3, 9)).tzinfo == PARIS


@given(days, st.integers(min_value=0, max_value=40))
def test_added_days_land_on_a_jour_ouvre_and_count_back(start: dt.date, count: int) -> None:
    due = add_jours_ouvres(start, count)
    if count:
        assert is_jour_ouvre(due)
        assert due > start
    assert jours_ouvres_between(start, due) == count


@given(days, days)
def test_between_is_additive(a: dt.date, b: dt.date) -> None:
    start, end = min(a, b), max(a, b)
    middle = start + (end - start) / 2
    total = jours_ouvres_between(start, end)
    assert total == jours_ouvres_between(start, middle) + jours_ouvres_between(middle, end)
    # Never more jours ouvrés than weekdays.
    assert total <= sum(
        1 for n in range(1, (end - start).days + 1) if (start + dt.timedelta(days=n)).weekday() < 5
    )


@given(days, days)
def test_between_counts_each_jour_ouvre(a: dt.date, b: dt.date) -> None:
    # The closed form against the definition: every day after start, up to end, that is ouvré.
    start, end = min(a, b), max(a, b)
    span = (end - start).days
    expected = sum(1 for n in range(1, span + 1) if is_jour_ouvre(start + dt.timedelta(days=n)))
    assert jours_ouvres_between(start, end) == expected
    assert jours_ouvres_between(end, start) == (0 if span else expected)


@given(days)
def test_weekends_are_never_jours_ouvres(day: dt.date) -> None:
    if day.weekday() >= 5:
        assert not is_jour_ouvre(day)

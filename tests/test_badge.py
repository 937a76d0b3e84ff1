"""The logo window (§3.5.3): from the day both parties signed to the end of the convention
(its duration in months comes from the REM header), both days included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle_support import SIGNATURE_ANS, Story, admitted, decision, to_the_college
from segur.cli import main
from segur.lifecycle.calendar import add_months


def test_months_are_added_day_for_day_or_to_the_end_of_the_month() -> None:
    assert add_months(dt.date(2026, 3, 25), 36) == dt.date(2029, 3, 25)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


@given(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.integers(min_value=0, max_value=120),
)
def test_add_months_properties(start: dt.date, months: int) -> None:
    end = add_months(start, months)
    assert (end.year - start.year) * 12 + end.month - start.month == months
    assert end.day == start.day or (end.day < start.day and (end + dt.timedelta(days=1)).day == 1)


@pytest.fixture(scope="module")
def referenced(tmp_path_factory: pytest.TempPathFactory) -> Story:
    story = admitted(tmp_path_factory.mktemp("badge") / "depot")
    to_the_college(story)
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": decision("2026-03-24")})
    story.events("2026-03-25", {"2026-03-25-signature-ans.yaml": SIGNATURE_ANS})
    return story


def _badge(story: Story, out: Path, today: str) -> int:
    args = ["--repo", str(story.root), "badge", story.dossier, "--out", str(out)]
    return main([*args, "--today", today])


@pytest.mark.parametrize(
    ("today", "code", "message"),
    [
        ("2026-03-24", 1, "la candidature est « attribuée »"),  # the ANS has not signed yet
        ("2026-03-25", 0, ""),  # signed by both parties that day
        ("2029-03-25", 0, ""),  # last day of the convention
        ("2029-03-26", 1, "la convention a pris fin le 25/03/2029"),
    ],
)
def test_the_badge_exists_only_inside_the_window(
    referenced: Story,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    today: str,
    code: int,
    message: str,
) -> None:
    out = tmp_path / "badge.svg"
    assert _badge(referenced, out, today) == code
    if code:
        assert not out.exists()
        assert message in capsys.readouterr().err
        return
    svg = out.read_text(encoding="utf-8")
    numero = referenced.analyse(today).cycle.numero_attestation
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "Référencé Ségur" in svg and "DPI · jusqu'au 25/03/2029" in svg
    assert f"attestation {numero} - valide du 25/03/2026 au 25/03/2029" in svg
    assert "EXEMPLE" not in svg

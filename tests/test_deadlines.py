"""Deadlines: the 5 jours ouvrés of an administrative solicitation (§3.2) and the two weeks of
the INS test day (§3.4), with property-based tests across weekends, public holidays and year
boundaries, then `segur deadlines` on a real history and on the demo repository of the examples.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle_support import Story, admitted, event
from segur.cli import main
from segur.lifecycle.calendar import is_jour_ouvre, jours_ouvres_between
from segur.lifecycle.chronology import Moment
from segur.lifecycle.progress import Progress, Request
from segur.repository.journal import JournalEvent

# Any day of 2020-2035, and days around New Year, where Christmas, New Year's Day and
# weekends pile up.
any_day = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
year_end = st.builds(
    lambda year, offset: dt.date(year, 12, 10) + dt.timedelta(days=offset),
    st.integers(min_value=2020, max_value=2035),
    st.integers(min_value=0, max_value=35),
)
days = st.one_of(any_day, year_end)


def _event(kind: str, day: dt.date, name: str | None = None) -> JournalEvent:
    return JournalEvent(
        name or f"{day}-{kind}.yaml", f"journal/{day}-{kind}.yaml", day, kind, None, None
    )


def _request(day: dt.date, arrival: dt.date | None = None, reply: dt.date | None = None) -> Request:
    request = Request(_event("sollicitation", day), Moment((day,), day, arrival), None)
    if reply is not None:
        request.reply = _event("reponse", reply)
    return request


@given(days)
def test_the_deadline_is_the_fifth_jour_ouvre_after_the_solicitation(day: dt.date) -> None:
    deadline = _request(day).deadline
    assert deadline is not None and deadline > day
    assert is_jour_ouvre(deadline)
    # The day of the solicitation never counts, whatever it is; exactly 5 jours ouvrés.
    assert jours_ouvres_between(day, deadline) == 5
    assert jours_ouvres_between(day, deadline - dt.timedelta(days=1)) == 4
    # At most 5 working days plus two week-ends and a few public holidays.
    assert (deadline - day).days <= 5 + 4 + 4


@given(days)
def test_an_answer_on_the_deadline_is_in_time_the_next_day_is_not(day: dt.date) -> None:
    deadline = _request(day).deadline
    assert deadline is not None
    after = deadline + dt.timedelta(days=1)
    on_time = Progress(requests=[_request(day, reply=deadline)])
    late = Progress(requests=[_request(day, reply=after)])
    silent = Progress(requests=[_request(day)])
    assert on_time.rejection(after + dt.timedelta(days=30)) is None
    assert late.rejection(after) is not None
    assert silent.rejection(deadline) is None  # still in time on the last day
    rejected = silent.rejection(after)
    assert rejected is not None and rejected[1] == deadline


@given(days, st.integers(min_value=0, max_value=10))
def test_a_solicitation_counts_from_its_arrival_when_merged_late(day: dt.date, late: int) -> None:
    arrival = day + dt.timedelta(days=late)
    assert _request(day, arrival=arrival).deadline == _request(arrival).deadline
    # Merged early (or the same day), it counts from its own date.
    assert _request(arrival, arrival=day).deadline == _request(arrival).deadline


@given(days)
def test_a_chapter_solicitation_has_no_deadline(day: dt.date) -> None:
    request = Request(_event("sollicitation", day), Moment((day,), day), "INS")
    assert request.deadline is None
    assert Progress(requests=[request]).rejection(day + dt.timedelta(days=400)) is None


def test_known_deadlines_around_holidays() -> None:
    def due(text: str) -> dt.date | None:
        return _request(dt.date.fromisoformat(text)).deadline

    assert due("2026-03-02") == dt.date(2026, 3, 9)  # Monday to Monday
    assert due("2026-11-10") == dt.date(2026, 11, 18)  # 11 November is a public holiday
    assert due("2026-12-24") == dt.date(2027, 1, 4)  # Christmas, week-ends, New Year's Day
    assert due("2026-12-26") == dt.date(2027, 1, 4)  # a Saturday: 28, 29, 30, 31 Dec, 4 Jan
    assert due("2027-04-30") == dt.date(2027, 5, 10)  # Ascension: Thursday 6 May 2027


@pytest.fixture(scope="module")
def ins_story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """Every chapter complete on Thursday 5 March 2026: the INS test day is due by the 19th."""
    return admitted(tmp_path_factory.mktemp("ins") / "depot")


def _deadlines(
    root: Path, today: str, capsys: pytest.CaptureFixture[str]
) -> list[dict[str, object]]:
    assert main(["--repo", str(root), "deadlines", "--today", today, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["jour"] == today
    items: list[dict[str, object]] = data["echeances"]
    return items


def test_the_ins_test_day_is_proposed_within_fourteen_days(
    ins_story: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    def ins(today: str) -> dict[str, object]:
        items = _deadlines(ins_story.root, today, capsys)
        return next(i for i in items if "journée de test INS" in str(i["action"]))

    assert ins("2026-03-19") == {
        "dossier": "dossiers/editeur-a/dpi-1",
        "action": "Proposer une date de journée de test INS",
        "a_qui": "ANS",
        "echeance": "2026-03-19",  # 14 calendar days after Thursday 5 March
        "statut": "aujourd'hui",
        "regle": "§3.4 : proposition sous deux semaines (14 jours) après le chapitre INS complet",
        "indicatif": False,
        "consequence": None,
        "source": None,
    }
    assert ins("2026-03-20")["statut"] == "dépassée"
    assert ins("2026-03-06")["statut"] == "à venir"


def test_administrative_solicitation_deadline_and_rejection(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = Story(tmp_path / "depot")
    story.admin("2026-03-02")
    story.events(
        "2026-03-03", {"2026-03-03-sollicitation.yaml": event("sollicitation", message="Kbis ?")}
    )
    (item,) = _deadlines(story.root, "2026-03-10", capsys)
    assert (item["echeance"], item["statut"], item["a_qui"]) == (
        "2026-03-10",
        "aujourd'hui",
        "éditeur",
    )
    assert item["consequence"] == "rejet de la candidature si pas de réponse"
    assert str(item["source"]).endswith("journal/2026-03-03-sollicitation.yaml")
    (item,) = _deadlines(story.root, "2026-03-11", capsys)
    assert (item["statut"], item["consequence"]) == ("dépassée", "candidature rejetée")


def test_other_actions_have_no_invented_deadline(
    ins_story: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = ins_story.clone(tmp_path / "depot")
    story.events(
        "2026-03-06",
        {"2026-03-06-sollicitation-mss.yaml": event("sollicitation", chapitre="MSS", message="?")},
    )
    items = _deadlines(story.root, "2026-03-09", capsys)
    mss = next(i for i in items if "chapitre MSS" in str(i["action"]))
    assert (mss["echeance"], mss["statut"], mss["a_qui"]) == (None, "sans délai", "éditeur")
    assert "aucun délai fixé par la procédure" in str(mss["regle"])
    queue = next(i for i in items if "file d'attente" in str(i["action"]))
    assert (queue["a_qui"], queue["echeance"]) == ("ANS", None)
    # Dated items first.
    assert items[0]["echeance"] == "2026-03-19"


def test_deadlines_of_the_examples_around_christmas(
    demo_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = _deadlines(demo_repo, "2026-12-24", capsys)
    dated = [(i["echeance"], i["statut"], i["a_qui"], i["dossier"]) for i in items if i["echeance"]]
    assert dated == [
        ("2026-11-18", "dépassée", "éditeur", "dossiers/exemple-logiciels-oublies/db-0-9"),
        ("2026-12-04", "dépassée", "ANS", "dossiers/exemple-plateforme-sante/pfi-1-4"),
        # Solicited on Thursday 24 December: 28, 29, 30, 31 December and 4 January (Christmas,
        # the week-ends and New Year's Day do not count).
        ("2027-01-04", "à venir", "éditeur", "dossiers/exemple-teleradiologie-sud/db-3-1"),
    ]
    undated = {(i["dossier"], i["a_qui"]) for i in items if not i["echeance"]}
    assert ("dossiers/exemple-sante-logiciels/dpi-5-3", "éditeur") in undated  # HOP, 22 Dec
    assert ("dossiers/exemple-partage-images/db-4-0", "ANS") in undated  # to notify


def test_deadlines_text_and_markdown(demo_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--repo", str(demo_repo), "deadlines", "--today", "2026-11-28"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Échéances au 28/11/2026" in out and "01/12/2026" in out  # ris-2024-2's answer
    assert main([*args, "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("## Échéances au 28/11/2026")
    assert (
        "| 04/12/2026 | à venir | ANS | `dossiers/exemple-plateforme-sante/pfi-1-4` |" in markdown
    )

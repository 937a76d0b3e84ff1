"""The weekly collège: its session day, and the agenda of a session on a real history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifecycle_support import (
    SIGNATURE_EDITEUR,
    Story,
    admitted,
    all_verdicts,
    decision,
    to_the_college,
)
from segur.cli import main
from segur.lifecycle.college import SESSION_WEEKDAY, is_session_day, next_session


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_the_next_session_is_the_session_day_of_the_coming_week(day: dt.date) -> None:
    session = next_session(day)
    assert session.weekday() == SESSION_WEEKDAY == 1  # mardi
    assert 0 <= (session - day).days < 7
    assert next_session(session) == session
    assert is_session_day(session)


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """The editor signs the convention on Monday 23 March 2026."""
    story = admitted(tmp_path_factory.mktemp("college") / "depot")
    to_the_college(story)
    return story


def _agenda(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["--repo", str(root), "college", "agenda", *args, "--format", "json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_a_signed_convention_is_on_the_next_agenda(
    signed: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _agenda(signed.root, capsys, "--today", "2026-03-23")
    assert data == {
        "seance": "2026-03-24",
        "candidatures": [
            {
                "dossier": "dossiers/editeur-a/dpi-1",
                "editeur": "Exemple Santé Logiciels SAS",
                "solution": "Exemple DPI",
                "version_technique": "5.10",
                "dispositif": "DPI",
                "profils": ["Général", "IAM"],
                "signature_editeur": "2026-03-23",
                "chapitres_conformes": 5,
                "journee_test_ins": "conforme",
            }
        ],
        "decisions": [],
    }
    # --date picks the session of that day, or the next one: Monday 23 -> Tuesday 24.
    assert _agenda(signed.root, capsys, "--date", "2026-03-23")["seance"] == "2026-03-24"
    # The session of the 17th came before the signature.
    assert _agenda(signed.root, capsys, "--date", "2026-03-17")["candidatures"] == []


def test_a_signature_on_the_session_day_waits_for_the_next_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = admitted(tmp_path / "depot", vague_1=True)
    story.events("2026-03-06", all_verdicts("2026-03-06"))
    story.events("2026-03-10", {"2026-03-10-signature-editeur.yaml": SIGNATURE_EDITEUR})
    assert _agenda(story.root, capsys, "--date", "2026-03-10")["candidatures"] == []
    later = _agenda(story.root, capsys, "--date", "2026-03-17")["candidatures"]
    assert isinstance(later, list) and len(later) == 1


def test_a_decided_candidature_leaves_the_agenda(
    signed: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = signed.clone(tmp_path / "depot")
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": decision("2026-03-24")})
    past = _agenda(story.root, capsys, "--date", "2026-03-24")
    assert isinstance(past["candidatures"], list) and len(past["candidatures"]) == 1
    assert past["decisions"] == [
        {
            "dossier": "dossiers/editeur-a/dpi-1",
            "decision": "attribution",
            "numero_attestation": story.analyse("2026-03-24").cycle.numero_attestation,
        }
    ]
    assert _agenda(story.root, capsys, "--date", "2026-03-31")["candidatures"] == []


def test_agenda_formats_on_the_examples(
    demo_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--repo", str(demo_repo), "college", "agenda", "--date", "2026-12-01"]
    assert main([*args, "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("## Ordre du jour du collège technique du 01/12/2026")
    assert "| `dossiers/exemple-partage-images/db-4-0` | Exemple Partage Images SARL |" in markdown
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "1. dossiers/exemple-partage-images/db-4-0 : Exemple Partage Images SARL" in text
    assert "convention signée le 26/11/2026" in text

"""`build_timeline(..., dossiers=...)`: the timelines of a few candidatures, read from their
folders' history only, are those of the whole replay (same steps, same dates, same states)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from segur.cli import main
from segur.dossier.status import dossier_status
from segur.lifecycle.analysis import analyse_all
from segur.lifecycle.history import build_timeline
from segur.lifecycle.timeline import status_at
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import ChapterState


def test_a_subset_has_the_timelines_of_the_whole_replay(tmp_path: Path) -> None:
    out = tmp_path / "depot"
    assert main(["synthetique", "--n", "8", "--out", str(out), "--graine", "3"]) == 0
    repo = Repository(out)
    catalogue, _ = load_catalogue(repo.rem_dir, repo.root)
    whole = build_timeline(repo, catalogue)
    chosen = sorted(whole.dossiers)[1:4:2]
    subset = build_timeline(repo, catalogue, dossiers=chosen)
    assert sorted(subset.dossiers) == chosen
    for dossier in chosen:
        assert subset.dossiers[dossier] == whole.dossiers[dossier]
    assert subset.head == whole.head
    assert any(whole.dossiers[d].chapitres for d in chosen)
    empty = build_timeline(repo, catalogue, dossiers=[])
    assert empty.dossiers == {} and empty.head == whole.head


def test_the_last_step_of_the_replay_is_the_status_of_the_files(tmp_path: Path) -> None:
    # The queue and the site take each chapter's state from the replay rather than reading and
    # hashing every proof again: on a repository whose files all pass the checks (main), both
    # must say the same, chapter by chapter, and give the same lifecycle.
    out = tmp_path / "depot"
    assert main(["synthetique", "--n", "8", "--out", str(out), "--graine", "5"]) == 0
    repo = Repository(out)
    catalogue, _ = load_catalogue(repo.rem_dir, repo.root)
    timeline = build_timeline(repo, catalogue)
    states: set[ChapterState] = set()
    for folder in repo.dossiers():
        shown = repo.display(folder)
        from_files = dossier_status(folder, repo, catalogue)
        assert status_at(shown, timeline.dossiers[shown]) == from_files
        states.update(c.state for c in from_files.chapitres)
    assert len(states) >= 2, "des chapitres complets et d'autres qui ne le sont pas"
    today = dt.date(2026, 6, 1)
    cycles = [a.cycle for a in analyse_all(repo, catalogue, today, timeline)]
    assert [
        a.cycle for a in analyse_all(repo, catalogue, today, timeline, from_history=True)
    ] == cycles

"""`build_timeline(..., dossiers=...)`: the timelines of a few candidatures, read from their
folders' history only, are those of the whole replay (same steps, same dates, same states)."""

from __future__ import annotations

from pathlib import Path

from segur.cli import main
from segur.rem_catalogue import load_catalogue
from segur.repository import Repository
from segur.timeline import build_timeline


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

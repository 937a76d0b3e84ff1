"""FIFO queue on real git histories: order of arrival of complete chapters on main (§3.4)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from adm_support import write_dossier
from gitrepo import GitRepo
from lifecycle_support import Story, chapter_digest, event
from proof_support import SAMPLES, complete_ins, deposit, file_entry, write_rem
from segur.cli import main
from segur.lifecycle.analysis import analyse_federation, load_timelines
from segur.lifecycle.history import build_timeline
from segur.lifecycle.instruction import instruction_queue
from segur.repository.catalogue import load_catalogue
from segur.repository.federation import Federation
from segur.repository.paths import Repository

A = "dossiers/editeur-a/dpi-1"
B = "dossiers/editeur-b/dpi-2"


def _mss(folder: Path) -> None:
    deposit(folder, "MSS", {"MSS.01.01.01": {"identifiant": "EXEC-42"}})


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    """Two editors on one repository; A's INS and MSS, prepared first, arrive after B's INS."""
    repo = git_repo
    write_rem(repo.root)
    repo.commit("catalogue REM", date="2026-02-27")
    # Two editors deposit their administrative dossiers.
    repo.branch("a-admin")
    a = write_dossier(repo.root, editeur="editeur-a", candidature="dpi-1")
    repo.commit("A : dossier administratif", date="2026-02-28")
    repo.merge("a-admin", date="2026-03-02")
    repo.branch("b-admin")
    b = write_dossier(repo.root, editeur="editeur-b", candidature="dpi-2")
    repo.commit("B : dossier administratif", date="2026-03-02T11:00:00+01:00")
    repo.merge("b-admin", date="2026-03-03")
    # A prepares INS and MSS early on a branch, but merges it after B's INS.
    repo.branch("a-preuves")
    complete_ins(a)
    _mss(a)
    repo.commit("A : INS et MSS", date="2026-03-03T12:00:00+01:00")
    repo.checkout("main")
    repo.branch("b-ins")
    complete_ins(b)
    repo.commit("B : INS", date="2026-03-04T08:00:00+01:00")
    repo.merge("b-ins", date="2026-03-04T10:00:00+01:00")
    # Two chapters completed in one merge.
    repo.merge("a-preuves", date="2026-03-05T10:00:00+01:00")
    # A partial deposit of APCV: incomplete, never queued.
    repo.branch("a-apcv")
    pdf = SAMPLES["pdf"]
    deposit(a, "APCV", {"APCV.01.01.01": file_entry("c.pdf", pdf)}, {"c.pdf": pdf})
    repo.commit("A : APCV sans nature", date="2026-03-05T15:00:00+01:00")
    repo.merge("a-apcv", date="2026-03-06T10:00:00+01:00")
    return repo


def _queue(root: Path, today: dt.date) -> list[tuple[str, str, int]]:
    """The queue as `segur queue` computes it, from the history of main."""
    repo = Repository(root)
    catalogue, _ = load_catalogue(repo.rem_dir, root)
    federation = Federation.single(repo)
    timelines = load_timelines(federation, catalogue, "HEAD")
    analyses = analyse_federation(federation, catalogue, today, timelines, from_history=True)
    entries = instruction_queue(analyses, today)
    return [(e.dossier, e.chapitre, e.attente_jours_ouvres) for e in entries]


def test_fifo_order_follows_arrival_on_main(repo: GitRepo) -> None:
    assert _queue(repo.root, dt.date(2026, 3, 9)) == [
        (B, "INS", 3),  # merged Wednesday 4: Thursday, Friday, Monday
        (A, "INS", 2),  # merged Thursday 5, although committed on its branch before B's
        (A, "MSS", 2),  # same merge: stable order by chapter
    ]


def test_timeline_dates_administrative_dossiers_and_chapters(repo: GitRepo) -> None:
    r = Repository(repo.root)
    catalogue, _ = load_catalogue(r.rem_dir, repo.root)
    timeline = build_timeline(r, catalogue)
    a = timeline.dossiers[A]
    assert a.administratif is not None and a.administratif.moment.date() == dt.date(2026, 3, 2)
    assert a.chapitres["INS"].moment.date() == dt.date(2026, 3, 5)
    assert "APCV" not in a.chapitres
    assert a.etats["APCV"].value == "incomplet"


def test_a_verdict_takes_the_chapter_out_of_the_queue(repo: GitRepo) -> None:
    repo.branch("verdict")
    verdict = "type: verdict\nchapitre: INS\nexigences:\n  INS.01: conforme\n  INS.02: conforme\n"
    verdict += f"empreinte: {chapter_digest('INS')}\n"
    repo.write({f"{B}/journal/2026-03-09-verdict-ins.yaml": verdict})
    repo.commit("verdict INS de B", date="2026-03-09T10:00:00+01:00")
    repo.merge("verdict", date="2026-03-09T11:00:00+01:00")
    assert [q[:2] for q in _queue(repo.root, dt.date(2026, 3, 10))] == [(A, "INS"), (A, "MSS")]


def test_committer_clock_skew_does_not_reorder(repo: GitRepo) -> None:
    # A later merge whose clock is wrong (dated in the past) still arrives last.
    repo.branch("c")
    c = write_dossier(repo.root, editeur="editeur-c", candidature="dpi-3")
    complete_ins(c)
    repo.commit("C : tout", date="2026-01-01")
    repo.merge("c", date="2026-01-02")
    assert _queue(repo.root, dt.date(2026, 3, 9))[-1][:2] == ("dossiers/editeur-c/dpi-3", "INS")


def test_queue_cli_json_and_shallow_warning(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--repo", str(repo.root), "queue", "--today", "2026-03-09", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [(d["position"], d["dossier"], d["chapitre"]) for d in data] == [
        (1, B, "INS"),
        (2, A, "INS"),
        (3, A, "MSS"),
    ]
    assert data[0]["arrivee"].startswith("2026-03-04T10:00:00")
    shallow = repo.clone(tmp_path / "superficiel", "--depth", "1")
    assert main(["--repo", str(shallow.root), "queue", "--today", "2026-03-09"]) == 0
    assert "SEG-GIT-001" in capsys.readouterr().err


def test_queue_text_output(repo: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--repo", str(repo.root), "queue", "--today", "2026-03-09"]) == 0
    out = capsys.readouterr().out
    assert out.index("editeur-b") < out.index("editeur-a")


def test_a_closed_candidature_leaves_the_queue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = Story(tmp_path / "depot")
    story.admin("2026-03-02")
    story.events(
        "2026-03-03", {"2026-03-03-sollicitation.yaml": event("sollicitation", message="?")}
    )
    story.chapters("2026-03-04")

    def queued(today: str) -> list[str]:
        args = ["--repo", str(story.root), "queue", "--today", today, "--format", "json"]
        assert main(args) == 0
        return [e["chapitre"] for e in json.loads(capsys.readouterr().out)]

    assert queued("2026-03-10") == ["APCV", "INS", "MSS", "PROCEDURE", "SSI/IAM"]  # one merge
    assert queued("2026-03-11") == []  # rejected: no answer within 5 jours ouvrés

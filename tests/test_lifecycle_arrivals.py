"""Arrivals decide (§3.2, §3.4), on real git histories: a reply counts from its arrival on main
(Paris day), never from the date of its file name; a rejected candidature stays rejected; the
FIFO queue follows the latest reception of each complete chapter, without the candidatures in
brouillon or what arrives after `--today`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from adm_support import write_dossier
from gitrepo import GitRepo
from lifecycle_support import (
    SIGNATURE_EDITEUR,
    VALIDATION,
    Story,
    admitted,
    all_verdicts,
    chapter_digest,
    event,
)
from proof_support import complete_ins, write_rem
from segur.check.run import run as check_run
from segur.cli import main
from segur.lifecycle.history import build_timeline
from segur.model.cycle import Etat
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository

SOLLICITATION = "2026-03-03-sollicitation.yaml"


def _solicited(root: Path) -> Story:
    """Deposited on Monday 2 March; solicited on Tuesday 3: answer by Tuesday 10 March."""
    story = Story(root)
    story.admin("2026-03-02")
    story.events("2026-03-03", {SOLLICITATION: event("sollicitation", message="Mandat non signé")})
    return story


def _reply() -> str:
    return event("reponse", sollicitation=SOLLICITATION, message="Mandat signé")


def _merge_reply(story: Story, name: str, merged: str) -> None:
    """A reply named `name`, committed on its branch on the 9th, merged at `merged`."""
    story.git.branch("reponse")
    story.git.commit(
        "réponse",
        {f"{story.dossier}/journal/{name}": _reply()},
        date="2026-03-09T09:00:00+01:00",
    )
    story.git.merge("reponse", date=merged)


def _rules(story: Story) -> list[str]:
    return [f.rule for f in story.check()]


def test_a_reply_merged_late_does_not_reopen_a_rejected_candidature(tmp_path: Path) -> None:
    # SEG-CYC-024 fires: the file name says the 9th, main received it on Thursday 12 March.
    story = _solicited(tmp_path / "depot")
    assert story.analyse("2026-03-11").cycle.etat is Etat.REJETEE
    _merge_reply(story, "2026-03-09-reponse.yaml", "2026-03-12T10:00:00+01:00")
    for today in ("2026-03-12", "2026-03-20"):
        cycle = story.analyse(today).cycle
        assert (cycle.etat, cycle.en_cours) == (Etat.REJETEE, False)
    assert _rules(story) == ["SEG-CYC-024"]
    (finding,) = story.check()
    assert "12/03/2026" in finding.message and "10/03/2026" in finding.message


def test_a_reply_merged_in_time_is_clean(tmp_path: Path) -> None:
    # SEG-CYC-024 does not fire: merged on the last day, at 23:30 Paris time.
    story = _solicited(tmp_path / "depot")
    _merge_reply(story, "2026-03-09-reponse.yaml", "2026-03-10T23:30:00+01:00")
    assert story.analyse("2026-03-20").cycle.etat is Etat.DEPOSE
    assert _rules(story) == []


@pytest.mark.parametrize(
    "merged",
    ["2026-03-11T00:30:00+01:00", "2026-03-10T23:30:00+00:00"],  # both 00:30 in Paris, the 11th
)
def test_the_day_of_an_arrival_is_the_paris_day(tmp_path: Path, merged: str) -> None:
    story = _solicited(tmp_path / "depot")
    _merge_reply(story, "2026-03-10-reponse.yaml", merged)
    assert story.analyse("2026-03-20").cycle.etat is Etat.REJETEE
    assert _rules(story) == ["SEG-CYC-024"]


def test_a_reply_not_yet_merged_arrives_at_the_earliest_today(tmp_path: Path) -> None:
    story = _solicited(tmp_path / "depot")
    story.events("2026-03-09", {"2026-03-09-reponse.yaml": _reply()}, merge=False)
    assert story.analyse("2026-03-09").cycle.etat is Etat.DEPOSE  # merged today: in time
    late = story.analyse("2026-03-12")
    assert late.cycle.etat is Etat.REJETEE
    assert [f.rule for f in late.findings] == ["SEG-CYC-024"]


A = "dossiers/editeur-a/dpi-1"
B = "dossiers/editeur-b/dpi-2"
C = "dossiers/editeur-c/dpi-3"
D = "dossiers/editeur-d/dpi-4"


def _pr(repo: GitRepo, name: str, day: str, files: dict[str, str | bytes | None]) -> None:
    repo.branch(name)
    repo.commit(name, files, date=f"{day}T09:00:00+01:00")
    repo.merge(name, date=f"{day}T10:00:00+01:00")


def _dossier_pr(repo: GitRepo, name: str, day: str, editeur: str, candidature: str) -> Path:
    repo.branch(name)
    folder = write_dossier(repo.root, editeur=editeur, candidature=candidature)
    repo.commit(name, date=f"{day}T09:00:00+01:00")
    repo.merge(name, date=f"{day}T10:00:00+01:00")
    return folder


def _ins_pr(repo: GitRepo, name: str, day: str, folder: Path) -> None:
    repo.branch(name)
    complete_ins(folder)
    repo.commit(name, date=f"{day}T09:00:00+01:00")
    repo.merge(name, date=f"{day}T10:00:00+01:00")


@pytest.fixture
def queue_repo(git_repo: GitRepo) -> GitRepo:
    """A's INS complete on the 3rd, B's on the 4th; A withdraws a proof of its INS on the 5th
    and deposits it again on the 6th; C's INS arrives on the 10th; D's INS is complete on
    the 4th but its SSI questionnaire was never deposited (brouillon)."""
    repo = git_repo
    write_rem(repo.root)
    repo.commit("catalogue REM", date="2026-02-27")
    a = _dossier_pr(repo, "a-admin", "2026-03-02", "editeur-a", "dpi-1")
    b = _dossier_pr(repo, "b-admin", "2026-03-02", "editeur-b", "dpi-2")
    c = _dossier_pr(repo, "c-admin", "2026-03-02", "editeur-c", "dpi-3")
    repo.branch("d")
    d = write_dossier(repo.root, editeur="editeur-d", candidature="dpi-4")
    (d / "questionnaire-ssi.yaml").unlink()
    complete_ins(d)
    repo.commit("d", date="2026-03-04T08:00:00+01:00")
    repo.merge("d", date="2026-03-04T08:30:00+01:00")
    _ins_pr(repo, "a-ins", "2026-03-03", a)
    _ins_pr(repo, "b-ins", "2026-03-04", b)
    log = (a / "preuves" / "INS" / "insi.log").read_bytes()
    _pr(repo, "a-retrait", "2026-03-05", {f"{A}/preuves/INS/insi.log": None})
    _pr(repo, "a-redepot", "2026-03-06", {f"{A}/preuves/INS/insi.log": log})
    _ins_pr(repo, "c-ins", "2026-03-10", c)
    return repo


def _queued(root: Path, today: str, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    args = ["--repo", str(root), "queue", "--today", today, "--format", "json"]
    assert main(args) == 0
    return [(e["dossier"], e["chapitre"]) for e in json.loads(capsys.readouterr().out)]


def test_a_resubmitted_chapter_is_a_new_reception(
    queue_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # A's INS, complete again on the 6th, comes after B's (4th), not before it (3rd).
    assert _queued(queue_repo.root, "2026-03-09", capsys) == [(B, "INS"), (A, "INS")]
    args = ["--repo", str(queue_repo.root), "queue", "--today", "2026-03-09"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2026-03-06 10:00" in out and "2026-03-03" not in out


def test_the_queue_hides_later_arrivals_and_brouillons(
    queue_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # D (brouillon) is never queued; C's INS, received on the 10th, is not there on the 9th.
    assert _queued(queue_repo.root, "2026-03-04", capsys) == [(B, "INS")]
    assert _queued(queue_repo.root, "2026-03-10", capsys) == [(B, "INS"), (A, "INS"), (C, "INS")]
    assert D not in {d for d, _ in _queued(queue_repo.root, "2026-03-31", capsys)}


def test_the_timeline_keeps_first_completion_and_latest_reception(
    queue_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repository(queue_repo.root)
    catalogue, _ = load_catalogue(repo.rem_dir, repo.root)
    timeline = build_timeline(repo, catalogue)
    line = timeline.dossiers[A]
    assert line.chapitres["INS"].moment.date().isoformat() == "2026-03-03"
    assert line.receptions["INS"].moment.date().isoformat() == "2026-03-06"
    assert _queued(queue_repo.root, "2026-03-09", capsys) == [(B, "INS"), (A, "INS")]


# -- every applicable requirement is judged, with or without proofs ----------------------------

CS_CHAPTER = {
    "code": "CS",
    "libelle": "Conso et source",
    "exigences": [
        {
            "id": "CS.06",
            "chapitre": "CS",
            "bloc": "CS",
            "fonction": "Audit",
            "nature": "exigence",
            "profil": "general",
            "enonce": "Le système DOIT conserver les traces d'audit.",
            "scenarios": [],
        }
    ],
}


def _with_proofless_chapter(root: Path) -> Story:
    """The REM gains a chapter CS whose only (general) requirement has no proof; deposited on
    2 March, validated on the 4th, every chapter with proofs complete and conforme on the 5th
    and 6th; an editor referenced in vague 1 (no INS test day)."""
    story = Story(root, vague_1=True)
    story.git.commit(
        "REM : chapitre sans preuve",
        {"rem/DPI/va2-test/chapitres/CS.yaml": yaml.safe_dump(CS_CHAPTER, allow_unicode=True)},
        date="2026-02-27",
    )
    story.admin("2026-03-02")
    story.events("2026-03-04", {"2026-03-04-validation-administrative.yaml": VALIDATION})
    story.chapters("2026-03-05")
    story.events("2026-03-06", all_verdicts("2026-03-06"))
    return story


CS_VERDICT = event(
    "verdict", chapitre="CS", exigences={"CS.06": "conforme"}, empreinte=chapter_digest("CS")
)


def test_a_chapter_without_proofs_is_still_judged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = _with_proofless_chapter(tmp_path / "depot")
    analysis = story.analyse("2026-03-06")
    assert analysis.cycle.etat is Etat.EN_INSTRUCTION  # CS waits for its verdict
    assert "CS" in analysis.cycle.prochaine_action
    # Received with the administrative dossier (2 March): first in the queue.
    assert _queued(story.root, "2026-03-06", capsys) == [(story.dossier, "CS")]
    # Signing without the verdict on CS: SEG-CYC-006.
    story.events("2026-03-09", {"2026-03-09-signature-editeur.yaml": SIGNATURE_EDITEUR})
    assert _rules(story) == ["SEG-CYC-006"]


def test_a_verdict_on_a_chapter_without_proofs_opens_the_convention(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = _with_proofless_chapter(tmp_path / "depot")
    story.events("2026-03-06", {"2026-03-06-verdict-cs.yaml": CS_VERDICT})
    assert story.analyse("2026-03-06").cycle.etat is Etat.CONFORME
    assert _queued(story.root, "2026-03-06", capsys) == []
    assert _rules(story) == []
    # A verdict on CS must still cover CS.06.
    partial = event(
        "verdict", chapitre="CS", exigences={"CS.07": "conforme"}, empreinte=chapter_digest("CS")
    )
    story.events("2026-03-09", {"2026-03-09-verdict-cs.yaml": partial})
    assert "SEG-CYC-005" in _rules(story)


# -- one error, one finding ---------------------------------------------------------------------


def _judged(root: Path) -> Story:
    story = admitted(root, vague_1=True)
    story.events("2026-03-06", all_verdicts("2026-03-06"))
    return story


def test_a_broken_candidature_yaml_gives_one_note_not_a_cascade(tmp_path: Path) -> None:
    # SEG-CYC-025 fires once, instead of SEG-CYC-005 on every verdict and SEG-CYC-019.
    story = _judged(tmp_path / "depot")
    path = story.folder / "candidature.yaml"
    text = path.read_text(encoding="utf-8")
    broken, count = re.subn(r"telephone: .*", "telephone: pas un numéro", text, count=1)
    assert count == 1
    path.write_text(broken, encoding="utf-8")
    findings = check_run(Repository(story.root))
    cycle = [f for f in findings if f.rule.startswith("SEG-CYC-")]
    assert [(f.rule, Path(f.path).name) for f in cycle] == [("SEG-CYC-025", "candidature.yaml")]
    assert "6 événement(s)" in cycle[0].message
    others = [f for f in findings if not f.rule.startswith("SEG-CYC-")]
    assert others and all(Path(f.path).name == "candidature.yaml" for f in others)


def test_a_valid_candidature_yaml_has_its_lifecycle_checked(tmp_path: Path) -> None:
    # SEG-CYC-025 does not fire: the sequence rules run (and find nothing here).
    story = _judged(tmp_path / "depot")
    assert _rules(story) == []

"""`segur status DOSSIER` and `segur rem show` list the applicable requirements for which the
REM gives no proof (issue #14): nothing is deposited for them, yet their chapter's verdict must
judge them. Counted independently of the code under test, from the REM files themselves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from adm_support import VERSION, write_dossier, write_rem
from gitrepo import GitRepo
from segur.cli import main
from segur.repository.paths import default_root

ROOT = default_root()
TITLE = "Exigences sans preuve (jugées par l'instructeur)"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _proofless_in_files(folder: Path) -> set[str]:
    """Every requirement of the chapter files with no proof in any of its scenarios."""
    found: set[str] = set()
    for chapter in folder.glob("chapitres/*.yaml"):
        body = yaml.safe_load(chapter.read_text(encoding="utf-8"))
        for exigence in body["exigences"]:
            if not any(s.get("preuves") for s in exigence.get("scenarios") or []):
                found.add(exigence["id"])
    return found


def test_rem_show_lists_every_requirement_without_proof(
    capsys: pytest.CaptureFixture[str],
) -> None:
    expected = _proofless_in_files(ROOT / "rem" / "DB" / "va2-prepub-2023")
    assert len(expected) > 50  # DB/CS, DB/SO, DB/VI-*: the case of the issue
    assert main(["--repo", str(ROOT), "rem", "show", "DB"]) == 0
    out = _flat(capsys.readouterr().out)
    assert f"{TITLE} : {len(expected)}" in out
    listed = out.split("les juge quand même. ", 1)[1].split(", ")
    assert {i.strip() for i in listed} == expected


def _repo(git_repo: GitRepo) -> Path:
    write_rem(git_repo.root)
    chapters = git_repo.root / "rem" / "DPI" / VERSION / "chapitres"
    for name, eid, profil in (("INS", "INS.02", "general"), ("DOC", "DOC.02", "ie-usagers")):
        body = yaml.safe_load((chapters / f"{name}.yaml").read_text(encoding="utf-8"))
        body["exigences"].append({**body["exigences"][0], "id": eid, "profil": profil})
        body["exigences"][-1]["scenarios"] = []
        (chapters / f"{name}.yaml").write_text(yaml.safe_dump(body, allow_unicode=True))
    folder = write_dossier(git_repo.root)  # profiles general and iam
    git_repo.commit("dépôt du dossier administratif")
    return folder


def test_status_lists_the_applicable_ones_only(
    git_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _repo(git_repo)
    args = ["--repo", str(git_repo.root), "status", str(folder), "--today", "2025-06-02"]
    assert main(args) == 0
    out = _flat(capsys.readouterr().out)
    assert f"{TITLE} : 1" in out
    assert "INS.02" in out
    assert "DOC.02" not in out  # profile ie-usagers not asked for


def test_status_shows_every_chapter_to_judge_with_its_instruction(
    demo_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A chapter with nothing to deposit still needs its verdict (issue #16 walkthrough): it
    is a row of the status table, and each chapter says where its instruction stands."""
    folder = "dossiers/exemple-sante-logiciels/dpi-5-3"
    args = ["--repo", str(demo_repo), "status", folder, "--today", "2026-12-24"]
    assert main([*args, "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    listed = {c["chapitre"] for c in payload["chapitres"]}
    proofless = payload["chapitres_sans_preuve"]
    assert proofless and not set(proofless) & listed
    # Every expected chapter, with or without proofs, has its line of instruction.
    assert set(payload["instruction"]) == listed | set(proofless)
    journal = demo_repo / folder / "journal"
    judged = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["chapitre"]
        for p in journal.glob("*-verdict-*.yaml")
    }
    assert {c for c, v in payload["instruction"].items() if v != "à instruire"} == judged
    assert main(args) == 0
    out = capsys.readouterr().out
    for code in proofless:
        row = next(line for line in out.splitlines() if f"│ {code} " in line)
        assert "sans preuve à déposer" in row and "à instruire" in row

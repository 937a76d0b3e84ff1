"""`segur check --changed-since`: its findings equal those of a full run restricted to what the
changes select, on a real git repository holding a copy of the demo repository's REM, access map
and example dossiers (`segur exemples --depot`, the `demo_repo` fixture)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gitrepo import GitRepo
from segur.check import incremental
from segur.check import run as check
from segur.cli import main
from segur.findings.finding import Finding
from segur.model.access import ACCESS_FILE
from segur.repository.access import ACCESS_PATHS, CODEOWNERS_FILE
from segur.repository.paths import Repository

SANTE = "dossiers/exemple-sante-logiciels/dpi-5-3"
SANTE_OLD = "dossiers/exemple-sante-logiciels/dpi-5-2"
CABINET = "dossiers/exemple-cabinet-numerique/lgc-3-0-1"
RADIO = "dossiers/exemple-radiologie-conseil/ris-2024-2"


def _read(repo: GitRepo, name: str) -> str:
    return (repo.root / name).read_text(encoding="utf-8")


def _unmapped_maintainer(repo: GitRepo, folder: str) -> dict[str, str | bytes | None]:
    """A change that gives `folder` findings: a maintainer that the access map does not know
    (SEG-ACL-012), and a duplicate key in the SSI questionnaire (SEG-YML-009)."""
    text = _read(repo, f"{folder}/candidature.yaml")
    assert "mainteneurs:\n- " in text
    text = text.replace("mainteneurs:\n- ", "mainteneurs:\n- exemple-inconnu-du-registre\n- ", 1)
    ssi = _read(repo, f"{folder}/questionnaire-ssi.yaml")
    first_key = next(line for line in ssi.splitlines() if line and line[0].isalpha())
    return {
        f"{folder}/candidature.yaml": text,
        f"{folder}/questionnaire-ssi.yaml": ssi + first_key + "\n",
    }


@pytest.fixture
def repo(git_repo: GitRepo, demo_repo: Path) -> GitRepo:
    # Copies of the demo repository's files (never the demo itself), in one first commit.
    repo = git_repo
    for folder in ("rem", "dossiers"):
        repo.copy_tree(demo_repo / folder, folder)
    for name in (ACCESS_FILE, CODEOWNERS_FILE):
        (repo.root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(demo_repo / name, repo.root / name)
    assert (repo.root / SANTE / "candidature.yaml").is_file()
    repo.commit("dépôt de démonstration", date="2026-01-05")
    # A candidature with a problem already on main: an incremental run must not report it.
    repo.commit("problème ancien", _unmapped_maintainer(repo, CABINET), "2026-01-06")
    return repo


def _restricted(repo: Repository, selection: incremental.ChangeSelection) -> list[Finding]:
    """The full run, restricted to the selection."""
    full = check.run(repo)
    if selection.everything:
        return full
    folders = [repo.display(d) + "/" for d in selection.dossiers]
    return [
        f
        for f in full
        if any(f.path.startswith(folder) for folder in folders)
        or (selection.access and f.path in ACCESS_PATHS)
    ]


def _assert_equal_to_restricted_full_run(repo: GitRepo, since: str = "main") -> list[Finding]:
    dossier_repo = Repository(repo.root)
    result = incremental.run(dossier_repo, since)
    expected = _restricted(dossier_repo, result.selection)
    assert result.findings == expected
    return result.findings


def test_a_pull_request_on_one_candidature(repo: GitRepo) -> None:
    repo.branch("depot-sante")
    repo.commit("sollicitation traitée", _unmapped_maintainer(repo, SANTE), "2026-01-07")
    repo.commit("preuve", {f"{SANTE}/preuves/nouvelle.pdf": b"%PDF-1.4\n"}, "2026-01-08")
    selection = incremental.select_changed(Repository(repo.root), "main")
    assert [p.relative_to(repo.root).as_posix() for p in selection.dossiers] == [SANTE]
    assert not (selection.rem or selection.package or selection.access)
    findings = _assert_equal_to_restricted_full_run(repo)
    assert {f.rule for f in findings} >= {"SEG-ACL-012", "SEG-YML-009"}
    assert all(f.path.startswith(SANTE + "/") for f in findings)
    # The full run does see the older problem of another candidature.
    assert any(f.path.startswith(CABINET) for f in check.run(Repository(repo.root)))


def test_uncommitted_and_untracked_changes_count(repo: GitRepo) -> None:
    repo.branch("depot-sante")
    repo.commit("dossier", _unmapped_maintainer(repo, SANTE))
    repo.write({f"{RADIO}/preuves/brouillon.pdf": b"%PDF-1.4\n"})  # untracked
    repo.write(_unmapped_maintainer(repo, SANTE_OLD))  # modified, not committed
    selection = incremental.select_changed(Repository(repo.root), "main")
    assert [p.relative_to(repo.root).as_posix() for p in selection.dossiers] == [
        RADIO,
        SANTE_OLD,
        SANTE,
    ]
    findings = _assert_equal_to_restricted_full_run(repo)
    assert any(f.path.startswith(SANTE_OLD) and f.rule == "SEG-ACL-012" for f in findings)


def test_committed_only_ignores_the_work_tree(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    # CI's mode: the commits since the fork, not what lies uncommitted in the work tree.
    repo.branch("depot-sante")
    repo.commit("dossier", _unmapped_maintainer(repo, SANTE))
    repo.write({f"{RADIO}/preuves/brouillon.pdf": b"%PDF-1.4\n"})  # untracked
    repo.write(_unmapped_maintainer(repo, SANTE_OLD))  # modified, not committed
    dossier_repo = Repository(repo.root)
    selection = incremental.select_changed(dossier_repo, "main", head="HEAD")
    assert [p.relative_to(repo.root).as_posix() for p in selection.dossiers] == [SANTE]
    result = incremental.run(dossier_repo, "main", "HEAD")
    assert result.findings == _restricted(dossier_repo, selection)
    root = str(repo.root)
    code = main(["--repo", root, "check", "--changed-since", "main", "--committed-only"])
    assert code == 1
    assert "1 candidature(s) vérifiée(s)" in capsys.readouterr().err
    assert main(["--repo", root, "check", "--committed-only"]) == 2
    assert "--committed-only s'emploie avec --changed-since" in capsys.readouterr().err


def test_after_a_merge_only_the_new_branch_counts(repo: GitRepo) -> None:
    repo.branch("depot-sante")
    repo.commit("dossier", _unmapped_maintainer(repo, SANTE), "2026-01-07")
    repo.merge("depot-sante", date="2026-01-09")
    repo.branch("depot-radio")
    repo.commit("dossier", _unmapped_maintainer(repo, RADIO), "2026-01-10")
    selection = incremental.select_changed(Repository(repo.root), "main")
    assert [p.relative_to(repo.root).as_posix() for p in selection.dossiers] == [RADIO]
    findings = _assert_equal_to_restricted_full_run(repo)
    assert findings and all(f.path.startswith(RADIO + "/") for f in findings)


@pytest.mark.parametrize(
    ("changed", "flag"),
    [
        ("rem/surcharges-types-preuves.yaml", "rem"),
        ("src/segur/nouvelle_regle.py", "package"),
        ("pyproject.toml", "package"),
    ],
)
def test_common_changes_check_everything(repo: GitRepo, changed: str, flag: str) -> None:
    repo.branch("commun")
    path = repo.root / changed
    content = path.read_text(encoding="utf-8") if path.exists() else ""
    repo.commit("changement commun", {changed: content + "\n# changement\n"})
    selection = incremental.select_changed(Repository(repo.root), "main")
    assert getattr(selection, flag) and selection.everything
    assert len(selection.dossiers) == len(Repository(repo.root).dossiers())
    findings = _assert_equal_to_restricted_full_run(repo)
    assert findings == check.run(Repository(repo.root))
    assert any(f.path.startswith(CABINET) for f in findings)


def test_a_change_of_the_access_map_checks_it_and_every_maintainer(repo: GitRepo) -> None:
    repo.branch("acces")
    acces = _read(repo, ACCESS_FILE).replace("exemple-ines-moreau:", "exemple-ines-moreau-2:")
    repo.commit("carte", {ACCESS_FILE: acces})
    selection = incremental.select_changed(Repository(repo.root), "main")
    assert selection.access and not selection.everything
    findings = _assert_equal_to_restricted_full_run(repo)
    rules = {(f.path.split("/")[1] if "/" in f.path else f.path, f.rule) for f in findings}
    # The map no longer matches CODEOWNERS, and a maintainer lost the right to her folder.
    assert (".github", "SEG-ACL-013") in {(f.path.split("/")[0], f.rule) for f in findings}
    assert ("exemple-plateforme-sante", "SEG-ACL-012") in rules


def test_nothing_relevant_changed(repo: GitRepo) -> None:
    repo.branch("rien")
    repo.commit("documentation", {"README.md": "# Dépôt\n", ".github/workflows/x.yml": "a: 1\n"})
    result = incremental.run(Repository(repo.root), "main")
    assert result.selection.empty and result.findings == []


def test_a_deleted_candidature_is_not_checked(repo: GitRepo) -> None:
    repo.branch("retrait")
    repo.commit("retrait", {SANTE_OLD: None})
    selection = incremental.select_changed(Repository(repo.root), "main")
    assert selection.empty
    assert _assert_equal_to_restricted_full_run(repo) == []


def test_shallow_clone_warns(repo: GitRepo, tmp_path: Path) -> None:
    repo.branch("depot-sante")
    repo.commit("dossier", _unmapped_maintainer(repo, SANTE))
    repo.checkout("main")
    clone = repo.clone(tmp_path / "clone", "--depth", "2", "--no-single-branch")
    clone.checkout("depot-sante")
    result = incremental.run(Repository(clone.root), "origin/main")
    assert result.findings[0].rule == "SEG-GIT-001"
    assert any(f.rule == "SEG-ACL-012" for f in result.findings)


def test_cli(repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo.branch("depot-sante")
    repo.commit("dossier", _unmapped_maintainer(repo, SANTE))
    root = str(repo.root)
    summary = tmp_path / "resume.md"
    summary.write_text("Résumé précédent\n", encoding="utf-8")
    args = ["--repo", root, "check", "--changed-since", "main", "--format", "json"]
    code = main([*args, "--summary-markdown", str(summary)])
    out, err = capsys.readouterr()
    assert code == 1
    dossier_repo = Repository(repo.root)
    expected = _restricted(dossier_repo, incremental.select_changed(dossier_repo, "main"))
    assert [(f["path"], f["line"], f["rule"]) for f in json.loads(out)] == [
        (f.path, f.line, f.rule) for f in expected
    ]
    assert "Vérification incrémentale depuis main : 1 candidature(s)" in err
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Résumé précédent\n## Vérification du dépôt")
    assert "### exemple-sante-logiciels/dpi-5-3" in text
    assert "| Dossier administratif |" in text

    assert main(["--repo", root, "check", "--changed-since", "inexistante"]) == 2
    assert "révision introuvable" in capsys.readouterr().err
    assert main(["--repo", root, "check", "--changed-since", "main", root]) == 2
    assert "exclusifs" in capsys.readouterr().err

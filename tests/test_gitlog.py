"""gitlog on real repositories: changes since a fork, files at a revision, first-parent history."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from gitrepo import PARIS, GitRepo
from segur.findings.finding import Severity
from segur.load import git_history as gitlog
from segur.load.git_history import Change


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    repo = git_repo
    repo.commit(
        "initial", {"a.txt": "a\n", "dossiers/e/c/candidature.yaml": "x: 1\n"}, "2026-01-05"
    )
    return repo


def test_changed_paths_since_fork_with_renames(repo: GitRepo) -> None:
    repo.branch("pr")
    repo.commit("pr 1", {"b.txt": "b\n", "a.txt": None, "a2.txt": "a\n"})
    repo.commit("pr 2", {"dossiers/e/c/candidature.yaml": "x: 2\n"})
    repo.checkout("main")
    # main moves on after the fork: not the pull request's change.
    repo.commit("main", {"main-only.txt": "m\n"})
    changes = gitlog.changed_paths(repo.root, "main", "pr")
    assert changes == [
        Change("R", "a2.txt", "a.txt"),
        Change("A", "b.txt"),
        Change("M", "dossiers/e/c/candidature.yaml"),
    ]
    assert changes[0].paths == ("a.txt", "a2.txt")


def test_changed_paths_of_the_work_tree_include_uncommitted_and_untracked(repo: GitRepo) -> None:
    repo.write({"a.txt": "changed\n", "new/untracked.yaml": "k: v\n"})
    changes = gitlog.changed_paths(repo.root, "main", head=None)
    assert [(c.status, c.path) for c in changes] == [("M", "a.txt"), ("A", "new/untracked.yaml")]


def test_odd_file_names_are_read_by_count_not_by_look(repo: GitRepo) -> None:
    odd = ["espace et accent é.txt", "retour\nà la ligne.txt", "\x1esep.txt", ":100644 faux.txt"]
    repo.commit("odd", dict.fromkeys(odd, "x"))
    changes = gitlog.changed_paths(repo.root, "HEAD~1", "HEAD")
    assert sorted(c.path for c in changes) == sorted(odd)
    history = gitlog.first_parent_history(repo.root)
    assert sorted(c.path for c in history[-1].changes) == sorted(odd)


def test_symlinks_are_reported_with_their_mode(repo: GitRepo) -> None:
    (repo.root / "lien").symlink_to("a.txt")
    repo.commit("lien")
    (change,) = gitlog.changed_paths(repo.root, "HEAD~1", "HEAD")
    assert change.new_mode == gitlog.MODE_SYMLINK
    assert gitlog.read_at(repo.root, "HEAD", "lien") is None


def test_read_at(repo: GitRepo) -> None:
    first = repo.head()
    repo.commit("change", {"a.txt": b"\x00binaire\xff"})
    assert gitlog.read_at(repo.root, first, "a.txt") == b"a\n"
    assert gitlog.read_at(repo.root, "HEAD", "a.txt") == b"\x00binaire\xff"
    assert gitlog.read_at(repo.root, "HEAD", "absent.txt") is None
    assert gitlog.read_at(repo.root, "HEAD", "dossiers") is None  # a folder has no content


@pytest.mark.parametrize("rev", ["inconnue", "--output=/tmp/x", "", "main\nHEAD"])
def test_bad_revisions_are_refused(repo: GitRepo, rev: str) -> None:
    with pytest.raises(gitlog.GitError):
        gitlog.read_at(repo.root, rev, "a.txt")
    with pytest.raises(gitlog.GitError):
        gitlog.changed_paths(repo.root, rev, "HEAD")


def test_first_parent_history_sees_each_merge_once_with_its_merge_date(repo: GitRepo) -> None:
    repo.branch("depot-1")
    repo.commit("preuves", {"dossiers/e/c/preuves/INS/p.pdf": b"%PDF"}, "2026-01-06")
    repo.commit("manifeste", {"dossiers/e/c/preuves/INS/preuves.yaml": "m: 1\n"}, "2026-01-07")
    repo.checkout("main")
    repo.commit("direct sur main", {"rem/x.yaml": "r: 1\n"}, "2026-01-08")
    merge = repo.merge("depot-1", date="2026-01-09T14:30:00+01:00")
    history = gitlog.first_parent_history(repo.root, "main")
    assert [r.committed for r in history] == [
        dt.datetime(2026, 1, 5, 9, 0, tzinfo=PARIS),
        dt.datetime(2026, 1, 8, 9, 0, tzinfo=PARIS),
        dt.datetime(2026, 1, 9, 14, 30, tzinfo=PARIS),
    ]
    last = history[-1]
    assert last.sha == merge and last.is_merge and len(last.parents) == 2
    assert last.parents[0] == history[1].sha
    assert [c.path for c in last.changes] == [
        "dossiers/e/c/preuves/INS/p.pdf",
        "dossiers/e/c/preuves/INS/preuves.yaml",
    ]
    assert history[0].parents == ()
    only_rem = gitlog.first_parent_history(repo.root, "main", paths=["rem"])
    assert [r.sha for r in only_rem] == [history[1].sha]


def test_first_parent_history_of_many_commits_is_one_call(repo: GitRepo) -> None:
    for n in range(60):
        repo.commit(f"c{n}", {f"dossiers/e/c/f{n % 7}.yaml": f"n: {n}\n"})
    history = gitlog.first_parent_history(repo.root)
    assert len(history) == 61
    assert all(a.committed < b.committed for a, b in itertools.pairwise(history))


def test_dossier_repository_in_a_subfolder(git_repo: GitRepo) -> None:
    repo = git_repo
    repo.commit("initial", {"instance/a.txt": "a\n", "ailleurs.txt": "x\n"})
    repo.commit("change", {"instance/a.txt": "b\n", "ailleurs.txt": "y\n"})
    root = repo.root / "instance"
    assert gitlog.changed_paths(root, "HEAD~1", "HEAD") == [Change("M", "a.txt")]
    assert gitlog.read_at(root, "HEAD~1", "a.txt") == b"a\n"
    history = gitlog.first_parent_history(root)
    assert [[c.path for c in r.changes] for r in history] == [["a.txt"], ["a.txt"]]


def test_shallow_clone_warns(repo: GitRepo, tmp_path: Path) -> None:
    repo.commit("deux", {"b.txt": "b\n"})
    assert gitlog.shallow_findings(repo.root) == []
    shallow = repo.clone(tmp_path / "superficiel", "--depth", "1")
    (finding,) = gitlog.shallow_findings(shallow.root)
    assert finding.rule == "SEG-GIT-001" and finding.severity is Severity.WARNING
    assert "fetch-depth: 0" in finding.message


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(gitlog.GitError, match="pas dans un dépôt git"):
        gitlog.changed_paths(tmp_path, "main", "HEAD")
    assert gitlog.shallow_findings(tmp_path) == []

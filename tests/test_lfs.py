"""Git LFS: binary proofs go to LFS, and a pointer-only checkout still validates (issue #4).

These tests drive the real `git-lfs` client (installed by .ci/run)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from adm_support import write_dossier
from gitrepo import GitRepo
from proof_support import complete_ins, write_rem
from segur.check import run as check
from segur.load.lfs import parse_pointer
from segur.repository.paths import Repository

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def lfs_repo(git_repo: GitRepo) -> GitRepo:
    """The project's .gitattributes and LFS installed in the repository, a chapter INS on main."""
    assert shutil.which("git-lfs"), "git-lfs doit être installé (voir .ci/run)"
    git_repo.git("lfs", "install", "--local")
    shutil.copy(ROOT / ".gitattributes", git_repo.root / ".gitattributes")
    write_rem(git_repo.root)
    folder = write_dossier(git_repo.root, editeur="acme", candidature="dpi-5-10")
    complete_ins(folder)
    git_repo.commit("dépôt du chapitre INS")
    return git_repo


def test_gitattributes_route_binary_proofs_to_lfs_but_not_examples(lfs_repo: GitRepo) -> None:
    tracked = lfs_repo.git("lfs", "ls-files", "--name-only").splitlines()
    assert "dossiers/acme/dpi-5-10/preuves/INS/identite.png" in tracked
    assert "dossiers/acme/dpi-5-10/preuves/INS/scenario.mp4" in tracked
    assert "dossiers/acme/dpi-5-10/documents/attestation-cnda.pdf" in tracked
    # Text proofs stay in git, where diffs are readable.
    assert "dossiers/acme/dpi-5-10/preuves/INS/insi.log" not in tracked
    example = lfs_repo.git("check-attr", "filter", "--", "dossiers/exemple-x/y/preuves/INS/a.png")
    assert example.endswith("filter: unset")


@pytest.fixture
def pointer_clone(lfs_repo: GitRepo, tmp_path: Path) -> Path:
    """A clone as CI's checkout without LFS makes it: LFS installed, but only pointers fetched."""
    clone = lfs_repo.clone(
        tmp_path / "clone",
        config={
            "filter.lfs.smudge": "git-lfs smudge -- %f",
            "filter.lfs.process": "git-lfs filter-process",
            "filter.lfs.required": "true",
        },
        env={"GIT_LFS_SKIP_SMUDGE": "1"},
    )
    return clone.root


def test_pointer_only_checkout_validates(pointer_clone: Path) -> None:
    clone = pointer_clone
    png = clone / "dossiers/acme/dpi-5-10/preuves/INS/identite.png"
    pointer = parse_pointer(png.read_bytes())
    assert pointer is not None, "le clone devait ne contenir que le pointeur LFS"
    findings = [f for f in check.run(Repository(clone)) if f.rule.startswith("SEG-PRV")]
    assert findings == []


def test_pointer_with_another_oid_is_a_hash_mismatch(pointer_clone: Path) -> None:
    clone = pointer_clone
    png = clone / "dossiers/acme/dpi-5-10/preuves/INS/identite.png"
    text = png.read_text()
    pointer = parse_pointer(png.read_bytes())
    assert pointer is not None
    png.write_text(text.replace(pointer.oid, "f" * 64))
    rules = [f.rule for f in check.run(Repository(clone)) if f.rule.startswith("SEG-PRV")]
    assert sorted(rules) == ["SEG-PRV-006", "SEG-PRV-010"]


@pytest.mark.parametrize(
    "data",
    [
        b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"a" * 64 + b"\nsize 12\n",
    ],
)
def test_parse_pointer(data: bytes) -> None:
    pointer = parse_pointer(data)
    assert pointer is not None and pointer.oid == "a" * 64 and pointer.size == 12
    assert parse_pointer(data.replace(b"sha256:", b"md5:")) is None
    assert parse_pointer(b"\x89PNG" + data) is None

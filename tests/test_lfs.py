"""Git LFS: binary proofs go to LFS, and a pointer-only checkout still validates (issue #4).

These tests drive the real `git-lfs` client (installed by .ci/run)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from adm_support import write_dossier
from gitrepo import GitRepo
from proof_support import complete_ins, write_rem
from segur.check import run as check
from segur.load.lfs import parse_pointer
from segur.repository.paths import Repository

ROOT = Path(__file__).resolve().parents[1]


def _lfs_repo(tmp_path: Path) -> tuple[GitRepo, Path]:
    assert shutil.which("git-lfs"), "git-lfs doit être installé (voir .ci/run)"
    repo = GitRepo.create(tmp_path / "origine")
    repo.git("lfs", "install", "--local")
    shutil.copy(ROOT / ".gitattributes", repo.root / ".gitattributes")
    write_rem(repo.root)
    folder = write_dossier(repo.root, editeur="acme", candidature="dpi-5-10")
    complete_ins(folder)
    repo.commit("dépôt du chapitre INS")
    return repo, folder


def test_gitattributes_route_binary_proofs_to_lfs_but_not_examples(tmp_path: Path) -> None:
    repo, _ = _lfs_repo(tmp_path)
    tracked = repo.git("lfs", "ls-files", "--name-only").splitlines()
    assert "dossiers/acme/dpi-5-10/preuves/INS/identite.png" in tracked
    assert "dossiers/acme/dpi-5-10/preuves/INS/scenario.mp4" in tracked
    assert "dossiers/acme/dpi-5-10/documents/attestation-cnda.pdf" in tracked
    # Text proofs stay in git, where diffs are readable.
    assert "dossiers/acme/dpi-5-10/preuves/INS/insi.log" not in tracked
    example = repo.git("check-attr", "filter", "--", "dossiers/exemple-x/y/preuves/INS/a.png")
    assert example.endswith("filter: unset")


def _pointer_clone(repo: GitRepo, target: Path) -> Path:
    env = {**repo.env, "GIT_LFS_SKIP_SMUDGE": "1"}
    subprocess.run(
        [
            "git",
            "-c",
            "filter.lfs.smudge=git-lfs smudge -- %f",
            "-c",
            "filter.lfs.process=git-lfs filter-process",
            "-c",
            "filter.lfs.required=true",
            "clone",
            "-q",
            f"file://{repo.root}",
            str(target),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    return target


def test_pointer_only_checkout_validates(tmp_path: Path) -> None:
    repo, _ = _lfs_repo(tmp_path)
    clone = _pointer_clone(repo, tmp_path / "clone")
    png = clone / "dossiers/acme/dpi-5-10/preuves/INS/identite.png"
    pointer = parse_pointer(png.read_bytes())
    assert pointer is not None, "le clone devait ne contenir que le pointeur LFS"
    findings = [f for f in check.run(Repository(clone)) if f.rule.startswith("SEG-PRV")]
    assert findings == []


def test_pointer_with_another_oid_is_a_hash_mismatch(tmp_path: Path) -> None:
    repo, _ = _lfs_repo(tmp_path)
    clone = _pointer_clone(repo, tmp_path / "clone")
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

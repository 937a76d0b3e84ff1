"""The candidatures a pull request touches, evaluated at its head and at its base.

The head is the work tree, as `segur check` reads it. The base is rebuilt beside it, in a
temporary folder, never in the repository: each touched candidature folder is copied from the
work tree, then every path the pull request changed in it is put back as it was at the fork
point (or removed, when the pull request added it). Unchanged proofs are thus read from the
work tree, with their real content even when they are stored with Git LFS; only the files the
pull request changed are read from git. Both sides are evaluated by the same code as
`segur status` (`dossier_status`), with today's REM: what differs is the dossier alone.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from segur.check.incremental import IncrementalRun
from segur.check.pr_summary import PrSummary, compare
from segur.dossier.status import DossierStatus, dossier_status
from segur.load import git_history as gitlog
from segur.load.git_history import BlobReader, Change
from segur.repository.catalogue import Catalogue, repository_catalogue
from segur.repository.paths import DOSSIERS_DIR, Repository


def touched_dossiers(changes: Iterable[Change]) -> list[str]:
    """`dossiers/<editeur>/<candidature>` of every path changed (both sides of a rename)."""
    found: set[str] = set()
    for change in changes:
        for path in change.paths:
            parts = path.split("/")
            if parts[0] == DOSSIERS_DIR and len(parts) >= 4:
                found.add("/".join(parts[:3]))
    return sorted(found)


def _status(folder: Path, repo: Repository, catalogue: Catalogue) -> DossierStatus | None:
    try:
        return dossier_status(folder, repo, catalogue)
    except (OSError, RuntimeError):
        # A folder the file system cannot walk (a loop of links...): the check reports it.
        return None


def head_statuses(
    repo: Repository, catalogue: Catalogue, folders: Sequence[str]
) -> dict[str, DossierStatus]:
    existing = {repo.display(d) for d in repo.dossiers()}
    statuses = {}
    for folder in folders:
        if folder in existing:
            status = _status(repo.root / folder, repo, catalogue)
            if status is not None:
                statuses[folder] = status
    return statuses


def _link_or_copy(source: str, target: str) -> None:
    # A hard link costs nothing for a large proof; a copy when the folders are on two file
    # systems. Nothing is ever written through it: a restored file is unlinked first. Only
    # regular files: git stores nothing else, and copying a pipe would wait forever.
    if not stat.S_ISREG(os.lstat(source).st_mode):
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _clear(root: Path, parts: tuple[str, ...], file_at_base: bool) -> Path:
    """The place of `parts` under `root`, made ready for the base: at the base, every folder
    above it is a real folder, so a link or a file the pull request put there goes; the path
    itself goes when it is a link or a file, and when it is a folder that the base has a file
    in place of. A folder in the way of nothing stays: it holds the base's files put back."""
    current = root
    for part in parts[:-1]:
        current = current / part
        if current.is_symlink() or current.is_file():
            current.unlink()
    target = current / parts[-1]
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.is_dir() and file_at_base:
        shutil.rmtree(target)
    return target


def _restore(reader: BlobReader, fork: str, path: str, root: Path) -> None:
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or any(p in (".", "..") for p in parts):
        return  # not a path git could have stored: nothing to put back
    data = reader.read(fork, path)
    target = _clear(root, parts, data is not None)
    if data is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))


def base_statuses(
    repo: Repository,
    catalogue: Catalogue,
    fork: str,
    changes: Sequence[Change],
    folders: Sequence[str],
) -> dict[str, DossierStatus]:
    """The candidatures `folders` as they were at the commit `fork`; a candidature the pull
    request creates has no entry."""
    statuses: dict[str, DossierStatus] = {}
    by_folder: dict[str, list[str]] = {}
    for change in changes:
        for path in change.paths:
            by_folder.setdefault("/".join(path.split("/")[:3]), []).append(path)
    with tempfile.TemporaryDirectory(prefix="segur-base-") as tmp, BlobReader(repo.root) as reader:
        root = Path(tmp)
        shadow = Repository(root, repo.config_root)
        for folder in folders:
            source, target = repo.root / folder, root / folder
            try:
                if source.is_dir() and not source.is_symlink():
                    shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
                for path in by_folder.get(folder, ()):
                    _restore(reader, fork, path, root)
            except OSError:
                continue  # a folder that cannot be copied (unreadable...): the check reports it
            if _has_files(target):
                status = _status(target, shadow, catalogue)
                if status is not None:
                    statuses[folder] = status
    return statuses


def pull_request_summary(
    repo: Repository, since: str, head: str | None, run: IncrementalRun
) -> PrSummary:
    """The summary of the changes of `run` (made by `incremental.run(repo, since, head)`)."""
    catalogue = repository_catalogue(repo)[0]
    changes = run.selection.changes
    folders = touched_dossiers(changes)
    fork = gitlog.merge_base(repo.root, since, head or "HEAD")
    now = head_statuses(repo, catalogue, folders)
    before = base_statuses(repo, catalogue, fork, changes, folders)
    return compare(now, before, run.findings)

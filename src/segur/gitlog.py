"""The only module that imports GitPython: what changed, what a file held, and when.

Everything returned is a frozen record, so the lifecycle and access-control code above stay pure
and testable without a repository. Every git call goes through `repo.git.<command>(...)` with
NUL-separated output (`-z`), so that no file name, however odd, can be misread: names are never
quoted, split on spaces or on newlines.

Paths are relative to the dossier repository root, which may be a subfolder of the git work tree
(`--relative` makes git itself drop what lies outside it). Revisions given by users are checked
before use, so that one starting with "-" cannot be taken for an option.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import git

from segur.findings import Finding, Severity
from segur.rules.registry import define

SHALLOW = define(
    "SEG-GIT-001",
    Severity.WARNING,
    "Clone superficiel",
    "clone superficiel (shallow) : l'historique est tronqué, les dates d'arrivée sur main et "
    "les fichiers modifiés peuvent être faux ; clonez avec tout l'historique "
    "(git fetch --unshallow, ou fetch-depth: 0 dans actions/checkout)",
)

# Statuses of `git diff --raw`: added, copied, deleted, modified, renamed, type changed,
# unmerged, unknown.
ADDED, COPIED, DELETED, MODIFIED, RENAMED, TYPE_CHANGED = "A", "C", "D", "M", "R", "T"
# File modes: a symbolic link and a submodule (gitlink) are not plain files.
MODE_SYMLINK = "120000"
MODE_GITLINK = "160000"

_RS, _US = "\x1e", "\x1f"  # record and unit separators, delimiting each commit header
_HEADER = re.compile(
    r"^\n?\x1e(?P<sha>[0-9a-f]{40,64})\x1f(?P<parents>[0-9a-f ]*)\x1f(?P<date>.+)$"
)
_RAW = re.compile(
    r"^\n?:(?P<old_mode>\d{6}) (?P<new_mode>\d{6}) [0-9a-f]+ [0-9a-f]+ (?P<status>[A-Z])\d*$"
)


class GitError(Exception):
    """A git operation could not be done; the message is French and meant for users."""


@dataclass(frozen=True, slots=True)
class Change:
    """One changed path. For a rename or a copy, `old_path` is the source."""

    status: str
    path: str
    old_path: str | None = None
    new_mode: str = "100644"

    @property
    def paths(self) -> tuple[str, ...]:
        """Every path this change touches: the source of a rename counts as removed."""
        return (self.path,) if self.old_path is None else (self.old_path, self.path)


@dataclass(frozen=True, slots=True)
class CommitRecord:
    """One commit of a first-parent history, with its changes against its first parent."""

    sha: str
    committed: dt.datetime
    parents: tuple[str, ...]
    changes: tuple[Change, ...]

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1


@contextlib.contextmanager
def _open(repo_root: Path) -> Iterator[tuple[git.Repo, str]]:
    """The git repository holding `repo_root`, and `repo_root`'s path inside its work tree.

    The repository is closed on exit: GitPython keeps `git cat-file` processes alive otherwise.
    """
    try:
        repo = git.Repo(repo_root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitError(f"{repo_root} n'est pas dans un dépôt git") from None
    with repo:
        top = repo.working_tree_dir
        if top is None:
            raise GitError(f"{repo_root} est un dépôt git sans copie de travail")
        prefix = Path(repo_root).resolve().relative_to(Path(top).resolve()).as_posix()
        yield repo, "" if prefix == "." else prefix + "/"


def _check_rev(rev: str) -> str:
    if not rev or rev.startswith("-") or any(c in rev for c in "\x00\n\r"):
        raise GitError(f"révision invalide : « {rev} »")
    return rev


def _resolve(repo: git.Repo, rev: str) -> str:
    try:
        out: str = repo.git.rev_parse("--verify", "--quiet", _check_rev(rev) + "^{commit}")
    except git.GitCommandError:
        raise GitError(f"révision introuvable : « {rev} »") from None
    return out.strip()


def resolve(repo_root: Path, rev: str) -> str:
    """The full SHA of the commit named `rev` (branch, tag, `origin/main`, SHA...)."""
    with _open(repo_root) as (repo, _):
        return _resolve(repo, rev)


def merge_base(repo_root: Path, base: str, head: str = "HEAD") -> str:
    """The fork point of `head` from `base`: a pull request's changes start there."""
    with _open(repo_root) as (repo, _):
        return _merge_base(repo, base, head)


def _merge_base(repo: git.Repo, base: str, head: str) -> str:
    base_sha, head_sha = _resolve(repo, base), _resolve(repo, head)
    try:
        out: str = repo.git.merge_base(base_sha, head_sha)
    except git.GitCommandError:
        hint = " (clone superficiel ?)" if _shallow(repo) else ""
        raise GitError(f"aucun ancêtre commun entre « {base} » et « {head} »{hint}") from None
    return out.strip()


def _decode(raw: bytes) -> str:
    # Git stores names as bytes; an invalid UTF-8 name stays representable and round-trips.
    return raw.decode("utf-8", errors="surrogateescape")


def _parse_changes(tokens: Iterator[str], token: str | None) -> tuple[list[Change], str | None]:
    """Parse `--raw -z` entries from `token` on; stop at the end or at the next commit header.

    The file names are taken by count (one, or two for a rename or a copy), never by their look,
    so that a name that resembles an entry or a header is still read as a name.
    """
    changes: list[Change] = []
    while token is not None and _HEADER.match(token) is None:
        match = _RAW.match(token)
        if match is None:
            raise GitError(f"sortie de git inattendue : {token[:80]!r}")
        status = match["status"]
        if status in (RENAMED, COPIED):
            old, new = next(tokens), next(tokens)
            changes.append(Change(status, new, old, match["new_mode"]))
        else:
            changes.append(Change(status, next(tokens), None, match["new_mode"]))
        token = next(tokens, None)
    return changes, token


def changed_paths(repo_root: Path, base: str, head: str | None = "HEAD") -> list[Change]:
    """The files changed on `head` since it forked from `base` (renames detected).

    This is what a pull request of `head` into `base` changes (`git diff base...head`): commits
    that reached `base` after the fork are not the pull request's. `head=None` compares with the
    working tree, staged, unstaged and untracked files included.
    """
    with _open(repo_root) as (repo, prefix):
        fork = _merge_base(repo, base, head or "HEAD")
        args = ["--raw", "-z", "-M", "--no-abbrev", "--no-ext-diff", "--no-textconv"]
        if prefix:
            args.append(f"--relative={prefix}")
        args.append(fork)
        if head is not None:
            args.append(_resolve(repo, head))
        out: bytes = repo.git.diff(*args, stdout_as_string=False)
        tokens = iter(_tokens(out))
        changes, rest = _parse_changes(tokens, next(tokens, None))
        if rest is not None:
            raise GitError(f"sortie de git diff inattendue : {rest[:80]!r}")
        if head is None:
            untracked: bytes = repo.git.ls_files(
                "--others", "--exclude-standard", "-z", "--", prefix or ".", stdout_as_string=False
            )
            changes.extend(Change(ADDED, name[len(prefix) :]) for name in _tokens(untracked))
    return sorted(changes, key=lambda c: (c.path, c.old_path or ""))


def _tokens(out: bytes) -> list[str]:
    return [_decode(t) for t in out.split(b"\0") if t]


def read_at(repo_root: Path, rev: str, path: str) -> bytes | None:
    """The content of `path` (relative to the dossier root) at `rev`; None when absent there.

    A symbolic link or a folder at that path is "absent": only regular files have content.
    """
    with _open(repo_root) as (repo, prefix):
        sha = _resolve(repo, rev)
        try:
            item = repo.commit(sha).tree / (prefix + path)
        except KeyError:
            return None
        if item.type != "blob" or item.mode == int(MODE_SYMLINK, 8):
            return None
        data: bytes = item.data_stream.read()
        return data


def first_parent_history(
    repo_root: Path, rev: str = "HEAD", paths: Sequence[str] = ()
) -> list[CommitRecord]:
    """Every commit on the first-parent line of `rev`, oldest first, in one `git log` call.

    On `main`, the first-parent line is the sequence of states `main` went through: a merged
    pull request appears once, as its merge commit, with all its changes against the previous
    state of `main` (`--diff-merges=first-parent`) and the date it was merged. `paths` limits
    the records to commits touching those paths (relative to the dossier root).
    """
    with _open(repo_root) as (repo, prefix):
        args = [
            "--first-parent",
            "--diff-merges=first-parent",
            "--reverse",
            "--raw",
            "-z",
            "-M",
            "--no-abbrev",
            "--no-show-signature",
            "--no-ext-diff",
            "--no-textconv",
            f"--format={_RS}%H{_US}%P{_US}%cI",
        ]
        if prefix:
            args.append(f"--relative={prefix}")
        args.append(_resolve(repo, rev))
        if paths or prefix:
            args.append("--")
            args.extend([prefix + p for p in paths] if paths else [prefix])
        out: bytes = repo.git.log(*args, stdout_as_string=False)
    return _parse_log(_tokens(out))


def _parse_log(tokens: list[str]) -> list[CommitRecord]:
    records: list[CommitRecord] = []
    stream = iter(tokens)
    token = next(stream, None)
    while token is not None:
        header = _HEADER.match(token)
        if header is None:
            raise GitError(f"sortie de git log inattendue : {token[:80]!r}")
        changes, token = _parse_changes(stream, next(stream, None))
        records.append(
            CommitRecord(
                sha=header["sha"],
                committed=dt.datetime.fromisoformat(header["date"].strip()),
                parents=tuple(header["parents"].split()),
                changes=tuple(changes),
            )
        )
    return records


def _shallow(repo: git.Repo) -> bool:
    try:
        out: str = repo.git.rev_parse("--is-shallow-repository")
    except git.GitCommandError:
        return False
    return out.strip() == "true"


def is_shallow(repo_root: Path) -> bool:
    with _open(repo_root) as (repo, _):
        return _shallow(repo)


def shallow_findings(repo_root: Path) -> list[Finding]:
    """SEG-GIT-001 when the clone is shallow: history-derived facts would be wrong."""
    try:
        shallow = is_shallow(repo_root)
    except GitError:
        return []
    return [SHALLOW.at(".git/shallow", 1, 1)] if shallow else []


class BlobReader:
    """Reads many files at many revisions through one long-lived `git cat-file --batch`.

    Replaying history (the FIFO timeline) reads a few small YAML files at thousands of commits;
    one process for all of them is what keeps that replay close to the cost of `git log`.
    """

    def __init__(self, repo_root: Path) -> None:
        self._context = _open(repo_root)
        self._repo, self._prefix = self._context.__enter__()

    def read(self, rev: str, path: str) -> bytes | None:
        """`path` at the commit `rev` (a full SHA from a `CommitRecord`); None when absent."""
        try:
            _, kind, _, data = self._repo.git.get_object_data(f"{rev}:{self._prefix}{path}")
        except (git.GitCommandError, ValueError):
            return None
        blob: bytes = data
        return blob if kind in ("blob", b"blob") else None

    def close(self) -> None:
        self._context.__exit__(None, None, None)

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

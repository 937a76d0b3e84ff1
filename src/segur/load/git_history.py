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
from collections.abc import Iterator, Sequence
from pathlib import Path

import git

from segur.findings import registry
from segur.findings.finding import Finding
from segur.load.git_records import (
    _RS,
    _US,
    _iter_records,
    _parse_changes,
    _parse_log,
    _stream_tokens,
    _tokens,
)

# The records and the parsing of git's output live in `segur.load.git_records`; they are
# re-exported here, where the rest of the package has always found them.
from segur.load.git_records import ADDED as ADDED
from segur.load.git_records import COPIED as COPIED
from segur.load.git_records import DELETED as DELETED
from segur.load.git_records import MODE_GITLINK as MODE_GITLINK
from segur.load.git_records import MODE_SYMLINK as MODE_SYMLINK
from segur.load.git_records import MODIFIED as MODIFIED
from segur.load.git_records import RENAMED as RENAMED
from segur.load.git_records import TYPE_CHANGED as TYPE_CHANGED
from segur.load.git_records import Change as Change
from segur.load.git_records import CommitRecord as CommitRecord
from segur.load.git_records import GitError as GitError


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
        # Against the work tree, both git commands walk every file of the repository (one to
        # refresh the index, one to find the untracked files): they run at the same time, on
        # two cores, rather than one after the other.
        listing = None
        if head is None:
            listing = repo.git.ls_files(
                "--others", "--exclude-standard", "-z", "--", prefix or ".", as_process=True
            )
        try:
            try:
                out: bytes = repo.git.diff(*args, stdout_as_string=False)
            except git.GitCommandError as exc:
                # A crafted tree git itself cannot read (an empty name...): nothing of it can be
                # checked, so it is refused as a whole, with git's reason.
                reason = str(exc.stderr).strip().removeprefix("stderr: ").strip("'\n ")
                raise GitError(f"git ne peut pas comparer ces révisions : {reason}") from None
            tokens = iter(_tokens(out))
            changes, rest = _parse_changes(tokens, next(tokens, None))
            if rest is not None:
                raise GitError(f"sortie de git diff inattendue : {rest[:80]!r}")
            if listing is not None:
                untracked: bytes = listing.proc.stdout.read()
                listing.wait()  # raises GitCommandError on failure, as `repo.git.ls_files` does
                listing = None
                changes.extend(Change(ADDED, name[len(prefix) :]) for name in _tokens(untracked))
        finally:
            if listing is not None:
                listing.proc.kill()
                listing.proc.wait()
    return sorted(changes, key=lambda c: (c.path, c.old_path or ""))


def commits_between(repo_root: Path, base: str, head: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each commit of `head` that `base` does not hold (a pull request's own commits), parents
    first, with its parents: `git rev-list --topo-order --reverse --parents base..head`."""
    with _open(repo_root) as (repo, _):
        args = ["--topo-order", "--reverse", "--parents", _resolve(repo, base) + ".."]
        args[-1] += _resolve(repo, head)
        out: str = repo.git.rev_list(*args)
    found: list[tuple[str, tuple[str, ...]]] = []
    for line in out.splitlines():
        sha, *parents = line.split()
        found.append((sha, tuple(parents)))
    return found


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


def tree_paths(repo_root: Path, rev: str) -> list[str]:
    """Every file path (relative to the dossier root) of the tree of `rev`, as stored.

    Read with `ls-tree -z`, never through a checkout: a crafted tree may hold names (`..`,
    names differing only by case, control characters) that a file system would silently alter,
    and access control must see exactly what would be merged.
    """
    with _open(repo_root) as (repo, prefix):
        args = ["-r", "-z", "--name-only", "--full-tree", _resolve(repo, rev)]
        if prefix:
            args.extend(["--", f":(literal){prefix}"])
        out: bytes = repo.git.ls_tree(*args, stdout_as_string=False)
    return [name[len(prefix) :] for name in _tokens(out) if name.startswith(prefix)]


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
        args = _history_args(repo, prefix, rev, paths)
        out: bytes = repo.git.log(*args, stdout_as_string=False)
    return _parse_log(_tokens(out))


def iter_first_parent_history(
    repo_root: Path, rev: str = "HEAD", paths: Sequence[str] = ()
) -> Iterator[CommitRecord]:
    """`first_parent_history`, one record at a time, read while git is still writing the next
    ones: a replay of tens of thousands of commits runs beside `git log` (on another core)
    instead of after it, and never holds the whole log in memory."""
    with _open(repo_root) as (repo, prefix):
        args = _history_args(repo, prefix, rev, paths)
        process = repo.git.log(*args, as_process=True)
        finished = False
        try:
            yield from _iter_records(_stream_tokens(process.proc.stdout))
            finished = True
        finally:
            if finished:
                process.wait()  # raises GitCommandError on failure, as `repo.git.log` does
            else:
                process.proc.kill()
                process.proc.wait()


def first_parent_commits(
    repo_root: Path, rev: str = "HEAD", paths: Sequence[str] = ()
) -> list[str]:
    """The commits of `first_parent_history` (same selection, oldest first), without their
    changes: far cheaper, to number the steps of a history read for a few paths only."""
    with _open(repo_root) as (repo, prefix):
        args = ["--first-parent", "--reverse", _resolve(repo, rev)]
        if paths or prefix:
            args.append("--")
            args.extend([prefix + p for p in paths] if paths else [prefix])
        out: str = repo.git.rev_list(*args)
    return out.split()


def _history_args(repo: git.Repo, prefix: str, rev: str, paths: Sequence[str]) -> list[str]:
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
    return args


def commit_moment(repo_root: Path, rev: str = "HEAD") -> dt.datetime:
    """When the commit named `rev` was committed: the date of a build made from it."""
    with _open(repo_root) as (repo, _):
        out: str = repo.git.show("-s", "--format=%cI", _resolve(repo, rev))
    return dt.datetime.fromisoformat(out.strip())


def _shallow(repo: git.Repo) -> bool:
    try:
        out: str = repo.git.rev_parse("--is-shallow-repository")
    except git.GitCommandError:
        return False
    return out.strip() == "true"


def in_repository(repo_root: Path) -> bool:
    """True when `repo_root` lies inside the work tree of a git repository."""
    try:
        with _open(repo_root):
            return True
    except GitError:
        return False


def is_shallow(repo_root: Path) -> bool:
    with _open(repo_root) as (repo, _):
        return _shallow(repo)


def shallow_findings(repo_root: Path) -> list[Finding]:
    """SEG-GIT-001 when the clone is shallow: history-derived facts would be wrong."""
    try:
        shallow = is_shallow(repo_root)
    except GitError:
        return []
    return [registry.get("SEG-GIT-001").at(".git/shallow", 1, 1)] if shallow else []


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

    def read_blob(self, blob: str) -> bytes | None:
        """The object named `blob` (a full SHA from a `Change`), if it is a blob."""
        try:
            _, kind, _, data = self._repo.git.get_object_data(blob)
        except (git.GitCommandError, ValueError):
            return None
        content: bytes = data
        return content if kind in ("blob", b"blob") else None

    def close(self) -> None:
        self._context.__exit__(None, None, None)

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

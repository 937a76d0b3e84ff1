"""Writes a synthetic history into a new git repository with `git fast-import`.

Committing 50,000 times through `git commit` would take hours (each call rewrites the index of
a work tree of a million files). `git fast-import` takes the whole history as one stream of
blobs and commits, with no work tree and no index, and writes one pack: minutes. The work tree
is checked out once at the end.

The stream follows the clock: every commit of every pull request and every merge, in order.
A pull request's first commit starts from `main` as it is at that moment, and its merge into
`main` (two parents, `--no-ff`) lists the pull request's files again, since fast-import builds
each tree from the first parent's. Pull requests only touch their own candidature folder (or
the access map), so a merge never conflicts. Git runs without the system and user
configuration: nothing of the machine (hooks, signing, an LFS filter) leaks into the result.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from segur.errors import GitError
from segur.examples.generator import Files
from segur.examples.synthetic.story import ANS_ADMIN, Author, PullRequest

MAIN = "refs/heads/main"
# The commits of merged pull requests hang from their merges; no branch needs to stay.
SCRATCH = "refs/synthetique/pull-request"


class SyntheticGitError(GitError):
    """git failed while writing the synthetic repository; the message is French."""


@dataclass(frozen=True, slots=True)
class Written:
    commits: int
    merges: int
    files: int  # in the last tree of main


def _stamp(author: Author, moment: dt.datetime) -> bytes:
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    zone = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return f"{author.name} <{author.email}> {int(moment.timestamp())} {zone}\n".encode()


class FastImport:
    """The fast-import commands of a history, handed to `write` (the process's stdin)."""

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self._write = write
        self._marks = 0
        self.commits = 0
        self.merges = 0
        write(b"feature done\n")

    def _mark(self) -> int:
        self._marks += 1
        return self._marks

    def blob(self, data: bytes) -> int:
        mark = self._mark()
        self._write(b"blob\nmark :%d\ndata %d\n%s\n" % (mark, len(data), data))
        return mark

    def commit(
        self,
        ref: str,
        author: Author,
        moment: dt.datetime,
        message: str,
        parents: list[int],
        files: Mapping[str, int],
    ) -> int:
        mark = self._mark()
        stamp = _stamp(author, moment)
        text = message.encode("utf-8")
        parts = [
            b"commit %s\nmark :%d\nauthor %scommitter %s" % (ref.encode(), mark, stamp, stamp),
            b"data %d\n%s\n" % (len(text), text),
        ]
        if parents:
            parts.append(b"from :%d\n" % parents[0])
            parts.extend(b"merge :%d\n" % parent for parent in parents[1:])
        for path in sorted(files):
            if "\n" in path or path.startswith('"'):
                raise ValueError(f"chemin non pris en charge : {path!r}")
            parts.append(b"M 100644 :%d %s\n" % (files[path], path.encode("utf-8")))
        self._write(b"".join(parts) + b"\n")
        self.commits += 1
        self.merges += len(parents) > 1
        return mark

    def done(self) -> None:
        self._write(b"done\n")


BASE_MESSAGE = "Dépôt initial : catalogue REM, schémas et carte d'accès (dépôt synthétique)"


def write_history(
    fast: FastImport,
    base: Files,
    base_moment: dt.datetime,
    requests: list[PullRequest],
    base_author: Author = ANS_ADMIN,
    base_message: str = BASE_MESSAGE,
) -> int:
    """The initial commit of `base`, then every pull request in the order of the clock.
    Returns the number of files in the last tree of `main`."""
    blobs = {path: fast.blob(data) for path, data in base.items()}
    main = fast.commit(MAIN, base_author, base_moment, base_message, [], blobs)
    tree = set(base)
    events = sorted(
        (moment, index, step)
        for index, request in enumerate(requests)
        for step, moment in enumerate([*(s.moment for s in request.steps), request.merged])
    )
    heads: dict[int, int] = {}
    changed: dict[int, dict[str, int]] = {}
    numbers: dict[int, int] = {}
    for moment, index, step in events:
        request = requests[index]
        if step < len(request.steps):
            commit = request.steps[step]
            marks = {path: fast.blob(data) for path, data in commit.make().items()}
            numbers.setdefault(index, len(numbers) + 1)
            parent = heads.get(index, main)
            heads[index] = fast.commit(
                SCRATCH, request.author, moment, commit.message, [parent], marks
            )
            changed.setdefault(index, {}).update(marks)
            continue
        message = (
            f"Fusion de la pull request #{numbers[index]} depuis {request.branch}\n\n"
            f"{request.title}"
        )
        files = changed.pop(index)
        main = fast.commit(MAIN, request.merger, moment, message, [main, heads.pop(index)], files)
        tree.update(files)
    fast.done()
    return len(tree)


def git_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}
    return env


def _git(out: Path, *args: str) -> None:
    done = subprocess.run(
        ["git", *args], cwd=out, env=git_environment(), capture_output=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise SyntheticGitError(f"git {' '.join(args)} a échoué : {message}")


def build_repository(
    out: Path,
    base: Files,
    base_moment: dt.datetime,
    requests: list[PullRequest],
    base_author: Author = ANS_ADMIN,
    base_message: str = BASE_MESSAGE,
) -> Written:
    """A new repository in `out` (empty or absent) holding the history, `main` checked out."""
    out.mkdir(parents=True, exist_ok=True)
    _git(out, "init", "-q", "-b", "main")
    for key, value in (("core.autocrlf", "false"), ("gc.auto", "0")):
        _git(out, "config", key, value)
    # Its messages go to a file: a pipe left unread could fill up and block both processes.
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            ["git", "fast-import", "--quiet"],
            cwd=out,
            env=git_environment(),
            stdin=subprocess.PIPE,
            stderr=errors,
        )
        assert process.stdin is not None  # a pipe was asked for
        fast = FastImport(process.stdin.write)
        files = 0
        try:
            files = write_history(fast, base, base_moment, requests, base_author, base_message)
            process.stdin.close()
        except BrokenPipeError:
            pass  # fast-import stopped early: its own message says why
        except BaseException:
            process.kill()
            raise
        finally:
            process.wait()
        errors.seek(0)
        stderr = errors.read()
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip()
        raise SyntheticGitError(f"git fast-import a échoué : {detail}")
    _git(out, "update-ref", "-d", SCRATCH)
    _git(out, "-c", "checkout.workers=0", "reset", "-q", "--hard", "main")
    return Written(fast.commits, fast.merges, files)

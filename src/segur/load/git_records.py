"""Git's NUL-separated output, read into frozen records: no process, no GitPython.

`segur.load.git_history` runs git; this module only parses what it prints (`--raw -z` entries,
commit
headers), so that no file name, however odd, can be misread: names are taken by count, never
split on spaces or newlines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

# A git operation could not be done: the package's error (exit code 2), re-exported here and in
# `segur.load.git_history`, where callers have always found it.
from segur.errors import GitError as GitError

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
    r"^\n?:(?P<old_mode>\d{6}) (?P<new_mode>\d{6}) [0-9a-f]+ (?P<blob>[0-9a-f]+) "
    r"(?P<status>[A-Z])\d*$"
)


@dataclass(frozen=True, slots=True)
class Change:
    """One changed path. For a rename or a copy, `old_path` is the source."""

    status: str
    path: str
    old_path: str | None = None
    new_mode: str = "100644"
    # The object the path holds after the change (all zeros when deleted), when git says it:
    # content-addressed, so what was read from it once need not be read again.
    blob: str | None = field(default=None, compare=False)

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
            changes.append(Change(status, new, old, match["new_mode"], match["blob"]))
        else:
            changes.append(Change(status, next(tokens), None, match["new_mode"], match["blob"]))
        token = next(tokens, None)
    return changes, token


def _tokens(out: bytes) -> list[str]:
    return [_decode(t) for t in out.split(b"\0") if t]


def _stream_tokens(stream: IO[bytes]) -> Iterator[str]:
    """`_tokens` of a stream, as it comes."""
    rest = b""
    while chunk := stream.read(1 << 20):
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        yield from (_decode(t) for t in parts if t)
    if rest:
        yield _decode(rest)


def _parse_log(tokens: list[str]) -> list[CommitRecord]:
    return list(_iter_records(tokens))


def _iter_records(tokens: Iterable[str]) -> Iterator[CommitRecord]:
    stream = iter(tokens)
    token = next(stream, None)
    while token is not None:
        header = _HEADER.match(token)
        if header is None:
            raise GitError(f"sortie de git log inattendue : {token[:80]!r}")
        changes, token = _parse_changes(stream, next(stream, None))
        yield CommitRecord(
            sha=header["sha"],
            committed=dt.datetime.fromisoformat(header["date"].strip()),
            parents=tuple(header["parents"].split()),
            changes=tuple(changes),
        )

"""The walk of `dossiers/`: every entry of the tree, as `lstat` sees it, never followed.

Everything under `dossiers/` is written by outsiders, so the tree itself is input: a name may
be any bytes, a "file" may be a pipe that blocks whoever opens it, a link may point anywhere on
the machine or to itself. The walk opens nothing but folders, and only real ones: a symbolic
link is recorded, never followed, and a folder reached through one is never listed. Names are
kept as bytes (a name need not be UTF-8) next to their decoded form for display. The walk is
bounded in depth and in count, so a hostile tree cannot exhaust the check; what the walk could
not see is recorded too (`WalkProblem`), for the rules to report.
"""

from __future__ import annotations

import enum
import os
import stat
from dataclasses import dataclass
from pathlib import Path

# The deepest legitimate entry is dossiers/<editeur>/<candidature>/preuves/<CHAPITRE>/<fichier>
# (five components); a little room lets the rules say where a misplaced tree starts.
MAX_WALK_DEPTH = 12
# Far above the largest repository expected (a few thousand candidatures of a few hundred
# files each would be read anyway); beyond it the walk stops and says so.
MAX_WALK_ENTRIES = 2_000_000


class Kind(enum.StrEnum):
    REGULAR = "regular"
    DIRECTORY = "directory"
    SYMLINK = "symlink"
    FIFO = "fifo"
    SOCKET = "socket"
    DEVICE = "device"
    OTHER = "other"


def kind_of(mode: int) -> Kind:
    if stat.S_ISLNK(mode):
        return Kind.SYMLINK
    if stat.S_ISREG(mode):
        return Kind.REGULAR
    if stat.S_ISDIR(mode):
        return Kind.DIRECTORY
    if stat.S_ISFIFO(mode):
        return Kind.FIFO
    if stat.S_ISSOCK(mode):
        return Kind.SOCKET
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Kind.DEVICE
    return Kind.OTHER


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry below `dossiers/`: its components as bytes (relative to `dossiers/`), its type
    from `lstat`, its link count and size."""

    parts: tuple[bytes, ...]
    kind: Kind
    nlink: int
    size: int

    @property
    def names(self) -> tuple[str, ...]:
        """The components decoded as the file system encoding does (undecodable bytes kept as
        surrogates, shown escaped by the rules)."""
        return tuple(os.fsdecode(part) for part in self.parts)

    @property
    def depth(self) -> int:
        return len(self.parts)


@dataclass(frozen=True, slots=True)
class WalkProblem:
    """A folder the walk could not list, or a limit it reached."""

    parts: tuple[bytes, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Tree:
    entries: tuple[Entry, ...]
    problems: tuple[WalkProblem, ...]
    # Whether `dossiers/` exists as a real folder (a link or a file is an entry of depth 0).
    root: Entry | None


def walk(dossiers: Path) -> Tree:
    """Every entry below `dossiers`, parents before children, siblings sorted by bytes."""
    base = os.fsencode(dossiers)
    try:
        status = os.lstat(base)
    except OSError:
        return Tree((), (), None)
    root = Entry((), kind_of(status.st_mode), status.st_nlink, status.st_size)
    if root.kind is not Kind.DIRECTORY:
        return Tree((), (), root)
    entries: list[Entry] = []
    problems: list[WalkProblem] = []
    stack: list[tuple[bytes, ...]] = [()]
    while stack:
        parts = stack.pop()
        if len(parts) >= MAX_WALK_DEPTH:
            problems.append(WalkProblem(parts, f"profondeur supérieure à {MAX_WALK_DEPTH}"))
            continue
        folder = b"/".join((base, *parts))
        try:
            with os.scandir(folder) as listing:
                children = sorted((child.name, child) for child in listing)
        except OSError as exc:
            problems.append(WalkProblem(parts, exc.strerror or str(exc)))
            continue
        below: list[tuple[bytes, ...]] = []
        for name, child in children:
            if len(entries) >= MAX_WALK_ENTRIES:
                problems.append(WalkProblem(parts, f"plus de {MAX_WALK_ENTRIES} entrées"))
                stack.clear()
                break
            try:
                info = child.stat(follow_symlinks=False)
            except OSError as exc:
                problems.append(WalkProblem((*parts, name), exc.strerror or str(exc)))
                continue
            entry = Entry((*parts, name), kind_of(info.st_mode), info.st_nlink, info.st_size)
            entries.append(entry)
            if entry.kind is Kind.DIRECTORY:
                below.append(entry.parts)
        # Reversed onto the stack: the first sibling is listed first.
        stack.extend(reversed(below))
    return Tree(tuple(entries), tuple(problems), root)

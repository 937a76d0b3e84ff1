"""The defect a proof's content check finds, and the helpers every format's parser raises it with.

`segur.load.content` dispatches a proof file to the parser of its type (`content_image`,
`content_pdf`, `content_video`, or its own scan of text reports); each parser raises `Bad` deep
inside its walk and `inspect` turns it into a `Defect`. They are kept here, apart from the
parsers, so that the format modules and the dispatcher all import them without importing one
another. The padding tolerance lives here too: it is the one rule on trailing bytes (a polyglot)
that every format applies the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

MIB = 1024 * 1024
# Padding that some writers leave after the end of a structure: NUL bytes and white space, up
# to this length. Anything else there is a second file hidden behind the first.
PADDING_TOLERANCE = 4096


class DefectKind(StrEnum):
    MALFORMED = "malformed"  # does not parse as the type its magic bytes announce
    TRAILING = "trailing"  # bytes after the end of the structure: a polyglot
    ACTIVE = "active"  # scripts, actions, embedded files, XML entities


@dataclass(frozen=True, slots=True)
class Defect:
    kind: DefectKind
    reason: str


class Bad(Exception):
    """A defect found deep in a parser, raised up to `segur.load.content.inspect`."""

    def __init__(self, kind: DefectKind, reason: str) -> None:
        super().__init__(reason)
        self.defect = Defect(kind, reason)


def malformed(reason: str) -> Bad:
    return Bad(DefectKind.MALFORMED, reason)


def check_tail(tail: bytes, what: str, total: int | None = None) -> None:
    """Refuse `tail`, the bytes after the end of `what` (the first of them when `total` says
    how many there are), unless it is a little padding."""
    count = len(tail) if total is None else total
    if not count:
        return
    if count <= PADDING_TOLERANCE and not tail.strip(b"\x00 \t\r\n\x0c"):
        return
    raise Bad(DefectKind.TRAILING, f"{count} octets après la fin {what}")


def read_all(stream: BinaryIO, size: int) -> bytes:
    stream.seek(0)
    return stream.read(size)


def short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"

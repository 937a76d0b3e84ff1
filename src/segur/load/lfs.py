"""Git LFS pointers: when only the pointer is checked out, it still proves the content.

A pointer file names the sha256 (`oid`) and size of the real content, so a manifest's hash can
be verified against it without downloading anything.
Format: https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The spec caps pointer files well below 1 KiB; anything longer is real content.
MAX_POINTER_BYTES = 1024
_SPEC = b"version https://git-lfs.github.com/spec/v1\n"
_OID = re.compile(rb"^oid sha256:([0-9a-f]{64})$", re.M)
_SIZE = re.compile(rb"^size (\d+)$", re.M)


@dataclass(frozen=True, slots=True)
class Pointer:
    oid: str
    size: int


def parse_pointer(data: bytes) -> Pointer | None:
    if len(data) > MAX_POINTER_BYTES or not data.startswith(_SPEC):
        return None
    oid, size = _OID.search(data), _SIZE.search(data)
    if oid is None or size is None:
        return None
    return Pointer(oid.group(1).decode("ascii"), int(size.group(1)))

"""What the file system says of a path that `candidature.yaml` names (a mandate, an attestation).

The path is walked one component at a time with `lstat`, so a symbolic link is seen where it
stands and never followed (a link could point outside the dossier, or change between the check
and the review). The judgement of these facts is a rule (`segur.rules.fichiers`).
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath


class Kind(StrEnum):
    REGULAR = "regular"
    MISSING = "missing"
    SYMLINK = "symlink"
    NOT_REGULAR = "not-regular"


@dataclass(frozen=True, slots=True)
class ReferencedFile:
    kind: Kind
    size: int = 0
    # For a symbolic link: how many components of the path lead to it.
    depth: int = 0


def look_up(folder: Path, value: str) -> ReferencedFile:
    """The facts of `value`, a relative POSIX path already judged safe as text, in `folder`."""
    parts = PurePosixPath(value).parts
    current = folder
    for index, part in enumerate(parts):
        current = current / part
        try:
            mode = current.lstat().st_mode
        except OSError:
            return ReferencedFile(Kind.MISSING)
        if stat.S_ISLNK(mode):
            return ReferencedFile(Kind.SYMLINK, depth=index + 1)
        last = index == len(parts) - 1
        if not last and not stat.S_ISDIR(mode):
            return ReferencedFile(Kind.MISSING)
        if last and not stat.S_ISREG(mode):
            return ReferencedFile(Kind.NOT_REGULAR)
    return ReferencedFile(Kind.REGULAR, size=current.lstat().st_size)

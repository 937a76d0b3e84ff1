"""Writing a file whole or not at all: a temporary file in the same folder, then renamed.

A rename within one folder is atomic on POSIX: a reader (a workflow step, `segur check`, a
second run of the same command) sees the old file or the new one, never half of it, and an
interrupted write leaves no temporary file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomic(target: Path, text: str) -> None:
    """Write `text` (UTF-8) to `target`, replacing it whole."""
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def real_folder_inside(root: Path, folder: Path) -> bool:
    """Whether `folder` is `root` or below it with no symbolic link on the way (it may not
    exist yet). A dossier is written by outsiders: a `journal/` linked elsewhere must not let a
    command write outside the repository."""
    try:
        relative = folder.absolute().relative_to(root.absolute())
    except ValueError:
        return False
    current = root.absolute()
    for part in relative.parts:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            return False
    return True

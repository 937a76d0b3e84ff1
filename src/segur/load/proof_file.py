"""What the file system says about one proof file named by a manifest, as a frozen record.

The proof rules (`segur.rules.preuves.files`) judge these records; this module is where the
files are read. A manifest path is untrusted: it is validated as text first (relative, no `..`),
and only then resolved, so a symlink leaving the dossier is refused before anything is read
through it. A file small enough to be sniffed whole is read once, for its LFS pointer, its real
type, its content check (`segur.load.content`: the file is parsed as the type its magic bytes
announce) and its sha256; a larger one is streamed, never read above its type's limit.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from segur.load.content import READ_LIMITS, inspect
from segur.load.content_defect import Defect
from segur.load.lfs import (
    MAX_POINTER_BYTES,
    Pointer,
    PointerError,
    looks_like_pointer,
    read_pointer,
)
from segur.load.sniff import HEAD_BYTES, TEXT_FULL_PARSE_LIMIT, Sniffed, sniff_mime

# The errors for which `Path.exists()` answers False rather than raising.
_ABSENT = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


@dataclass(frozen=True, slots=True)
class ProofFile:
    """One manifest entry's file as found on disk.

    `path` is None when the manifest path is refused (absolute, `..`, or leaving the dossier
    through a link): nothing was read. Otherwise the fields are filled as far as the file
    allows: `size`, then `pointer` (a Git LFS pointer checked out instead of the content, with
    the size of the object in the local LFS store when it is there) or `pointer_error` (a file
    that starts like a pointer but breaks the specification), or `sniffed` and `sha256` (the
    real type and hash of the content), `verified` when the content was parsed as its type
    and `defect` what that found wrong.
    """

    path: Path | None
    exists: bool = False
    regular: bool = False
    size: int = 0
    pointer: Pointer | None = None
    sniffed: Sniffed | None = None
    sha256: str | None = None
    pointer_error: str | None = None
    lfs_object_size: int | None = None
    verified: bool = False
    defect: Defect | None = None


def relative_parts(chemin: str) -> list[str] | None:
    """The components of a manifest path, as `PurePosixPath(chemin).parts` gives them (empty
    and `.` components dropped), or None when the path must be refused."""
    if "\\" in chemin or "\x00" in chemin or chemin.startswith("/"):
        return None
    parts = [part for part in chemin.split("/") if part and part != "."]
    if not parts or ".." in parts:
        return None
    return parts


def safe_relative(chemin: str) -> PurePosixPath | None:
    """The manifest path as a relative path without `..`, or None when it must be refused."""
    parts = relative_parts(chemin)
    return None if parts is None else PurePosixPath(*parts)


class Resolver:
    """`Path.resolve()` for the many files of one dossier: the same results, far fewer calls.

    `Path.resolve` looks at every component from the root of the file system (one `lstat`
    each, then a `stat`) for each file. Here each folder is resolved once and remembered; a
    path then costs one `lstat` of its last component: when that is not a symbolic link, the
    path resolves to its resolved folder plus its name, as `os.path.realpath` would find. A
    link, `..` or a root falls back to `Path.resolve` itself. Paths are handled as strings,
    which `pathlib` would make several times slower. The memory assumes the files do not
    change meanwhile: use one resolver per check of a dossier, never across runs.
    """

    def __init__(self) -> None:
        self._git_dirs: dict[str, Path | None] = {}
        self._known: dict[str, str] = {}
        self._status: dict[str, os.stat_result] = {}  # lstat of the paths that are no link
        self._inside: dict[tuple[Path, Path, str], Path | None] = {}

    def resolve_text(self, path: str) -> str:
        """The resolved form of `path` (as `str(Path(path))` writes it)."""
        found = self._known.get(path)
        if found is not None:
            return found
        parent, _, name = path.rpartition("/")
        if not parent or not name or name in (".", ".."):
            resolved = _resolved(path)
        else:
            try:
                status = os.lstat(path)
            except (OSError, ValueError):
                status = None  # absent: realpath keeps the name as it is, and so do we
            if status is not None and stat.S_ISLNK(status.st_mode):
                resolved = _resolved(path)
            else:
                if status is not None:
                    self._status[path] = status
                above = self.resolve_text(parent)
                resolved = f"{above}{name}" if above == "/" else f"{above}/{name}"
        self._known[path] = resolved
        return resolved

    def status(self, path: Path) -> os.stat_result:
        """`path.stat()`: the `lstat` already made when resolving it stands for it when the
        path's last component is not a link (the same file, looked up the same way)."""
        found = self._status.get(str(path))
        return found if found is not None else path.stat()

    def resolve(self, path: Path) -> Path:
        return Path(self.resolve_text(str(path)))

    def git_dir(self, folder: Path) -> Path | None:
        """`find_git_dir(folder)`, remembered for the dossier's many pointer files."""
        key = str(folder)
        if key not in self._git_dirs:
            self._git_dirs[key] = find_git_dir(folder)
        return self._git_dirs[key]

    def inside(self, base: Path, dossier: Path, chemin: str) -> Path | None:
        """`resolve_inside`, remembered: the rules ask once to list the file as referenced,
        once to verify it."""
        key = (base, dossier, chemin)
        if key not in self._inside:
            self._inside[key] = self._resolve_inside(base, dossier, chemin)
        return self._inside[key]

    def _resolve_inside(self, base: Path, dossier: Path, chemin: str) -> Path | None:
        parts = relative_parts(chemin)
        if parts is None:
            return None
        candidate = base.joinpath(*parts)
        resolved = self.resolve_text(str(candidate))
        top = self.resolve_text(str(dossier))
        # `Path.relative_to` on resolved absolute paths: the same components at the start.
        if resolved == top or resolved.startswith(top if top == "/" else top + "/"):
            return candidate
        return None


def _resolved(path: str) -> str:
    """`Path(path).resolve()`, except that a loop of links (which Python 3.11 raises as a
    `RuntimeError`) resolves as `os.path.realpath` leaves it: the file is then reported as
    unreadable or misplaced, on its own, instead of ending the whole check."""
    try:
        return str(Path(path).resolve())
    except (RuntimeError, OSError):
        return os.path.realpath(path)


def resolve_inside(
    base: Path, dossier: Path, chemin: str, resolver: Resolver | None = None
) -> Path | None:
    """`base/chemin`, provided it exists nowhere but inside `dossier` once links are followed."""
    if resolver is not None:
        return resolver.inside(base, dossier, chemin)
    relative = safe_relative(chemin)
    if relative is None:
        return None
    candidate = base.joinpath(*relative.parts)
    try:
        candidate.resolve().relative_to(dossier.resolve())
    except ValueError:
        return None
    return candidate


def find_git_dir(folder: Path) -> Path | None:
    """The `.git` folder of the work tree holding `folder`, or None (no repository, or a
    linked work tree whose `.git` is a file: its LFS store is not looked for)."""
    for candidate in (folder, *folder.parents):
        git = candidate / ".git"
        if git.is_dir():
            return git
        if git.exists():
            return None
    return None


def lfs_object_size(git_dir: Path | None, oid: str) -> int | None:
    """The size of the object `oid` in the local Git LFS store, when it is there."""
    if git_dir is None:
        return None
    try:
        status = (git_dir / "lfs" / "objects" / oid[:2] / oid[2:4] / oid).stat()
    except (OSError, ValueError):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def _read_all(path: Path, size: int) -> bytes:
    """The whole file, as `path.read_bytes()` reads it, without the buffered file object that
    costs more than the read itself for a small file: one read of the expected size, then reads
    until the end of the file (the size may have changed since it was looked up)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        want = size + 1
        while chunk := os.read(fd, want):
            chunks.append(chunk)
            want = 1 << 16
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_proof_file(
    base: Path, dossier: Path, chemin: str, resolver: Resolver | None = None
) -> ProofFile:
    """What the file system says about `base/chemin`, a file named by a manifest of `dossier`."""
    path = resolve_inside(base, dossier, chemin, resolver)
    if path is None:
        return ProofFile(None)
    # One `stat` answers `exists()`, `is_file()` and the size (all three follow links), with
    # the errors that `Path.exists` takes for "absent".
    try:
        status = path.stat() if resolver is None else resolver.status(path)
    except OSError as exc:
        if exc.errno not in _ABSENT:
            raise
        return ProofFile(path)
    except ValueError:
        return ProofFile(path)
    if not stat.S_ISREG(status.st_mode):
        return ProofFile(path, exists=True)
    size = status.st_size
    if size == 0:
        return ProofFile(path, exists=True, regular=True)
    complete = size <= TEXT_FULL_PARSE_LIMIT
    if complete:
        data = _read_all(path, size)
    else:
        with path.open("rb") as stream:
            data = stream.read(max(HEAD_BYTES, MAX_POINTER_BYTES))
    head = data[: max(HEAD_BYTES, MAX_POINTER_BYTES)]
    if looks_like_pointer(head):
        # Content not checked out: the pointer stands for its size and hash, so it must be a
        # pointer exactly as the Git LFS specification writes it.
        pointer = read_pointer(data if size < MAX_POINTER_BYTES else head[:MAX_POINTER_BYTES])
        if isinstance(pointer, PointerError) or pointer is None:
            reason = pointer.reason if pointer is not None else "pointeur Git LFS illisible"
            return ProofFile(path, True, True, size, pointer_error=reason)
        git_dir = find_git_dir(dossier) if resolver is None else resolver.git_dir(dossier)
        stored = lfs_object_size(git_dir, pointer.oid)
        return ProofFile(path, True, True, size, pointer=pointer, lfs_object_size=stored)
    found, mime = sniff_mime(data if complete else head, complete=complete)
    # Parsed only within its type's limit: a larger file is refused for its size unread.
    verified = size <= READ_LIMITS.get(found, 0)
    if complete:
        defect = inspect(data, size, found, mime) if verified else None
        digest = hashlib.sha256(data).hexdigest()
    else:
        with path.open("rb") as stream:
            defect = inspect(stream, size, found, mime) if verified else None
            stream.seek(0)
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return ProofFile(path, True, True, size, None, found, digest, verified=verified, defect=defect)

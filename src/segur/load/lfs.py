"""Git LFS pointers: when only the pointer is checked out, it still proves the content.

A pointer file names the sha256 (`oid`) and size of the real content, so a manifest's hash can
be verified against it without downloading anything. Because the pointer then stands for the
content, it is read exactly as the specification writes it, and anything else that starts like
a pointer is a malformed pointer (a finding), never a silent pass nor real content.
Format: https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# git-lfs reads a blob as a pointer only below 1 KiB (its `blobSizeCutoff`): a pointer file is
# strictly smaller than this.
MAX_POINTER_BYTES = 1024
SPEC_LINE = b"version https://git-lfs.github.com/spec/v1\n"
# What a file that means to be a pointer starts with (the current and the pre-release URL):
# such a file is judged as a pointer, whatever its size.
_POINTER_STARTS = (b"version https://git-lfs.", b"version https://hawser.")
_KEY = re.compile(rb"[a-z0-9.-]+")
_VALUE = re.compile(rb"[^\r\n]+")
_OID = re.compile(rb"sha256:([0-9a-f]{64})")
# A decimal number without leading zero; 19 digits cover any size a file system can hold.
_SIZE = re.compile(rb"[1-9][0-9]{0,18}")
_KNOWN_KEYS = (b"oid", b"size")


@dataclass(frozen=True, slots=True)
class Pointer:
    oid: str
    size: int


@dataclass(frozen=True, slots=True)
class PointerError:
    """A file that starts like a Git LFS pointer but is not one: `reason` says why, in French."""

    reason: str


def looks_like_pointer(head: bytes) -> bool:
    """Whether `head`, the start of a file, announces a Git LFS pointer."""
    return head.startswith(_POINTER_STARTS)


def read_pointer(data: bytes) -> Pointer | PointerError | None:
    """The pointer `data` is, why it is a malformed one, or None when it is no pointer at all."""
    if not looks_like_pointer(data):
        return None
    if len(data) >= MAX_POINTER_BYTES:
        return PointerError(
            f"il fait au moins {len(data)} octets ; un pointeur fait moins de "
            f"{MAX_POINTER_BYTES} octets"
        )
    if not data.startswith(SPEC_LINE):
        return PointerError(
            "la première ligne doit être exactement « version https://git-lfs.github.com/spec/v1 »"
        )
    if not data.endswith(b"\n"):
        return PointerError("la dernière ligne ne se termine pas par un saut de ligne")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return PointerError("il contient des octets qui ne sont pas de l'UTF-8")
    values: dict[bytes, bytes] = {}
    keys: list[bytes] = []
    for number, line in enumerate(data[len(SPEC_LINE) : -1].split(b"\n"), start=2):
        key, space, value = line.partition(b" ")
        if not space or not _KEY.fullmatch(key) or not _VALUE.fullmatch(value):
            return PointerError(f"ligne {number} : « clé valeur » attendu, une seule espace")
        shown = key.decode("ascii")
        if key in values:
            return PointerError(f"la clé « {shown} » apparaît plusieurs fois")
        if key not in _KNOWN_KEYS:
            return PointerError(f"clé inconnue « {shown} » (seules oid et size sont admises)")
        keys.append(key)
        values[key] = value
    if keys != sorted(keys):
        return PointerError("les clés ne sont pas dans l'ordre alphabétique (oid, puis size)")
    if b"oid" not in values or b"size" not in values:
        return PointerError("les clés oid et size sont obligatoires")
    oid = _OID.fullmatch(values[b"oid"])
    if oid is None:
        return PointerError("oid doit valoir « sha256: » suivi de 64 chiffres hexadécimaux")
    if values[b"size"] == b"0":
        return PointerError("la taille annoncée est nulle")
    if not _SIZE.fullmatch(values[b"size"]):
        return PointerError("size doit être un nombre décimal d'octets, sans zéro initial")
    return Pointer(oid.group(1).decode("ascii"), int(values[b"size"]))


def parse_pointer(data: bytes) -> Pointer | None:
    """The valid pointer `data` is, or None (no pointer, or a malformed one)."""
    found = read_pointer(data)
    return found if isinstance(found, Pointer) else None

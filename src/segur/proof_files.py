"""Checks of one proof file named by a manifest: place, presence, size, real type, hash.

A manifest path is untrusted: it is validated as text first (relative, no `..`), and only then
resolved, so a symlink leaving the dossier is refused before anything is read through it.
When only a Git LFS pointer is checked out, the pointer's oid stands for the content's sha256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from segur.completeness import ExpectedProof
from segur.lfs import MAX_POINTER_BYTES, parse_pointer
from segur.model.preuves import Fichier, NatureCnda
from segur.model.rem import ProofKind
from segur.sniff import HEAD_BYTES, TEXT_FULL_PARSE_LIMIT, Sniffed, sniff

MIB = 1024 * 1024

# Real types accepted for each proof kind, and the size limit of each real type.
ACCEPTED: dict[ProofKind, frozenset[Sniffed]] = {
    ProofKind.CAPTURE: frozenset({Sniffed.IMAGE}),
    ProofKind.VIDEO: frozenset({Sniffed.VIDEO}),
    ProofKind.DOCUMENT: frozenset({Sniffed.PDF}),
    ProofKind.RAPPORT: frozenset({Sniffed.TEXT, Sniffed.JSON, Sniffed.XML}),
    ProofKind.HOMOLOGATION_CNDA: frozenset({Sniffed.PDF, Sniffed.IMAGE}),
    ProofKind.IDENTIFIANT: frozenset(),
}
CNDA_ACCEPTED: dict[NatureCnda, frozenset[Sniffed]] = {
    NatureCnda.ATTESTATION: frozenset({Sniffed.PDF}),
    NatureCnda.PRE_EXAMEN: frozenset({Sniffed.PDF}),
    NatureCnda.ESPACE_CNDA: frozenset({Sniffed.IMAGE}),
}
SIZE_LIMITS: dict[Sniffed, int] = {
    Sniffed.IMAGE: 20 * MIB,
    Sniffed.VIDEO: 500 * MIB,
    Sniffed.PDF: 50 * MIB,
    Sniffed.TEXT: 50 * MIB,
    Sniffed.JSON: 50 * MIB,
    Sniffed.XML: 50 * MIB,
}


class Problem:
    """Why a file is not a valid proof; the rule module turns these into findings."""

    OUTSIDE = "outside"
    MISSING = "missing"
    NOT_A_FILE = "not-a-file"
    EMPTY = "empty"
    TOO_BIG = "too-big"
    WRONG_TYPE = "wrong-type"
    HASH = "hash"


@dataclass(frozen=True, slots=True)
class FileVerdict:
    problem: str | None
    detail: dict[str, str]
    path: Path | None
    pointer: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


def _fail(problem: str, path: Path | None = None, **detail: str) -> FileVerdict:
    return FileVerdict(problem, detail, path)


def safe_relative(chemin: str) -> PurePosixPath | None:
    """The manifest path as a relative path without `..`, or None when it must be refused."""
    if "\\" in chemin or "\x00" in chemin:
        return None
    pure = PurePosixPath(chemin)
    if pure.is_absolute() or any(part == ".." for part in pure.parts) or not pure.parts:
        return None
    return pure


def resolve_inside(base: Path, dossier: Path, chemin: str) -> Path | None:
    """`base/chemin`, provided it exists nowhere but inside `dossier` once links are followed."""
    relative = safe_relative(chemin)
    if relative is None:
        return None
    candidate = base.joinpath(*relative.parts)
    try:
        candidate.resolve().relative_to(dossier.resolve())
    except ValueError:
        return None
    return candidate


def accepted_types(proof: ExpectedProof, fichier: Fichier) -> frozenset[Sniffed]:
    if proof.cnda and fichier.nature_cnda is not None:
        return CNDA_ACCEPTED[fichier.nature_cnda]
    accepted: frozenset[Sniffed] = frozenset()
    for kind in proof.types:
        accepted |= ACCEPTED[kind]
    return accepted


def verify(base: Path, dossier: Path, fichier: Fichier, proof: ExpectedProof) -> FileVerdict:
    path = resolve_inside(base, dossier, fichier.chemin)
    if path is None:
        return _fail(Problem.OUTSIDE)
    if not path.exists():
        return _fail(Problem.MISSING, path)
    if not path.is_file():
        return _fail(Problem.NOT_A_FILE, path)
    size = path.stat().st_size
    if size == 0:
        return _fail(Problem.EMPTY, path)
    with path.open("rb") as stream:
        head = stream.read(max(HEAD_BYTES, MAX_POINTER_BYTES))
    pointer = parse_pointer(head) if size <= MAX_POINTER_BYTES else None
    if pointer is not None:
        # Content not checked out: trust the pointer for size and hash; the real type is
        # checked wherever the content is present (CI fetches LFS objects).
        if pointer.oid != fichier.sha256:
            return _fail(Problem.HASH, path, found=pointer.oid)
        return FileVerdict(None, {}, path, pointer=True)
    accepted = accepted_types(proof, fichier)
    complete = size <= TEXT_FULL_PARSE_LIMIT
    found = sniff(path.read_bytes() if complete else head, complete=complete)
    if found not in accepted:
        return _fail(
            Problem.WRONG_TYPE,
            path,
            found=found.value,
            expected=", ".join(sorted(t.value for t in accepted)) or "aucun fichier",
        )
    limit = SIZE_LIMITS.get(found, 0)
    if size > limit:
        return _fail(Problem.TOO_BIG, path, size=str(size), limit=str(limit), kind=found.value)
    with path.open("rb") as stream:
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    if digest != fichier.sha256:
        return _fail(Problem.HASH, path, found=digest)
    return FileVerdict(None, {}, path)

"""Checks of one proof file named by a manifest: place, presence, size, real type, hash.

Pure: the file system was read by `segur.load.proof_file`, whose record is judged here.
When only a Git LFS pointer is checked out, the pointer's oid stands for the content's sha256,
provided the pointer follows the specification and announces a plausible size. When the content
is there, it was parsed as its real type (`segur.load.content`): what that found wrong is judged
here, with the extension the file name announces.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from segur.load.content import READ_LIMITS
from segur.load.content_defect import DefectKind
from segur.load.proof_file import ProofFile
from segur.load.sniff import Sniffed
from segur.model.preuves import Fichier, NatureCnda
from segur.model.rem import ProofKind
from segur.rules.preuves.completeness import ExpectedProof

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
# The limits up to which `segur.load.content` parses files (image 20 MiB, video 500 MiB, PDF and
# reports 50 MiB): a limit raised here above its read limit leaves the file unverified, and an
# unverified file is refused rather than trusted.
SIZE_LIMITS: dict[Sniffed, int] = dict(READ_LIMITS)
# The smallest well-formed file of each type (a 1×1 PNG is 67 bytes, a PDF with one empty page
# some 200): a Git LFS pointer announcing less cannot stand for a real proof.
MIN_SIZES: dict[Sniffed, int] = {
    Sniffed.IMAGE: 26,
    Sniffed.VIDEO: 100,
    Sniffed.PDF: 60,
    Sniffed.TEXT: 1,
    Sniffed.JSON: 2,
    Sniffed.XML: 4,
}
# Extensions that name a binary type: a file so named must be of that type (an HTML page named
# `.png` is refused even where a text would be accepted). Text extensions are left free.
EXTENSIONS: dict[str, Sniffed] = {
    **dict.fromkeys(
        (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff"), Sniffed.IMAGE
    ),
    ".pdf": Sniffed.PDF,
    **dict.fromkeys((".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"), Sniffed.VIDEO),
}
# The empty content's sha256: a pointer naming it with a size above zero contradicts itself.
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


class Problem:
    """Why a file is not a valid proof; the rule module turns these into findings."""

    OUTSIDE = "outside"
    MISSING = "missing"
    NOT_A_FILE = "not-a-file"
    EMPTY = "empty"
    TOO_BIG = "too-big"
    WRONG_TYPE = "wrong-type"
    HASH = "hash"
    CORRUPT = "corrupt"  # does not parse as its type, or not the type its extension names
    TRAILING = "trailing"  # bytes after the end of the document: a polyglot
    ACTIVE = "active"  # scripts, actions, embedded files, XML entities
    LFS_POINTER = "lfs-pointer"  # malformed or implausible Git LFS pointer


_DEFECT_PROBLEMS = {
    DefectKind.MALFORMED: Problem.CORRUPT,
    DefectKind.TRAILING: Problem.TRAILING,
    DefectKind.ACTIVE: Problem.ACTIVE,
}


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


def accepted_types(proof: ExpectedProof, fichier: Fichier) -> frozenset[Sniffed]:
    if proof.cnda and fichier.nature_cnda is not None:
        return CNDA_ACCEPTED[fichier.nature_cnda]
    accepted: frozenset[Sniffed] = frozenset()
    for kind in proof.types:
        accepted |= ACCEPTED[kind]
    return accepted


def judge(record: ProofFile, fichier: Fichier, proof: ExpectedProof) -> FileVerdict:
    """Whether the file found on disk is a valid proof for `fichier` of the manifest."""
    path = record.path
    if path is None:
        return _fail(Problem.OUTSIDE)
    if not record.exists:
        return _fail(Problem.MISSING, path)
    if not record.regular:
        return _fail(Problem.NOT_A_FILE, path)
    if record.size == 0:
        return _fail(Problem.EMPTY, path)
    accepted = accepted_types(proof, fichier)
    if record.pointer_error is not None:
        return _fail(Problem.LFS_POINTER, path, reason=record.pointer_error)
    if record.pointer is not None:
        return _judge_pointer(record, fichier, accepted, path)
    found = record.sniffed
    if found is None or found not in accepted:
        return _fail(
            Problem.WRONG_TYPE,
            path,
            found=found.value if found is not None else "inconnu",
            expected=", ".join(sorted(t.value for t in accepted)) or "aucun fichier",
        )
    limit = SIZE_LIMITS.get(found, 0)
    if record.size > limit:
        return _fail(
            Problem.TOO_BIG, path, size=str(record.size), limit=str(limit), kind=found.value
        )
    named = EXTENSIONS.get(path.suffix.lower())
    if named is not None and named != found:
        reason = f"son contenu est un fichier {found.value} (extension « {path.suffix} »)"
        return _fail(Problem.CORRUPT, path, kind=named.value, reason=reason)
    if record.defect is not None:
        problem = _DEFECT_PROBLEMS[record.defect.kind]
        return _fail(problem, path, kind=found.value, reason=record.defect.reason)
    if not record.verified:
        reason = "son contenu n'a pas pu être vérifié"
        return _fail(Problem.CORRUPT, path, kind=found.value, reason=reason)
    if record.sha256 != fichier.sha256:
        return _fail(Problem.HASH, path, found=record.sha256 or "")
    return FileVerdict(None, {}, path)


def _judge_pointer(
    record: ProofFile, fichier: Fichier, accepted: frozenset[Sniffed], path: Path
) -> FileVerdict:
    """Content not checked out: the pointer stands for its size and hash, provided the size is
    one a proof of an accepted type can have (the real type is checked wherever the content is
    present: CI fetches LFS objects)."""
    pointer = record.pointer
    assert pointer is not None
    kinds = ", ".join(sorted(t.value for t in accepted)) or "aucun fichier"
    limit = max((SIZE_LIMITS.get(t, 0) for t in accepted), default=0)
    if pointer.size > limit:
        return _fail(Problem.TOO_BIG, path, size=str(pointer.size), limit=str(limit), kind=kinds)
    least = min((MIN_SIZES.get(t, 1) for t in accepted), default=1)
    if pointer.size < least:
        reason = (
            f"la taille annoncée, {pointer.size} octets, est trop petite pour un fichier {kinds} "
            f"(au moins {least} octets)"
        )
        return _fail(Problem.LFS_POINTER, path, reason=reason)
    if pointer.oid == EMPTY_SHA256:
        reason = f"l'oid est celui d'un contenu vide, la taille annoncée {pointer.size} octets"
        return _fail(Problem.LFS_POINTER, path, reason=reason)
    if record.lfs_object_size is not None and record.lfs_object_size != pointer.size:
        reason = (
            f"la taille annoncée, {pointer.size} octets, n'est pas celle de l'objet LFS "
            f"({record.lfs_object_size} octets)"
        )
        return _fail(Problem.LFS_POINTER, path, reason=reason)
    if pointer.oid != fichier.sha256:
        return _fail(Problem.HASH, path, found=pointer.oid)
    return FileVerdict(None, {}, path, pointer=True)

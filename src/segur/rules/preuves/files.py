"""Checks of one proof file named by a manifest: place, presence, size, real type, hash.

Pure: the file system was read by `segur.load.proof_file`, whose record is judged here.
When only a Git LFS pointer is checked out, the pointer's oid stands for the content's sha256.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
    if record.pointer is not None:
        # Content not checked out: trust the pointer for size and hash; the real type is
        # checked wherever the content is present (CI fetches LFS objects).
        if record.pointer.oid != fichier.sha256:
            return _fail(Problem.HASH, path, found=record.pointer.oid)
        return FileVerdict(None, {}, path, pointer=True)
    accepted = accepted_types(proof, fichier)
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
    if record.sha256 != fichier.sha256:
        return _fail(Problem.HASH, path, found=record.sha256 or "")
    return FileVerdict(None, {}, path)

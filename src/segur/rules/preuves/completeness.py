"""Which proofs a candidature owes, and how complete each chapter is.

The expected set is derived, never listed by hand: a requirement applies when its profile is
`general` or one of the candidature's profiles, and every proof of every scenario of an
applicable requirement is expected (§3.3: "chaque preuve demandée est obligatoire"). The
procedure's own proofs (version screenshot, documentation) come from one data file, read by
`segur.repository.procedure`, and form one more chapter, so nothing here special-cases them.

This module is pure: whether a deposited proof is *valid* is decided by the caller (the file
checks on disk, or a lighter test when replaying git history), through `proof_ok`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from segur.model.preuves import EntreePreuve, Manifeste, NatureCnda
from segur.model.rem import GENERAL, Chapitre, Exigence, ProofKind
from segur.repository.procedure import procedure_chapter

PROCEDURE_CHAPTER = "PROCEDURE"


class ChapterState(StrEnum):
    NON_DEPOSE = "non déposé"
    INCOMPLET = "incomplet"
    COMPLET = "complet"


def accepted_forms(types: Iterable[ProofKind]) -> tuple[bool, tuple[ProofKind, ...]]:
    """What a manifest entry may hold for a proof of these REM types: whether an execution ID
    (the field « identifiant », without file) and which kinds of file, in the REM's order.

    The one definition read by the checker (`well_formed`, `segur.dossier.preuves`) and by the
    manifest templates (`accepted_wording`, written by `segur.authoring.scaffold`): what a
    template offers is what the checker accepts. A proof the REM types « identifiant, rapport »
    (« Lien permanent … vers le rapport de validation ») takes either the link or the report.
    """
    kinds = tuple(types)
    return ProofKind.IDENTIFIANT in kinds, tuple(k for k in kinds if k is not ProofKind.IDENTIFIANT)


def accepted_wording(types: Iterable[ProofKind]) -> str:
    """`accepted_forms` in French, as the manifest templates write it."""
    accepts_value, file_kinds = accepted_forms(types)
    forms: list[str] = []
    if file_kinds:
        forms.append(f"fichiers ({', '.join(kind.value for kind in file_kinds)})")
    if accepts_value:
        forms.append("identifiant d'exécution (champ « identifiant », sans fichier)")
    return " ou ".join(forms) or "aucune"


@dataclass(frozen=True, slots=True)
class ProofOrigin:
    """One place where the REM asks for a proof: its label there, and the requirement."""

    libelle: str
    exigence: str
    profil: str
    types: tuple[ProofKind, ...]


@dataclass(frozen=True, slots=True)
class ExpectedProof:
    id: str
    libelle: str
    types: tuple[ProofKind, ...]
    exigence: str
    chapitre: str
    # Every place of the REM that asks for this proof ID, in REM order (usually just one).
    origins: tuple[ProofOrigin, ...] = ()

    @property
    def is_value(self) -> bool:
        """Only an execution ID is accepted: a value typed in the manifest, never a file."""
        accepts_value, file_kinds = accepted_forms(self.types)
        return accepts_value and not file_kinds

    @property
    def cnda(self) -> bool:
        return ProofKind.HOMOLOGATION_CNDA in self.types


@dataclass(frozen=True, slots=True)
class ExpectedChapter:
    code: str
    libelle: str
    proofs: tuple[ExpectedProof, ...]


@dataclass(frozen=True, slots=True)
class ChapterStatus:
    code: str
    libelle: str
    state: ChapterState
    expected: tuple[ExpectedProof, ...]
    present: tuple[str, ...]
    missing: tuple[ExpectedProof, ...]
    # CNDA proofs satisfied only by a pre-examination attestation or a CNDA-space screenshot:
    # enough for completeness (§3.3), not for the convention (§3.5).
    cnda_provisional: tuple[str, ...]

    @property
    def done(self) -> int:
        return len(self.present)

    @property
    def total(self) -> int:
        return len(self.expected)


def applies(profil: str, profils: Iterable[str]) -> bool:
    return profil == GENERAL or profil in set(profils)


def applicable_requirements(
    chapitres: Iterable[Chapitre], profils: Iterable[str], code: str
) -> list[Exigence]:
    """The requirements of chapter `code` (the procedure chapter included) that apply."""
    chosen = set(profils)
    for chapitre in [*chapitres, procedure_chapter()]:
        if chapitre.code == code:
            return [e for e in chapitre.exigences if applies(e.profil, chosen)]
    return []


def expected_chapters(
    chapitres: Iterable[Chapitre], profils: Iterable[str]
) -> list[ExpectedChapter]:
    """Every chapter with at least one applicable proof, procedure chapter last.

    ANS's data sometimes gives one proof ID twice (a scenario shared by several requirements,
    or two different proofs under one ID): the editor deposits it once, so the proof is
    expected once, accepting the union of the kinds, with every distinct libellé.
    """
    chosen = set(profils)
    result: list[ExpectedChapter] = []
    for chapitre in [*chapitres, procedure_chapter()]:
        expected = _expected_chapter(chapitre, chosen)
        if expected is not None:
            result.append(expected)
    return result


def proofless_chapters(chapitres: Iterable[Chapitre], profils: Iterable[str]) -> list[str]:
    """The chapters (procedure chapter included) whose applicable requirements ask for no
    proof: nothing to deposit ("sans preuve à déposer", complete by definition), yet every
    requirement of them is judged before the convention (DESIGN §6)."""
    chosen = set(profils)
    return [
        chapitre.code
        for chapitre in [*chapitres, procedure_chapter()]
        if any(applies(e.profil, chosen) for e in chapitre.exigences)
        and _expected_chapter(chapitre, chosen) is None
    ]


def requirements_without_proof(
    chapitres: Iterable[Chapitre], profils: Iterable[str]
) -> list[Exigence]:
    """The applicable requirements for which the REM gives no verification modality (no
    proof in any scenario): the instruction judges them without a deposit."""
    chosen = set(profils)
    return [
        e
        for chapitre in [*chapitres, procedure_chapter()]
        for e in chapitre.exigences
        if applies(e.profil, chosen) and not any(sc.preuves for sc in e.scenarios)
    ]


# A chapter's expected proofs depend only on which of the profiles named by its own
# requirements are chosen. Thousands of candidatures share a REM: each chapter is derived once
# per such choice and kept, with the chapter model itself, so that no other object can take
# its identity while the entry lives. The results are immutable and shared.
_CHAPTERS_KEPT = 4096
_chapters: dict[tuple[int, frozenset[str]], tuple[Chapitre, ExpectedChapter | None]] = {}


def _expected_chapter(chapitre: Chapitre, chosen: set[str]) -> ExpectedChapter | None:
    relevant = frozenset(e.profil for e in chapitre.exigences if e.profil in chosen)
    key = (id(chapitre), relevant)
    kept = _chapters.get(key)
    if kept is not None and kept[0] is chapitre:
        return kept[1]
    expected = _derive_chapter(chapitre, chosen)
    if len(_chapters) >= _CHAPTERS_KEPT:
        _chapters.clear()
    _chapters[key] = (chapitre, expected)
    return expected


def _derive_chapter(chapitre: Chapitre, chosen: set[str]) -> ExpectedChapter | None:
    merged: dict[str, ExpectedProof] = {}
    for exigence in chapitre.exigences:
        if not applies(exigence.profil, chosen):
            continue
        for scenario in exigence.scenarios:
            for preuve in scenario.preuves:
                types = tuple(preuve.types)
                origin = ProofOrigin(preuve.libelle, exigence.id, exigence.profil, types)
                proof = ExpectedProof(
                    preuve.id, preuve.libelle, types, exigence.id, chapitre.code, (origin,)
                )
                merged[preuve.id] = (
                    _merge(merged[preuve.id], proof) if preuve.id in merged else proof
                )
    if not merged:
        return None
    return ExpectedChapter(chapitre.code, chapitre.libelle, tuple(merged.values()))


def _merge(first: ExpectedProof, other: ExpectedProof) -> ExpectedProof:
    libelle = (
        first.libelle if other.libelle in first.libelle else f"{first.libelle} / {other.libelle}"
    )
    types = first.types + tuple(t for t in other.types if t not in first.types)
    origins = first.origins + tuple(o for o in other.origins if o not in first.origins)
    return ExpectedProof(first.id, libelle, types, first.exigence, first.chapitre, origins)


ProofOk = Callable[[ExpectedProof, EntreePreuve], bool]


def well_formed(proof: ExpectedProof, entry: EntreePreuve) -> bool:
    """The shape rules of an entry, independent of the files' content: a value for an
    execution ID and files otherwise, and the nature of every CNDA justification."""
    accepts_value, file_kinds = accepted_forms(proof.types)
    if entry.identifiant is not None:
        return accepts_value and bool(entry.identifiant) and not entry.fichiers
    if not entry.fichiers or not file_kinds:
        return False
    return not (proof.cnda and any(f.nature_cnda is None for f in entry.fichiers))


def chapter_status(
    chapter: ExpectedChapter, manifest: Manifeste | None, proof_ok: ProofOk
) -> ChapterStatus:
    entries: Mapping[str, EntreePreuve] = manifest.preuves if manifest else {}
    present: list[str] = []
    missing: list[ExpectedProof] = []
    provisional: list[str] = []
    for proof in chapter.proofs:
        entry = entries.get(proof.id)
        if entry is not None and entry.deposee and proof_ok(proof, entry):
            present.append(proof.id)
            if proof.cnda and not any(
                f.nature_cnda is NatureCnda.ATTESTATION for f in entry.fichiers
            ):
                provisional.append(proof.id)
        else:
            missing.append(proof)
    # Only the chapter's own proofs make it deposited: an entry that belongs to another
    # chapter (or to no chapter) is reported once where it stands, and does not turn this
    # chapter into an incomplete one that owes every proof.
    deposited = any(entries[p.id].deposee for p in chapter.proofs if p.id in entries)
    if not missing:
        state = ChapterState.COMPLET
    elif deposited:
        state = ChapterState.INCOMPLET
    else:
        state = ChapterState.NON_DEPOSE
    return ChapterStatus(
        chapter.code,
        chapter.libelle,
        state,
        chapter.proofs,
        tuple(present),
        tuple(missing),
        tuple(provisional),
    )

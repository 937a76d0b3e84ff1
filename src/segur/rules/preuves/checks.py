"""Rules of the proof dossier (§3.3, §3.4): manifests, files and chapter completeness.

A chapter with no proof at all is *not deposited* (fine: deposits may go chapter by chapter);
with some but not all applicable proofs it is *incomplete*, an error that blocks the merge and
names every missing proof; with all of them it is *complete* and enters the FIFO queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from segur.findings.finding import Finding, Severity
from segur.findings.registry import define
from segur.load.composer import Loc
from segur.load.document import Document
from segur.model.preuves import EntreePreuve, Manifeste
from segur.model.rem import Chapitre
from segur.rules.preuves.completeness import (
    ChapterStatus,
    ExpectedChapter,
    ExpectedProof,
    ProofOk,
)
from segur.rules.preuves.files import FileVerdict, Problem
from segur.rules.preuves.places import folder_of, manifest_of, with_hint

OUTSIDE = define(
    "SEG-PRV-001",
    Severity.ERROR,
    "Chemin de preuve hors du dossier",
    "chemin « {chemin} » refusé : un chemin relatif au dossier du manifeste, sans « .. » ni "
    "lien symbolique sortant du dossier, est attendu",
)
MISSING_FILE = define(
    "SEG-PRV-002",
    Severity.ERROR,
    "Fichier de preuve introuvable",
    "preuve {proof} : fichier « {chemin} » introuvable",
)
EMPTY_FILE = define(
    "SEG-PRV-003",
    Severity.ERROR,
    "Fichier de preuve vide",
    "preuve {proof} : le fichier « {chemin} » est vide",
)
TOO_BIG = define(
    "SEG-PRV-004",
    Severity.ERROR,
    "Fichier de preuve trop volumineux",
    "preuve {proof} : « {chemin} » fait {size} octets, au-delà de la limite de {limit} octets "
    "pour un fichier {kind}",
)
WRONG_TYPE = define(
    "SEG-PRV-005",
    Severity.ERROR,
    "Type réel du fichier non accepté",
    "preuve {proof} : « {chemin} » est en réalité un fichier {found} ; types acceptés pour "
    "cette preuve : {expected}",
)
HASH = define(
    "SEG-PRV-006",
    Severity.ERROR,
    "Empreinte sha256 différente",
    "preuve {proof} : l'empreinte sha256 de « {chemin} » est {found}, le manifeste indique "
    "{expected}",
)
UNKNOWN_PROOF = define(
    "SEG-PRV-007",
    Severity.ERROR,
    "Identifiant de preuve inconnu du REM",
    "identifiant de preuve « {proof} » inconnu du REM {dispositif} {version}",
)
NOT_APPLICABLE = define(
    "SEG-PRV-008",
    Severity.ERROR,
    "Preuve hors du chapitre ou des profils demandés",
    "preuve « {proof} » : {reason}",
)
UNREFERENCED = define(
    "SEG-PRV-009",
    Severity.WARNING,
    "Fichier non référencé par un manifeste",
    "fichier « {chemin} » présent dans preuves/ mais cité par aucun manifeste",
)
INCOMPLETE = define(
    "SEG-PRV-010",
    Severity.ERROR,
    "Chapitre incomplet",
    "chapitre {chapitre} incomplet ({done}/{total}) : preuve {proof} manquante — {libelle}",
)
CNDA_PROVISIONAL = define(
    "SEG-PRV-011",
    Severity.WARNING,
    "Homologation CNDA provisoire",
    "preuve {proof} : pré-examen ou copie de l'espace CNDA accepté pour la complétude ; "
    "l'attestation d'homologation définitive sera exigée avant la convention",
)
CNDA_NATURE = define(
    "SEG-PRV-012",
    Severity.ERROR,
    "Nature du justificatif CNDA non précisée",
    "preuve {proof} : « nature_cnda » est obligatoire pour une homologation CNDA "
    "(attestation, pre-examen ou espace-cnda)",
)
VALUE_KIND = define(
    "SEG-PRV-013",
    Severity.ERROR,
    "Identifiant d'exécution et fichiers confondus",
    "preuve {proof} : {reason}",
)
CHAPTER = define(
    "SEG-PRV-014",
    Severity.ERROR,
    "Chapitre de manifeste invalide",
    "manifeste du dossier « {folder} » : {reason}",
)
NO_TARGET = define(
    "SEG-PRV-015",
    Severity.ERROR,
    "REM de la candidature introuvable",
    "les preuves ne peuvent pas être vérifiées : {reason}",
)
NOT_A_FILE = define(
    "SEG-PRV-016",
    Severity.ERROR,
    "Chemin de preuve qui n'est pas un fichier",
    "preuve {proof} : « {chemin} » n'est pas un fichier",
)

CORRUPT = define(
    "SEG-PRV-017",
    Severity.ERROR,
    "Contenu du fichier de preuve invalide",
    "preuve {proof} : « {chemin} » n'est pas un fichier {kind} valide : {reason}",
)
TRAILING = define(
    "SEG-PRV-018",
    Severity.ERROR,
    "Contenu ajouté après la fin du document",
    "preuve {proof} : « {chemin} » contient du contenu ajouté après la fin du document "
    "({reason}) ; un fichier qui est en même temps un autre format est refusé",
)
ACTIVE = define(
    "SEG-PRV-019",
    Severity.ERROR,
    "Contenu actif dans un fichier de preuve",
    "preuve {proof} : « {chemin} » contient du contenu actif ({reason}) ; scripts, actions, "
    "fichiers joints et entités XML sont refusés",
)
LFS_POINTER = define(
    "SEG-PRV-020",
    Severity.ERROR,
    "Pointeur Git LFS invalide",
    "preuve {proof} : « {chemin} » est un pointeur Git LFS invalide : {reason}",
)

_FILE_RULES = {
    Problem.CORRUPT: CORRUPT,
    Problem.TRAILING: TRAILING,
    Problem.ACTIVE: ACTIVE,
    Problem.LFS_POINTER: LFS_POINTER,
    Problem.MISSING: MISSING_FILE,
    Problem.EMPTY: EMPTY_FILE,
    Problem.TOO_BIG: TOO_BIG,
    Problem.WRONG_TYPE: WRONG_TYPE,
    Problem.HASH: HASH,
    Problem.NOT_A_FILE: NOT_A_FILE,
}


@dataclass(slots=True)
class ProofReport:
    """Everything the proof rules found in one candidature."""

    statuses: list[ChapterStatus] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # Manifest files actually loaded, per chapter code, with the files they reference.
    manifests: dict[str, Path] = field(default_factory=dict)
    referenced: dict[str, list[Path]] = field(default_factory=dict)
    # Files that a manifest of another chapter asks for (resolved path -> what it says): their
    # "unreferenced" warning names that manifest, so that both findings tell one story.
    claimed: dict[str, str] = field(default_factory=dict)


Display = Callable[[Path], str]


def valid_in(ok: set[str]) -> ProofOk:
    def proof_ok(proof: ExpectedProof, _entry: EntreePreuve) -> bool:
        return proof.id in ok

    return proof_ok


def chapter_problem(
    doc: Document, manifest: Manifeste, code: str | None, chapitres: list[Chapitre]
) -> Finding:
    folder = Path(doc.path).parent.name
    known = {c.code for c in chapitres}
    if code is None and manifest.chapitre not in known:
        reason = f"aucun chapitre « {folder} » dans le REM de la candidature"
    elif code is None or code != manifest.chapitre:
        reason = (
            f"le champ chapitre vaut « {manifest.chapitre} » mais le dossier correspond au "
            f"chapitre « {code or folder} »"
        )
    else:
        reason = f"le chapitre {code} n'a aucune preuve applicable aux profils demandés"
    return doc.finding(CHAPTER, ("chapitre",), folder=folder, reason=reason)


def misplaced(
    doc: Document,
    loc: Loc,
    proof_id: str,
    chapter: ExpectedChapter,
    every_proof: dict[str, tuple[str, str]],
    rem_label: tuple[str, str],
    movable: bool = False,
) -> Finding:
    """An entry that is not a proof of this chapter. When the proof is expected in its own
    chapter, the finding says where the entry goes: the missing-proof finding of that chapter
    points back here (`report_status`)."""
    if proof_id not in every_proof:
        return doc.finding(
            UNKNOWN_PROOF, loc, proof=proof_id, dispositif=rem_label[0], version=rem_label[1]
        )
    owner, profil = every_proof[proof_id]
    if owner != chapter.code:
        reason = f"elle appartient au chapitre {owner}, pas au chapitre {chapter.code}"
        if movable:
            reason += (
                f" : déplacez l'entrée, avec ses fichiers, dans {manifest_of(owner)} "
                f"(dossier {folder_of(owner)}/)"
            )
    else:
        reason = f"elle relève du profil « {profil} », que la candidature ne demande pas"
    return doc.finding(NOT_APPLICABLE, loc, proof=proof_id, reason=reason)


def file_finding(
    doc: Document, loc: Loc, proof: ExpectedProof, chemin: str, sha256: str, verdict: FileVerdict
) -> Finding:
    if verdict.problem == Problem.OUTSIDE:
        return doc.finding(OUTSIDE, (*loc, "chemin"), chemin=chemin)
    rule = _FILE_RULES[verdict.problem or ""]
    if verdict.problem == Problem.HASH:
        detail = {**verdict.detail, "expected": sha256}
        return doc.finding(rule, (*loc, "sha256"), proof=proof.id, chemin=chemin, **detail)
    return doc.finding(rule, (*loc, "chemin"), proof=proof.id, chemin=chemin, **verdict.detail)


def report_status(
    report: ProofReport,
    doc: Document,
    status: ChapterStatus,
    declared_in: dict[str, str] | None = None,
) -> None:
    """The chapter's status, and one finding per missing proof. `declared_in` gives, for a
    proof declared in another chapter's manifest, that manifest: the finding says so, and
    where the entry belongs."""
    report.statuses.append(status)
    elsewhere = declared_in or {}
    if status.state.value == "incomplet":
        for proof in status.missing:
            finding = doc.finding(
                INCOMPLETE,
                ("preuves", proof.id),
                chapitre=status.code,
                done=status.done,
                total=status.total,
                proof=proof.id,
                libelle=_short(proof.libelle),
            )
            where = elsewhere.get(proof.id)
            if where is not None:
                hint = (
                    f" ; déclarée dans {where} : déplacez l'entrée dans {manifest_of(status.code)}"
                )
                finding = with_hint(finding, hint)
            report.findings.append(finding)
    for proof_id in status.cnda_provisional:
        report.findings.append(doc.finding(CNDA_PROVISIONAL, ("preuves", proof_id), proof=proof_id))


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unreferenced(shown: str, claim: str = "") -> Finding:
    """A file under preuves/ that no manifest names; `claim` says which manifest of another
    chapter asks for it (`claimed_by`)."""
    return with_hint(UNREFERENCED.at(shown, 1, 1, chemin=shown), claim)

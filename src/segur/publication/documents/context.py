"""What the three documents say, gathered from one candidature's analysis (no rendering here).

- the convention: once every chapter is conforme (it is then submitted to the editor, §3.5);
- the attestation de référencement: once the candidature is referenced (both signatures);
- the rapport de conformité: as soon as a chapter has a verdict; every applicable requirement
  with the result of the latest verdict on its chapter ("non instruite" otherwise).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from segur.lifecycle.analysis import Analysis, Etat
from segur.lifecycle.progress import fr
from segur.model.candidature import Candidature, quality_words
from segur.model.evenements import (
    DecisionCollege,
    InsProposition,
    InsResultat,
    SignatureAns,
    SignatureEditeur,
    Verdict,
)
from segur.publication.documents.names import ATTESTATION, CONVENTION, RAPPORT
from segur.repository.catalogue import Rem
from segur.rules.preuves.completeness import applicable_requirements

_CONVENTION_STATES = {
    Etat.CONFORME,
    Etat.CONVENTION_SIGNEE,
    Etat.ATTRIBUEE,
    Etat.REFERENCEE,
    Etat.REFUSEE,
}


@dataclass(frozen=True, slots=True)
class Signature:
    nom: str
    qualite: str
    date: str


@dataclass(frozen=True, slots=True)
class Row:
    exigence: str
    nature: str
    enonce: str
    resultat: str  # conforme, non-conforme, non instruite
    commentaire: str


@dataclass(frozen=True, slots=True)
class ChapterReport:
    code: str
    libelle: str
    verdict: str | None  # date of the latest verdict
    resultat: str  # conforme, non conforme, non instruit
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class DocumentData:
    exemple: bool
    dossier: str
    candidature: Candidature
    rem: Rem
    profils: tuple[str, ...]  # libellés
    numero: str | None
    seance: str | None
    decision: DecisionCollege | None
    validite: tuple[str, str] | None
    signature_editeur: Signature | None
    signature_ans: Signature | None
    chapitres: tuple[ChapterReport, ...]
    ins: str | None  # the INS test day, in one sentence
    created: dt.date  # the document's date: fixed by the journal, so the output is stable


def availability(analysis: Analysis) -> dict[str, str | None]:
    """For each document, None when it can be produced, else why not (French)."""
    etat = analysis.cycle.etat
    found: dict[str, str | None] = {}
    if analysis.candidature is None or analysis.rem is None:
        reason = "candidature.yaml invalide ou REM inconnu"
        return {CONVENTION: reason, ATTESTATION: reason, RAPPORT: reason}
    found[CONVENTION] = (
        None
        if etat in _CONVENTION_STATES
        else f"la convention est préparée une fois tous les chapitres conformes (état : {etat})"
    )
    found[ATTESTATION] = (
        None
        if etat is Etat.REFERENCEE
        else "l'attestation suit la signature de la convention par les deux parties "
        f"(état : {etat})"
    )
    found[RAPPORT] = None if analysis.progress.verdicts else "aucun chapitre n'a encore de verdict"
    return found


def _signature(analysis: Analysis, which: str) -> Signature | None:
    event = getattr(analysis.progress, which)
    if event is None:
        return None
    model = event.event
    if isinstance(model, SignatureEditeur):
        who = model.signataire
        # "Présidente (représentant légal)": the position, then the quality in words.
        words = quality_words(model.qualite)
        quality = f"{model.fonction} ({words})" if model.fonction else words
    elif isinstance(model, SignatureAns):
        who, quality = model.signataire, model.fonction
    else:
        return None
    return Signature(f"{who.prenom} {who.nom}", quality, fr(event.date))


def _chapters(analysis: Analysis, rem: Rem, profils: list[str]) -> tuple[ChapterReport, ...]:
    reports: list[ChapterReport] = []
    for status in analysis.status.chapitres:
        event = analysis.progress.verdicts.get(status.code)
        verdict = event.event if event is not None and isinstance(event.event, Verdict) else None
        rows = []
        for exigence in applicable_requirements(rem.chapitres, profils, status.code):
            result = verdict.exigences.get(exigence.id) if verdict else None
            rows.append(
                Row(
                    exigence.id,
                    "exigence" if exigence.nature == "exigence" else "préconisation",
                    " ".join(exigence.enonce.split()),
                    result.value if result else "non instruite",
                    verdict.commentaires.get(exigence.id, "") if verdict else "",
                )
            )
        if verdict is None:
            overall = "non instruit"
        else:
            overall = (
                "conforme"
                if analysis.progress.conforme(status.code, analysis.facts)
                else "non conforme"
            )
        reports.append(
            ChapterReport(
                status.code,
                status.libelle,
                fr(event.date) if event else None,
                overall,
                tuple(rows),
            )
        )
    return tuple(reports)


def _ins(analysis: Analysis) -> str | None:
    if not analysis.facts.ins_needed:
        return None
    result = analysis.progress.ins_result
    proposal = analysis.progress.confirmed_proposal()
    if result is None or not isinstance(result.event, InsResultat):
        return "Journée de test INS : pas encore tenue"
    day = fr(proposal.date_proposee) if isinstance(proposal, InsProposition) else "date inconnue"
    recording = result.event.enregistrement
    return (
        f"Journée de test INS du {day} : {result.event.resultat.value} (enregistrement "
        f"{recording.chemin}, sha256 {recording.sha256})"
    )


def document_data(analysis: Analysis) -> DocumentData:
    candidature, rem = analysis.candidature, analysis.rem
    if candidature is None or rem is None:
        raise ValueError("candidature.yaml invalide ou REM inconnu")
    cycle, progress = analysis.cycle, analysis.progress
    labels = {p.id: p.libelle for p in rem.dispositif.profils}
    decision = progress.decision_model()
    validite = None
    if cycle.date_signature and cycle.fin_convention:
        validite = (fr(cycle.date_signature), fr(cycle.fin_convention))
    dated = [e.date for e in progress.verdicts.values()]
    dated += [
        e.date for e in (progress.signature_editeur, progress.decision, progress.signature_ans) if e
    ]
    return DocumentData(
        exemple=analysis.fictif,
        dossier=cycle.dossier,
        candidature=candidature,
        rem=rem,
        profils=tuple(labels.get(p, p) for p in candidature.profils),
        numero=cycle.numero_attestation,
        seance=fr(decision.seance) if decision else None,
        decision=decision,
        validite=validite,
        signature_editeur=_signature(analysis, "signature_editeur"),
        signature_ans=_signature(analysis, "signature_ans"),
        chapitres=_chapters(analysis, rem, list(candidature.profils)),
        ins=_ins(analysis),
        created=max(dated) if dated else analysis.today,
    )

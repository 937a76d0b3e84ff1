"""What is due, by when, and on whose side: the deadlines of every open candidature.

Two deadlines come from the procedure itself:
- §3.2: the editor answers a solicitation of the administrative dossier (or a request for a
  complement) within 5 jours ouvrés "à compter de celle-ci", else the application is rejected.
  The day of the solicitation does not count (`segur.lifecycle.calendar`); when the solicitation
  reached
  `main` after its date, the delay counts from its arrival (the editor only sees it there).
- §3.4: for an editor not referenced in vague 1, ANS proposes the INS test day "sous deux
  semaines" once the INS chapter is complete: 14 calendar days after the day the chapter was
  complete on `main`.

Everything else the procedure leaves without a delay: solicitations on a chapter (§3.4 only
says ANS "peut solliciter"), the validation of the administrative dossier, the instruction, the
signatures, the notification. They are listed as pending actions with no due date, never with an
invented one; the only other date shown is informative: the next weekly collège.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from segur.lifecycle.analysis import ANS, CLOSED, EDITEUR, Analysis, Etat
from segur.lifecycle.college import next_session
from segur.lifecycle.progress import INS_CHAPTER, fr
from segur.lifecycle.state import SOLLICITATION, ins_proposal_due, instruction_actions
from segur.model.evenements import InsProposition

RULE_ADMIN = "§3.2 : réponse sous 5 jours ouvrés, le jour de la sollicitation ne compte pas"
RULE_INS = "§3.4 : proposition sous deux semaines (14 jours) après le chapitre INS complet"
NO_DELAY = "aucun délai fixé par la procédure"


class Statut(StrEnum):
    A_VENIR = "à venir"
    AUJOURD_HUI = "aujourd'hui"
    DEPASSEE = "dépassée"
    SANS_DELAI = "sans délai"


@dataclass(frozen=True, slots=True)
class Echeance:
    dossier: str
    action: str
    a_qui: str  # "éditeur" | "ANS"
    echeance: dt.date | None  # None: the procedure sets no delay
    regle: str
    statut: Statut
    consequence: str | None = None
    indicatif: bool = False  # a date shown for information, not a deadline of the procedure
    source: str | None = None  # the event file it comes from


def _statut(due: dt.date | None, today: dt.date) -> Statut:
    if due is None:
        return Statut.SANS_DELAI
    if due < today:
        return Statut.DEPASSEE
    return Statut.AUJOURD_HUI if due == today else Statut.A_VENIR


def _admin(analysis: Analysis, today: dt.date) -> list[Echeance]:
    found: list[Echeance] = []
    for request in analysis.progress.requests:
        due = request.deadline
        if due is None or request.answered_in_time():
            continue
        expired = today > due
        found.append(
            Echeance(
                analysis.cycle.dossier,
                f"Répondre à la sollicitation du {fr(request.event.date)} sur le dossier "
                "administratif",
                EDITEUR,
                due,
                RULE_ADMIN,
                _statut(due, today),
                "candidature rejetée" if expired else "rejet de la candidature si pas de réponse",
                source=request.event.path,
            )
        )
    return found


def _chapters(analysis: Analysis, today: dt.date) -> list[Echeance]:
    found: list[Echeance] = []
    for request in analysis.progress.requests:
        if request.chapitre is None or request.reply is not None:
            continue
        found.append(
            Echeance(
                analysis.cycle.dossier,
                f"Répondre à la sollicitation du {fr(request.event.date)} sur le chapitre "
                f"{request.chapitre}",
                EDITEUR,
                None,
                f"§3.4 : {NO_DELAY} pour une sollicitation d'instruction",
                Statut.SANS_DELAI,
                source=request.event.path,
            )
        )
    return found


def _ins(analysis: Analysis, today: dt.date) -> list[Echeance]:
    facts, progress = analysis.facts, analysis.progress
    if not facts.ins_needed or facts.chapters.get(INS_CHAPTER) is None:
        return []
    failed = progress.ins_failed()
    if progress.ins_result is not None and failed is None:
        return []
    dossier = analysis.cycle.dossier
    # After a failed test day, only a new proposal and its confirmation count (§3.4).
    retest = progress.ins_retest() if failed is not None else None
    proposals = (
        progress.ins_proposals
        if retest is None
        else [e for e in retest if e.type == "ins-proposition"]
    )
    if not proposals and failed is not None:
        action = (
            f"Proposer une nouvelle date de journée de test INS (celle dont le résultat a été "
            f"consigné le {fr(failed.date)} est non conforme)"
        )
        return [
            Echeance(
                dossier,
                action,
                ANS,
                None,
                f"§3.4 : {NO_DELAY}",
                Statut.SANS_DELAI,
                source=failed.path,
            )
        ]
    if not proposals:
        due = ins_proposal_due(facts)
        return [
            Echeance(
                dossier,
                "Proposer une date de journée de test INS",
                ANS,
                due,
                RULE_INS,
                _statut(due, today),
            )
        ]
    confirmed = retest is None or progress.ins_confirmation in retest
    proposal = progress.confirmed_proposal() if confirmed else None
    if proposal is None:
        latest = proposals[-1]
        assert isinstance(latest.event, InsProposition)
        return [
            Echeance(
                dossier,
                f"Confirmer la journée de test INS proposée pour le "
                f"{fr(latest.event.date_proposee)}",
                EDITEUR,
                None,
                f"§3.4 : {NO_DELAY}",
                Statut.SANS_DELAI,
                source=latest.path,
            )
        ]
    day = proposal.date_proposee
    if today <= day:
        return [
            Echeance(
                dossier,
                "Tenir la journée de test INS et en déposer l'enregistrement",
                EDITEUR,
                day,
                "§3.4 : date proposée par l'ANS et confirmée par l'éditeur",
                _statut(day, today),
                indicatif=True,
            )
        ]
    return [
        Echeance(
            dossier,
            f"Consigner le résultat de la journée de test INS du {fr(day)}",
            ANS,
            None,
            f"§3.4 : {NO_DELAY}",
            Statut.SANS_DELAI,
        )
    ]


def _state_action(analysis: Analysis, today: dt.date) -> list[Echeance]:
    """The pending action of the state itself, when the lists above do not cover it."""
    cycle = analysis.cycle
    if cycle.a_qui is None or cycle.etat in (Etat.SOUS_SOLLICITATION, Etat.BROUILLON):
        return []
    if cycle.etat in (Etat.EN_INSTRUCTION, Etat.INS_A_PLANIFIER, Etat.INS_PLANIFIEE):
        # The open solicitations on chapters are listed with their dates (see _chapters).
        actions = instruction_actions(analysis.status, analysis.facts, analysis.progress)
        return [
            Echeance(cycle.dossier, a.action, a.a_qui or ANS, None, NO_DELAY, Statut.SANS_DELAI)
            for a in actions
            if a.kind != SOLLICITATION
        ]
    if cycle.etat is Etat.CONVENTION_SIGNEE:
        session = next_session(today)
        return [
            Echeance(
                cycle.dossier,
                "Présenter la candidature au collège technique",
                ANS,
                session,
                "§3.5.1 : collège hebdomadaire (prochaine séance)",
                _statut(session, today),
                indicatif=True,
            )
        ]
    return [
        Echeance(
            cycle.dossier, cycle.prochaine_action, cycle.a_qui, None, NO_DELAY, Statut.SANS_DELAI
        )
    ]


def deadlines(analyses: list[Analysis], today: dt.date) -> list[Echeance]:
    """Every pending action, dated ones first (earliest first), then the others."""
    found: list[Echeance] = []
    for analysis in analyses:
        found += _admin(analysis, today)
        if analysis.cycle.etat in CLOSED and analysis.cycle.etat is not Etat.REFERENCEE:
            if analysis.cycle.a_qui is not None:
                found += _state_action(analysis, today)
            continue
        found += _chapters(analysis, today)
        found += _ins(analysis, today)
        found += _state_action(analysis, today)
    return sorted(
        found,
        key=lambda e: (e.echeance is None, e.echeance or dt.date.max, e.dossier, e.action),
    )

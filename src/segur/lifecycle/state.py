"""The state of one candidature and its next expected action, from the replayed journal.

The order of the tests below is the precedence of the states: a closed candidature stays
closed; an administrative solicitation, which can end in a rejection, shows before the
instruction; the INS test day, which has its own deadline, shows before the other chapters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from segur.dossier.status import DossierStatus
from segur.lifecycle.calendar import add_months
from segur.lifecycle.college import next_session
from segur.lifecycle.notifiable import notification_of
from segur.lifecycle.progress import INS_CHAPTER, INS_PROPOSAL_DAYS, Facts, Progress, fr
from segur.model.candidature import Candidature
from segur.model.cycle import ANS, CLOSED, EDITEUR, Cycle, Etat, attestation_number
from segur.model.evenements import Decision, InsProposition
from segur.repository.catalogue import Rem

SOLLICITATION = "sollicitation"


@dataclass(frozen=True, slots=True)
class Next:
    etat: Etat
    action: str
    a_qui: str | None
    kind: str = ""  # "sollicitation" for the answer to open solicitations on chapters


def ins_proposal_due(facts: Facts) -> dt.date | None:
    """§3.4: the INS test day is proposed within two weeks (14 days) of the complete chapter."""
    done = facts.chapters.get(INS_CHAPTER)
    if done is None or done.day is None:
        return None
    return done.day + dt.timedelta(days=INS_PROPOSAL_DAYS)


def fin_convention(date_signature: dt.date, rem: Rem | None) -> dt.date | None:
    if rem is None:
        return None
    return add_months(date_signature, rem.dispositif.duree_convention_mois)


def instruction_actions(status: DossierStatus, facts: Facts, progress: Progress) -> list[Next]:
    """Everything expected of a candidature whose chapters are being deposited and instructed,
    most pressing first: answer the open solicitations, instruct the queued chapters, correct
    the non-conforming ones, deposit the others, bring the final CNDA attestations."""
    actions: list[Next] = []
    open_requests = [r for r in progress.requests if r.chapitre and r.reply is None]
    if open_requests:
        chapters = ", ".join(sorted({r.chapitre or "" for r in open_requests}))
        action = f"Répondre à la sollicitation de l'ANS sur le(s) chapitre(s) {chapters}"
        actions.append(Next(Etat.EN_INSTRUCTION, action, EDITEUR, SOLLICITATION))
    # The INS chapter waits for its test day first (see _ins), when the editor needs one.
    ins_pending = facts.ins_needed and (
        progress.ins_result is None or progress.ins_failed() is not None
    )
    waiting = [
        code
        for code, moment in facts.chapters.items()
        if moment is not None
        and code not in progress.verdicts
        and not (code == INS_CHAPTER and ins_pending)
    ]
    if waiting:
        action = f"Instruire les chapitres complets en file d'attente : {', '.join(waiting)}"
        actions.append(Next(Etat.EN_INSTRUCTION, action, ANS))
    # A stale verdict (the chapter changed after it) is no verdict: the chapter, received anew,
    # is instructed again (docs/cycle-de-vie.md, "Verdicts épinglés").
    stale = [s for s in (progress.stale(c, facts) for c in progress.verdicts) if s is not None]
    ready = [s for s in stale if facts.chapters.get(s.code) is not None]
    for item in ready:
        action = f"Instruire à nouveau le chapitre {item.code} : verdict périmé ({item.describe()})"
        actions.append(Next(Etat.EN_INSTRUCTION, action, ANS))
    solicited = {r.chapitre for r in open_requests} | {s.code for s in stale}
    refused = [
        c for c in progress.verdicts if not progress.conforme(c, facts) and c not in solicited
    ]
    answered = [c for c in refused if _answered_since_verdict(progress, c)]
    if answered:
        action = (
            f"Instruire de nouveau le(s) chapitre(s) non conforme(s) ({', '.join(answered)}) : "
            "l'éditeur a répondu depuis le verdict"
        )
        actions.append(Next(Etat.EN_INSTRUCTION, action, ANS))
    to_fix = [c for c in refused if c not in answered]
    if to_fix:
        action = (
            f"Corriger le(s) chapitre(s) non conforme(s) ({', '.join(to_fix)}) : l'ANS les "
            "instruira de nouveau"
        )
        actions.append(Next(Etat.EN_INSTRUCTION, action, EDITEUR))
    # Not complete on main as of the day (the files of the work tree may be further on).
    missing = [code for code, moment in facts.chapters.items() if moment is None]
    if missing:
        done = len(status.chapitres) - len(missing)
        shown = ", ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
        action = (
            f"Déposer les chapitres de preuves restants ({done}/{len(status.chapitres)} "
            f"complets ; à déposer : {shown})"
        )
        actions.append(Next(Etat.EN_INSTRUCTION, action, EDITEUR))
    if facts.cnda_provisional:
        action = (
            "Déposer l'attestation d'homologation CNDA définitive (exigée avant la convention) : "
            + ", ".join(facts.cnda_provisional)
        )
        actions.append(Next(Etat.EN_INSTRUCTION, action, EDITEUR))
    return actions


def _answered_since_verdict(progress: Progress, code: str) -> bool:
    verdict = progress.verdicts[code]
    return any(
        r.chapitre == code and r.reply is not None and r.reply.date >= verdict.date
        for r in progress.requests
    )


def _instruction(status: DossierStatus, facts: Facts, progress: Progress) -> Next:
    actions = instruction_actions(status, facts, progress)
    return actions[0] if actions else Next(Etat.EN_INSTRUCTION, "Instruire les chapitres", ANS)


def _ins(facts: Facts, progress: Progress, today: dt.date) -> Next | None:
    if not facts.ins_needed or facts.chapters.get(INS_CHAPTER) is None:
        return None
    failed = progress.ins_failed()
    if progress.ins_result is not None and failed is None:
        return None
    # After a failed test day, only a new proposal and its confirmation count (§3.4).
    fresh = progress.ins_retest() if failed is not None else None
    confirmed = fresh is None or progress.ins_confirmation in fresh
    proposal = progress.confirmed_proposal() if confirmed else None
    if proposal is not None:
        day = proposal.date_proposee
        if today <= day:
            action = (
                f"Organiser la journée de test INS du {fr(day)} (environnement, jeux de données "
                "de l'ANS, animation) et en déposer l'enregistrement vidéo"
            )
            return Next(Etat.INS_PLANIFIEE, action, EDITEUR)
        action = (
            f"Consigner le résultat de la journée de test INS du {fr(day)}, avec l'enregistrement "
            "déposé par l'éditeur"
        )
        return Next(Etat.INS_PLANIFIEE, action, ANS)
    pending = [
        p
        for p in progress.ins_proposals
        if isinstance(p.event, InsProposition) and (fresh is None or p in fresh)
    ]
    if pending:
        latest = pending[-1]
        assert isinstance(latest.event, InsProposition)
        action = (
            f"Confirmer la date de journée de test INS proposée par l'ANS : "
            f"{fr(latest.event.date_proposee)} ({latest.name})"
        )
        return Next(Etat.INS_A_PLANIFIER, action, EDITEUR)
    if failed is not None:
        action = (
            f"Proposer une nouvelle date de journée de test INS à l'éditeur : celle dont le "
            f"résultat a été consigné le {fr(failed.date)} est non conforme (§3.4)"
        )
        return Next(Etat.INS_A_PLANIFIER, action, ANS)
    due = ins_proposal_due(facts)
    action = "Proposer une date de journée de test INS à l'éditeur"
    if due is not None:
        action += f" au plus tard le {fr(due)} (deux semaines après le chapitre INS complet)"
    return Next(Etat.INS_A_PLANIFIER, action, ANS)


def _next(status: DossierStatus, facts: Facts, progress: Progress, today: dt.date) -> Next:
    if facts.admin is None:
        if status.administratif_complet:
            action = "Déposer le dossier administratif complet sur main (pull request fusionnée)"
        else:
            action = (
                "Compléter le dossier administratif (candidature.yaml, questionnaire SSI) : "
                "segur check liste ce qui manque"
            )
        return Next(Etat.BROUILLON, action, EDITEUR)
    rejection = progress.rejection(today)
    if rejection is not None:
        request, deadline = rejection
        action = (
            f"Aucune : candidature rejetée, la sollicitation du {fr(request.event.date)} est "
            f"restée sans réponse au {fr(deadline)} (5 jours ouvrés, §3.2)"
        )
        return Next(Etat.REJETEE, action, None)
    decision = progress.decision_model()
    notified = progress.decision is not None and bool(
        notification_of(progress, progress.decision.name)
    )
    if decision is not None and decision.decision is Decision.RESERVES_BLOQUANTES:
        if notified:
            action = "Aucune : non-attribution du référencement notifiée avec ses motifs"
            return Next(Etat.REFUSEE, action, None)
        return Next(Etat.REFUSEE, "Notifier la décision et ses motifs à l'éditeur", ANS)
    if decision is not None:
        if progress.signature_ans is None:
            action = "Faire signer la convention par la direction de l'ANS"
            return Next(Etat.ATTRIBUEE, action, ANS)
        if not notified:
            action = "Notifier l'éditeur (convention signée, attestation, rapport de conformité)"
            return Next(Etat.REFERENCEE, action, ANS)
        audit = progress.failed_audit()
        if audit is not None:
            # §3.1.3: "Les modalités des audits de conformité et les conséquences en découlant
            # sont définies dans la convention de référencement": no other procedure here.
            action = (
                f"Audit non conforme le {fr(audit.date)} : suites à donner par le collège selon "
                "la convention de référencement (§3.1.3)"
            )
            return Next(Etat.REFERENCEE, action, ANS)
        return Next(Etat.REFERENCEE, "Aucune : solution référencée", None)
    if progress.signature_editeur is not None:
        session = next_session(today)
        action = f"Présenter la candidature au collège technique du {fr(session)}"
        return Next(Etat.CONVENTION_SIGNEE, action, ANS)
    open_admin = [r for r in progress.requests if r.chapitre is None and r.reply is None]
    if open_admin:
        request = open_admin[0]
        action = (
            f"Répondre à la sollicitation du {fr(request.event.date)} au plus tard le "
            f"{fr(request.deadline)} (5 jours ouvrés), faute de quoi la candidature est rejetée"
        )
        return Next(Etat.SOUS_SOLLICITATION, action, EDITEUR)
    if progress.validation is None:
        action = "Valider le dossier administratif ou demander un complément"
        return Next(Etat.DEPOSE, action, ANS)
    if not progress.convention_blockers(facts):
        action = "Signer la convention de référencement (segur documents DOSSIER la produit)"
        return Next(Etat.CONFORME, action, EDITEUR)
    return _ins(facts, progress, today) or _instruction(status, facts, progress)


def build_cycle(
    dossier: str,
    status: DossierStatus,
    candidature: Candidature | None,
    rem: Rem | None,
    facts: Facts,
    progress: Progress,
    today: dt.date,
) -> Cycle:
    step = _next(status, facts, progress, today)
    decision = progress.decision_model()
    date_signature = None
    if progress.signature_editeur and progress.signature_ans:
        date_signature = max(progress.signature_editeur.date, progress.signature_ans.date)
    numero = None
    if decision is not None and decision.decision is Decision.ATTRIBUTION and status.dispositif:
        numero = attestation_number(status.dispositif, decision.seance, dossier)
    days = [m.day for m in facts.chapters.values() if m is not None and m.day is not None]
    depot = max(days) if facts.chapters and len(days) == len(facts.chapters) else None
    version = candidature.version_candidate if candidature else None
    return Cycle(
        dossier=dossier,
        editeur=status.editeur,
        candidature=status.candidature,
        dispositif=status.dispositif,
        etat=step.etat,
        prochaine_action=step.action,
        a_qui=step.a_qui,
        date_depot_complet=depot,
        date_decision=decision.seance if decision else None,
        date_signature=date_signature,
        fin_convention=fin_convention(date_signature, rem) if date_signature else None,
        numero_attestation=numero,
        en_cours=facts.admin is not None and step.etat not in CLOSED,
        reference=step.etat is Etat.REFERENCEE,
        raison_sociale=candidature.editeur.denomination_sociale if candidature else None,
        solution=version.denomination_commerciale if version else None,
        version_technique=candidature.solution.version_technique if candidature else None,
        version_rem=candidature.version_rem if candidature else None,
        profils=tuple(candidature.profils) if candidature else (),
        chronologie=facts.chronology.source.value,
    )

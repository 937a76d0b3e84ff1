"""Which e-mails one candidature owes its editor today: its pending acts, in arrival order.

An act is pending when it asks something of the editor (`segur.lifecycle.notifiable`), has
arrived on main (in git: a pull request not merged yet asks nothing; outside git, its file is
all there is), still asks it (not answered, confirmed, past or replaced by a later verdict on
the same chapter) and no `notification` event names it yet. Once the collège has decided, only
the decision is still worth an e-mail; a rejected candidature (administrative solicitation
left unanswered, §3.2) is owed nothing more. An attribution waits for the signature of the
ANS direction: it is notified with the convention signed by both parties (§3.5.2).

`segur notify` sends the plan; `--simulation` only shows it. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from segur.lifecycle.analysis import Analysis
from segur.lifecycle.chronology import Source
from segur.lifecycle.notifiable import asks_editor, notification_of
from segur.lifecycle.progress import fr
from segur.model.evenements import (
    Decision,
    InsConfirmation,
    InsProposition,
    Sollicitation,
    ValidationAdministrative,
    Verdict,
)
from segur.publication.documents.names import attachment_names
from segur.publication.notification import body, decision_subject, recipients
from segur.publication.notification_acts import Dossier, act_mail
from segur.repository.journal import JournalEvent


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One e-mail to send, and the act its `notification` event will name."""

    act: JournalEvent
    to: list[str]
    subject: str
    body: str
    documents: list[str] = field(default_factory=list)  # PDF attached (attribution only)


@dataclass(frozen=True, slots=True)
class Plan:
    outgoing: list[Outgoing]
    waiting: list[str]  # why an act that asks something is not sent yet (French)


def _on_main(analysis: Analysis, act: JournalEvent) -> bool:
    moment = analysis.progress.moments.get(act.name)
    if moment is None:  # not replayed as of today (dated or arrived later)
        return False
    return analysis.facts.chronology.source is not Source.GIT or moment.arrival is not None


def _still_asks(analysis: Analysis, act: JournalEvent) -> bool:
    """An act the editor has already dealt with, or that a later one replaced, is not worth an
    e-mail any more: a solicitation answered, an INS proposal confirmed or past, a verdict
    followed by another on the same chapter."""
    progress, model = analysis.progress, act.event
    if isinstance(model, Sollicitation | ValidationAdministrative):
        request = next((r for r in progress.requests if r.event is act), None)
        return request is None or request.reply is None
    if isinstance(model, InsProposition):
        confirmed = progress.ins_confirmation.event if progress.ins_confirmation else None
        if isinstance(confirmed, InsConfirmation) and confirmed.proposition == act.name:
            return False
        return model.date_proposee >= analysis.today
    if isinstance(model, Verdict):
        return progress.verdicts.get(model.chapitre) is act
    return True


def _decision(analysis: Analysis, act: JournalEvent, dossier: Dossier) -> Outgoing | str:
    progress, candidature = analysis.progress, dossier.candidature
    model = progress.decision_model()
    assert model is not None
    attribution = model.decision is Decision.ATTRIBUTION
    signatures = None
    if attribution:
        if progress.signature_ans is None or progress.signature_editeur is None:
            return (
                f"{dossier.path} : l'attribution {act.name} est notifiée avec la convention "
                "signée par la direction de l'ANS (§3.5.2) : enregistrez d'abord la signature "
                "de l'ANS"
            )
        signatures = (progress.signature_editeur.date, progress.signature_ans.date)
    labels = {p.id: p.libelle for p in analysis.rem.dispositif.profils} if analysis.rem else {}
    profils = [labels.get(p, p) for p in candidature.profils]
    subject = decision_subject(
        model.decision,
        candidature.version_candidate.denomination_commerciale,
        candidature.solution.version_technique,
        candidature.dispositif,
    )
    text = body(analysis.cycle, candidature, model, profils, dossier.fictif, signatures)
    documents = attachment_names() if attribution else []
    return Outgoing(act, recipients(candidature), subject, text, documents)


def plan(analysis: Analysis, path: str) -> Plan:
    """The e-mails owed to the editor of one candidature (`path`: its folder, as shown)."""
    candidature, progress = analysis.candidature, analysis.progress
    if candidature is None:
        return Plan([], [])
    dossier = Dossier(path, candidature, analysis.fictif)
    if progress.rejection(analysis.today) is not None:
        return Plan([], [])
    decision = progress.decision
    candidates = [decision] if decision is not None else list(analysis.journal.valid())
    acts = [
        e
        for e in candidates
        if asks_editor(e)
        and _on_main(analysis, e)
        and notification_of(progress, e.name) is None
        and _still_asks(analysis, e)
    ]
    acts.sort(key=lambda e: progress.moments[e.name].order)
    outgoing: list[Outgoing] = []
    waiting: list[str] = []
    for act in acts:
        if act is decision:
            found = _decision(analysis, act, dossier)
            if isinstance(found, str):
                waiting.append(found)
            else:
                outgoing.append(found)
            continue
        moment = progress.moments[act.name]
        mail = act_mail(dossier, progress, act, fr(moment.arrival or act.date))
        outgoing.append(Outgoing(act, recipients(candidature), mail.subject, mail.body))
    return Plan(outgoing, waiting)

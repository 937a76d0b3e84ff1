"""What has happened to one candidature, as the replay of its journal finds it: the facts of its
files the replay needs (`Facts`), the solicitations and their delays (`Request`), and the
progress of the procedure (`Progress`). No I/O; `segur.lifecycle.replay` fills them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from segur.lifecycle.calendar import add_jours_ouvres
from segur.lifecycle.chronology import Chronology, Moment
from segur.model.evenements import (
    DecisionCollege,
    InsConfirmation,
    InsProposition,
    Resultat,
    Verdict,
)
from segur.repository.journal import JournalEvent

INS_CHAPTER = "INS"
# §3.2: "Si l'Editeur ne répond pas à la sollicitation dans un délai de 5 jours ouvrés à
# compter de celle-ci, sa demande de référencement est rejetée."
ADMIN_REPLY_JOURS_OUVRES = 5
# §3.4: ANS proposes the INS test day "sous deux semaines": 14 calendar days.
INS_PROPOSAL_DAYS = 14


def fr(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "date inconnue"


@dataclass(frozen=True, slots=True)
class Facts:
    """What the files say about a candidature, for the replay."""

    chronology: Chronology
    admin: Moment | None  # complete administrative dossier on main; None: not deposited
    chapters: dict[str, Moment | None]  # expected chapter -> complete on main (None: not)
    requirements: dict[str, dict[str, str]]  # chapter -> applicable requirement -> nature
    ins_needed: bool  # editor not referenced in vague 1 and an INS chapter expected
    cnda_provisional: tuple[str, ...]  # proofs shown by a provisional CNDA document, now


@dataclass(slots=True)
class Request:
    """A solicitation: on the administrative dossier (`chapitre` None) or on one chapter."""

    event: JournalEvent
    moment: Moment
    chapitre: str | None
    reply: JournalEvent | None = None
    # The day the reply counts from: its arrival on main (Paris day), never the date of its
    # file name; None: the reply's own date (outside git).
    reply_day: dt.date | None = None

    @property
    def start(self) -> dt.date:
        """The day the delay counts from (the day itself does not count, see calendar)."""
        return self.moment.effective or self.event.date

    @property
    def deadline(self) -> dt.date | None:
        """Last day to answer: only the administrative dossier has one (§3.2)."""
        if self.chapitre is not None:
            return None
        return add_jours_ouvres(self.start, ADMIN_REPLY_JOURS_OUVRES)

    def answered_in_time(self) -> bool:
        deadline = self.deadline
        if self.reply is None:
            return False
        return deadline is None or (self.reply_day or self.reply.date) <= deadline


@dataclass(slots=True)
class Progress:
    validation: JournalEvent | None = None
    requests: list[Request] = field(default_factory=list)
    verdicts: dict[str, JournalEvent] = field(default_factory=dict)  # latest per chapter
    ins_proposals: list[JournalEvent] = field(default_factory=list)
    ins_confirmation: JournalEvent | None = None
    ins_result: JournalEvent | None = None
    signature_editeur: JournalEvent | None = None
    decision: JournalEvent | None = None
    signature_ans: JournalEvent | None = None
    notifications: list[JournalEvent] = field(default_factory=list)
    audits: list[JournalEvent] = field(default_factory=list)
    moments: dict[str, Moment] = field(default_factory=dict)  # event name -> moment

    def conforme(self, code: str, facts: Facts) -> bool:
        """The latest verdict on the chapter finds every applicable exigence conforme
        (a préconisation does not block)."""
        event = self.verdicts.get(code)
        if event is None or not isinstance(event.event, Verdict):
            return False
        natures = facts.requirements.get(code, {})
        results = event.event.exigences
        return all(
            results.get(req) is Resultat.CONFORME
            for req, nature in natures.items()
            if nature == "exigence"
        )

    def not_conforme(self, facts: Facts) -> list[str]:
        return [code for code in facts.chapters if not self.conforme(code, facts)]

    def convention_blockers(self, facts: Facts) -> list[str]:
        """Why the convention cannot be signed yet (§3.5: every proof validated, the final
        CNDA attestations included); empty when it can."""
        problems: list[str] = []
        pending = self.not_conforme(facts)
        if pending:
            problems.append(
                f"chapitre(s) non conforme(s) ou non instruit(s) : {', '.join(pending)}"
            )
        if facts.ins_needed and self.ins_result is None:
            problems.append("la journée de test INS n'a pas eu lieu")
        if facts.cnda_provisional:
            provisional = ", ".join(facts.cnda_provisional)
            problems.append(f"homologation(s) CNDA encore provisoire(s) : {provisional}")
        return problems

    def confirmed_proposal(self) -> InsProposition | None:
        confirmation = self.ins_confirmation
        if confirmation is None or not isinstance(confirmation.event, InsConfirmation):
            return None
        name = confirmation.event.proposition
        for proposal in self.ins_proposals:
            if proposal.name == name and isinstance(proposal.event, InsProposition):
                return proposal.event
        return None

    def decision_model(self) -> DecisionCollege | None:
        event = self.decision
        return event.event if event and isinstance(event.event, DecisionCollege) else None

    def rejection(self, today: dt.date) -> tuple[Request, dt.date] | None:
        """The administrative solicitation left unanswered past its deadline, if any."""
        for request in self.requests:
            deadline = request.deadline
            if deadline is not None and today > deadline and not request.answered_in_time():
                return request, deadline
        return None

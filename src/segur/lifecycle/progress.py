"""What has happened to one candidature, as the replay of its journal finds it: the facts of its
files the replay needs (`Facts`), the solicitations and their delays (`Request`), and the
progress of the procedure (`Progress`). No I/O; `segur.lifecycle.replay` fills them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from segur.dossier.status import digest_of
from segur.lifecycle.calendar import add_jours_ouvres
from segur.lifecycle.chronology import Chronology, Moment
from segur.model.evenements import (
    Audit,
    DecisionCollege,
    InsConfirmation,
    InsProposition,
    InsResultat,
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
    version: str | None = None  # the technical version referenced (solution.version_technique)
    # The digest of each chapter at each change on main, oldest first (git only), and now (the
    # files read: the work tree, or main's last step): what pins a verdict to what it judged.
    digests: Mapping[str, tuple[tuple[Moment, str], ...]] = field(default_factory=dict)
    current: Mapping[str, str] = field(default_factory=dict)

    def digest(self, code: str, at: Moment | None = None) -> str:
        """The chapter's digest at `at` on main; now when `at` is None or not on main (an
        event of the work tree, or outside git)."""
        now = self.current.get(code) or digest_of(code, None)
        if at is None or at.arrival is None:
            return now
        found = digest_of(code, None)
        for moment, digest in self.digests.get(code, ()):
            if not moment.before(at):
                return found
            found = digest
        return found

    def changed_after(self, code: str, at: Moment, digest: str) -> Moment | None:
        """The first change on main after `at` that leaves the chapter with another content
        than `digest`; None when there is none (the change, if any, is in the work tree)."""
        for moment, other in self.digests.get(code, ()):
            if at.before(moment) and other != digest:
                return moment
        return None


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


@dataclass(frozen=True, slots=True)
class Stale:
    """A verdict that judged a content of its chapter changed since (périmé)."""

    code: str
    verdict: JournalEvent
    changed: dt.date | None  # the first change on main after it; None: not on main yet

    def describe(self) -> str:
        if self.changed is None:
            return "contenu modifié, pas encore sur main"
        return f"contenu modifié le {fr(self.changed)}"


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

    def conforme(self, code: str, facts: Facts, at: Moment | None = None) -> bool:
        """The latest verdict on the chapter finds every applicable exigence conforme
        (a préconisation does not block), on the chapter's content at `at` (None: now): a
        verdict on another content, or stale, is no verdict."""
        event = self.verdicts.get(code)
        if event is None or not isinstance(event.event, Verdict):
            return False
        if event.event.empreinte != facts.digest(code, at):
            return False
        natures = facts.requirements.get(code, {})
        results = event.event.exigences
        return all(
            results.get(req) is Resultat.CONFORME
            for req, nature in natures.items()
            if nature == "exigence"
        )

    def not_conforme(self, facts: Facts, at: Moment | None = None) -> list[str]:
        return [code for code in facts.chapters if not self.conforme(code, facts, at)]

    def stale(self, code: str, facts: Facts, at: Moment | None = None) -> Stale | None:
        """The latest verdict on the chapter, if it is stale at `at` (None: now): it judged
        the chapter's content at its arrival, and that content has changed since."""
        event = self.verdicts.get(code)
        if event is None or not isinstance(event.event, Verdict):
            return None
        moment = self.moments.get(event.name)
        pinned = event.event.empreinte
        if moment is None or pinned != facts.digest(code, moment):
            return None
        if pinned == facts.digest(code, at):
            return None
        changed = facts.changed_after(code, moment, pinned)
        return Stale(code, event, None if changed is None else changed.day)

    def convention_blockers(self, facts: Facts, at: Moment | None = None) -> list[str]:
        """Why the convention cannot be signed yet at `at` (None: now) (§3.5: every proof
        validated, the final CNDA attestations included); empty when it can."""
        problems: list[str] = []
        stale = [s for s in (self.stale(c, facts, at) for c in facts.chapters) if s]
        if stale:
            problems.append(
                "verdict périmé sur " + ", ".join(f"{s.code} ({s.describe()})" for s in stale)
            )
        shown = {s.code for s in stale}
        pending = [c for c in self.not_conforme(facts, at) if c not in shown]
        if pending:
            problems.append(
                f"chapitre(s) non conforme(s) ou non instruit(s) : {', '.join(pending)}"
            )
        if facts.ins_needed and self.ins_result is None:
            problems.append("la journée de test INS n'a pas eu lieu")
        elif self.ins_failed() is not None:
            problems.append(
                "journée de test INS non conforme : une nouvelle journée de test doit avoir lieu"
            )
        if facts.cnda_provisional:
            provisional = ", ".join(facts.cnda_provisional)
            problems.append(f"homologation(s) CNDA encore provisoire(s) : {provisional}")
        return problems

    def ins_failed(self) -> JournalEvent | None:
        """The latest INS test-day result when it is non-conforme (§3.4: the INS chapter waits
        for a new test day); None when there is none or it is conforme."""
        result = self.ins_result
        if result is None or not isinstance(result.event, InsResultat):
            return None
        return result if result.event.resultat is Resultat.NON_CONFORME else None

    def ins_retest(self) -> list[JournalEvent]:
        """The INS events replayed after a failed test day: the new proposals and
        confirmation (in replay order)."""
        failed = self.ins_failed()
        if failed is None:
            return []
        done = self.moments[failed.name]
        later = [*self.ins_proposals, *([self.ins_confirmation] if self.ins_confirmation else [])]
        return [e for e in later if done.before(self.moments[e.name])]

    def failed_audit(self) -> JournalEvent | None:
        """The latest audit when it is non-conforme (§3.1.3); None otherwise."""
        audit = self.audits[-1] if self.audits else None
        if audit is None or not isinstance(audit.event, Audit):
            return None
        return audit if audit.event.resultat is Resultat.NON_CONFORME else None

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

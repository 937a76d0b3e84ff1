"""Replay of one candidature's journal in chronological order: what has happened, and which
sequences are impossible.

The replay knows, besides the journal, the facts derived from the files (`Facts`): when the
administrative dossier and each chapter were complete on `main`, the applicable requirements
of each chapter, whether the INS test day applies, the CNDA homologations still provisional.
Each event is checked against what happened BEFORE it in the chronology
(`segur.lifecycle.chronology`),
then applied to the `Progress`, even when it breaks a rule: the finding blocks the merge, the
state shows what the files say.

The checks shared by every event are in `segur.lifecycle.replay_checks`, the instruction's
handlers in `segur.lifecycle.instruction_replay`; this module holds the handlers of the
convention and the college's decision, and the replay itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from segur.findings.finding import Finding
from segur.lifecycle.chronology import Moment
from segur.lifecycle.college import is_session_day, session_weekday_name
from segur.lifecycle.instruction_replay import InstructionReplay
from segur.lifecycle.notifiable import NOTIFIABLE, asks_editor, notification_of
from segur.lifecycle.progress import Facts, Progress, fr
from segur.model.evenements import Audit, Decision, DecisionCollege, Notification
from segur.repository.journal import JournalEvent
from segur.rules import cycle as R

Replayer = Callable[[JournalEvent, Moment], None]


class _Replay(InstructionReplay):
    def __init__(self, facts: Facts, today: dt.date | None = None) -> None:
        super().__init__(facts, today)
        # Every event replayed so far, by name: a notification may name any of them.
        self.replayed: dict[str, JournalEvent] = {}
        self.handlers: dict[str, Replayer] = {
            "validation-administrative": self._validation,
            "sollicitation": self._sollicitation,
            "reponse": self._reponse,
            "verdict": self._verdict,
            "ins-proposition": self._ins_proposition,
            "ins-confirmation": self._ins_confirmation,
            "ins-resultat": self._ins_resultat,
            "signature-editeur": self._signature_editeur,
            "decision-college": self._decision,
            "signature-ans": self._signature_ans,
            "notification": self._notification,
            "audit": self._audit,
        }

    def run(self, events: Iterable[tuple[JournalEvent, Moment]]) -> None:
        for event, moment in sorted(events, key=lambda item: item[1].order):
            self.progress.moments[event.name] = moment
            self.replayed[event.name] = event
            self._arrival(event, moment)
            self._closure(event, moment)
            self.handlers[event.type](event, moment)

    # -- the convention and the decision --------------------------------------------------
    def _signature_editeur(self, event: JournalEvent, moment: Moment) -> None:
        self._admin_validated(event, moment)
        problems = self.progress.convention_blockers(self.facts, moment)
        if problems:
            self._add(event.finding(R.EARLY_SIGNATURE, detail=" ; ".join(problems)))
        for code, verdict in self.progress.verdicts.items():
            self._dated_after(event, self.progress.moments[verdict.name], f"le verdict {code}")
        self.progress.signature_editeur = self.progress.signature_editeur or event

    def _decision(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, DecisionCollege)
        progress = self.progress
        self._admin_validated(event, moment)
        if progress.decision is not None:
            self._add(event.finding(R.SECOND_DECISION, ("decision",), first=progress.decision.name))
            return
        signature = progress.signature_editeur
        if signature is None:
            self._add(event.finding(R.DECISION_WITHOUT_SIGNATURE, ("decision",)))
        elif model.seance < signature.date:
            what = "la signature de la convention par l'éditeur (séance du collège)"
            self._add(
                event.finding(
                    R.DATED_BEFORE_PREREQUISITE,
                    ("seance",),
                    date=fr(model.seance),
                    what=what,
                    when=fr(signature.date),
                )
            )
        if model.seance > event.date:
            detail = f"séance du {fr(model.seance)} postérieure à l'enregistrement de la décision"
            self._add(event.finding(R.INCONSISTENT, ("seance",), detail=detail))
        if not is_session_day(model.seance):
            self._add(
                event.finding(
                    R.SESSION_DAY,
                    ("seance",),
                    seance=fr(model.seance),
                    weekday=session_weekday_name(),
                )
            )
        if model.decision is Decision.ATTRIBUTION:
            problems = self.progress.convention_blockers(self.facts, moment)
            if problems:
                self._add(
                    event.finding(
                        R.ATTRIBUTION_NOT_CONFORME, ("decision",), detail=" ; ".join(problems)
                    )
                )
            if model.motifs:
                detail = "une attribution n'a pas de motifs de réserve : retirez « motifs »"
                self._add(event.finding(R.INCONSISTENT, ("motifs",), detail=detail))
        elif not model.motifs:
            self._add(event.finding(R.RESERVES_WITHOUT_REASONS, ("decision",)))
        progress.decision = event

    def _signature_ans(self, event: JournalEvent, moment: Moment) -> None:
        decision = self.progress.decision_model()
        if decision is None:
            self._add(
                event.finding(
                    R.ANS_SIGNATURE_WITHOUT_ATTRIBUTION, detail="sans décision du collège"
                )
            )
        elif decision.decision is not Decision.ATTRIBUTION:
            detail = "alors que le collège a émis des réserves bloquantes"
            self._add(event.finding(R.ANS_SIGNATURE_WITHOUT_ATTRIBUTION, detail=detail))
        else:
            what = "la séance du collège qui a attribué le référencement"
            if event.date < decision.seance:
                self._add(
                    event.finding(
                        R.DATED_BEFORE_PREREQUISITE,
                        date=fr(event.date),
                        what=what,
                        when=fr(decision.seance),
                    )
                )
        self.progress.signature_ans = self.progress.signature_ans or event

    def _notification(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, Notification)
        name = model.evenement
        seen = self.progress.moments.get(name)
        act = self.replayed.get(name) if seen is not None and seen.before(moment) else None
        detail = None
        if act is None:
            detail = (
                f"notification de « {name} », qui n'est pas un acte du journal enregistré "
                "avant elle"
            )
        elif not asks_editor(act):
            detail = f"« {name} » ne demande rien à l'éditeur : seuls sont notifiés {NOTIFIABLE}"
        elif act.type == "decision-college" and act is not self.progress.decision:
            detail = f"« {name} » n'est pas la décision du collège retenue (la première)"
        elif notification_of(self.progress, name) is not None:
            detail = f"« {name} » a déjà été notifié : un acte ne l'est qu'une fois"
        if detail is not None:
            self._add(event.finding(R.NOTIFICATION_DECISION, ("evenement",), detail=detail))
        self.progress.notifications.append(event)

    def _audit(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, Audit)
        if self.progress.signature_ans is None:
            self._add(event.finding(R.AUDIT_BEFORE_REFERENCING))
        referenced = self.facts.version
        if referenced is not None and model.version != referenced:
            self._add(
                event.finding(
                    R.AUDIT_VERSION, ("version",), audited=model.version, referenced=referenced
                )
            )
        self.progress.audits.append(event)


def replay(
    facts: Facts,
    events: Iterable[JournalEvent],
    visible: Callable[[Moment], bool] | None = None,
    today: dt.date | None = None,
) -> tuple[Progress, list[Finding]]:
    """Replay the valid events (those `visible` keeps: all by default) in chronological order;
    `today` is the earliest arrival of the events not yet on main (see `ReplayChecks._counted`)."""
    chronology = facts.chronology
    timed = [(e, chronology.evenement(e)) for e in events if e.event is not None]
    if visible is not None:
        timed = [(e, m) for e, m in timed if visible(m)]
    state = _Replay(facts, today)
    state.run(timed)
    state.stale_verdicts()
    return state.progress, state.findings

"""Replay of one candidature's journal in chronological order: what has happened, and which
sequences are impossible.

The replay knows, besides the journal, the facts derived from the files (`Facts`): when the
administrative dossier and each chapter were complete on `main`, the applicable requirements
of each chapter, whether the INS test day applies, the CNDA homologations still provisional.
Each event is checked against what happened BEFORE it in the chronology
(`segur.lifecycle.chronology`),
then applied to the `Progress`, even when it breaks a rule: the finding blocks the merge, the
state shows what the files say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from segur.findings.finding import Finding
from segur.lifecycle.chronology import Moment, Source
from segur.lifecycle.college import is_session_day, session_weekday_name
from segur.lifecycle.progress import INS_CHAPTER, Facts, Progress, Request, fr
from segur.model.evenements import (
    Decision,
    DecisionCollege,
    InsConfirmation,
    InsProposition,
    Notification,
    Reponse,
    Sollicitation,
    ValidationAdministrative,
    Verdict,
)
from segur.repository.journal import JournalEvent
from segur.rules import cycle as R

_CLOSED_ALLOWED = {"refusée": {"notification"}, "référencée": {"notification", "audit"}}

Replayer = Callable[[JournalEvent, Moment], None]


class _Replay:
    def __init__(self, facts: Facts, today: dt.date | None = None) -> None:
        self.facts = facts
        self.today = today
        self.progress = Progress()
        self.findings: list[Finding] = []
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
            self._arrival(event, moment)
            self._closure(event, moment)
            self.handlers[event.type](event, moment)

    # -- generic checks ------------------------------------------------------------------
    def _add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def _arrival(self, event: JournalEvent, moment: Moment) -> None:
        if moment.arrival is not None and event.date > moment.arrival:
            self._add(
                event.finding(
                    R.DATED_AFTER_ARRIVAL, date=fr(event.date), arrival=fr(moment.arrival)
                )
            )

    def _dated_after(self, event: JournalEvent, before: Moment | None, what: str) -> None:
        if before is not None and before.day is not None and event.date < before.day:
            self._add(
                event.finding(
                    R.DATED_BEFORE_PREREQUISITE,
                    date=fr(event.date),
                    what=what,
                    when=fr(before.day),
                )
            )

    def _earlier(self, name: str, moment: Moment) -> JournalEvent | None:
        """A replayed event named `name` that comes before `moment`."""
        seen = self.progress.moments.get(name)
        return None if seen is None or not seen.before(moment) else self._event(name)

    def _event(self, name: str) -> JournalEvent | None:
        progress = self.progress
        pools = [
            [r.event for r in progress.requests],
            progress.ins_proposals,
            [e for e in (progress.decision, progress.validation) if e],
        ]
        return next((e for pool in pools for e in pool if e.name == name), None)

    def _counted(self, event: JournalEvent, moment: Moment) -> dt.date:
        """The day an act counts from for the procedure: its arrival on main (Paris day).

        In git, an act not yet on main (a pull request) arrives at the earliest on `today`;
        outside git, only its own date is known."""
        if moment.arrival is not None:
            return max(moment.arrival, event.date)
        if self.facts.chronology.source is Source.GIT and self.today is not None:
            return max(event.date, self.today)
        return event.date

    def _closure(self, event: JournalEvent, moment: Moment) -> None:
        progress = self.progress
        rejected = progress.rejection(self._counted(event, moment))
        decision = progress.decision_model()
        if rejected is not None:
            closure = f"rejetée le {fr(rejected[1] + dt.timedelta(days=1))}"
        elif progress.signature_ans is not None:
            closure = "référencée"
        elif decision is not None and decision.decision is Decision.RESERVES_BLOQUANTES:
            closure = "refusée"
        else:
            return
        if event.type in _CLOSED_ALLOWED.get(closure, set()):
            return
        model = event.event
        if (
            rejected is not None
            and isinstance(model, Reponse)
            and model.sollicitation == rejected[0].event.name
        ):
            return  # the late reply itself: SEG-CYC-024 says why it changes nothing
        self._add(
            event.finding(R.AFTER_CLOSURE, type=event.type, date=fr(event.date), closure=closure)
        )

    def _admin_deposited(self, event: JournalEvent, moment: Moment) -> None:
        admin = self.facts.admin
        if admin is None or not admin.before(moment):
            self._add(event.finding(R.ADMIN_NOT_DEPOSITED, type=event.type))
        else:
            self._dated_after(event, admin, "l'arrivée du dossier administratif complet")

    # -- one handler per event type -------------------------------------------------------
    def _validation(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, ValidationAdministrative)
        self._admin_deposited(event, moment)
        if model.resultat == "acceptee":
            self.progress.validation = self.progress.validation or event
            return
        if model.message is None:
            detail = "une demande de complément dit ce qui est demandé : renseignez « message »"
            self._add(event.finding(R.INCONSISTENT, ("resultat",), detail=detail))
        self.progress.requests.append(Request(event, moment, None))

    def _sollicitation(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, Sollicitation)
        code = model.chapitre
        if code is None:
            self._admin_deposited(event, moment)
        elif code not in self.facts.chapters:
            detail = "qui n'est pas un chapitre attendu pour les profils de la candidature"
            self._add(
                event.finding(R.CHAPTER_SOLICITATION, ("chapitre",), chapitre=code, detail=detail)
            )
        else:
            done = self.facts.chapters[code]
            if done is None or not done.before(moment):
                detail = "qui n'était pas complet sur main à l'arrivée de la sollicitation"
                self._add(
                    event.finding(
                        R.CHAPTER_SOLICITATION, ("chapitre",), chapitre=code, detail=detail
                    )
                )
            else:
                self._dated_after(event, done, f"la complétude du chapitre {code}")
        self.progress.requests.append(Request(event, moment, code))

    def _reponse(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, Reponse)
        target = self._earlier(model.sollicitation, moment)
        request = next((r for r in self.progress.requests if r.event is target), None)
        if request is None:
            self._add(
                event.finding(R.UNKNOWN_SOLICITATION, ("sollicitation",), name=model.sollicitation)
            )
            return
        self._dated_after(event, request.moment, f"la sollicitation {request.event.name}")
        day = self._counted(event, moment)
        deadline = request.deadline
        if deadline is not None and day > deadline:
            self._add(
                event.finding(
                    R.LATE_REPLY,
                    ("sollicitation",),
                    name=request.event.name,
                    arrival=fr(day),
                    deadline=fr(deadline),
                )
            )
        if request.reply is None:
            request.reply = event
            request.reply_day = day

    def _verdict(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, Verdict)
        code = model.chapitre
        facts = self.facts
        if code not in facts.chapters:
            detail = (
                f"chapitre « {code} » : ce n'est pas un chapitre attendu pour les profils de la "
                "candidature"
            )
            self._add(event.finding(R.VERDICT_CONTENT, ("chapitre",), detail=detail))
            return
        done = facts.chapters[code]
        if done is None or not done.before(moment):
            self._add(event.finding(R.VERDICT_INCOMPLETE_CHAPTER, ("chapitre",), chapitre=code))
        else:
            self._dated_after(event, done, f"la complétude du chapitre {code}")
        self._coverage(event, model, facts.requirements.get(code, {}))
        if code == INS_CHAPTER and facts.ins_needed and self.progress.ins_result is None:
            detail = "verdict sur le chapitre INS avant le résultat de la journée de test"
            self._add(event.finding(R.INS_SEQUENCE, ("chapitre",), detail=detail))
        self.progress.verdicts[code] = event

    def _coverage(self, event: JournalEvent, model: Verdict, natures: dict[str, str]) -> None:
        missing = [req for req in natures if req not in model.exigences]
        if missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            detail = (
                f"{len(missing)} exigence(s) applicable(s) du chapitre {model.chapitre} sans "
                f"résultat : {shown} ; chaque exigence applicable reçoit conforme ou non-conforme"
            )
            self._add(event.finding(R.VERDICT_CONTENT, ("exigences",), detail=detail))
        for field_name, keys in (
            ("exigences", model.exigences),
            ("commentaires", model.commentaires),
        ):
            for req in keys:
                if req not in natures:
                    detail = (
                        f"exigence « {req} » : pas une exigence applicable du chapitre "
                        f"{model.chapitre} pour les profils de la candidature"
                    )
                    self._add(event.finding(R.VERDICT_CONTENT, (field_name, req), detail=detail))

    def _ins_chapter_ready(self, event: JournalEvent, moment: Moment) -> bool:
        done = self.facts.chapters.get(INS_CHAPTER, None)
        if INS_CHAPTER not in self.facts.chapters:
            detail = "journée de test INS pour une candidature sans chapitre INS"
        elif done is None or not done.before(moment):
            detail = (
                "proposition de journée de test avant que le chapitre INS soit complet sur main"
            )
        else:
            self._dated_after(event, done, "la complétude du chapitre INS")
            return True
        self._add(event.finding(R.INS_SEQUENCE, detail=detail))
        return False

    def _ins_proposition(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, InsProposition)
        self._ins_chapter_ready(event, moment)
        if model.date_proposee < event.date:
            detail = f"date proposée {fr(model.date_proposee)} antérieure à la proposition"
            self._add(event.finding(R.INCONSISTENT, ("date_proposee",), detail=detail))
        self.progress.ins_proposals.append(event)

    def _ins_confirmation(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, InsConfirmation)
        proposal = self._earlier(model.proposition, moment)
        if proposal is None or not isinstance(proposal.event, InsProposition):
            detail = (
                f"confirmation de « {model.proposition} », qui n'est pas une proposition antérieure"
            )
            self._add(event.finding(R.INS_SEQUENCE, ("proposition",), detail=detail))
            return
        self._dated_after(event, self.progress.moments[proposal.name], "la proposition confirmée")
        if event.date > proposal.event.date_proposee:
            detail = f"confirmation après la date proposée ({fr(proposal.event.date_proposee)})"
            self._add(event.finding(R.INCONSISTENT, ("proposition",), detail=detail))
        self.progress.ins_confirmation = event

    def _ins_resultat(self, event: JournalEvent, moment: Moment) -> None:
        proposal = self.progress.confirmed_proposal()
        if proposal is None:
            detail = "résultat de journée de test sans date proposée puis confirmée"
            self._add(event.finding(R.INS_SEQUENCE, ("resultat",), detail=detail))
        elif event.date < proposal.date_proposee:
            detail = f"résultat consigné avant la journée de test du {fr(proposal.date_proposee)}"
            self._add(event.finding(R.INS_SEQUENCE, ("resultat",), detail=detail))
        self.progress.ins_result = event

    def _signature_editeur(self, event: JournalEvent, moment: Moment) -> None:
        problems = self.progress.convention_blockers(self.facts)
        if problems:
            self._add(event.finding(R.EARLY_SIGNATURE, detail=" ; ".join(problems)))
        for code, verdict in self.progress.verdicts.items():
            self._dated_after(event, self.progress.moments[verdict.name], f"le verdict {code}")
        self.progress.signature_editeur = self.progress.signature_editeur or event

    def _decision(self, event: JournalEvent, moment: Moment) -> None:
        model = event.event
        assert isinstance(model, DecisionCollege)
        progress = self.progress
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
            problems = self.progress.convention_blockers(self.facts)
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
        decision = self._earlier(model.decision, moment)
        if decision is None or decision is not self.progress.decision:
            detail = (
                f"notification de « {model.decision} », qui n'est pas la décision du collège "
                "enregistrée avant elle"
            )
            self._add(event.finding(R.NOTIFICATION_DECISION, ("decision",), detail=detail))
        elif any(
            isinstance(n.event, Notification) and n.event.decision == model.decision
            for n in self.progress.notifications
        ):
            detail = (
                f"la décision « {model.decision} » a déjà été notifiée : une décision ne l'est "
                "qu'une fois"
            )
            self._add(event.finding(R.NOTIFICATION_DECISION, ("decision",), detail=detail))
        self.progress.notifications.append(event)

    def _audit(self, event: JournalEvent, moment: Moment) -> None:
        if self.progress.signature_ans is None:
            self._add(event.finding(R.AUDIT_BEFORE_REFERENCING))
        self.progress.audits.append(event)


def replay(
    facts: Facts,
    events: Iterable[JournalEvent],
    visible: Callable[[Moment], bool] | None = None,
    today: dt.date | None = None,
) -> tuple[Progress, list[Finding]]:
    """Replay the valid events (those `visible` keeps: all by default) in chronological order;
    `today` is the earliest arrival of the events not yet on main (see `_Replay._counted`)."""
    chronology = facts.chronology
    timed = [(e, chronology.evenement(e)) for e in events if e.event is not None]
    if visible is not None:
        timed = [(e, m) for e, m in timed if visible(m)]
    state = _Replay(facts, today)
    state.run(timed)
    return state.progress, state.findings

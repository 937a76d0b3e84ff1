"""The replay's memory of one candidature and the checks every journal event goes through.

`ReplayChecks` holds what the replay knows (the `Facts` derived from the files, the `Progress`
so far, the findings) and the checks that do not depend on the kind of event: dated after its
arrival on main, after the closure of the candidature, before a prerequisite. It is separate
from the handlers of each kind of event (`segur.lifecycle.instruction_replay` for the
instruction, `segur.lifecycle.replay` for the convention and the decision), which build on it.
"""

from __future__ import annotations

import datetime as dt

from segur.findings.finding import Finding
from segur.lifecycle.chronology import Moment, Source
from segur.lifecycle.progress import INS_CHAPTER, Facts, Progress, fr
from segur.model.evenements import Decision, InsResultat, Reponse, Resultat, Verdict
from segur.repository.journal import JournalEvent
from segur.rules import cycle as R

# What a closed candidature still accepts: a refusal is notified; a referencing is notified
# and audited.
_CLOSED_ALLOWED = {"refusée": {"notification"}, "référencée": {"notification", "audit"}}


class ReplayChecks:
    """What the replay knows of one candidature, and the checks shared by every event."""

    def __init__(self, facts: Facts, today: dt.date | None = None) -> None:
        self.facts = facts
        self.today = today
        self.progress = Progress()
        self.findings: list[Finding] = []

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

    # -- the gates of the procedure ---------------------------------------------------------
    def _admin_validated(self, event: JournalEvent, moment: Moment) -> None:
        """§3: the first phase is "le dépôt et la validation du dossier administratif"; no
        verdict, INS proposal, signature or decision before an accepted validation. The replay
        follows the chronology, so a validation already replayed arrived before `event`."""
        validation = self.progress.validation
        if validation is None:
            self._add(event.finding(R.ADMIN_NOT_VALIDATED, type=event.type))
        else:
            before = self.progress.moments.get(validation.name)
            self._dated_after(event, before, "la validation du dossier administratif")

    def _ins_failed(self, event: JournalEvent, model: Verdict) -> None:
        """§3.4: a non-conforme test day blocks the INS chapter; only a later conforme test
        day (the latest result replayed) lets a conforme verdict through."""
        result = self.progress.ins_result
        if model.chapitre != INS_CHAPTER or result is None:
            return
        if not isinstance(result.event, InsResultat):
            return
        if result.event.resultat is Resultat.CONFORME:
            return
        natures = self.facts.requirements.get(INS_CHAPTER, {})
        judged = [model.exigences.get(req) for req, n in natures.items() if n == "exigence"]
        if judged and all(r is Resultat.CONFORME for r in judged):
            self._add(event.finding(R.INS_TEST_FAILED, ("chapitre",), date=fr(result.date)))

    def _ins_retest(self, event: JournalEvent) -> None:
        """A new result needs a new test day: its confirmation comes after the previous result
        (§3.4: the ANS proposes a date, the editor confirms it, then the day takes place)."""
        previous = self.progress.ins_result
        confirmation = self.progress.ins_confirmation
        if previous is None or confirmation is None:
            return
        done = self.progress.moments.get(previous.name)
        confirmed = self.progress.moments.get(confirmation.name)
        if done is not None and confirmed is not None and confirmed.before(done):
            detail = (
                f"second résultat sans nouvelle journée de test depuis celui du "
                f"{fr(previous.date)} : proposez puis confirmez une nouvelle date"
            )
            self._add(event.finding(R.INS_SEQUENCE, ("resultat",), detail=detail))

    def _admin_deposited(self, event: JournalEvent, moment: Moment) -> None:
        admin = self.facts.admin
        if admin is None or not admin.before(moment):
            self._add(event.finding(R.ADMIN_NOT_DEPOSITED, type=event.type))
        else:
            self._dated_after(event, admin, "l'arrivée du dossier administratif complet")

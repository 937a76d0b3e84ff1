"""The replay of the instruction: what the ANS asks and judges before the convention.

The handlers of the administrative validation, the sollicitations and their replies, the
verdicts on each chapter and the INS test day (proposal, confirmation, result). They check an
event against the completeness of the dossier on main and the requests before it; they are
separate from the convention and the decision (`segur.lifecycle.replay`), which only read what
the instruction recorded in the `Progress`.
"""

from __future__ import annotations

from segur.lifecycle.chronology import Moment
from segur.lifecycle.progress import INS_CHAPTER, Request, fr
from segur.lifecycle.replay_checks import ReplayChecks
from segur.model.evenements import (
    InsConfirmation,
    InsProposition,
    Reponse,
    Sollicitation,
    ValidationAdministrative,
    Verdict,
)
from segur.repository.journal import JournalEvent
from segur.rules import cycle as R

# How many missing requirements a verdict's coverage finding names before "… et N autres".
_SHOWN_MISSING = 40


class InstructionReplay(ReplayChecks):
    """The handlers of the instruction's events, one per event type."""

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
        self._admin_validated(event, moment)
        self._ins_failed(event, model)
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
            # One error, one finding: a verdict on an incomplete chapter is already refused.
            self._pinned(event, model, moment)
        self._coverage(event, model, facts.requirements.get(code, {}))
        if code == INS_CHAPTER and facts.ins_needed and self.progress.ins_result is None:
            detail = "verdict sur le chapitre INS avant le résultat de la journée de test"
            self._add(event.finding(R.INS_SEQUENCE, ("chapitre",), detail=detail))
        self.progress.verdicts[code] = event

    def _pinned(self, event: JournalEvent, model: Verdict, moment: Moment) -> None:
        """A verdict names the content it judged: the chapter's digest when it reached main
        (for a verdict not on main yet, the chapter's digest now)."""
        actual = self.facts.digest(model.chapitre, moment)
        if model.empreinte != actual:
            where = "à l'arrivée du verdict sur main" if moment.arrival else "actuel"
            self._add(
                event.finding(
                    R.VERDICT_OTHER_CONTENT,
                    ("empreinte",),
                    chapitre=model.chapitre,
                    empreinte=f"{model.empreinte[:12]}…",
                    where=where,
                    actual=f"{actual[:12]}…",
                )
            )

    def stale_verdicts(self) -> None:
        """A warning on each latest verdict whose chapter changed after it (périmé)."""
        for code in self.progress.verdicts:
            stale = self.progress.stale(code, self.facts)
            if stale is not None:
                self._add(
                    stale.verdict.finding(
                        R.VERDICT_STALE, ("empreinte",), chapitre=code, detail=stale.describe()
                    )
                )

    def _coverage(self, event: JournalEvent, model: Verdict, natures: dict[str, str]) -> None:
        missing = [req for req in natures if req not in model.exigences]
        if missing:
            # Every missing ID, up to a bound that keeps one finding readable: the instructor
            # completes the verdict from this list, or lets the command pre-fill it.
            shown = ", ".join(missing[:_SHOWN_MISSING])
            if len(missing) > _SHOWN_MISSING:
                shown += f" … et {len(missing) - _SHOWN_MISSING} autres"
            detail = (
                f"{len(missing)} exigence(s) applicable(s) du chapitre {model.chapitre} sans "
                f"résultat : {shown} ; chaque exigence applicable reçoit conforme ou "
                f"non-conforme ; « segur instruction verdict {_dossier_of(event)} "
                f"{model.chapitre} » pré-remplit toutes les exigences applicables"
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
        self._admin_validated(event, moment)
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
        self._ins_retest(event)
        proposal = self.progress.confirmed_proposal()
        if proposal is None:
            detail = "résultat de journée de test sans date proposée puis confirmée"
            self._add(event.finding(R.INS_SEQUENCE, ("resultat",), detail=detail))
        elif event.date < proposal.date_proposee:
            detail = f"résultat consigné avant la journée de test du {fr(proposal.date_proposee)}"
            self._add(event.finding(R.INS_SEQUENCE, ("resultat",), detail=detail))
        self.progress.ins_result = event


def _dossier_of(event: JournalEvent) -> str:
    """The candidature folder of a journal event, as the commands take it (the folder that
    holds the journal's folder), or a placeholder when the path does not say."""
    dossier = event.path.rpartition("/")[0].rpartition("/")[0]
    return dossier or "DOSSIER"

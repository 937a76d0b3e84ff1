"""The agenda of a weekly collège session (§3.5.1): candidatures whose convention the editor
signed (§3.5: a prerequisite of the presentation) and on which the collège has not decided.

The agenda of a session is the state of the candidatures on the eve of the session: an editor
who signs on the day of the session goes to the next one, and the agenda of a past session
still lists the candidatures decided during it (with their decisions beside).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from segur.lifecycle.analysis import Analysis, Etat
from segur.lifecycle.college import next_session
from segur.model.evenements import InsResultat


@dataclass(frozen=True, slots=True)
class AgendaItem:
    dossier: str
    editeur: str  # dénomination sociale
    solution: str
    version_technique: str
    dispositif: str
    profils: tuple[str, ...]
    signature_editeur: dt.date
    chapitres_conformes: int
    journee_test_ins: str  # "conforme", "non-conforme" or "sans objet"


@dataclass(frozen=True, slots=True)
class Decided:
    dossier: str
    decision: str
    numero_attestation: str | None


@dataclass(frozen=True, slots=True)
class Agenda:
    seance: dt.date
    items: tuple[AgendaItem, ...]
    decisions: tuple[Decided, ...]  # decisions recorded for this session (past sessions)


def session_for(day: dt.date | None, today: dt.date) -> dt.date:
    return next_session(day or today)


def agenda(on_eve: list[Analysis], on_day: list[Analysis], seance: dt.date) -> Agenda:
    """`on_eve`: the candidatures as of the day before the session; `on_day`: as of the
    session day (for the decisions taken there)."""
    items: list[AgendaItem] = []
    for analysis in on_eve:
        signature = analysis.progress.signature_editeur
        candidature = analysis.candidature
        if analysis.cycle.etat is not Etat.CONVENTION_SIGNEE or signature is None:
            continue
        if candidature is None:
            continue
        rem = analysis.rem
        labels = {p.id: p.libelle for p in rem.dispositif.profils} if rem else {}
        result = analysis.progress.ins_result
        ins = "sans objet"
        if result is not None and isinstance(result.event, InsResultat):
            ins = result.event.resultat.value
        items.append(
            AgendaItem(
                analysis.cycle.dossier,
                candidature.editeur.denomination_sociale,
                candidature.version_candidate.denomination_commerciale,
                candidature.solution.version_technique,
                candidature.dispositif,
                tuple(labels.get(p, p) for p in candidature.profils),
                signature.date,
                len(analysis.facts.chapters) - len(analysis.progress.not_conforme(analysis.facts)),
                ins,
            )
        )
    decisions = [
        Decided(a.cycle.dossier, model.decision.value, a.cycle.numero_attestation)
        for a in on_day
        if (model := a.progress.decision_model()) is not None and model.seance == seance
    ]
    return Agenda(
        seance,
        tuple(sorted(items, key=lambda i: (i.signature_editeur, i.dossier))),
        tuple(sorted(decisions, key=lambda d: d.dossier)),
    )

"""The e-mails of the acts that ask something of the editor, before the decision.

A solicitation of the administrative dossier and a request for a complement must be answered
within 5 jours ouvrés of their arrival on main, or the application is rejected (§3.2): the
e-mail gives the delay and the date. A solicitation on a chapter and a verdict non conforme
have no delay in the procedure, and the e-mail says so plainly (none is invented). An INS
test-day proposal names the proposed date, which the editor confirms and organises (§3.4).

Each e-mail names the candidature (solution, version, dispositif), what is asked and where to
answer. It goes to the editor's own contacts; of a verdict it says only which requirements
are non conforme, never the instructor's comments. Editor strings stay on one line. The
decision's e-mail is `segur.publication.notification.body`. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from segur.lifecycle.notifiable import non_conformes
from segur.lifecycle.progress import ADMIN_REPLY_JOURS_OUVRES, Progress, Request, fr
from segur.model.candidature import Candidature
from segur.model.evenements import (
    InsProposition,
    Sollicitation,
    ValidationAdministrative,
    Verdict,
)
from segur.publication.notification import SIGNATURE, one_line
from segur.repository.journal import JournalEvent

NO_DELAY = (
    "La procédure ne fixe pas de délai pour cette demande : aucune date limite ne s'applique."
)
FICTIF = "[Courriel fictif d'exemple : aucun acte réel.]"


@dataclass(frozen=True, slots=True)
class ActMail:
    """The subject and the plain-text body of one act's e-mail."""

    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class Dossier:
    """What the e-mail says of the candidature: its folder and its declared identity."""

    path: str  # dossiers/<editeur>/<candidature>, relative to the dossier repository
    candidature: Candidature
    fictif: bool


def _subject(dossier: Dossier, what: str) -> str:
    c = dossier.candidature
    solution = c.version_candidate.denomination_commerciale
    return one_line(
        f"Référencement Ségur {c.dispositif} : {what} - {solution} {c.solution.version_technique}"
    )


def _opening(dossier: Dossier, act: JournalEvent, arrival: str) -> list[str]:
    c = dossier.candidature
    lines = [FICTIF, ""] if dossier.fictif else []
    return [
        *lines,
        "Madame, Monsieur,",
        "",
        f"Pour la candidature de {one_line(c.editeur.denomination_sociale)} au référencement "
        f"Ségur (solution {one_line(c.version_candidate.denomination_commerciale)}, version "
        f"technique {one_line(c.solution.version_technique)}, dispositif {c.dispositif}), "
        f"l'ANS a enregistré le {arrival} l'acte {act.name} du dossier {dossier.path}.",
        "",
    ]


def _quoted(message: str | None) -> list[str]:
    """The ANS's message to the editor, indented; it may span several lines."""
    if not message:
        return []
    return ["Message de l'ANS :", *[f"  {line}".rstrip() for line in message.splitlines()], ""]


def _reply_how(dossier: Dossier, act: JournalEvent) -> list[str]:
    return [
        "Pour répondre : ouvrez une pull request sur votre dépôt de dossiers qui ajoute le "
        f"fichier {dossier.path}/journal/<AAAA-MM-JJ>-reponse.yaml (type: reponse, "
        f"sollicitation: {act.name}, message: votre réponse), par exemple avec la commande "
        f"« segur instruction reponse {dossier.path} --sollicitation {act.name} --message "
        "<votre réponse> ».",
    ]


def _deadline(request: Request | None) -> list[str]:
    if request is None or request.deadline is None:
        return [NO_DELAY]
    return [
        f"Délai de réponse : {ADMIN_REPLY_JOURS_OUVRES} jours ouvrés, soit au plus tard le "
        f"{fr(request.deadline)} (à compter de l'arrivée de la demande le "
        f"{fr(request.start)}). Sans réponse dans ce délai, la demande de référencement est "
        "rejetée (§3.2).",
    ]


def _request(progress: Progress, act: JournalEvent) -> Request | None:
    return next((r for r in progress.requests if r.event.name == act.name), None)


def act_mail(dossier: Dossier, progress: Progress, act: JournalEvent, arrival: str) -> ActMail:
    """The e-mail of a solicitation, a request for a complement, an INS proposal or a verdict
    non conforme (`arrival`: the day it reached main, as dd/mm/yyyy)."""
    model = act.event
    lines = _opening(dossier, act, arrival)
    if isinstance(model, Sollicitation):
        request = _request(progress, act)
        where = (
            "le dossier administratif"
            if model.chapitre is None
            else f"le chapitre {model.chapitre}"
        )
        subject = _subject(dossier, f"sollicitation sur {where}")
        lines += [f"L'ANS vous sollicite sur {where}.", "", *_quoted(model.message)]
        lines += [*_deadline(request), "", *_reply_how(dossier, act)]
    elif isinstance(model, ValidationAdministrative):
        subject = _subject(dossier, "complément du dossier administratif demandé")
        lines += [
            "L'ANS demande un complément au dossier administratif (§3.2).",
            "",
            *_quoted(model.message),
        ]
        lines += [*_deadline(_request(progress, act)), "", *_reply_how(dossier, act)]
    elif isinstance(model, InsProposition):
        subject = _subject(dossier, "proposition de journée de test INS")
        lines += [
            f"L'ANS propose la journée de test INS le {fr(model.date_proposee)} (§3.4).",
            "",
            *_quoted(model.message),
            f"Date proposée : {fr(model.date_proposee)}. Merci de la confirmer au plus tard ce "
            "jour-là et d'organiser la journée ; son enregistrement vidéo est à déposer dans le "
            "dossier.",
            "",
            "Pour confirmer : ouvrez une pull request qui ajoute le fichier "
            f"{dossier.path}/journal/<AAAA-MM-JJ>-ins-confirmation.yaml (type: "
            f"ins-confirmation, proposition: {act.name}), par exemple avec la commande "
            f"« segur instruction ins-confirmation {dossier.path} --proposition {act.name} ».",
        ]
    else:
        assert isinstance(model, Verdict)
        code = model.chapitre
        subject = _subject(dossier, f"chapitre {code} non conforme")
        lines += [
            f"Le chapitre {code} est non conforme sur les exigences "
            f"{', '.join(non_conformes(act))}.",
            "",
            NO_DELAY,
            "",
            "Vous pouvez corriger ou compléter les preuves de ce chapitre par une pull request "
            "sur votre dépôt de dossiers ; le chapitre est alors instruit à nouveau.",
        ]
    lines += ["", SIGNATURE, ""]
    return ActMail(subject, "\n".join(lines))

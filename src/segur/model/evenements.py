"""The events of the instruction journal: `journal/<AAAA-MM-JJ>-<type>[-<suffixe>].yaml`.

One model per event type, all in one union discriminated by `type`. The date of an event is the
date of its file name and is written nowhere else (stored once); the type is written in both
places on purpose: access control decides on the name, without reading untrusted content, and
`segur check` verifies that the content says the same (SEG-CYC-002).

A model checks what one file says on its own. What depends on other files (the chapter is
complete, the solicitation answered exists, the editor signed before the collège...) is checked
by `segur.rules.cycle`, which knows the order in which events reached `main`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, RootModel

from segur.model.base import Chemin, Date, Identifiant, Message, Model, Texte
from segur.model.candidature import QualiteSignataire, Signataire
from segur.model.valeurs import Email

# Bounds of the lists: a REM chapter has at most a few hundred requirements (133 in the
# largest, RIS INS), a decision a few reasons, an audit a few hundred findings, an e-mail a few
# recipients and attachments.
MAX_EXIGENCES = 2000
MAX_MOTIFS = 100
MAX_CONSTATS = 500
MAX_DESTINATAIRES = 50
MAX_PIECES_JOINTES = 50
NomEvenement = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]*\.yaml$",
        description="nom d'un fichier du journal de la même candidature "
        "(par exemple 2026-11-24-sollicitation.yaml)",
    ),
]
Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="empreinte sha256")]


class Resultat(StrEnum):
    CONFORME = "conforme"
    NON_CONFORME = "non-conforme"


class Decision(StrEnum):
    ATTRIBUTION = "attribution"
    RESERVES_BLOQUANTES = "reserves-bloquantes"


class ValidationAdministrative(Model):
    """ANS's review of the administrative dossier (§3.2). A request for a complement is a
    solicitation of the administrative dossier: unanswered within 5 jours ouvrés, it rejects."""

    type: Literal["validation-administrative"]
    resultat: Literal["acceptee", "complement-demande"] = Field(
        title="Résultat de la validation",
        description="acceptee : dossier administratif validé ; complement-demande : "
        "l'éditeur doit répondre sous 5 jours ouvrés (§3.2)",
    )
    message: Message | None = Field(
        default=None, title="Message à l'éditeur (obligatoire pour un complément)"
    )


class Sollicitation(Model):
    """A question of ANS to the editor, on the administrative dossier or on one chapter."""

    type: Literal["sollicitation"]
    chapitre: Identifiant | None = Field(
        default=None,
        title="Chapitre concerné",
        description="code du chapitre (par exemple DMP/UX) ; absent : la sollicitation porte "
        "sur le dossier administratif (réponse sous 5 jours ouvrés, §3.2)",
    )
    message: Message = Field(title="Message à l'éditeur")


class Reponse(Model):
    """The editor's answer to a solicitation (or to a request for a complement)."""

    type: Literal["reponse"]
    sollicitation: NomEvenement = Field(title="Fichier de la sollicitation à laquelle il répond")
    message: Message = Field(title="Réponse de l'éditeur")


class Verdict(Model):
    """The instruction of one chapter: a result for every applicable requirement."""

    type: Literal["verdict"]
    chapitre: Identifiant = Field(title="Code du chapitre instruit")
    exigences: dict[Identifiant, Resultat] = Field(
        min_length=1,
        max_length=MAX_EXIGENCES,
        title="Résultat par exigence",
        description="identifiant de chaque exigence applicable du chapitre : conforme ou "
        "non-conforme ; « segur instruction verdict DOSSIER CHAPITRE » pré-remplit toutes les "
        "exigences applicables",
    )
    commentaires: dict[Identifiant, Message] = Field(
        default_factory=dict,
        max_length=MAX_EXIGENCES,
        title="Commentaire par exigence (facultatif)",
    )
    commentaire: Message | None = Field(default=None, title="Commentaire général")
    # Pins what was judged: a later change of the chapter makes the verdict stale (périmé).
    empreinte: Sha256 = Field(
        title="Empreinte du chapitre jugé",
        description="empreinte du chapitre jugé, calculée par `segur instruction verdict`",
    )


class InsProposition(Model):
    """ANS proposes the INS test day (§3.4: within two weeks of the complete INS chapter)."""

    type: Literal["ins-proposition"]
    date_proposee: Date = Field(title="Date proposée pour la journée de test (AAAA-MM-JJ)")
    message: Message | None = Field(default=None, title="Message à l'éditeur")


class InsConfirmation(Model):
    """The editor confirms the proposed date (the organisation of the day is theirs)."""

    type: Literal["ins-confirmation"]
    proposition: NomEvenement = Field(title="Fichier de la proposition confirmée")
    message: Message | None = Field(default=None, title="Message à l'ANS")


class Enregistrement(Model):
    chemin: Chemin = Field(
        title="Chemin de l'enregistrement",
        description="relatif au dossier de candidature, par exemple "
        "documents/journee-test-ins.mp4 (vidéo déposée par l'éditeur)",
    )
    sha256: Sha256 = Field(title="Empreinte sha256 de l'enregistrement examiné")


class InsResultat(Model):
    """ANS records the outcome of the test day, naming the recording it reviewed (§3.9)."""

    type: Literal["ins-resultat"]
    resultat: Resultat = Field(title="Résultat des scénarios de test")
    enregistrement: Enregistrement = Field(title="Enregistrement vidéo de la journée de test")
    commentaire: Message | None = Field(default=None, title="Commentaire")


class SignatureEditeur(Model):
    """The editor signs the convention (§3.5), a prerequisite of the collège. The signatory is,
    as for the charter (§3.2), the legal representative or the holder of a delegation of power:
    `qualite` says which, as an enumerated value; `fonction` is their position, free text."""

    type: Literal["signature-editeur"]
    signataire: Signataire = Field(title="Signataire pour l'éditeur")
    qualite: QualiteSignataire = Field(
        title="Qualité du signataire",
        description="representant_legal : le représentant légal de l'entreprise ; "
        "delegataire : titulaire d'une délégation de pouvoir",
    )
    fonction: Texte | None = Field(
        default=None, title="Fonction du signataire dans l'entreprise", examples=["Présidente"]
    )


class SignatureAns(Model):
    """The ANS direction signs the convention after an attribution (§3.5.2)."""

    type: Literal["signature-ans"]
    signataire: Signataire = Field(title="Signataire pour l'ANS")
    fonction: Texte = Field(title="Fonction du signataire", examples=["Directeur de l'ANS"])


def _motifs_required(schema: dict[str, Any]) -> None:
    schema["if"] = {"properties": {"decision": {"const": Decision.RESERVES_BLOQUANTES.value}}}
    schema["then"] = {"required": ["motifs"], "properties": {"motifs": {"minItems": 1}}}


class DecisionCollege(Model):
    """The weekly collège decides (§3.5.1); a non-attribution states its reasons."""

    model_config = ConfigDict(json_schema_extra=_motifs_required)

    type: Literal["decision-college"]
    decision: Decision = Field(title="Décision du collège")
    seance: Date = Field(title="Date de la séance du collège (AAAA-MM-JJ)")
    motifs: list[Message] = Field(
        default_factory=list,
        max_length=MAX_MOTIFS,
        title="Motifs des réserves bloquantes",
        description="obligatoires pour des réserves bloquantes (§3.5.1), absents pour une "
        "attribution",
    )


class Notification(Model):
    """Written by the bot (`segur notify`) once the e-mail of an act that asks something of
    the editor is sent: a solicitation, a request for a complement, an INS test-day proposal,
    a verdict with a non-conforme requirement or the collège decision. One per act."""

    type: Literal["notification"]
    evenement: NomEvenement = Field(
        title="Fichier de l'acte notifié",
        description="sollicitation, demande de complément, proposition de journée de test INS, "
        "verdict non conforme ou décision du collège, notifié une seule fois",
    )
    destinataires: list[Email] = Field(
        min_length=1, max_length=MAX_DESTINATAIRES, title="Destinataires"
    )
    objet: Texte = Field(title="Objet du courriel")
    pieces_jointes: list[Texte] = Field(
        default_factory=list, max_length=MAX_PIECES_JOINTES, title="Pièces jointes"
    )
    envoi: dt.datetime = Field(title="Date et heure d'envoi")


class Audit(Model):
    """A conformity audit of the referenced solution as it is sold (§3.1.3)."""

    type: Literal["audit"]
    version: Identifiant = Field(
        title="Version technique auditée",
        description="la version technique de la solution telle qu'elle est commercialisée au "
        "moment de l'audit ; c'est la version référencée par la candidature (§3.1.3)",
    )
    resultat: Resultat = Field(title="Résultat de l'audit")
    modalite: Literal["in-situ", "a-distance"] = Field(
        default="in-situ", title="Modalité de l'audit"
    )
    constats: list[Message] = Field(default_factory=list, max_length=MAX_CONSTATS, title="Constats")


Evenement = Annotated[
    ValidationAdministrative
    | Sollicitation
    | Reponse
    | Verdict
    | InsProposition
    | InsConfirmation
    | InsResultat
    | SignatureEditeur
    | SignatureAns
    | DecisionCollege
    | Notification
    | Audit,
    Field(discriminator="type"),
]


class FichierEvenement(RootModel[Evenement]):
    """Any journal file; used for the JSON Schema (validation picks the model by file name)."""


# type d'événement -> modèle ; same keys as `segur.model.journal.EVENT_OWNERS` (a test checks it).
EVENT_MODELS: dict[str, type[Model]] = {
    "validation-administrative": ValidationAdministrative,
    "sollicitation": Sollicitation,
    "reponse": Reponse,
    "verdict": Verdict,
    "ins-proposition": InsProposition,
    "ins-confirmation": InsConfirmation,
    "ins-resultat": InsResultat,
    "signature-editeur": SignatureEditeur,
    "signature-ans": SignatureAns,
    "decision-college": DecisionCollege,
    "notification": Notification,
    "audit": Audit,
}

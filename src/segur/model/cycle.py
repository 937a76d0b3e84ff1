"""The lifecycle's public vocabulary: the states of a candidature and what the public site and
the commands read of one candidature (`Cycle`). No I/O; `segur.lifecycle.analysis` derives them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum

EDITEUR, ANS = "éditeur", "ANS"


class Etat(StrEnum):
    BROUILLON = "brouillon"
    DEPOSE = "dossier administratif déposé"
    SOUS_SOLLICITATION = "sous sollicitation"
    REJETEE = "rejetée"
    EN_INSTRUCTION = "en instruction"
    INS_A_PLANIFIER = "journée de test INS à planifier"
    INS_PLANIFIEE = "journée de test INS planifiée"
    CONFORME = "conforme, convention à signer"
    CONVENTION_SIGNEE = "convention signée par l'éditeur"
    REFUSEE = "refusée"
    ATTRIBUEE = "attribuée"
    REFERENCEE = "référencée"


CLOSED = frozenset({Etat.REJETEE, Etat.REFUSEE, Etat.REFERENCEE})

# (from, to, what makes the transition): the documented state machine. `docs/cycle-de-vie.md`
# is generated from it and the tests reach every state through these transitions.
TRANSITIONS: tuple[tuple[Etat | None, Etat | None, str], ...] = (
    (None, Etat.BROUILLON, "segur new"),
    (Etat.BROUILLON, Etat.DEPOSE, "dossier administratif complet fusionné sur main"),
    (Etat.DEPOSE, Etat.SOUS_SOLLICITATION, "sollicitation ou complément demandé (ANS)"),
    (Etat.SOUS_SOLLICITATION, Etat.DEPOSE, "réponse de l'éditeur sous 5 jours ouvrés"),
    (Etat.SOUS_SOLLICITATION, Etat.REJETEE, "aucune réponse sous 5 jours ouvrés (§3.2)"),
    (Etat.DEPOSE, Etat.EN_INSTRUCTION, "validation du dossier administratif (ANS)"),
    (Etat.EN_INSTRUCTION, Etat.SOUS_SOLLICITATION, "sollicitation sur le dossier administratif"),
    (Etat.SOUS_SOLLICITATION, Etat.EN_INSTRUCTION, "réponse sous 5 jours ouvrés (dossier validé)"),
    (
        Etat.EN_INSTRUCTION,
        Etat.INS_A_PLANIFIER,
        "chapitre INS complet, éditeur non référencé en vague 1",
    ),
    (
        Etat.INS_A_PLANIFIER,
        Etat.INS_PLANIFIEE,
        "date proposée par l'ANS sous deux semaines, confirmée par l'éditeur",
    ),
    (Etat.INS_PLANIFIEE, Etat.EN_INSTRUCTION, "résultat de la journée de test consigné (ANS)"),
    (
        Etat.EN_INSTRUCTION,
        Etat.CONFORME,
        "tous les chapitres conformes, homologations CNDA définitives",
    ),
    (Etat.CONFORME, Etat.CONVENTION_SIGNEE, "signature de la convention par l'éditeur"),
    (Etat.CONVENTION_SIGNEE, Etat.ATTRIBUEE, "collège hebdomadaire, attribution"),
    (Etat.CONVENTION_SIGNEE, Etat.REFUSEE, "collège, réserves bloquantes avec motifs"),
    (Etat.ATTRIBUEE, Etat.REFERENCEE, "signature de la convention par la direction de l'ANS"),
    (Etat.REJETEE, None, ""),
    (Etat.REFUSEE, None, ""),
    (Etat.REFERENCEE, None, "fin de la convention"),
)


@dataclass(frozen=True, slots=True)
class Cycle:
    dossier: str  # "dossiers/<editeur>/<candidature>"
    editeur: str  # folder slug
    candidature: str  # folder slug
    dispositif: str | None
    etat: Etat
    prochaine_action: str  # French sentence
    a_qui: str | None  # "éditeur" | "ANS" | None
    date_depot_complet: dt.date | None  # all chapters complete on main (timeline)
    date_decision: dt.date | None  # collège decision date (its session)
    date_signature: dt.date | None  # date both parties have signed (later of the two)
    fin_convention: dt.date | None  # date_signature + duree_convention_mois of the REM
    numero_attestation: str | None  # see attestation_number
    en_cours: bool  # a candidate in progress for the public list (§3.1.4)
    reference: bool  # referenced
    # Public facts of the candidature (§3.7 allows publishing the editor and the solution).
    raison_sociale: str | None = None
    solution: str | None = None  # dénomination commerciale
    version_technique: str | None = None
    version_rem: str | None = None
    profils: tuple[str, ...] = ()
    chronologie: str = "git"  # where the dates come from: git, dates, exemple


def attestation_number(dispositif: str, seance: dt.date, dossier: str) -> str:
    """SEGUR-<DISPOSITIF>-<AAAAMMJJ of the session>-<8 hex of sha256(dossier path)>.

    Derived from what never changes once on main: the folder of the candidature (a journal
    cannot move: it is append-only) and the collège decision; stored nowhere. Two attributions
    sharing a number would be a finding (SEG-CYC-015)."""
    digest = hashlib.sha256(dossier.encode("utf-8")).hexdigest()[:8].upper()
    return f"SEGUR-{dispositif}-{seance:%Y%m%d}-{digest}"

"""Rules on the acceptance of the Charte de référencement Ségur (§3.2 of the procedure).

"La personne physique ou morale ayant le pouvoir d'engager la responsabilité de l'Editeur accepte
d'appliquer les dispositions de la Charte" and that acceptance opens the administrative dossier:
without it, the dossier is not depositable (`SEG-ADM-006`).
"""

from __future__ import annotations

import datetime as dt

from segur.findings.finding import Finding, Severity
from segur.findings.registry import define
from segur.load.document import Document
from segur.rules.sections import Sections, shown

CHARTE_GATE = define(
    "SEG-ADM-006",
    Severity.ERROR,
    "Dossier administratif non déposable : charte non acceptée",
    "dossier administratif non déposable : la charte de référencement Ségur n'est pas "
    "valablement acceptée ({reason}) ; le champ « charte » doit nommer le signataire, sa "
    "qualité, la date d'acceptation et la version de la charte",
)
CHARTE_SIGNATAIRE = define(
    "SEG-ADM-007",
    Severity.ERROR,
    "Signataire de la charte sans pouvoir d'engager l'éditeur",
    "champ « charte.signataire » : {found} a signé en qualité de représentant légal, mais le "
    "représentant légal déclaré dans « editeur.representant_legal » est {expected}",
)
CHARTE_DELEGATION = define(
    "SEG-ADM-008",
    Severity.ERROR,
    "Délégation de pouvoir absente",
    "champ « charte.delegation_pouvoir » absent : un signataire en qualité de « delegataire » "
    "doit joindre sa délégation de pouvoir (fichier du dossier)",
)
CHARTE_FUTURE = define(
    "SEG-ADM-009",
    Severity.ERROR,
    "Date d'acceptation de la charte dans le futur",
    "champ « charte.date_acceptation » : date {value} postérieure à aujourd'hui ({today}) : "
    "la date à laquelle la charte a été acceptée est attendue",
)


def check_charte(doc: Document, s: Sections, today: dt.date) -> list[Finding]:
    """The charter is accepted by someone empowered to engage the editor, on a past date."""
    findings: list[Finding] = []
    charte = s.charte
    if charte is None:
        return findings
    if charte.date_acceptation > today:
        findings.append(
            doc.finding(
                CHARTE_FUTURE,
                ("charte", "date_acceptation"),
                value=charte.date_acceptation.isoformat(),
                today=today.isoformat(),
            )
        )
    if charte.qualite == "delegataire" and charte.delegation_pouvoir is None:
        findings.append(doc.finding(CHARTE_DELEGATION, ("charte", "qualite")))
    if charte.qualite == "representant_legal" and s.editeur is not None:
        legal = s.editeur.representant_legal
        signed = charte.signataire
        if _same_person(signed.prenom, signed.nom, legal.prenom, legal.nom) is False:
            findings.append(
                doc.finding(
                    CHARTE_SIGNATAIRE,
                    ("charte", "signataire"),
                    found=shown(f"{signed.prenom} {signed.nom}"),
                    expected=shown(f"{legal.prenom} {legal.nom}"),
                )
            )
    return findings


def _same_person(prenom_a: str, nom_a: str, prenom_b: str, nom_b: str) -> bool:
    def fold(text: str) -> str:
        return " ".join(text.replace("-", " ").split()).casefold()

    return (fold(prenom_a), fold(nom_a)) == (fold(prenom_b), fold(nom_b))


def charte_gate(doc: Document, s: Sections, charte_findings: list[Finding]) -> list[Finding]:
    """Without a valid charter acceptance the administrative dossier cannot be deposited."""
    if s.charte is not None and not charte_findings:
        return []
    if not isinstance(doc.data, dict) or "charte" not in doc.data:
        reason = "champ « charte » absent"
    elif s.charte is None:
        reason = "champ « charte » incomplet ou invalide"
    else:
        reason = "voir les erreurs du champ « charte »"
    return [doc.finding(CHARTE_GATE, ("charte",), reason=reason)]

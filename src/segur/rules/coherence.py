"""Coherence rules of `candidature.yaml`: across fields and against the REM catalogue.

- the dispositif and the REM version exist; `general` is among the profiles, and every profile
  exists in that REM; an additional component's chapter exists in that REM;
- a groupement is led by the applying editor;
- distributor mandates end after they start;
- the version history is chronological in alphanumeric order and ends with the candidate;
- an additional component gives its NIL exactly when it substitutes for the main component.
"""

from __future__ import annotations

from segur.findings.finding import Finding, Severity
from segur.findings.registry import define
from segur.load.document import Document
from segur.model.rem import GENERAL
from segur.model.versions import version_key
from segur.repository.catalogue import Catalogue, Rem
from segur.rules.sections import Sections, dotted, shown

DISPOSITIF = define(
    "SEG-ADM-010",
    Severity.ERROR,
    "Dispositif inconnu",
    "champ « dispositif » : dispositif {value} absent du catalogue REM : valeurs acceptées : "
    "{expected}",
)
VERSION_REM = define(
    "SEG-ADM-011",
    Severity.ERROR,
    "Version du REM inconnue",
    "champ « version_rem » : version {value} inconnue pour le dispositif {dispositif} : "
    "versions disponibles : {expected}",
)
GENERAL_MISSING = define(
    "SEG-ADM-012",
    Severity.ERROR,
    "Profil général absent",
    "champ « profils » : le profil « general » est obligatoire pour toute candidature "
    "(profils trouvés : {found})",
)
PROFIL = define(
    "SEG-ADM-013",
    Severity.ERROR,
    "Profil inconnu ou en double",
    "champ « {field} » : profil {value} {problem} : profils du REM {rem} : {expected}",
)
CHAPITRE = define(
    "SEG-ADM-014",
    Severity.ERROR,
    "Chapitre du REM inconnu",
    "champ « {field} » : chapitre {value} absent du REM {rem} : chapitres : {expected}",
)
NIL_UNEXPECTED = define(
    "SEG-ADM-015",
    Severity.ERROR,
    "NIL d'un composant additionnel qui ne se substitue pas",
    "champ « {field} » : NIL {value} renseigné alors que le composant ne se substitue pas au "
    "composant principal : le NIL n'est attendu que si substitue_composant_principal est true",
)
NIL_MISSING = define(
    "SEG-ADM-016",
    Severity.ERROR,
    "NIL absent d'un composant additionnel qui se substitue",
    "champ « {field} » absent : un composant qui se substitue au composant principal pour "
    "l'homologation CNDA doit indiquer son NIL",
)
CHEF_DE_FILE = define(
    "SEG-ADM-017",
    Severity.ERROR,
    "Chef de file différent de l'éditeur candidat",
    "champ « groupement.chef_de_file » : SIRET {value} différent du SIRET de l'éditeur "
    "candidat ({expected}) : le chef de file porte la candidature du groupement",
)
MEMBRE = define(
    "SEG-ADM-018",
    Severity.ERROR,
    "Membre du groupement en double",
    "champ « {field} » : SIRET {value} {problem}",
)
MANDAT_DATES = define(
    "SEG-ADM-019",
    Severity.ERROR,
    "Dates de mandat de distribution incohérentes",
    "champ « {field} » : fin de mandat {value} non postérieure à la signature du mandat "
    "({start}) : une date de fin après la date de signature est attendue",
)
VERSION_ORDER = define(
    "SEG-ADM-020",
    Severity.ERROR,
    "Historique des versions non chronologique",
    "champ « {field} » : version {value} placée après {previous} : l'historique doit aller de "
    "la plus ancienne à la plus récente, dans l'ordre alphanumérique (2.9 avant 2.10), "
    "sans doublon",
)
VERSION_ABSENT = define(
    "SEG-ADM-021",
    Severity.ERROR,
    "Version candidate absente de l'historique",
    "champ « solution.version_technique » : version {value} absente de « solution.versions » : "
    "versions déclarées : {expected}",
)
VERSION_NOT_LATEST = define(
    "SEG-ADM-022",
    Severity.ERROR,
    "Version candidate qui n'est pas la plus récente",
    "champ « solution.version_technique » : version {value} antérieure à {latest} déclarée "
    "dans l'historique : la version candidate doit être la plus récente",
)


def check_catalogue(doc: Document, s: Sections, catalogue: Catalogue) -> list[Finding]:
    """Dispositif, REM version, profiles and additional components' chapters exist."""
    findings: list[Finding] = []
    if s.profils is not None and GENERAL not in s.profils:
        found = ", ".join(s.profils) or "aucun"
        findings.append(doc.finding(GENERAL_MISSING, ("profils",), found=found))
    if s.dispositif is None:
        return findings
    codes = catalogue.codes()
    if s.dispositif not in codes:
        expected = ", ".join(codes) or "(catalogue vide)"
        findings.append(
            doc.finding(DISPOSITIF, ("dispositif",), value=shown(s.dispositif), expected=expected)
        )
        return findings
    if s.version_rem is None:
        return findings
    rem = catalogue.get(s.dispositif, s.version_rem)
    if rem is None:
        versions = sorted((r.version for r in catalogue.for_code(s.dispositif)), key=version_key)
        findings.append(
            doc.finding(
                VERSION_REM,
                ("version_rem",),
                value=shown(s.version_rem),
                dispositif=s.dispositif,
                expected=", ".join(versions),
            )
        )
        return findings
    return findings + _check_profils(doc, s, rem) + _check_chapitres(doc, s, rem)


def _rem_name(rem: Rem) -> str:
    return f"{rem.code} {rem.version}"


def _check_profils(doc: Document, s: Sections, rem: Rem) -> list[Finding]:
    findings: list[Finding] = []
    known = [p.id for p in rem.dispositif.profils]
    seen: set[str] = set()
    for index, profil in enumerate(s.profils or []):
        problem = None
        if profil in seen:
            problem = "en double"
        elif profil not in known:
            problem = "inconnu"
        seen.add(profil)
        if problem:
            findings.append(
                doc.finding(
                    PROFIL,
                    ("profils", index),
                    field=f"profils[{index}]",
                    value=shown(profil),
                    problem=problem,
                    rem=_rem_name(rem),
                    expected=", ".join(known),
                )
            )
    return findings


def _check_chapitres(doc: Document, s: Sections, rem: Rem) -> list[Finding]:
    findings: list[Finding] = []
    codes = [c.code for c in rem.chapitres]
    for index, composant in enumerate(s.composants_additionnels or []):
        if composant.chapitre not in codes:
            loc = ("composants_additionnels", index, "chapitre")
            findings.append(
                doc.finding(
                    CHAPITRE,
                    loc,
                    field=dotted(loc),
                    value=shown(composant.chapitre),
                    rem=_rem_name(rem),
                    expected=", ".join(codes),
                )
            )
    return findings


def check_groupement(doc: Document, s: Sections) -> list[Finding]:
    """The chef de file is the applying editor; every member appears once."""
    findings: list[Finding] = []
    groupement = s.groupement
    if groupement is None:
        return findings
    if s.editeur is not None and groupement.chef_de_file != s.editeur.siret:
        findings.append(
            doc.finding(
                CHEF_DE_FILE,
                ("groupement", "chef_de_file"),
                value=shown(groupement.chef_de_file),
                expected=s.editeur.siret,
            )
        )
    seen: set[str] = set()
    for index, membre in enumerate(groupement.membres):
        loc = ("groupement", "membres", index, "siret")
        problem = None
        if membre.siret == groupement.chef_de_file:
            problem = "est celui du chef de file : les membres sont les autres entités"
        elif membre.siret in seen:
            problem = "déjà déclaré pour un autre membre du groupement"
        seen.add(membre.siret)
        if problem:
            findings.append(
                doc.finding(
                    MEMBRE, loc, field=dotted(loc), value=shown(membre.siret), problem=problem
                )
            )
    return findings


def check_solution(doc: Document, s: Sections) -> list[Finding]:
    """Distributor mandates end after they start; the version history is chronological and
    ends with the candidate version."""
    solution = s.solution
    if solution is None:
        return []
    findings: list[Finding] = []
    for index, distributeur in enumerate(solution.distributeurs):
        if distributeur.date_fin_mandat <= distributeur.date_signature_mandat:
            loc = ("solution", "distributeurs", index, "date_fin_mandat")
            findings.append(
                doc.finding(
                    MANDAT_DATES,
                    loc,
                    field=dotted(loc),
                    value=distributeur.date_fin_mandat.isoformat(),
                    start=distributeur.date_signature_mandat.isoformat(),
                )
            )
    labels = [v.version_technique for v in solution.versions]
    for index in range(1, len(labels)):
        if version_key(labels[index]) <= version_key(labels[index - 1]):
            loc = ("solution", "versions", index, "version_technique")
            findings.append(
                doc.finding(
                    VERSION_ORDER,
                    loc,
                    field=dotted(loc),
                    value=shown(labels[index]),
                    previous=shown(labels[index - 1]),
                )
            )
    candidate = solution.version_technique
    candidate_loc = ("solution", "version_technique")
    keys = [version_key(label) for label in labels]
    if version_key(candidate) not in keys:
        findings.append(
            doc.finding(
                VERSION_ABSENT, candidate_loc, value=shown(candidate), expected=", ".join(labels)
            )
        )
    latest = max(labels, key=version_key)
    if version_key(latest) > version_key(candidate):
        findings.append(
            doc.finding(
                VERSION_NOT_LATEST, candidate_loc, value=shown(candidate), latest=shown(latest)
            )
        )
    return findings


def check_composants(doc: Document, s: Sections) -> list[Finding]:
    """A component's NIL is given exactly when it substitutes for the main component."""
    findings: list[Finding] = []
    for index, composant in enumerate(s.composants_additionnels or []):
        loc = ("composants_additionnels", index, "nil")
        if composant.substitue_composant_principal and composant.nil is None:
            findings.append(
                doc.finding(NIL_MISSING, ("composants_additionnels", index), field=dotted(loc))
            )
        elif not composant.substitue_composant_principal and composant.nil is not None:
            findings.append(
                doc.finding(NIL_UNEXPECTED, loc, field=dotted(loc), value=shown(composant.nil))
            )
    return findings

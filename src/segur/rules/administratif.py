"""Rules of the administrative dossier (§3.2 of the procedure): `candidature.yaml`.

Validation happens in two layers, so that one run reports everything:
1. the whole document against the `Candidature` model: missing, empty, unknown or mistyped
   fields, and the format of SIRET, e-mail, telephone and forge logins;
2. coherence rules that need another field or the REM catalogue. They run on every top-level
   section that is valid on its own (`Sections`), so a bad telephone number does not hide an
   unknown profile.
The referenced files are checked by `segur.rules.fichiers`, the SSI questionnaire by
`segur.rules.questionnaire`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from segur.findings.finding import Finding, Severity
from segur.findings.registry import Rule, define
from segur.load.composer import Loc
from segur.load.document import Document
from segur.load.validation import errors_to_findings
from segur.model.candidature import Candidature
from segur.model.valeurs import EMAIL_ERROR, LOGIN_ERROR, PHONE_ERROR, SIRET_ERROR
from segur.repository.catalogue import Catalogue
from segur.rules.charte import charte_gate, check_charte
from segur.rules.coherence import (
    check_catalogue,
    check_composants,
    check_groupement,
    check_solution,
)
from segur.rules.sections import Sections, dotted, shown

EMPTY = define(
    "SEG-ADM-001",
    Severity.ERROR,
    "Champ obligatoire vide",
    "champ obligatoire « {field} » vide : à renseigner ({expected})",
)
SIRET = define(
    "SEG-ADM-002",
    Severity.ERROR,
    "SIRET invalide",
    "champ « {field} » : SIRET {value} invalide : {expected}",
)
EMAIL = define(
    "SEG-ADM-003",
    Severity.ERROR,
    "Adresse électronique invalide",
    "champ « {field} » : adresse électronique {value} invalide : {expected}",
)
PHONE = define(
    "SEG-ADM-004",
    Severity.ERROR,
    "Numéro de téléphone invalide",
    "champ « {field} » : numéro de téléphone {value} invalide : {expected}",
)
LOGIN = define(
    "SEG-ADM-005",
    Severity.ERROR,
    "Identifiant de mainteneur invalide",
    "champ « {field} » : identifiant {value} invalide : {expected}",
)
# Reported by `segur.dossier.administratif` (the SSI questionnaire's is in
# `segur.rules.questionnaire`).
CANDIDATURE_MISSING = define(
    "SEG-ADM-026",
    Severity.ERROR,
    "Fichier candidature.yaml absent",
    "fichier « candidature.yaml » absent du dossier de candidature : créez-le avec "
    "« segur new » ou copiez un dossier d'exemple",
)
# Consistency across candidatures (§3.2), checked by `segur.lifecycle.duplicates` over every
# candidature of a run (and of a federation's mirrors).
DUPLICATE = define(
    "SEG-ADM-031",
    Severity.ERROR,
    "Candidature en double",
    "même éditeur (SIRET {siret}), même solution « {solution} » et même version technique "
    "{version} que {other}, qui n'est ni refusée ni rejetée : une version candidate fait "
    "l'objet d'une seule demande de référencement (§3.2, informations relatives à la version "
    "candidate) ; poursuivez {other} ou retirez celle-ci",
)
MEMBER_ALONE = define(
    "SEG-ADM-032",
    Severity.ERROR,
    "Membre d'un groupement candidat seul",
    "l'éditeur (SIRET {siret}) est membre du groupement de {other}, candidature en cours pour "
    "la même solution « {solution} » : « une candidature unique au référencement est portée "
    "pour le groupement » par son chef de file (§3.2)",
)
COMPONENT_OWN_EDITOR = define(
    "SEG-ADM-033",
    Severity.ERROR,
    "Composant additionnel édité par l'éditeur candidat",
    "champ « {field} » : SIRET {value} de l'éditeur candidat (chef de file) ; un composant "
    "additionnel est « édité par un membre du groupement solidaire ou un Editeur tiers, hors "
    "mandataire » (définitions de la procédure) : ce qu'édite le chef de file fait partie du "
    "composant principal",
)
_CUSTOM_RULES: dict[str, Rule] = {
    SIRET_ERROR: SIRET,
    EMAIL_ERROR: EMAIL,
    PHONE_ERROR: PHONE,
    LOGIN_ERROR: LOGIN,
}
# Pydantic error types that, with an empty input, mean "nothing was filled in here".
_EMPTY_KINDS = {
    "string_type",
    "string_too_short",
    "list_type",
    "too_short",
    "dict_type",
    "model_type",
    "date_type",
    "bool_type",
    "literal_error",
}


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | dict) and not value


def _title(loc: Loc) -> str:
    """The French title of the field at `loc`, to tell the editor what to put there."""
    current: Any = Candidature
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            continue
        model = _model_in(current)
        if model is None or part not in model.model_fields:
            return "voir le schéma"
        info = model.model_fields[part]
        current = info.annotation
    return (info.title or info.description or "voir le schéma") if info else "voir le schéma"


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def validate_candidature(doc: Document) -> tuple[Candidature | None, Sections, list[Finding]]:
    """Validate the whole document; map empty values and format errors to their own rules."""
    try:
        model = Candidature.model_validate(doc.data)
    except ValidationError as exc:
        generic = errors_to_findings(doc, exc, Candidature)
        errors = exc.errors(include_url=False)
        findings: list[Finding] = []
        # `errors_to_findings` makes exactly one finding per error, in order.
        for error, finding in zip(errors, generic, strict=True):
            loc = tuple(p for p in error["loc"] if not str(p).startswith("function-"))
            kind = error["type"]
            if kind in _CUSTOM_RULES:
                value = shown(error.get("input"))
                findings.append(
                    doc.finding(
                        _CUSTOM_RULES[kind],
                        loc,
                        field=dotted(loc),
                        value=value,
                        expected=error["msg"],
                    )
                )
            elif kind in _EMPTY_KINDS and _is_empty(error.get("input")) and loc in doc.values:
                findings.append(doc.finding(EMPTY, loc, field=dotted(loc), expected=_title(loc)))
            else:
                findings.append(finding)
        return None, Sections.partial(doc.data), findings
    return model, Sections.of(model), []


def check_candidature(
    doc: Document, catalogue: Catalogue, today: dt.date
) -> tuple[Candidature | None, list[Finding]]:
    """Every rule of this module on one parsed `candidature.yaml`."""
    model, sections, findings = validate_candidature(doc)
    charte = check_charte(doc, sections, today)
    findings += charte
    findings += charte_gate(doc, sections, charte)
    findings += check_catalogue(doc, sections, catalogue)
    findings += check_groupement(doc, sections)
    findings += check_solution(doc, sections)
    findings += check_composants(doc, sections)
    findings += check_component_editors(doc, sections)
    return model, findings


def check_component_editors(doc: Document, s: Sections) -> list[Finding]:
    """An additional component is edited by a groupement member or a third party, never by the
    candidate editor (the chef de file), whose SIRET is `editeur.siret` (a `chef_de_file` that
    differs from it is SEG-ADM-017's)."""
    if s.editeur is None:
        return []
    findings: list[Finding] = []
    for index, composant in enumerate(s.composants_additionnels or []):
        if composant.siret == s.editeur.siret:
            loc = ("composants_additionnels", index, "siret")
            findings.append(
                doc.finding(
                    COMPONENT_OWN_EDITOR, loc, field=dotted(loc), value=shown(composant.siret)
                )
            )
    return findings

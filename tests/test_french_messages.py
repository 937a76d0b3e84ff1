"""No library wording reaches a user: every kind of pydantic error that our models can raise
becomes a French finding that names the file, the line of the field and the rule; the lists of
accepted values are written the French way (« a » ou « b »), never pydantic's 'a' or 'b'."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from adm_support import base
from segur.load.document import parse
from segur.load.validation import expected_text, french_list, validate
from segur.model.access import CarteAcces
from segur.model.base import Model
from segur.model.candidature import QUALITE_WORDS, Candidature, quality_words
from segur.model.evenements import DecisionCollege, FichierEvenement, SignatureEditeur
from segur.model.questionnaire import QuestionnaireSsi, ReponsesSsi
from segur.model.registry import Registre
from segur.model.rem import Dispositif

FILE = "dossier/fichier.yaml"
# Pydantic's English, as it would show through: none of it may appear in a message.
ENGLISH = (
    " or ",
    "Input should",
    "Field required",
    "Extra inputs",
    "value is not",
    "String should",
    "List should",
    "Value error",
    "type=",
    " should ",
    " at least ",
    " at most ",
    "unable to",
    "Unable to",
    "expected",
    "Assertion",
    "Tag '",
    "discriminator",
)


def _candidature() -> dict[str, Any]:
    return base()


def _event() -> dict[str, Any]:
    # The journal validates an event with the model of the type its file name says
    # (`EVENT_MODELS`); the union of every type (`FichierEvenement`) is the schema's.
    return {"type": "decision-college", "decision": "attribution", "seance": dt.date(2026, 3, 25)}


def _access() -> dict[str, Any]:
    return {"identites": {"claire-ans": {"nom": "Claire", "roles": ["instructeur"]}}}


def _registry() -> dict[str, Any]:
    return {
        "organisation": "ans-segur",
        "depot_central": "ans-segur/segur",
        "depots": {"exemple": {"url": "https://github.com/ans-segur/dossiers-exemple.git"}},
    }


def _dispositif() -> dict[str, Any]:
    return {
        "code": "DPI",
        "libelle": "Dossier patient informatisé",
        "vague": 2,
        "version_rem": "va2",
        "profils": [{"id": "general", "libelle": "Général"}],
        "duree_convention_mois": 36,
        "source": "classeur.xlsx",
    }


def _questionnaire() -> dict[str, Any]:
    return {
        "version": "2024-1",
        "titre": "Questionnaire",
        "questions": [
            {"id": "politique-ssi", "intitule": "Une PSSI ?", "reponses": ["oui", "non"]}
        ],
    }


DELETE = object()


@dataclass(frozen=True)
class Case:
    model: type[BaseModel]
    data: Callable[[], dict[str, Any]]
    loc: tuple[str | int, ...]
    value: Any
    rule: str
    # The key whose line the finding must point at (the parent's, for a missing field).
    line_of: str | None
    said: str  # a piece of the French message


CASES: dict[str, Case] = {
    "missing": Case(
        Candidature,
        _candidature,
        ("editeur", "siret"),
        DELETE,
        "SEG-YML-013",
        "editeur:",
        "champ obligatoire « editeur.siret » absent",
    ),
    "extra_forbidden": Case(
        Candidature,
        _candidature,
        ("editeur", "couleur"),
        "bleu",
        "SEG-YML-014",
        "  couleur:",
        "champs attendus ici : adresse_siege",
    ),
    "literal_error": Case(
        Candidature,
        _candidature,
        ("charte", "qualite"),
        "maire",
        "SEG-YML-015",
        "  qualite:",
        "valeurs acceptées : « representant_legal » ou « delegataire »",
    ),
    "enum": Case(
        DecisionCollege,
        _event,
        ("decision",),
        "peut-etre",
        "SEG-YML-015",
        "decision:",
        "valeurs acceptées : « attribution » ou « reserves-bloquantes »",
    ),
    "bool_type": Case(
        Candidature,
        _candidature,
        ("editeur", "deja_reference_vague_1"),
        "oui",
        "SEG-YML-015",
        "  deja_reference_vague_1:",
        "un booléen (true/false) est attendu",
    ),
    "date_type": Case(
        Candidature,
        _candidature,
        ("charte", "date_acceptation"),
        "le 3 mars",
        "SEG-YML-015",
        "  date_acceptation:",
        "une date AAAA-MM-JJ est attendue",
    ),
    "int_parsing": Case(
        Dispositif,
        _dispositif,
        ("vague",),
        "deux",
        "SEG-YML-015",
        "vague:",
        "un nombre entier est attendu",
    ),
    "int_from_float": Case(
        Dispositif,
        _dispositif,
        ("vague",),
        1.5,
        "SEG-YML-015",
        "vague:",
        "sans partie décimale",
    ),
    "greater_than_equal": Case(
        Dispositif,
        _dispositif,
        ("duree_convention_mois",),
        0,
        "SEG-YML-015",
        "duree_convention_mois:",
        "supérieure ou égale à 1",
    ),
    "less_than_equal": Case(
        Dispositif,
        _dispositif,
        ("vague",),
        1000,
        "SEG-YML-015",
        "vague:",
        "inférieure ou égale à 100",
    ),
    "string_pattern_mismatch": Case(
        Dispositif,
        _dispositif,
        ("code",),
        "dpi",
        "SEG-YML-015",
        "code:",
        "le format attendu est des majuscules et des chiffres, en commençant par une lettre",
    ),
    "string_too_short": Case(
        Candidature,
        _candidature,
        ("editeur", "fonction_dirigeant"),
        "",
        "SEG-YML-015",
        "  fonction_dirigeant:",
        "une valeur non vide est attendue",
    ),
    "string_too_long": Case(
        Candidature,
        _candidature,
        ("editeur", "denomination_sociale"),
        "A" * 300,
        "SEG-YML-015",
        "  denomination_sociale:",
        "au plus 250 caractères attendus",
    ),
    "too_short": Case(
        Candidature,
        _candidature,
        ("profils",),
        [],
        "SEG-YML-015",
        "profils:",
        "au moins 1 élément(s) attendu(s)",
    ),
    "too_long": Case(
        Candidature,
        _candidature,
        ("profils",),
        [f"profil-{n}" for n in range(21)],
        "SEG-YML-015",
        "- profil-0",
        "au plus 20 élément(s) attendu(s)",
    ),
    "list_type": Case(
        Candidature,
        _candidature,
        ("profils",),
        "general",
        "SEG-YML-015",
        "profils:",
        "une liste est attendue",
    ),
    "model_type": Case(
        Candidature,
        _candidature,
        ("editeur",),
        "Exemple SAS",
        "SEG-YML-015",
        "editeur:",
        "un dictionnaire (clé: valeur) est attendu",
    ),
    "dict_type": Case(
        ReponsesSsi,
        lambda: {"reponses": {"politique-ssi": "oui"}},
        ("reponses",),
        ["oui"],
        "SEG-YML-015",
        "- oui",
        "un dictionnaire (clé: valeur) est attendu",
    ),
    "union_tag_invalid": Case(
        FichierEvenement,
        _event,
        ("type",),
        "decision-du-directeur",
        "SEG-YML-015",
        "type:",
        "valeurs acceptées pour « type » : « validation-administrative », ",
    ),
    "union_tag_not_found": Case(
        FichierEvenement,
        _event,
        ("type",),
        DELETE,
        "SEG-YML-015",
        None,
        "le champ « type » est obligatoire",
    ),
    "value_error-role": Case(
        CarteAcces,
        _access,
        ("identites", "claire-ans", "roles", 0),
        "chef",
        "SEG-YML-015",
        "    - chef",
        "rôle « chef » inconnu",
    ),
    "value_error-url": Case(
        Registre,
        _registry,
        ("depots", "exemple", "url"),
        "ftp://serveur/depot.git",
        "SEG-YML-015",
        "    url:",
        "une adresse de dépôt git est attendue",
    ),
    "value_error-code": Case(
        QuestionnaireSsi,
        _questionnaire,
        ("questions", 0, "id"),
        "Politique SSI",
        "SEG-YML-015",
        "- id:",
        "un code en minuscules sans accent",
    ),
    "email": Case(
        Candidature,
        _candidature,
        ("editeur", "representant_legal", "email"),
        "pas-une-adresse",
        "SEG-YML-015",
        "    email: pas-une-adresse",
        "adresse électronique invalide",
    ),
    "caractere": Case(
        CarteAcces,
        _access,
        ("identites", "claire-ans", "nom"),
        "Claire\u202eSNA",
        "SEG-YML-015",
        "    nom:",
        "caractère U+202E (inversion du sens d'écriture)",
    ),
}


def _set(data: Any, loc: tuple[str | int, ...], value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    if value is DELETE:
        del data[loc[-1]]
    else:
        data[loc[-1]] = value


def _line_of(text: str, marker: str | None) -> int:
    if marker is None:
        return 1
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith(marker)]
    assert len(lines) == 1, (marker, lines)
    return lines[0]


@pytest.mark.parametrize("kind", CASES)
def test_each_kind_of_error_is_said_in_french(kind: str) -> None:
    case = CASES[kind]
    data = copy.deepcopy(case.data())
    _set(data, case.loc, case.value)
    # allow_unicode=False: a hostile character is written as an escape, as an attacker would
    # (the loader refuses it raw, SEG-YML-019).
    text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10**6)
    loaded = parse(text.encode(), FILE)
    assert loaded.document is not None and loaded.findings == []
    model, findings = validate(loaded.document, case.model)
    assert model is None
    said = [f for f in findings if case.said in f.message]
    assert len(said) == 1, [f.message for f in findings]
    [finding] = said
    assert (finding.path, finding.line, finding.rule) == (
        FILE,
        _line_of(text, case.line_of),
        case.rule,
    )
    for found in findings:
        leaks = [word for word in ENGLISH if word in found.message]
        assert leaks == [], found.message


def test_the_valid_documents_of_the_cases_are_valid() -> None:
    # Each case changes one value of a valid document: the finding is that value's.
    for data, model in (
        (_candidature(), Candidature),
        (_event(), FichierEvenement),
        (_event(), DecisionCollege),
        (_access(), CarteAcces),
        (_registry(), Registre),
        (_dispositif(), Dispositif),
        (_questionnaire(), QuestionnaireSsi),
    ):
        loaded = parse(yaml.safe_dump(data, allow_unicode=True).encode(), FILE)
        assert loaded.document is not None
        assert validate(loaded.document, model)[1] == []


def test_lists_of_values_are_written_the_french_way() -> None:
    assert french_list("'a', 'b' or 'c'") == "« a », « b » ou « c »"
    assert french_list("'a' or \"l'éditeur\"") == "« a » ou « l'éditeur »"
    assert french_list("'type'") == "« type »"
    assert french_list("1 or 2") == "« 1 » ou « 2 »"


class _Mesure(Model):
    """A type no file model uses today: its wording is French all the same."""

    nombre: float


def test_types_outside_the_file_models_and_unknown_types_are_still_french() -> None:
    loaded = parse(b"nombre: beaucoup\n", FILE)
    assert loaded.document is not None
    [finding] = validate(loaded.document, _Mesure)[1]
    assert finding.message.endswith("invalide : un nombre est attendu")
    assert expected_text("datetime_parsing", {}) == "une date et heure ISO 8601 est attendue"
    # A type pydantic may add later, without French wording yet: a French sentence, never
    # pydantic's own message.
    error = PydanticCustomError("nouveau_type", "Input should be something new")
    assert expected_text(error.type, {}) == "valeur non conforme au schéma de ce champ"


def test_the_signatory_quality_is_enumerated_and_read_in_words() -> None:
    # The editor's signature names its quality as the charter does (§3.2); its position in the
    # company is free text beside it.
    signed = {
        "type": "signature-editeur",
        "signataire": {"nom": "Exemple", "prenom": "Claire"},
        "qualite": "delegataire",
        "fonction": "Directrice générale déléguée",
    }
    assert SignatureEditeur.model_validate(signed).qualite == "delegataire"
    assert [quality_words(q) for q in QUALITE_WORDS] == ["représentant légal", "délégataire"]
    loaded = parse(yaml.safe_dump({**signed, "qualite": "Présidente"}).encode(), FILE)
    assert loaded.document is not None
    [finding] = validate(loaded.document, SignatureEditeur)[1]
    assert finding.message == (
        "champ « qualite » : valeur « Présidente » invalide : valeurs acceptées : "
        "« representant_legal » ou « delegataire »"
    )

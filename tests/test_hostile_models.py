"""Hostile values in the files beside the candidature: the SSI questionnaire and its answers, the
access map, the registry of dossier repositories, the marker of a dossier repository and the REM
catalogue. Each is refused at its field with a French finding (control characters, bidirectional
overrides, oversized strings and lists, homoglyphs in identifiers), as in candidature.yaml; the
real files still load."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from pydantic import BaseModel, ValidationError

from adm_support import base
from segur import cli
from segur.errors import DataError
from segur.load.document import parse
from segur.load.validation import validate
from segur.model.access import MAX_IDENTITES, CarteAcces
from segur.model.base import LINE_MAX, MESSAGE_MAX, NAME_MAX
from segur.model.candidature import Candidature
from segur.model.questionnaire import MAX_QUESTIONS, QuestionnaireSsi, ReponsesSsi
from segur.model.registry import DepotEditeur, Registre
from segur.model.rem import Chapitre, Dispositif, Profil
from segur.rem_import.workbook import import_workbook
from segur.repository.questionnaire import load_questionnaire

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT.parent / "shared" / "data" / "rem-sources" / "template-export-convergence.xlsx"
CYRILLIC_A = "\u0430"


def _questions() -> dict[str, Any]:
    return {
        "version": "2024-1",
        "titre": "Questionnaire de maturité SSI",
        "questions": [
            {
                "id": "politique-ssi",
                "intitule": "L'entreprise dispose-t-elle d'une PSSI ?",
                "reponses": ["oui", "en-cours", "non"],
            }
        ],
    }


def _answers() -> dict[str, Any]:
    return {"reponses": {"politique-ssi": "oui"}, "commentaire": "Revue annuelle."}


def _access() -> dict[str, Any]:
    return {
        "identites": {
            "claire-ans": {"nom": "Claire (instructrice)", "roles": ["instructeur"]},
            "jdupont": {"roles": ["editeur:exemple-sante"]},
        }
    }


def _registry() -> dict[str, Any]:
    return {
        "organisation": "ans-segur",
        "depot_central": "ans-segur/segur",
        "depots": {"exemple-sante": {"url": "https://github.com/ans-segur/dossiers-exemple.git"}},
    }


def _marker() -> dict[str, Any]:
    return {
        "editeur": "exemple-sante",
        "central": {"url": "https://github.com/ans-segur/segur.git", "revision": "a" * 40},
    }


def _dispositif() -> dict[str, Any]:
    return {
        "code": "DPI",
        "libelle": "Dossier patient informatisé",
        "vague": 2,
        "version_rem": "va2-prepub-2023",
        "profils": [{"id": "general", "libelle": "Général"}],
        "duree_convention_mois": 36,
        "source": "classeur.xlsx (feuilles : REM)",
    }


def _chapter() -> dict[str, Any]:
    return {
        "code": "INS",
        "libelle": "Identité nationale de santé",
        "exigences": [
            {
                "id": "INS.01",
                "chapitre": "INS",
                "bloc": "",
                "fonction": "Qualification de l'INS",
                "nature": "exigence",
                "criticite": "Majeure",
                "profil": "general",
                "enonce": "Le système qualifie l'INS.\n\nIl conserve la trace.",
                "scenarios": [
                    {
                        "id": "INS.01.01",
                        "libelle": "",
                        "preuves": [
                            {"id": "INS.01.01.01", "libelle": "Capture", "types": ["capture"]}
                        ],
                    }
                ],
            }
        ],
    }


BUILDERS: dict[str, tuple[type[BaseModel], Any]] = {
    "questionnaire": (QuestionnaireSsi, _questions),
    "reponses": (ReponsesSsi, _answers),
    "acces": (CarteAcces, _access),
    "registre": (Registre, _registry),
    "depot": (DepotEditeur, _marker),
    "dispositif": (Dispositif, _dispositif),
    "chapitre": (Chapitre, _chapter),
}

EXIGENCE = ("exigences", 0)
# (file, field, hostile value, a piece of the French message)
HOSTILE: dict[str, tuple[str, tuple[Any, ...], Any, str]] = {
    "question-ansi": ("questionnaire", ("titre",), "SSI\x1b[2J", "caractère U+001B"),
    "question-rtl": (
        "questionnaire",
        ("questions", 0, "intitule"),
        "Une PSSI \u202e?",
        "inversion du sens d'écriture",
    ),
    "question-id-homoglyphe": (
        "questionnaire",
        ("questions", 0, "id"),
        f"politique-ss{CYRILLIC_A}",
        "un code en minuscules sans accent",
    ),
    "question-reponse-espace": (
        "questionnaire",
        ("questions", 0, "reponses", 1),
        "en cours",
        "un code en minuscules sans accent",
    ),
    "questions-trop-nombreuses": (
        "questionnaire",
        ("questions",),
        [
            {"id": f"q-{n}", "intitule": "Question ?", "reponses": ["oui", "non"]}
            for n in range(MAX_QUESTIONS + 1)
        ],
        f"au plus {MAX_QUESTIONS} élément(s) attendu(s)",
    ),
    "reponse-c1": ("reponses", ("reponses", "politique-ssi"), "oui\x9b31m", "caractère U+009B"),
    "commentaire-u2028": ("reponses", ("commentaire",), "a\u2028b", "séparateur de ligne"),
    "commentaire-geant": (
        "reponses",
        ("commentaire",),
        "x" * (MESSAGE_MAX + 1),
        f"au plus {MESSAGE_MAX} caractères",
    ),
    "acces-nom-rtl": (
        "acces",
        ("identites", "claire-ans", "nom"),
        "Claire \u202enimda",
        "inversion du sens d'écriture",
    ),
    "acces-nom-geant": (
        "acces",
        ("identites", "claire-ans", "nom"),
        "C" * (NAME_MAX + 1),
        f"au plus {NAME_MAX} caractères",
    ),
    "acces-role-homoglyphe": (
        "acces",
        ("identites", "jdupont", "roles", 0),
        f"editeur:ex{CYRILLIC_A}mple-sante",
        "rôle",
    ),
    "acces-role-retour-ligne": (
        "acces",
        ("identites", "jdupont", "roles", 0),
        "editeur:exemple-sante\nadmin",
        "rôle",
    ),
    "registre-url-echappement": (
        "registre",
        ("depots", "exemple-sante", "url"),
        "https://github.com/ans-segur/\x1b[2Jdepot.git",
        "caractère U+001B",
    ),
    "registre-url-rtl": (
        "registre",
        ("depots", "exemple-sante", "url"),
        "https://github.com/ans-segur/\u202etig.depot",
        "inversion du sens d'écriture",
    ),
    "registre-organisation-homoglyphe": (
        "registre",
        ("organisation",),
        f"{CYRILLIC_A}ns-segur",
        "un nom de la forge est attendu",
    ),
    "depot-revision-homoglyphe": (
        "depot",
        ("central", "revision"),
        "a" * 39 + CYRILLIC_A,
        "un identifiant de commit complet",
    ),
    "depot-editeur-homoglyphe": (
        "depot",
        ("editeur",),
        f"ex{CYRILLIC_A}mple-sante",
        "un identifiant d'éditeur est attendu",
    ),
    "rem-libelle-ansi": ("dispositif", ("libelle",), "DPI\x1b]0;titre\x07", "caractère U+001B"),
    "rem-profil-homoglyphe": (
        "dispositif",
        ("profils", 0, "id"),
        f"gener{CYRILLIC_A}l",
        "un code en minuscules sans accent",
    ),
    "rem-version-chasse-zero": (
        "dispositif",
        ("version_rem",),
        "va2\u200b-prepub",
        "caractère invisible",
    ),
    "rem-enonce-rtl": (
        "chapitre",
        (*EXIGENCE, "enonce"),
        "Le système \u202equalifie",
        "inversion du sens d'écriture",
    ),
    "rem-enonce-geant": (
        "chapitre",
        (*EXIGENCE, "enonce"),
        "E" * (MESSAGE_MAX + 1),
        f"au plus {MESSAGE_MAX} caractères",
    ),
    "rem-fonction-retour-ligne": (
        "chapitre",
        (*EXIGENCE, "fonction"),
        "Qualification\nde l'INS",
        "caractère U+000A",
    ),
    "rem-bloc-geant": (
        "chapitre",
        (*EXIGENCE, "bloc"),
        "B" * (LINE_MAX + 1),
        f"au plus {LINE_MAX} caractères",
    ),
    "rem-exigence-espace": ("chapitre", (*EXIGENCE, "id"), "INS .01", "espace"),
    "rem-preuve-libelle-del": (
        "chapitre",
        (*EXIGENCE, "scenarios", 0, "preuves", 0, "libelle"),
        "Capture\x7f",
        "caractère U+007F",
    ),
}


def _set(data: Any, loc: tuple[Any, ...], value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _findings(kind: str, data: Any) -> tuple[Any, list[Any], Any]:
    model, _ = BUILDERS[kind]
    # Escapes, as an attacker writes them: the loader refuses the raw characters itself.
    text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10**7)
    loaded = parse(text.encode("ascii"), f"{kind}.yaml")
    assert loaded.document is not None and loaded.findings == []
    valid, findings = validate(loaded.document, model)
    return valid, findings, loaded.document


@pytest.mark.parametrize("kind", BUILDERS)
def test_the_honest_files_are_valid(kind: str) -> None:
    valid, findings, _ = _findings(kind, BUILDERS[kind][1]())
    assert findings == [] and valid is not None


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_value_is_refused_at_its_field_in_french(case: str) -> None:
    kind, loc, value, said = HOSTILE[case]
    data = copy.deepcopy(BUILDERS[kind][1]())
    _set(data, loc, value)
    valid, findings, doc = _findings(kind, data)
    assert valid is None
    position = doc.at(loc)
    at_field = [f for f in findings if (f.line, f.col) == (position.line, position.col)]
    assert [f.rule for f in at_field] == ["SEG-YML-015"], [f.message for f in findings]
    [finding] = at_field
    assert finding.path == f"{kind}.yaml" and said in finding.message, finding.message
    # The value is shown escaped, never interpreted by the terminal that prints it.
    assert not any(char in finding.message for char in "\x1b\x9b\x7f\u202e\u2028\u200b")


def test_too_many_identities_in_the_access_map() -> None:
    data = {"identites": {f"id{n}": {"roles": ["bot"]} for n in range(MAX_IDENTITES + 1)}}
    with pytest.raises(ValidationError) as refused:
        CarteAcces.model_validate(data)
    [error] = refused.value.errors()
    assert (error["type"], error["loc"]) == ("too_long", ("identites",))


def test_the_real_questionnaire_and_rem_catalogue_still_load(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert len(load_questionnaire().questions) >= 1
    assert cli.main(["--repo", str(ROOT), "rem", "check"]) == 0
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("0 erreur, ")


def test_a_hostile_workbook_cell_stops_the_import_in_french(tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(TEMPLATE)
    sheet = workbook["Exigences"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("Exigence") + 1).value = "Le système \u202evérifie"
    hostile = tmp_path / "classeur.xlsx"
    workbook.save(hostile)
    with pytest.raises(DataError) as refused:
        import_workbook(hostile, dispositif="DPI")
    message = str(refused.value)
    assert message.startswith("classeur.xlsx#Exigences:2 : exigence « MSS/CDA.01 » refusée")
    assert "enonce" in message and "U+202E (inversion du sens d'écriture)" in message
    assert "\u202e" not in message
    # The untouched workbook imports.
    shutil.copy(TEMPLATE, tmp_path / "sain.xlsx")
    assert import_workbook(tmp_path / "sain.xlsx", dispositif="DPI").rems


def test_a_candidature_may_ask_for_the_longest_profile_of_the_rem() -> None:
    # The RIS REM has a profile whose code is 130 characters long: an identifier's bound (100)
    # would refuse the candidature that asks for it.
    longest = max(
        (p.id for rem in Path(ROOT / "rem").glob("*/*/dispositif.yaml") for p in _profiles(rem)),
        key=len,
    )
    assert len(longest) > 100
    data = base()
    data["profils"] = ["general", longest]
    assert Candidature.model_validate(data).profils[1] == longest
    data["profils"] = ["general", "p" * (NAME_MAX + 1)]
    with pytest.raises(ValidationError):
        Candidature.model_validate(data)


def _profiles(path: Path) -> list[Profil]:
    return Dispositif.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).profils

"""JSON Schemas of every file an editor writes, exported from the pydantic models.

Editors get completion and inline errors from them: each scaffolded YAML file starts with
`# yaml-language-server: $schema=<relative path>`. The output is deterministic (same models,
same bytes), so `schemas/` is committed and a test fails when it is stale.
To export another editable file, add one row to `SCHEMAS`.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import core_schema

from segur.model.candidature import Candidature
from segur.model.evenements import FichierEvenement
from segur.model.preuves import Manifeste
from segur.model.questionnaire import ReponsesSsi
from segur.repository.paths import EVENT_SCHEMA, SCHEMAS_DIR
from segur.repository.questionnaire import load_questionnaire

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

Customize = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class SchemaSpec:
    filename: str
    model: type[BaseModel]
    title: str
    description: str
    customize: Customize | None = None


def _questionnaire_answers(schema: dict[str, Any]) -> dict[str, Any]:
    """Name every question and its allowed answers, from the single question file."""
    questionnaire = load_questionnaire()
    reponses = schema["properties"]["reponses"]
    reponses["properties"] = {
        q.id: {"title": " ".join(q.intitule.split()), "enum": list(q.reponses)}
        for q in questionnaire.questions
    }
    reponses["required"] = [q.id for q in questionnaire.questions]
    reponses["additionalProperties"] = False
    reponses["description"] = (
        f"{reponses.get('description', '')} (questionnaire {questionnaire.version})".strip()
    )
    return schema


SCHEMAS: tuple[SchemaSpec, ...] = (
    SchemaSpec(
        "candidature.schema.json",
        Candidature,
        "Candidature au référencement Ségur sans financement (candidature.yaml)",
        "Dossier administratif d'une version candidate (§3.2 de la procédure SONS).",
    ),
    SchemaSpec(
        "questionnaire-ssi.schema.json",
        ReponsesSsi,
        "Questionnaire de maturité SSI (questionnaire-ssi.yaml)",
        "Obligatoire pour la complétude du dossier ; informatif uniquement, jamais publié.",
        _questionnaire_answers,
    ),
    SchemaSpec(
        "preuves.schema.json",
        Manifeste,
        "Manifeste des preuves d'un chapitre (preuves/<chapitre>/preuves.yaml)",
        "Associe chaque preuve attendue par le REM aux fichiers déposés (chemin et sha256).",
    ),
    SchemaSpec(
        EVENT_SCHEMA,
        FichierEvenement,
        "Événement du journal d'instruction (journal/AAAA-MM-JJ-<type>[-suffixe].yaml)",
        "Un fichier par acte de la procédure, en ajout seul ; la date est celle du nom du "
        "fichier et le type doit être celui du nom.",
    ),
)


# What an editor reads as the tooltip of a mapping or a list of values. Pydantic would take the
# class docstring, which is written in English for developers; the editor reads French. A class
# missing here gets no description rather than its docstring.
DESCRIPTIONS: dict[str, str] = {
    "Charte": "Acceptation de la charte de référencement Ségur : elle ouvre le dossier "
    "administratif.",
    "NatureCnda": "Ce qui a été déposé pour une homologation CNDA (§3.3 de la procédure).",
    "ValidationAdministrative": "Examen du dossier administratif par l'ANS (§3.2). Une demande "
    "de complément est une sollicitation du dossier administratif : sans réponse sous 5 jours "
    "ouvrés, la candidature est rejetée.",
    "Sollicitation": "Question de l'ANS à l'éditeur, sur le dossier administratif ou sur un "
    "chapitre.",
    "Reponse": "Réponse de l'éditeur à une sollicitation (ou à une demande de complément).",
    "Verdict": "Instruction d'un chapitre : un résultat pour chaque exigence applicable.",
    "InsProposition": "L'ANS propose la journée de test INS (§3.4 : sous deux semaines après "
    "le dépôt complet du chapitre INS).",
    "InsConfirmation": "L'éditeur confirme la date proposée (l'organisation de la journée lui "
    "revient).",
    "InsResultat": "L'ANS consigne le résultat de la journée de test et désigne l'enregistrement "
    "examiné (§3.9).",
    "SignatureEditeur": "L'éditeur signe la convention (§3.5), préalable au passage en collège.",
    "SignatureAns": "La direction de l'ANS signe la convention après une attribution (§3.5.2).",
    "DecisionCollege": "Décision du collège hebdomadaire (§3.5.1) ; une non-attribution en "
    "donne les motifs.",
    "Notification": "Écrit par le robot (segur notify) une fois envoyé le courriel d'un acte "
    "qui demande quelque chose à l'éditeur ; un par acte.",
    "Audit": "Audit de conformité de la solution référencée, telle qu'elle est commercialisée "
    "(§3.1.3).",
}


class FrenchSchema(GenerateJsonSchema):
    """Pydantic's generator, with the descriptions of models and enumerations taken from
    `DESCRIPTIONS` instead of their (English) docstrings."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        return _described(super().model_schema(schema), schema["cls"])

    def generate(
        self, schema: core_schema.CoreSchema, mode: JsonSchemaMode = "validation"
    ) -> JsonSchemaValue:
        # An enumeration's docstring is applied after `enum_schema`, as an update of the
        # definition: its French description replaces it here, by name.
        json_schema = super().generate(schema, mode)
        for name, definition in json_schema.get("$defs", {}).items():
            if name in DESCRIPTIONS:
                definition["description"] = DESCRIPTIONS[name]
        return json_schema


def _described(json_schema: JsonSchemaValue, cls: type[Any]) -> JsonSchemaValue:
    docstring = inspect.cleandoc(cls.__doc__) if cls.__doc__ else None
    if docstring is not None and json_schema.get("description") == docstring:
        del json_schema["description"]
    french = DESCRIPTIONS.get(cls.__name__)
    if french is not None:
        json_schema["description"] = french
    return json_schema


def schema_of(spec: SchemaSpec) -> dict[str, Any]:
    body = spec.model.model_json_schema(schema_generator=FrenchSchema)
    body.pop("title", None)
    body.pop("description", None)
    schema: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": spec.title,
        "description": spec.description,
        **body,
    }
    return spec.customize(schema) if spec.customize else schema


def render(spec: SchemaSpec) -> str:
    return json.dumps(schema_of(spec), ensure_ascii=False, indent=2) + "\n"


def render_all() -> dict[str, str]:
    """File name -> content of every schema."""
    return {spec.filename: render(spec) for spec in SCHEMAS}


def write_schemas(out: Path) -> list[Path]:
    """Write every schema into `out`; return the files whose content changed."""
    out.mkdir(parents=True, exist_ok=True)
    changed: list[Path] = []
    for filename, content in render_all().items():
        target = out / filename
        if target.is_file() and target.read_text(encoding="utf-8") == content:
            continue
        target.write_text(content, encoding="utf-8")
        changed.append(target)
    return changed


def schema_path(name: str) -> str:
    """The path of a schema relative to the repository root, with slashes."""
    return f"{SCHEMAS_DIR}/{name}"

"""JSON Schemas: exported from the models, deterministic, and committed up to date."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from segur import cli
from segur.authoring.schemas import SCHEMAS, render_all, write_schemas
from segur.repository.paths import EVENT_SCHEMA

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schemas_are_up_to_date(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    fresh = {p.name: p.read_text(encoding="utf-8") for p in sorted(tmp_path.iterdir())}
    committed = {
        p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "schemas").glob("*.json"))
    }
    assert committed == fresh, "schémas périmés : lancez « segur schema » et committez schemas/"


def test_export_is_deterministic_and_idempotent(tmp_path: Path) -> None:
    assert render_all() == render_all()
    assert len(write_schemas(tmp_path)) == len(SCHEMAS)
    assert write_schemas(tmp_path) == []  # nothing changed the second time


def test_schema_command_writes_into_out(tmp_path: Path, capsys: object) -> None:
    out = tmp_path / "sortie"
    assert cli.main(["--repo", str(ROOT), "schema", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(s.filename for s in SCHEMAS)


def test_candidature_schema_has_french_titles_and_required_fields() -> None:
    schema = json.loads(render_all()["candidature.schema.json"])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert "charte" in schema["required"] and "groupement" not in schema["required"]
    editeur = schema["$defs"]["Editeur"]
    assert editeur["properties"]["siret"]["title"] == "Numéro SIRET de l'entreprise"
    assert "SASU" in editeur["properties"]["forme_juridique"]["enum"]


def test_questionnaire_schema_enumerates_allowed_answers() -> None:
    schema = json.loads(render_all()["questionnaire-ssi.schema.json"])
    reponses = schema["properties"]["reponses"]
    assert reponses["additionalProperties"] is False
    assert reponses["properties"]["politique-ssi"]["enum"] == ["oui", "en-cours", "non"]
    assert set(reponses["required"]) == set(reponses["properties"])


# English words that French titles and descriptions never hold (a French "a", "on" or "or"
# would be a false alarm, so the list keeps to words that are English only).
ENGLISH_WORDS = re.compile(
    r"\b(the|of|must|should|is|with|and|when|which|its|this|that|an|by|for|to|be|are|from|"
    r"each|every|one|written|once|after|before|editor)\b",
    re.IGNORECASE,
)


def _texts(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("title", "description") and isinstance(value, str):
                yield f"{where}/{key}", value
            else:
                yield from _texts(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, f"{where}[{index}]")


def test_titles_and_descriptions_are_french() -> None:
    english = [
        (name, where, text)
        for name, content in render_all().items()
        for where, text in _texts(json.loads(content))
        if ENGLISH_WORDS.search(text)
    ]
    assert english == []


def test_every_event_type_is_described_for_the_editor() -> None:
    # A class docstring is for developers (in English) and never reaches the schema: each
    # event type has its French description instead.
    schema = json.loads(render_all()[EVENT_SCHEMA])
    events = [
        name
        for name, definition in schema["$defs"].items()
        if "type" in definition.get("properties", {})
    ]
    assert len(events) >= 12
    assert [name for name in events if not schema["$defs"][name].get("description")] == []

"""Pydantic errors are mapped back to the exact YAML node, with French messages."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from segur.load.document import parse
from segur.load.validation import validate
from segur.model.base import Model


class Contact(Model):
    nom: str = Field(min_length=1)
    email: str


class Fiche(Model):
    titre: str
    date: dt.date
    contacts: list[Contact]
    nombre: int = 0

    @field_validator("titre")
    @classmethod
    def _titre(cls, value: str) -> str:
        if value.isupper():
            raise ValueError("le titre ne doit pas être tout en majuscules")
        return value


def _findings(text: str) -> list[tuple[str, int, int, str]]:
    loaded = parse(text.encode(), "f.yaml")
    assert loaded.document is not None
    model, findings = validate(loaded.document, Fiche)
    assert (model is None) == bool(findings)
    return [(f.rule, f.line, f.col, f.message) for f in findings]


def test_valid_document_gives_model() -> None:
    loaded = parse(b"titre: Ok\ndate: 2026-01-02\ncontacts:\n  - {nom: a, email: b}\n", "f")
    assert loaded.document is not None
    model, findings = validate(loaded.document, Fiche)
    assert findings == [] and model is not None and model.contacts[0].nom == "a"


def test_missing_field_points_at_parent_mapping() -> None:
    found = _findings("titre: Ok\ndate: 2026-01-02\ncontacts:\n  - nom: a\n")
    assert found == [("SEG-YML-013", 4, 5, "champ obligatoire « contacts[0].email » absent")]


def test_unknown_field_lists_expected_fields() -> None:
    [(rule, line, col, message)] = _findings(
        "titre: Ok\ndate: 2026-01-02\ncontacts: []\ncouleur: bleu\n"
    )
    assert (rule, line, col) == ("SEG-YML-014", 4, 1)
    assert "« couleur »" in message and "contacts, date, nombre, titre" in message


def test_wrong_type_names_value_and_expectation() -> None:
    [(rule, line, col, message)] = _findings(
        "titre: Ok\ndate: 2026-01-02\ncontacts: []\nnombre: beaucoup\n"
    )
    assert (rule, line, col) == ("SEG-YML-015", 4, 9)
    assert "« beaucoup »" in message and "nombre entier" in message


def test_validator_message_is_kept() -> None:
    [(rule, line, _, message)] = _findings("titre: OK\ndate: 2026-01-02\ncontacts: []\n")
    assert rule == "SEG-YML-015" and line == 1
    assert "majuscules" in message


def test_every_error_is_reported_at_once() -> None:
    found = _findings("titre: OK\ncontacts:\n  - nom: ''\n    email: x\n")
    assert {f[0] for f in found} == {"SEG-YML-013", "SEG-YML-015"}
    assert len(found) == 3

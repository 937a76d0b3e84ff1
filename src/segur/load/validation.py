"""Validation of a parsed document against a pydantic model.

Pydantic's errors carry a `loc` path; the document knows the `line:col` of every path, so each
error becomes a finding on the exact node, with a French message that names the field, the
value found and what is expected.
"""

from __future__ import annotations

import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from segur.findings import registry
from segur.findings.finding import Finding
from segur.load.composer import Loc
from segur.load.document import Document

M = TypeVar("M", bound=BaseModel)
# Unicode categories never shown raw: controls, format (bidi, zero-width), surrogates, private
# use, line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})

# French wording of pydantic's error types. The message must say what is expected.
_EXPECTED = {
    "string_type": "une chaîne de caractères est attendue",
    "int_type": "un nombre entier est attendu",
    "int_parsing": "un nombre entier est attendu",
    "bool_type": "un booléen (true/false) est attendu",
    "bool_parsing": "un booléen (true/false) est attendu",
    "list_type": "une liste est attendue",
    "dict_type": "un dictionnaire (clé: valeur) est attendu",
    "model_type": "un dictionnaire (clé: valeur) est attendu",
    "date_type": "une date AAAA-MM-JJ est attendue",
    "date_parsing": "une date réelle AAAA-MM-JJ est attendue",
    "date_from_datetime_parsing": "une date réelle AAAA-MM-JJ est attendue",
    "date_from_datetime_inexact": "une date sans heure AAAA-MM-JJ est attendue",
    "datetime_type": "une date et heure ISO 8601 est attendue",
    "datetime_parsing": "une date et heure ISO 8601 est attendue",
    "datetime_from_date_parsing": "une date et heure ISO 8601 est attendue",
    "string_too_short": "une valeur non vide est attendue",
    "too_short": "au moins {min_length} élément(s) attendu(s)",
    "too_long": "au plus {max_length} élément(s) attendu(s)",
    "string_too_long": "au plus {max_length} caractères attendus",
    "string_pattern_mismatch": "le format attendu est {pattern}",
    "greater_than_equal": "une valeur supérieure ou égale à {ge} est attendue",
    "greater_than": "une valeur supérieure à {gt} est attendue",
    "literal_error": "valeurs acceptées : {expected}",
    "enum": "valeurs acceptées : {expected}",
    "missing": "",
    "union_tag_invalid": "valeurs acceptées : {expected_tags}",
    "union_tag_not_found": "le champ {discriminator} est obligatoire",
    "set_type": "une liste sans doublon est attendue",
    # segur's own error types (`PydanticCustomError` of `segur.model`): the model gives the
    # details, the wording is here. A type missing from this table would show pydantic's text.
    "segur_caractere": "caractère {code} ({nature}) en position {position} : {expected}",
    "segur_ecritures": "le mot « {word} » mêle les écritures {scripts} : un nom écrit dans une "
    "seule écriture est attendu (une lettre cyrillique ou grecque imite une lettre latine)",
    "segur_siret": "SIRET invalide : {detail}",
    "segur_email": "adresse électronique invalide : {detail}",
    "segur_telephone": "numéro de téléphone invalide : {detail}",
    "segur_login": "identifiant de forge invalide : {detail}",
}


def _field_name(loc: Loc) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts) or "(racine)"


def _show_value(value: Any) -> str:
    if isinstance(value, dict):
        return "(dictionnaire)"
    if isinstance(value, list):
        return "(liste)"
    if value is None:
        return "vide"
    shown = str(value)
    if len(shown) > 60:
        shown = shown[:57] + "…"
    return f"« {visible(shown)} »"


def visible(text: str) -> str:
    """`text` with its control, format and separator characters written as escapes: a hostile
    value ("\\x1b[2J", "\\u202e") is shown to the editor, never interpreted by their terminal."""
    return "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) in _HIDDEN else char for char in text
    )


def _clean_loc(raw_loc: tuple[Any, ...]) -> Loc:
    # Pydantic inserts validator names ("function-after[...]") into `loc`; they are not keys.
    return tuple(
        p for p in raw_loc if isinstance(p, int | str) and not str(p).startswith("function-")
    )


def validate(
    doc: Document, model: type[M], context: dict[str, Any] | None = None
) -> tuple[M | None, list[Finding]]:
    """Validate a document against a model, mapping every error to its exact node."""
    try:
        return model.model_validate(doc.data, context=context), []
    except ValidationError as exc:
        return None, errors_to_findings(doc, exc, model)


def errors_to_findings(
    doc: Document, exc: ValidationError, model: type[BaseModel]
) -> list[Finding]:
    findings: list[Finding] = []
    for error in exc.errors(include_url=False):
        loc = _clean_loc(tuple(error["loc"]))
        kind = error["type"]
        name = _field_name(loc)
        ctx = error.get("ctx") or {}
        if kind == "missing":
            findings.append(doc.finding(registry.get("SEG-YML-013"), loc[:-1], field=name))
        elif kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            expected = ", ".join(sorted(parent.model_fields)) if parent else "voir le schéma"
            findings.append(
                doc.finding(registry.get("SEG-YML-014"), loc, field=name, expected=expected)
            )
        else:
            if kind == "value_error":
                expected = str(ctx.get("error", error["msg"]))
            else:
                template = _EXPECTED.get(kind)
                try:
                    expected = template.format(**ctx) if template else error["msg"]
                except (KeyError, IndexError):
                    expected = error["msg"]
            pos = doc.at(loc)
            findings.append(
                registry.get("SEG-YML-015").at(
                    doc.path,
                    pos.line,
                    pos.col,
                    field=name,
                    value=_show_value(error.get("input")),
                    expected=expected,
                )
            )
    return findings


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc`, to list its expected fields."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _unwrap(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Find the first BaseModel inside Optional[...], list[...] and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _unwrap(arg)
        if found is not None:
            return found
    return None

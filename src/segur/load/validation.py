"""Validation of a parsed document against a pydantic model.

Pydantic's errors carry a `loc` path; the document knows the `line:col` of every path, so each
error becomes a finding on the exact node, with a French message that names the field, the
value found and what is expected.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

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
    "string_unicode": "une chaîne de caractères Unicode valide est attendue",
    "string_sub_type": "une chaîne de caractères est attendue",
    "int_type": "un nombre entier est attendu",
    "int_parsing": "un nombre entier est attendu",
    "int_parsing_size": "un nombre entier de taille raisonnable est attendu",
    "int_from_float": "un nombre entier, sans partie décimale, est attendu",
    "float_type": "un nombre est attendu",
    "float_parsing": "un nombre est attendu",
    "finite_number": "un nombre fini est attendu",
    "decimal_type": "un nombre décimal est attendu",
    "decimal_parsing": "un nombre décimal est attendu",
    "none_required": "aucune valeur n'est attendue ici",
    "tuple_type": "une liste est attendue",
    "frozen_set_type": "une liste sans doublon est attendue",
    "iterable_type": "une liste est attendue",
    "mapping_type": "un dictionnaire (clé: valeur) est attendu",
    "model_attributes_type": "un dictionnaire (clé: valeur) est attendu",
    "dataclass_type": "un dictionnaire (clé: valeur) est attendu",
    "is_instance_of": "une valeur d'un autre type est attendue",
    "frozen_instance": "cette valeur ne peut pas être modifiée",
    "url_type": "une adresse (URL) est attendue",
    "url_parsing": "une adresse (URL) valide est attendue",
    "url_syntax_violation": "une adresse (URL) valide est attendue",
    "url_too_long": "une adresse (URL) d'au plus {max_length} caractères est attendue",
    "url_scheme": "une adresse commençant par {expected_schemes} est attendue",
    "uuid_type": "un identifiant UUID est attendu",
    "uuid_parsing": "un identifiant UUID valide est attendu",
    "time_type": "une heure HH:MM:SS est attendue",
    "time_parsing": "une heure HH:MM:SS est attendue",
    "timezone_aware": "une date et heure avec fuseau horaire (par exemple +01:00) est attendue",
    "timezone_naive": "une date et heure sans fuseau horaire est attendue",
    "date_past": "une date passée est attendue",
    "date_future": "une date future est attendue",
    "datetime_past": "une date et heure passée est attendue",
    "datetime_future": "une date et heure future est attendue",
    "datetime_object_invalid": "une date et heure réelle est attendue",
    "less_than_equal": "une valeur inférieure ou égale à {le} est attendue",
    "less_than": "une valeur inférieure à {lt} est attendue",
    "multiple_of": "un multiple de {multiple_of} est attendu",
    "bytes_type": "une chaîne de caractères est attendue",
    "json_invalid": "un texte JSON valide est attendu",
    "json_type": "un texte JSON est attendu",
    "recursion_loop": "une valeur sans référence circulaire est attendue",
    "assertion_error": "valeur refusée par la vérification du champ",
    "invalid_key": "une clé de type texte est attendue",
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
    "string_too_short_n": "au moins {min_length} caractères attendus",
    "too_short": "au moins {min_length} élément(s) attendu(s)",
    "too_long": "au plus {max_length} élément(s) attendu(s)",
    "string_too_long": "au plus {max_length} caractères attendus",
    "string_pattern_mismatch": "le format attendu est {pattern}",
    "greater_than_equal": "une valeur supérieure ou égale à {ge} est attendue",
    "greater_than": "une valeur supérieure à {gt} est attendue",
    "literal_error": "valeurs acceptées : {expected}",
    "enum": "valeurs acceptées : {expected}",
    "missing": "champ obligatoire absent",
    "union_tag_invalid": "valeurs acceptées pour {discriminator} : {expected_tags}",
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
# The formats of the models' `pattern` constraints, said in words: a regular expression means
# nothing to most editors. A pattern missing here is shown as written.
_PATTERNS = {
    r"^[0-9a-f]{64}$": "64 chiffres hexadécimaux en minuscules (une empreinte sha256)",
    r"^[A-Z][A-Z0-9]*$": "des majuscules et des chiffres, en commençant par une lettre (par "
    "exemple DPI)",
    r"^\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]*\.yaml$": "le nom d'un fichier du journal, "
    "AAAA-MM-JJ-<type>[-<suffixe>].yaml",
}
# What an editor reads when pydantic raises a type this table does not know: still French, never
# pydantic's English text.
_UNKNOWN_KIND = "valeur non conforme au schéma de ce champ"
# Values that pydantic lists in one preformatted string ("'a', 'b' or 'c'", "'type'"): Python
# literals, quoted with ' or ", or bare numbers.
_LISTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|-?\d+(?:\.\d+)?")
# Context values that pydantic writes as such a list.
_LISTS = frozenset({"expected", "expected_tags", "discriminator", "expected_schemes"})


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


def french_list(listed: str) -> str:
    """Pydantic's list of accepted values ("'a', 'b' or 'c'") the French way:
    « a », « b » ou « c »."""
    values: list[str] = []
    for token in _LISTED.findall(listed):
        try:
            value = ast.literal_eval(token)
        except (ValueError, SyntaxError):
            value = token
        values.append(f"« {visible(str(value))} »")
    if not values:
        return f"« {visible(listed)} »"
    if len(values) == 1:
        return values[0]
    return f"{', '.join(values[:-1])} ou {values[-1]}"


def expected_text(kind: str, ctx: dict[str, Any]) -> str:
    """What is expected, in French, for a pydantic error of type `kind` with context `ctx`."""
    if kind == "string_too_short" and int(ctx.get("min_length", 1)) > 1:
        kind = "string_too_short_n"
    template = _EXPECTED.get(kind)
    if not template:
        return _UNKNOWN_KIND
    shown = {key: french_list(str(value)) if key in _LISTS else value for key, value in ctx.items()}
    if "pattern" in shown:
        shown["pattern"] = _PATTERNS.get(str(shown["pattern"]), shown["pattern"])
    try:
        return template.format(**shown)
    except (KeyError, IndexError):
        return _UNKNOWN_KIND


def error_text(error: ErrorDetails) -> str:
    """What one pydantic error expects, in French: the message of segur's own validators
    (`ValueError` with a French text), or the wording of pydantic's error type."""
    ctx = error.get("ctx") or {}
    if error["type"] == "value_error" and "error" in ctx:
        return str(ctx["error"])
    return expected_text(error["type"], ctx)


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
        if kind == "missing":
            findings.append(doc.finding(registry.get("SEG-YML-013"), loc[:-1], field=name))
        elif kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            expected = ", ".join(sorted(parent.model_fields)) if parent else "voir le schéma"
            findings.append(
                doc.finding(registry.get("SEG-YML-014"), loc, field=name, expected=expected)
            )
        else:
            expected = error_text(error) + _field_hint(model, loc, kind)
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


def _field_hint(model: type[BaseModel], loc: Loc, kind: str) -> str:
    """For an empty list or mapping where the model wants items, what the items are: the
    field's description (the editor's tooltip), which also names the command that fills it
    when there is one. "au moins 1 élément(s) attendu(s)" alone does not say what to write."""
    if kind != "too_short" or not loc or not isinstance(loc[-1], str):
        return ""
    parent = _model_at(model, loc[:-1])
    info = parent.model_fields.get(loc[-1]) if parent else None
    description = info.description if info else None
    return f" : {description}" if description else ""


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

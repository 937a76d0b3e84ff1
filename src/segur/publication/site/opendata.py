"""Open data: the two public lists as CSV and JSON, each described by a Table Schema, gathered
in a Frictionless data package (`datapackage.json`).

Columns are exactly the fields of the publication model: a file cannot hold more than the
whitelist. Bytes are deterministic (fixed column and row order, `\\n` line ends, sorted keys).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from segur.publication.model import CandidatEnCours, Publication, SolutionReferencee

DATA_DIR = "donnees"
ENDED_TABLE = "referencements-echus"
PROFILS_SEPARATOR = " ; "
# CSV injection (OWASP): a spreadsheet opening the CSV reads a cell that starts with one of these
# as a formula. Such a cell of a text column gets a leading apostrophe, which spreadsheets take as
# "this is text" and do not show. Only text columns: a date (or a number, were there one) never
# starts with a formula character the way an editor's name may, and must keep its type.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"
CSV_NOTE = (
    "Dans les fichiers CSV, une valeur de texte qui commence par =, +, -, @, une tabulation ou "
    "un retour chariot est précédée d'une apostrophe (') pour qu'un tableur ne l'exécute pas "
    "comme une formule ; les fichiers JSON donnent la valeur exacte."
)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    type: str
    title: str
    description: str
    required: bool = True

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "description": self.description,
        }
        if self.type == "date":
            out["format"] = "%Y-%m-%d"
        if self.required:
            out["constraints"] = {"required": True}
        return out


_DISPOSITIF = Field(
    "dispositif", "string", "Dispositif", "Code du dispositif Ségur (DPI, LGC, RIS...)"
)
_EDITEUR = Field("editeur", "string", "Éditeur", "Dénomination sociale de l'éditeur")
_SOLUTION = Field("solution", "string", "Solution", "Dénomination commerciale de la solution")

CANDIDATS_FIELDS = (_DISPOSITIF, _EDITEUR, _SOLUTION)
REFERENCEES_FIELDS = (
    _DISPOSITIF,
    _EDITEUR,
    _SOLUTION,
    Field("version_technique", "string", "Version technique", "Numéro de version technique"),
    Field("version_commerciale", "string", "Version commerciale", "Nom de la version commerciale"),
    Field(
        "profils",
        "string",
        "Profils",
        f"Libellés des profils référencés, séparés par « {PROFILS_SEPARATOR.strip()} »",
    ),
    Field("date_decision", "date", "Date de décision", "Date de la décision de référencement"),
    Field(
        "fin_convention",
        "date",
        "Fin de la convention",
        "Date de fin de validité de la convention (vide si elle n'est pas encore signée)",
        required=False,
    ),
    Field(
        "numero_attestation",
        "string",
        "Numéro d'attestation",
        "Numéro de l'attestation de référencement",
    ),
)


@dataclass(frozen=True, slots=True)
class Table:
    name: str  # file stem
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: tuple[dict[str, str], ...]
    primary_key: tuple[str, ...]


def _candidat_row(c: CandidatEnCours) -> dict[str, str]:
    return {"dispositif": c.dispositif, "editeur": c.editeur, "solution": c.solution}


def _referencee_row(s: SolutionReferencee) -> dict[str, str]:
    return {
        "dispositif": s.dispositif,
        "editeur": s.editeur,
        "solution": s.solution,
        "version_technique": s.version_technique,
        "version_commerciale": s.version_commerciale,
        "profils": PROFILS_SEPARATOR.join(s.profils),
        "date_decision": s.date_decision.isoformat(),
        "fin_convention": s.fin_convention.isoformat() if s.fin_convention else "",
        "numero_attestation": s.numero_attestation,
    }


def tables(publication: Publication) -> tuple[Table, ...]:
    """The tables of the open data; the ended referencings once there is one (an empty JSON
    array is no tabular data for a Frictionless reader)."""
    every = (
        Table(
            "solutions-referencees",
            "Solutions référencées",
            "Solutions logicielles ayant obtenu leur référencement Ségur sans financement, dont "
            "la convention est en cours.",
            REFERENCEES_FIELDS,
            tuple(_referencee_row(s) for s in publication.referencees),
            ("numero_attestation",),
        ),
        # The same columns: an ended referencing leaves the list above for this one (§3.5.3).
        Table(
            ENDED_TABLE,
            "Référencements échus",
            "Référencements dont la convention a pris fin : ces solutions ne sont plus "
            "référencées.",
            REFERENCEES_FIELDS,
            tuple(_referencee_row(s) for s in publication.echues),
            ("numero_attestation",),
        ),
        Table(
            "candidats-en-cours",
            "Candidats en cours de référencement",
            "Couples éditeur–solution en cours de référencement, par dispositif (§3.1.4).",
            CANDIDATS_FIELDS,
            tuple(_candidat_row(c) for c in publication.candidats),
            ("dispositif", "editeur", "solution"),
        ),
    )
    return tuple(t for t in every if t.rows or t.name != ENDED_TABLE)


def csv_cell(field: Field, value: str) -> str:
    """`value` as written in a CSV cell: a text starting like a formula is neutralised."""
    if field.type == "string" and value.startswith(FORMULA_PREFIXES):
        return FORMULA_GUARD + value
    return value


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[f.name for f in table.fields], lineterminator="\n")
    writer.writeheader()
    writer.writerows({f.name: csv_cell(f, row[f.name]) for f in table.fields} for row in table.rows)
    return buffer.getvalue()


def _json_value(field: Field, value: str) -> str | None:
    return None if value == "" and not field.required else value


def to_json(table: Table) -> str:
    rows = [{f.name: _json_value(f, row[f.name]) for f in table.fields} for row in table.rows]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def table_schema(table: Table) -> dict[str, Any]:
    return {
        "fields": [f.schema() for f in table.fields],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }


def _resource(table: Table, fmt: str) -> dict[str, Any]:
    return {
        "name": f"{table.name}-{fmt}",
        "title": f"{table.title} ({fmt.upper()})",
        "description": f"{table.description} {CSV_NOTE}" if fmt == "csv" else table.description,
        "path": f"{table.name}.{fmt}",
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/json",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": f"schema-{table.name}.json",
    }


def datapackage(publication: Publication) -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": "referencement-segur-sans-financement",
        "title": "Référencement Ségur sans financement (SONS)",
        "description": "Candidats en cours de référencement et solutions référencées, publiés "
        "par l'Agence du numérique en santé (§3.1.4 de la procédure).",
        "version": publication.date.isoformat(),
        "created": f"{publication.date.isoformat()}T00:00:00Z",
        "licenses": [
            {
                "name": "etalab-2.0",
                "title": "Licence Ouverte / Open Licence version 2.0",
                "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            }
        ],
        "resources": [_resource(t, fmt) for t in tables(publication) for fmt in ("csv", "json")],
    }


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def files(publication: Publication) -> dict[str, str]:
    """Every open-data file by its path under the data folder."""
    out: dict[str, str] = {"datapackage.json": _dump(datapackage(publication))}
    for table in tables(publication):
        out[f"{table.name}.csv"] = to_csv(table)
        out[f"{table.name}.json"] = to_json(table)
        out[f"schema-{table.name}.json"] = _dump(table_schema(table))
    return out

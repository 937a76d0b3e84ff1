"""The top-level sections of a candidature, each validated on its own.

The coherence rules of the administrative dossier compare fields across sections. They run on
every section that is valid by itself, so that one wrong telephone number in `editeur` does not
hide an unknown profile: a run reports everything.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from segur.load.composer import Loc
from segur.model.candidature import (
    Candidature,
    Charte,
    ComposantAdditionnel,
    Editeur,
    Groupement,
    Solution,
    VersionCandidate,
)


@dataclass(frozen=True, slots=True)
class Sections:
    """The top-level sections of a candidature that are valid on their own (else None)."""

    dispositif: str | None = None
    version_rem: str | None = None
    profils: list[str] | None = None
    editeur: Editeur | None = None
    charte: Charte | None = None
    version_candidate: VersionCandidate | None = None
    groupement: Groupement | None = None
    solution: Solution | None = None
    composants_additionnels: list[ComposantAdditionnel] | None = None
    mainteneurs: list[str] | None = None

    @classmethod
    def of(cls, model: Candidature) -> Sections:
        return cls(**{f.name: getattr(model, f.name) for f in fields(cls)})

    @classmethod
    def partial(cls, data: Any) -> Sections:
        if not isinstance(data, dict):
            return cls()
        valid: dict[str, Any] = {}
        for name in Candidature.model_fields:
            if name not in data:
                continue
            try:
                valid[name] = _section_adapters()[name].validate_python(data[name])
            except ValidationError:
                continue
        return cls(**valid)


@cache
def _section_adapters() -> dict[str, TypeAdapter[Any]]:
    return {
        name: TypeAdapter(info.rebuild_annotation())
        for name, info in Candidature.model_fields.items()
    }


def dotted(loc: Loc) -> str:
    """`("editeur", "siret")` -> `editeur.siret`; `("mainteneurs", 0)` -> `mainteneurs[0]`."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else ("." if text else "") + part
    return text or "(racine)"


def shown(value: Any) -> str:
    text = str(value)
    return f"« {text[:57]}… »" if len(text) > 60 else f"« {text} »"

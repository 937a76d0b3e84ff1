"""The hand-maintained overrides of inferred proof kinds: `rem/surcharges-types-preuves.yaml`.

Proof kinds are inferred from each proof's libellé at import; where the inference is wrong, an
administrator maps the proof ID to its kinds here, and the next import applies it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import RootModel

from segur.findings.finding import Finding
from segur.load.document import Document, load_file
from segur.load.validation import validate
from segur.model.rem import ProofKind


class ProofKindOverrides(RootModel[dict[str, list[ProofKind]]]):
    """`rem/surcharges-types-preuves.yaml`: proof ID -> kinds, replacing the inferred kinds."""


@dataclass(slots=True)
class Overrides:
    kinds: dict[str, list[ProofKind]]
    document: Document | None
    findings: list[Finding]


def load_overrides(path: Path, display: str) -> Overrides:
    """Read the hand-maintained proof-kind overrides (a missing file means no override)."""
    if not path.exists():
        return Overrides({}, None, [])
    loaded = load_file(path, display)
    if loaded.document is None:
        return Overrides({}, None, loaded.findings)
    model, findings = validate(loaded.document, ProofKindOverrides)
    if model is None:
        return Overrides({}, None, [*loaded.findings, *findings])
    return Overrides(dict(model.root), loaded.document, loaded.findings)

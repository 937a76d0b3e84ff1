"""The procedure's own proofs (version screenshot, documentation), shipped with the package in
`data/preuves-procedure.yaml`: one more chapter that every candidature owes, read here once so
that the proof rules (`segur.rules.preuves.completeness`) stay pure.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from segur.load.document import parse
from segur.load.validation import validate
from segur.model.rem import Chapitre

PROCEDURE_FILE = "segur/repository/data/preuves-procedure.yaml"


@cache
def procedure_chapter() -> Chapitre:
    """The procedure-level proofs, shipped with the package."""
    raw = (
        resources.files("segur.repository").joinpath("data", "preuves-procedure.yaml").read_bytes()
    )
    loaded = parse(raw, PROCEDURE_FILE)
    if loaded.document is None:
        raise RuntimeError(f"preuves-procedure.yaml illisible : {loaded.findings}")
    chapitre, findings = validate(loaded.document, Chapitre)
    if chapitre is None:
        raise RuntimeError(f"preuves-procedure.yaml invalide : {findings}")
    return chapitre

"""The proof dossier of one candidature folder: which REM applies, and the proof rules run.

The REM and profiles are read from `candidature.yaml` with a tolerant model, so that proofs are
still checked while other administrative fields are being filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from segur.findings.finding import Finding
from segur.load.document import Document
from segur.model.candidature import CANDIDATURE_FILE
from segur.repository.catalogue import Catalogue, Rem
from segur.repository.paths import Repository
from segur.rules.preuves.checks import NO_TARGET, ProofReport, evaluate


class TargetFields(BaseModel):
    """The three fields of candidature.yaml that choose the expected proofs."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    dispositif: str
    version_rem: str
    profils: list[str]


@dataclass(frozen=True, slots=True)
class Target:
    rem: Rem
    profils: list[str]


def target_of(doc: Document | None, catalogue: Catalogue) -> tuple[Target | None, str]:
    """The REM and profiles of a candidature, or why they cannot be known."""
    if doc is None:
        return None, "candidature.yaml est absent ou illisible"
    try:
        cible = TargetFields.model_validate(doc.data)
    except ValidationError:
        return (
            None,
            "dispositif, version_rem et profils doivent être renseignés dans candidature.yaml",
        )
    rem = catalogue.get(cible.dispositif, cible.version_rem)
    if rem is None:
        return None, f"REM {cible.dispositif} {cible.version_rem} absent du catalogue"
    return Target(rem, cible.profils), ""


def evaluate_folder(
    folder: Path, repo: Repository, catalogue: Catalogue, doc: Document | None
) -> tuple[ProofReport | None, list[Finding]]:
    target, reason = target_of(doc, catalogue)
    if target is None:
        shown = repo.display(folder / CANDIDATURE_FILE)
        # Without a REM nothing can be said about proofs; the administrative rules already
        # report the cause, so this is only raised when proofs were actually deposited.
        has_proofs = any((folder / "preuves").glob("*/preuves.yaml"))
        return None, [NO_TARGET.at(shown, 1, 1, reason=reason)] if has_proofs else []
    dispositif = target.rem.dispositif
    report = evaluate(
        folder,
        repo.display,
        target.rem.chapitres,
        target.profils,
        (dispositif.code, dispositif.version_rem),
    )
    return report, report.findings

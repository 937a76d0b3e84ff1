"""The short section "Exigences sans preuve (jugées par l'instructeur)" of `segur status
DOSSIER` and `segur rem show`: the applicable requirements for which the REM gives no
verification modality. Nothing is deposited for them, yet the verdict of their chapter must
judge them (issue #14; `requirements_without_proof`), so the editor and the instructor see them
before the instruction, not at it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.text import Text

from segur.dossier.preuves import target_of
from segur.load.document import load_file
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.rem import Exigence
from segur.model.versions import natural_key
from segur.repository.catalogue import Catalogue, Rem
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import requirements_without_proof

TITLE = "Exigences sans preuve (jugées par l'instructeur)"


def proofless_of_rem(rem: Rem) -> list[str]:
    """Every requirement of the REM, whatever its profile, without any proof to deposit."""
    every_profile = [p.id for p in rem.dispositif.profils]
    return _ids(requirements_without_proof(rem.chapitres, every_profile))


def proofless_of_dossier(repo: Repository, catalogue: Catalogue, folder: Path) -> list[str] | None:
    """The applicable requirements without proof of the candidature in `folder`; None when its
    REM or profiles cannot be known (`segur check` says why)."""
    path = folder / CANDIDATURE_FILE
    if not path.is_file():
        return None
    found, _ = target_of(load_file(path, repo.display(path)).document, catalogue)
    if found is None:
        return None
    return _ids(requirements_without_proof(found.rem.chapitres, found.profils))


def _ids(exigences: Iterable[Exigence]) -> list[str]:
    return sorted({e.id for e in exigences}, key=natural_key)


def print_proofless(console: Console, ids: list[str]) -> None:
    """The section: its title with the count, then the IDs (plain text, never markup)."""
    console.print()
    console.print(Text(f"{TITLE} : {len(ids)}", style="bold"))
    if not ids:
        console.print("Aucune : chaque exigence applicable a au moins une preuve à déposer.")
        return
    console.print(
        Text(
            "Le REM ne prévoit aucune preuve pour ces exigences ; le verdict de leur chapitre "
            "les juge quand même."
        )
    )
    console.print(Text(", ".join(ids)))

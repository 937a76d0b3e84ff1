"""`segur rem show DISPOSITIF [CHAPITRE] --candidature DOSSIER`: the REM as one candidature
owes it.

Only the chapters and requirements that apply to the candidature's profiles are shown (the list
a verdict must cover, `applicable_requirements`, procedure chapter included), and the
requirements for which the REM gives no proof are marked: the instruction judges them without a
deposit (`requirements_without_proof`). The REM is the candidature's own version.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from segur.authoring.journal_acts_content import chapter_code, target
from segur.commands.arguments import DossierPath
from segur.commands.common import dossier_or_fail
from segur.commands.rem_views import row
from segur.dossier.preuves import Target
from segur.errors import UsageError
from segur.repository.catalogue import Catalogue
from segur.repository.paths import Repository
from segur.repository.procedure import procedure_chapter
from segur.rules.preuves.completeness import applicable_requirements, requirements_without_proof

WITHOUT_PROOF = "aucune preuve : jugée sans dépôt"


def add_candidature_option(show: argparse.ArgumentParser) -> None:
    show.add_argument(
        "--candidature",
        type=Path,
        action=DossierPath,
        default=None,
        metavar="DOSSIER",
        help="seulement les chapitres et exigences applicables aux profils de cette "
        "candidature (dans la version de son REM), celles sans preuve à déposer marquées ; "
        "ID est alors un code de chapitre",
    )


def applicable_view(found: Target, only: str | None) -> list[dict[str, Any]]:
    """Each chapter with at least one applicable requirement (or only chapter `only`), with
    those requirements and whether they ask for a proof."""
    rem = found.rem
    proofless = {e.id for e in requirements_without_proof(rem.chapitres, found.profils)}
    chapters = []
    for chapitre in [*rem.chapitres, procedure_chapter()]:
        if only is not None and chapitre.code != only:
            continue
        exigences = applicable_requirements(rem.chapitres, found.profils, chapitre.code)
        if not exigences:
            continue
        chapters.append(
            {
                "code": chapitre.code,
                "libelle": chapitre.libelle,
                "exigences": [
                    {
                        "id": e.id,
                        "nature": e.nature,
                        "profil": e.profil,
                        "sans_preuve": e.id in proofless,
                        "enonce": e.enonce,
                    }
                    for e in exigences
                ],
            }
        )
    return chapters


def show_for_candidature(
    repo: Repository,
    catalogue: Catalogue,
    given: Path,
    dispositif: str,
    chapitre: str | None,
    output: str,
) -> None:
    folder = dossier_or_fail(repo, given)
    found = target(repo, catalogue, folder)
    if dispositif not in (found.rem.code, found.rem.code.lower()):
        raise UsageError(
            f"la candidature {repo.display(folder)} relève du dispositif {found.rem.code}, "
            f"pas de « {dispositif} »"
        )
    only = None if chapitre is None else chapter_code(found, chapitre)
    chapters = applicable_view(found, only)
    if output == "json":
        payload = {
            "dispositif": found.rem.code,
            "version": found.rem.version,
            "candidature": repo.display(folder),
            "profils": found.profils,
            "chapitres": chapters,
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    console = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    console.print(
        Text(
            f"{found.rem.code} {found.rem.version} pour {repo.display(folder)} "
            f"(profils : {', '.join(found.profils)})",
            style="bold",
        )
    )
    for chapter in chapters:
        table = Table(title=f"{chapter['code']} — {chapter['libelle']}")
        for column in ("Exigence", "Nature", "Profil", "Preuve", "Énoncé"):
            table.add_column(column)
        for e in chapter["exigences"]:
            enonce = e["enonce"] if len(e["enonce"]) <= 100 else e["enonce"][:99] + "…"
            proof = WITHOUT_PROOF if e["sans_preuve"] else "à déposer"
            row(table, e["id"], e["nature"], e["profil"], proof, enonce)
        console.print(table)
    total = sum(len(c["exigences"]) for c in chapters)
    without = sum(1 for c in chapters for e in c["exigences"] if e["sans_preuve"])
    console.print(
        f"{total} exigence(s) applicable(s) dans {len(chapters)} chapitre(s), dont {without} "
        "sans preuve à déposer."
    )

"""`segur status --editeur SLUG` (or an editor's folder): the editor's products, each with its
state and next action, and the history of its requests and acts, most recent first."""

from __future__ import annotations

import datetime as dt
import json
import sys

from rich.table import Table

from segur.commands.common import Workspace
from segur.commands.status_view import console_of
from segur.errors import UsageError
from segur.lifecycle.analysis import Analysis
from segur.load.document import load_file
from segur.model.candidature import CANDIDATURE_FILE
from segur.rules.preuves.completeness import ChapterState


def _solution(analysis: Analysis) -> tuple[str | None, str | None]:
    """The solution's name and technical version, read from candidature.yaml even while it is
    still incomplete (the cycle knows them only once the candidature is valid)."""
    name, version = analysis.cycle.solution, analysis.cycle.version_technique
    if name is None or version is None:
        loaded = load_file(analysis.folder / CANDIDATURE_FILE)
        data = loaded.document.data if loaded.document is not None else None
        if isinstance(data, dict):
            candidate = data.get("version_candidate")
            solution = data.get("solution")
            if name is None and isinstance(candidate, dict):
                value = candidate.get("denomination_commerciale")
                name = value if isinstance(value, str) else None
            if version is None and isinstance(solution, dict):
                value = solution.get("version_technique")
                version = str(value) if value is not None else None
    return name, version


def print_editor(workspace: Workspace, editeur: str, today: dt.date, fmt: str) -> int:
    analyses = [a for a in workspace.analyse_all(today) if a.status.editeur == editeur]
    if not analyses:
        raise UsageError(f"aucune candidature pour l'éditeur « {editeur} »")
    rows = []
    for a in analyses:
        name, version = _solution(a)
        rows.append((a, name, version, a.status.count(ChapterState.COMPLET)))
    history = sorted(
        (
            (e.date, e.type, a.status.candidature, e.name)
            for a in analyses
            for e in a.journal.events
        ),
        key=lambda item: (item[0], item[3]),
        reverse=True,
    )
    if fmt == "json":
        payload = {
            "editeur": editeur,
            "candidatures": [
                {
                    "dossier": a.status.folder,
                    "candidature": a.status.candidature,
                    "solution": name,
                    "version": version,
                    "dispositif": a.status.dispositif,
                    "etat": a.cycle.etat.value,
                    "chapitres_complets": complete,
                    "chapitres": len(a.status.chapitres),
                    "prochaine_action": a.cycle.prochaine_action,
                    "a_qui": a.cycle.a_qui,
                }
                for a, name, version, complete in rows
            ],
            "historique": [
                {"date": day.isoformat(), "type": kind, "candidature": candidature}
                for day, kind, candidature, _ in history
            ],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    console = console_of(180)
    table = Table(title=f"Produits de l'éditeur {editeur}", show_lines=False)
    for column in ("Candidature", "Solution", "Version", "Dispositif", "État", "Chapitres"):
        table.add_column(column, no_wrap=column != "Solution")
    table.add_column("Prochaine action")
    for a, name, version, complete in rows:
        side = f" ({a.cycle.a_qui})" if a.cycle.a_qui else ""
        table.add_row(
            a.status.candidature,
            name or "?",
            version or "?",
            a.status.dispositif or "?",
            a.cycle.etat.value,
            f"{complete}/{len(a.status.chapitres)}",
            f"{a.cycle.prochaine_action}{side}",
        )
    console.print(table)
    console.print("Historique des demandes et des actes (le plus récent d'abord) :")
    if not history:
        console.print("  aucun événement au journal", highlight=False)
    for day, kind, candidature, _ in history:
        console.print(f"  {day.isoformat()}  {kind:<26} {candidature}", highlight=False)
    return 0

"""`segur deadlines [--today DATE] [--format text|json|markdown]`: what is due, and by whom."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

from segur.commands.arguments import FORMAT_HELP, add_today
from segur.commands.common import ReportOptions, Workspace, report_options, today_of
from segur.lifecycle.deadlines import Echeance, Statut, deadlines
from segur.lifecycle.progress import fr

_STYLE = {Statut.DEPASSEE: "red", Statut.AUJOURD_HUI: "yellow", Statut.A_VENIR: "green"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "deadlines",
        help="échéances : ce qui est attendu, pour quand, de l'éditeur ou de l'ANS",
        description="Liste les actions attendues de chaque candidature en cours, avec leur "
        "échéance quand la procédure en fixe une : réponse à une sollicitation du dossier "
        "administratif sous 5 jours ouvrés (§3.2, sinon rejet), proposition de la journée de "
        "test INS sous deux semaines (§3.4). Les autres actions n'ont pas de délai fixé.",
    )
    add_today(parser, "jour des échéances")
    parser.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help=FORMAT_HELP
    )
    parser.set_defaults(func=run_deadlines, options=report_options)


def _json(item: Echeance) -> dict[str, Any]:
    return {
        "dossier": item.dossier,
        "action": item.action,
        "a_qui": item.a_qui,
        "echeance": item.echeance.isoformat() if item.echeance else None,
        "statut": item.statut.value,
        "regle": item.regle,
        "indicatif": item.indicatif,
        "consequence": item.consequence,
        "source": item.source,
    }


def _due(item: Echeance) -> str:
    if item.echeance is None:
        return "sans délai"
    return fr(item.echeance) + (" (indicatif)" if item.indicatif else "")


def run_deadlines(options: ReportOptions) -> int:
    workspace = Workspace(options.repo, options.central, options.miroirs)
    today = today_of(options.today)
    items = deadlines(workspace.analyse_all(today), today)
    if options.format == "json":
        payload = {"jour": today.isoformat(), "echeances": [_json(i) for i in items]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    if options.format == "markdown":
        lines = [
            f"## Échéances au {fr(today)}",
            "",
            "| échéance | statut | à qui | dossier | action | règle |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {_due(i)} | {i.statut.value} | {i.a_qui} | `{i.dossier}` | {i.action} | {i.regle} |"
            for i in items
        ]
        sys.stdout.write("\n".join(lines) + "\n")
        return 0
    if not items:
        sys.stdout.write(f"Aucune action attendue au {fr(today)}.\n")
        return 0
    table = Table(title=f"Échéances au {fr(today)}")
    for column in ("Échéance", "Statut", "À qui", "Dossier", "Action", "Règle"):
        table.add_column(column, overflow="fold")
    for i in items:
        style = _STYLE.get(i.statut, "dim")
        action = i.action + (f" ({i.consequence})" if i.consequence else "")
        table.add_row(
            _due(i), f"[{style}]{i.statut.value}[/{style}]", i.a_qui, i.dossier, action, i.regle
        )
    Console(width=max(160, Console().width)).print(table)
    return 0

"""`segur college agenda [--date DATE] [--format text|json|markdown]`: the weekly collège."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.commands.arguments import FORMAT_HELP, add_today, iso_date
from segur.commands.common import Workspace, today_of
from segur.lifecycle.agenda import Agenda, agenda, session_for
from segur.lifecycle.college import session_weekday_name
from segur.lifecycle.progress import fr


@dataclass(frozen=True, slots=True)
class AgendaOptions:
    repo: Path
    central: Path | None
    miroirs: Path | None
    date: dt.date | None
    today: dt.date | None
    format: str


def agenda_options(args: argparse.Namespace) -> AgendaOptions:
    return AgendaOptions(
        repo=args.repo,
        central=args.central,
        miroirs=args.miroirs,
        date=args.date,
        today=args.today,
        format=args.format,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "college",
        help="collège technique de référencement (hebdomadaire)",
        description="Le collège technique de référencement se réunit chaque semaine (§3.5.1).",
    )
    sub = parser.add_subparsers(dest="college_command", metavar="ACTION", help="l'action à faire")
    sub.required = True
    agenda_parser = sub.add_parser(
        "agenda",
        help="ordre du jour d'une séance",
        description="Candidatures prêtes pour la séance : convention signée par l'éditeur "
        "(§3.5), aucune décision encore. La séance a lieu chaque "
        f"{session_weekday_name()} ; --date choisit la séance de ce jour-là ou, sinon, la "
        "suivante (défaut : la prochaine séance).",
    )
    agenda_parser.add_argument(
        "--date",
        type=iso_date,
        default=None,
        metavar="AAAA-MM-JJ",
        help="jour de la séance voulue, ou d'avant la suivante (défaut : la prochaine séance)",
    )
    add_today(agenda_parser)
    agenda_parser.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text", help=FORMAT_HELP
    )
    agenda_parser.set_defaults(func=run_agenda, options=agenda_options)


def _json(result: Agenda) -> dict[str, Any]:
    return {
        "seance": result.seance.isoformat(),
        "candidatures": [
            {
                "dossier": i.dossier,
                "editeur": i.editeur,
                "solution": i.solution,
                "version_technique": i.version_technique,
                "dispositif": i.dispositif,
                "profils": list(i.profils),
                "signature_editeur": i.signature_editeur.isoformat(),
                "chapitres_conformes": i.chapitres_conformes,
                "journee_test_ins": i.journee_test_ins,
            }
            for i in result.items
        ],
        "decisions": [
            {
                "dossier": d.dossier,
                "decision": d.decision,
                "numero_attestation": d.numero_attestation,
            }
            for d in result.decisions
        ],
    }


def _markdown(result: Agenda) -> str:
    lines = [f"## Ordre du jour du collège technique du {fr(result.seance)}", ""]
    if not result.items:
        lines.append("Aucune candidature prête (convention signée par l'éditeur, sans décision).")
    else:
        lines += [
            "| dossier | éditeur | solution | version | dispositif | profils "
            "| convention signée le | chapitres conformes | journée de test INS |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        lines += [
            f"| `{i.dossier}` | {i.editeur} | {i.solution} | {i.version_technique} | "
            f"{i.dispositif} | {', '.join(i.profils)} | {fr(i.signature_editeur)} | "
            f"{i.chapitres_conformes} | {i.journee_test_ins} |"
            for i in result.items
        ]
    if result.decisions:
        lines += ["", "### Décisions enregistrées pour cette séance", ""]
        lines += [
            f"- `{d.dossier}` : {d.decision}"
            + (f" ({d.numero_attestation})" if d.numero_attestation else "")
            for d in result.decisions
        ]
    return "\n".join(lines) + "\n"


def _text(result: Agenda) -> str:
    lines = [f"Ordre du jour du collège technique du {fr(result.seance)}"]
    if not result.items:
        lines.append("  aucune candidature prête (convention signée par l'éditeur, sans décision)")
    for n, i in enumerate(result.items, start=1):
        lines.append(
            f"  {n}. {i.dossier} : {i.editeur}, {i.solution} {i.version_technique} "
            f"({i.dispositif} ; profils {', '.join(i.profils)}) ; convention signée le "
            f"{fr(i.signature_editeur)} ; {i.chapitres_conformes} chapitre(s) conforme(s) ; "
            f"journée de test INS : {i.journee_test_ins}"
        )
    for d in result.decisions:
        numero = f" ({d.numero_attestation})" if d.numero_attestation else ""
        lines.append(f"  décision enregistrée : {d.dossier} : {d.decision}{numero}")
    return "\n".join(lines) + "\n"


def run_agenda(options: AgendaOptions) -> int:
    workspace = Workspace(options.repo, options.central, options.miroirs)
    seance = session_for(options.date, today_of(options.today))
    on_eve = workspace.analyse_all(seance - dt.timedelta(days=1))
    on_day = workspace.analyse_all(seance)
    result = agenda(on_eve, on_day, seance)
    if options.format == "json":
        sys.stdout.write(json.dumps(_json(result), ensure_ascii=False, indent=2) + "\n")
    elif options.format == "markdown":
        sys.stdout.write(_markdown(result))
    else:
        sys.stdout.write(_text(result))
    return 0

"""`segur --miroirs DIR controle-croise [--today DATE] [--format text|json]`: the checks across
candidatures, run by the ANS over the mirrors of every editor's dossier repository.

Some checks of §3.2 compare candidatures of DIFFERENT editors: a member of a groupement filing
alone for the groupement's solution (SEG-ADM-032), two attributions sharing an attestation
number (SEG-CYC-015), a version candidate filed twice (SEG-ADM-031). Each editor's candidatures
are in its own private repository, so `segur check` in one of them never sees the others: this
command runs them over the aggregation (`segur.lifecycle.duplicates.cross_findings`).

Its output names several editors and their candidatures: it is PRIVATE to the ANS (the
pilotage repository, gabarits/depot-pilotage/), never in the public central repository's
workflows, logs or site.
"""

from __future__ import annotations

import sys
from typing import Any

from segur.commands.arguments import FORMAT_HELP, add_today
from segur.commands.common import ReportOptions, Workspace, report_options, today_of
from segur.findings.finding import has_errors
from segur.lifecycle.duplicates import cross_findings
from segur.publication import report


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "controle-croise",
        help="contrôles entre candidatures de tous les dépôts de dossiers (avec --miroirs)",
        description="Vérifie ce qui ne se voit qu'en comparant les candidatures de plusieurs "
        "éditeurs, chacun dans son dépôt de dossiers : membre d'un groupement candidat seul "
        "pour la solution du groupement (SEG-ADM-032), numéro d'attestation partagé "
        "(SEG-CYC-015), version candidate déposée deux fois (SEG-ADM-031). Avec --miroirs, "
        "porte sur les miroirs de tous les dépôts de depots.yaml (--repo étant le dépôt "
        "central) et préfixe chaque chemin du nom du dépôt de l'éditeur. La sortie nomme "
        "plusieurs éditeurs : elle est réservée à l'ANS et n'est jamais publiée. Code de "
        "sortie 1 si une erreur est trouvée.",
    )
    add_today(parser, "jour des états des candidatures")
    parser.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    parser.set_defaults(func=run_cross_check, options=report_options)


def run_cross_check(options: ReportOptions) -> int:
    workspace = Workspace(options.repo, options.central, options.miroirs)
    today = today_of(options.today)
    findings = cross_findings(workspace.federation, workspace.analyse_all(today))
    sys.stdout.write(report.render(findings, options.format))
    return 1 if has_errors(findings) else 0

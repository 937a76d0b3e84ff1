"""`segur status [DOSSIER] [--recu CHAPITRE] [--today DATE] [--format text|json]`: files,
chapters and the lifecycle state (with the next action and the window of the logo)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table

from segur.commands.arguments import FORMAT_HELP, add_today
from segur.commands.common import Workspace, today_of
from segur.commands.proofless import print_proofless, proofless_of_dossier
from segur.dossier.status import DossierStatus, find_chapter, receipt
from segur.errors import DataError, UsageError
from segur.lifecycle.analysis import Analysis, Cycle
from segur.lifecycle.progress import Stale, fr
from segur.load.document import load_file
from segur.load.git_history import first_parent_history, in_repository
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import MANIFEST_FILE, PREUVES_DIR, chapter_dirname
from segur.publication.badge import logo_window
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import ChapterState, ChapterStatus

_STYLE = {
    ChapterState.COMPLET: "green",
    ChapterState.INCOMPLET: "red",
    ChapterState.NON_DEPOSE: "dim",
}


@dataclass(frozen=True, slots=True)
class StatusOptions:
    repo: Path
    central: Path | None
    miroirs: Path | None
    dossier: Path | None
    recu: str | None
    editeur: str | None
    today: dt.date | None
    format: str


def status_options(args: argparse.Namespace) -> StatusOptions:
    return StatusOptions(
        repo=args.repo,
        central=args.central,
        miroirs=args.miroirs,
        dossier=args.dossier,
        recu=args.recu,
        editeur=args.editeur,
        today=args.today,
        format=args.format,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status",
        help="état des dossiers : cycle de vie, chapitres déposés, complets, incomplets",
        description="Sans argument : une ligne par candidature, avec son état dans le cycle "
        "de vie et qui doit agir. Avec --editeur ou dossiers/<editeur> : les produits de "
        "l'éditeur et l'historique de ses demandes et actes. Avec un dossier : la prochaine "
        "action attendue, le tableau de ses chapitres, les preuves manquantes et la période "
        "d'utilisation du logo.",
    )
    parser.add_argument(
        "dossier",
        nargs="?",
        type=Path,
        metavar="DOSSIER",
        help="dossier de candidature, ou dossier d'un éditeur (défaut : une ligne par candidature)",
    )
    parser.add_argument(
        "--recu", metavar="CHAPITRE", help="afficher le reçu de dépôt d'un chapitre complet"
    )
    parser.add_argument(
        "--editeur",
        metavar="SLUG",
        help="vue d'un éditeur : ses candidatures et l'historique de ses demandes et actes "
        "(aussi : segur status dossiers/<editeur>)",
    )
    add_today(parser, "jour de l'état du cycle de vie")
    parser.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    parser.set_defaults(func=run_status, options=status_options)


def run_status(options: StatusOptions) -> int:
    workspace = Workspace(options.repo, options.central, options.miroirs)
    today = today_of(options.today)
    editeur = options.editeur
    if editeur is None and options.dossier is not None:
        editeur = _editor_of(workspace, options.dossier)
    if editeur is not None:
        if options.recu:
            raise UsageError("--recu demande un dossier de candidature, pas un éditeur")
        if options.dossier is not None and options.editeur is not None:
            raise UsageError("donnez un DOSSIER ou --editeur, pas les deux")
        return _print_editor(workspace, editeur, today, options.format)
    if options.dossier is None:
        if options.recu:
            raise UsageError("--recu demande un DOSSIER")
        analyses = workspace.analyse_all(today)
        return _print_all([(a.status, a.cycle) for a in analyses], options.format)
    folder = workspace.dossier(options.dossier)
    analysis = workspace.analyse(folder, today)
    if options.recu:
        return _print_receipt(
            workspace.repo_of(folder), folder, analysis.status, options.recu, options.format
        )
    stale = [analysis.progress.stale(code, analysis.facts) for code in analysis.progress.verdicts]
    shown = [s for s in stale if s is not None]
    verdicts = {
        code: _verdict_label(code, analysis, {s.code for s in shown})
        for code in analysis.facts.chapters
    }
    code = _print_one(analysis.status, analysis.cycle, options.format, shown, verdicts)
    proofless = proofless_of_dossier(workspace.repo_of(folder), workspace.catalogue, folder)
    if options.format == "text" and proofless is not None:
        print_proofless(_console(), proofless)
    return code


def _editor_of(workspace: Workspace, given: Path) -> str | None:
    """The editor's slug when `given` is an editor's folder (`dossiers/<editeur>`)."""
    for member in workspace.federation.members:
        top = member.dossiers_dir.resolve()
        for candidate in (given, member.root / given, member.dossiers_dir / given):
            if candidate.is_dir() and candidate.resolve().parent == top:
                return candidate.resolve().name
    return None


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


def _print_editor(workspace: Workspace, editeur: str, today: dt.date, fmt: str) -> int:
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
    console = _console(180)
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


def _chapter_json(chapter: ChapterStatus) -> dict[str, Any]:
    return {
        "chapitre": chapter.code,
        "libelle": chapter.libelle,
        "etat": chapter.state.value,
        "preuves_deposees": chapter.done,
        "preuves_attendues": chapter.total,
        "manquantes": [{"id": p.id, "libelle": p.libelle} for p in chapter.missing],
        "cnda_provisoires": list(chapter.cnda_provisional),
    }


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _cycle_json(cycle: Cycle) -> dict[str, Any]:
    window = logo_window(cycle)
    return {
        "etat": cycle.etat.value,
        "prochaine_action": cycle.prochaine_action,
        "a_qui": cycle.a_qui,
        "date_depot_complet": _iso(cycle.date_depot_complet),
        "date_decision": _iso(cycle.date_decision),
        "date_signature": _iso(cycle.date_signature),
        "fin_convention": _iso(cycle.fin_convention),
        "numero_attestation": cycle.numero_attestation,
        "logo": {"debut": _iso(window.debut), "fin": _iso(window.fin)} if window else None,
        "chronologie": cycle.chronologie,
    }


def _status_json(status: DossierStatus, cycle: Cycle) -> dict[str, Any]:
    return {
        "dossier": status.folder,
        "editeur": status.editeur,
        "candidature": status.candidature,
        "dispositif": status.dispositif,
        "administratif_complet": status.administratif_complet,
        "preuves_deposees": status.done,
        "preuves_attendues": status.total,
        "chapitres": [_chapter_json(c) for c in status.chapitres],
        "cycle": _cycle_json(cycle),
    }


def _console(width: int = 120) -> Console:
    # Outside a terminal (CI logs, pipes) rich would wrap at 80 columns: give it room.
    return Console(soft_wrap=False, width=max(width, Console().width))


def _print_all(statuses: list[tuple[DossierStatus, Cycle]], fmt: str) -> int:
    if fmt == "json":
        payload = [_status_json(s, c) for s, c in statuses]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    table = Table(title="Candidatures", show_lines=False)
    table.add_column("Dossier", no_wrap=True)
    for column in ("Dispositif", "Administratif", "Complets", "Incomplets", "Preuves"):
        table.add_column(column)
    table.add_column("État du cycle de vie", no_wrap=True)
    table.add_column("À qui", no_wrap=True)
    for s, c in statuses:
        table.add_row(
            s.folder,
            s.dispositif or "?",
            "complet" if s.administratif_complet else "[red]à compléter[/red]",
            f"{s.count(ChapterState.COMPLET)}/{len(s.chapitres)}",
            str(s.count(ChapterState.INCOMPLET)),
            f"{s.done}/{s.total}",
            c.etat.value,
            c.a_qui or "-",
        )
    _console(180).print(table)
    return 0


def _verdict_label(code: str, analysis: Analysis, stale: set[str]) -> str:
    """What the instruction says of one expected chapter, as the status table shows it."""
    if code in stale:
        return "périmé"
    if code not in analysis.progress.verdicts:
        return "à instruire"
    return "conforme" if analysis.progress.conforme(code, analysis.facts) else "non conforme"


def _print_one(
    status: DossierStatus,
    cycle: Cycle,
    fmt: str,
    stale: list[Stale],
    verdicts: dict[str, str],
) -> int:
    """`stale`: the verdicts whose chapter changed after them (shown périmés); `verdicts`:
    every expected chapter, those without proof to deposit included, and its instruction."""
    proofless = [code for code in verdicts if find_chapter(status, code) is None]
    if fmt == "json":
        payload = _status_json(status, cycle)
        payload["chapitres_sans_preuve"] = proofless
        payload["instruction"] = verdicts
        payload["verdicts_perimes"] = [
            {"chapitre": s.code, "verdict": s.verdict.name, "contenu_modifie_le": _iso(s.changed)}
            for s in stale
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    console = _console()
    admin = "complet" if status.administratif_complet else "[red]à compléter[/red]"
    console.print(
        f"[bold]{status.folder}[/bold] — {status.dispositif or '?'} — administratif : {admin}"
    )
    _print_cycle(console, cycle)
    table = Table(show_lines=False)
    for column in ("Chapitre", "État", "Preuves", "Progression", "Verdict"):
        table.add_column(column)
    for chapter in status.chapitres:
        style = _STYLE[chapter.state]
        table.add_row(
            chapter.code,
            f"[{style}]{chapter.state.value}[/{style}]",
            f"{chapter.done}/{chapter.total}",
            ProgressBar(total=chapter.total, completed=chapter.done, width=20),
            verdicts.get(chapter.code, "-"),
        )
    # A chapter whose applicable requirements ask for no proof has nothing to deposit, yet its
    # verdict is due before the convention: without this row an instructor working from the
    # status would miss it.
    for code in proofless:
        table.add_row(code, "sans preuve à déposer", "0/0", "", verdicts[code])
    console.print(table)
    for item in stale:
        console.print(
            f"[yellow]Chapitre {escape(item.code)} : verdict périmé ({item.describe()}), "
            f"{escape(item.verdict.name)} ne vaut plus[/yellow]",
            highlight=False,
        )
    for chapter in status.chapitres:
        if chapter.state is ChapterState.INCOMPLET:
            console.print(f"[red]Preuves manquantes du chapitre {chapter.code} :[/red]")
            for proof in chapter.missing:
                console.print(f"  - {proof.id} : {' '.join(proof.libelle.split())[:150]}")
        for proof_id in chapter.cnda_provisional:
            console.print(
                f"[yellow]{proof_id} : homologation CNDA provisoire, attestation définitive "
                "exigée avant la convention[/yellow]"
            )
    return 0


def _print_cycle(console: Console, cycle: Cycle) -> None:
    console.print(f"État : [bold]{cycle.etat.value}[/bold]", highlight=False)
    side = f" ({cycle.a_qui})" if cycle.a_qui else ""
    console.print(f"Prochaine action{side} : {cycle.prochaine_action}", highlight=False)
    for label, day in (
        ("Dossier de preuves complet le", cycle.date_depot_complet),
        ("Décision du collège le", cycle.date_decision),
        ("Convention signée par les deux parties le", cycle.date_signature),
    ):
        if day is not None:
            console.print(f"{label} {fr(day)}", highlight=False)
    if cycle.numero_attestation:
        console.print(f"Attestation : {cycle.numero_attestation}", highlight=False)
    window = logo_window(cycle)
    if window is not None:
        console.print(
            f"Logo de référencement utilisable du {fr(window.debut)} au {fr(window.fin)} (§3.5.3)",
            highlight=False,
        )
    else:
        console.print(
            "Logo de référencement : non utilisable (convention non signée par les deux parties)",
            highlight=False,
        )


def _print_receipt(
    repo: Repository, folder: Path, status: DossierStatus, code: str, fmt: str
) -> int:
    chapter = find_chapter(status, code)
    if chapter is None:
        raise UsageError(f"chapitre {code} inconnu pour ce dossier")
    if chapter.state is not ChapterState.COMPLET:
        raise DataError(
            f"le chapitre {chapter.code} est {chapter.state.value} : "
            "un reçu n'est délivré que pour un chapitre complet"
        )
    manifest = folder / PREUVES_DIR / chapter_dirname(chapter.code) / MANIFEST_FILE
    # Outside git, the receipt still gives each file's digest, without its commit.
    in_git = in_repository(repo.root)
    history = first_parent_history(repo.root, paths=[repo.display(folder)]) if in_git else []
    lines = receipt(folder, repo, chapter, manifest, history)
    if fmt == "json":
        payload = {
            "dossier": status.folder,
            "chapitre": chapter.code,
            "fichiers": [
                {
                    "preuve": r.proof,
                    "chemin": r.path,
                    "sha256": r.sha256,
                    "commit": r.commit,
                    "date": r.date,
                }
                for r in lines
            ],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    out = sys.stdout
    out.write(f"Reçu de dépôt — {status.folder} — chapitre {chapter.code} ({chapter.libelle})\n")
    out.write(
        "Convention de preuve (§3.9) : chaque fichier est identifié par son empreinte sha256.\n\n"
    )
    for r in lines:
        commit = f"{r.commit} ({r.date})" if r.commit else "non encore enregistré dans git"
        out.write(f"{r.proof}\n  {r.path}\n  sha256 {r.sha256 or '—'}\n  commit {commit}\n")
    return 0

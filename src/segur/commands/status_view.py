"""The views of `segur status` over dossiers: the table of every candidature, and one dossier
with its lifecycle, its chapters and their instruction, in text or JSON. Separate from the
command's options (`segur.commands.status`) and from the editor's and receipt views."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table

from segur.dossier.status import DossierStatus, find_chapter
from segur.lifecycle.analysis import Analysis, Cycle
from segur.lifecycle.progress import Stale, fr
from segur.publication.badge import logo_window
from segur.rules.preuves.completeness import ChapterState, ChapterStatus

_STYLE = {
    ChapterState.COMPLET: "green",
    ChapterState.INCOMPLET: "red",
    ChapterState.NON_DEPOSE: "dim",
}


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


def status_json(status: DossierStatus, cycle: Cycle) -> dict[str, Any]:
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


def console_of(width: int = 120) -> Console:
    # Outside a terminal (CI logs, pipes) rich would wrap at 80 columns: give it room.
    return Console(soft_wrap=False, width=max(width, Console().width))


def print_all(statuses: list[tuple[DossierStatus, Cycle]], fmt: str) -> int:
    if fmt == "json":
        payload = [status_json(s, c) for s, c in statuses]
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
    console_of(180).print(table)
    return 0


def print_dossier(analysis: Analysis, fmt: str) -> int:
    """One dossier: its lifecycle, its chapters and where the instruction of each stands."""
    stale = [analysis.progress.stale(code, analysis.facts) for code in analysis.progress.verdicts]
    shown = [s for s in stale if s is not None]
    verdicts = {
        code: verdict_label(code, analysis, {s.code for s in shown})
        for code in analysis.facts.chapters
    }
    return print_one(analysis.status, analysis.cycle, fmt, shown, verdicts)


def verdict_label(code: str, analysis: Analysis, stale: set[str]) -> str:
    """What the instruction says of one expected chapter, as the status table shows it."""
    if code in stale:
        return "périmé"
    if code not in analysis.progress.verdicts:
        return "à instruire"
    return "conforme" if analysis.progress.conforme(code, analysis.facts) else "non conforme"


def print_one(
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
        payload = status_json(status, cycle)
        payload["chapitres_sans_preuve"] = proofless
        payload["instruction"] = verdicts
        payload["verdicts_perimes"] = [
            {"chapitre": s.code, "verdict": s.verdict.name, "contenu_modifie_le": _iso(s.changed)}
            for s in stale
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    console = console_of()
    admin = "complet" if status.administratif_complet else "[red]à compléter[/red]"
    console.print(
        f"[bold]{status.folder}[/bold] — {status.dispositif or '?'} — administratif : {admin}"
    )
    print_cycle(console, cycle)
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


def print_cycle(console: Console, cycle: Cycle) -> None:
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

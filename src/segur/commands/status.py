"""`segur status [DOSSIER] [--recu CHAPITRE] [--format text|json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress_bar import ProgressBar
from rich.table import Table

from segur.completeness import ChapterState, ChapterStatus
from segur.gitlog import GitError, first_parent_history
from segur.model.preuves import MANIFEST_FILE, PREUVES_DIR, chapter_dirname
from segur.rem_catalogue import load_catalogue
from segur.repository import Repository
from segur.status import DossierStatus, dossier_status, find_chapter, receipt

_STYLE = {
    ChapterState.COMPLET: "green",
    ChapterState.INCOMPLET: "red",
    ChapterState.NON_DEPOSE: "dim",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "status",
        help="état des dossiers : chapitres déposés, complets, incomplets",
        description="Sans argument : une ligne par candidature. Avec un dossier : le tableau "
        "de ses chapitres et les preuves manquantes.",
    )
    parser.add_argument("dossier", nargs="?", type=Path, metavar="DOSSIER")
    parser.add_argument(
        "--recu", metavar="CHAPITRE", help="afficher le reçu de dépôt d'un chapitre complet"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=run_status)


def run_status(args: argparse.Namespace) -> int:
    repo = Repository(args.repo)
    catalogue, _ = load_catalogue(repo.rem_dir, repo.root)
    if args.dossier is None:
        if args.recu:
            sys.stderr.write("segur status : --recu demande un DOSSIER\n")
            return 2
        statuses = [dossier_status(d, repo, catalogue) for d in repo.dossiers()]
        return _print_all(statuses, args.format)
    folder = _resolve_dossier(repo, args.dossier)
    if folder is None:
        sys.stderr.write(f"segur status : dossier de candidature introuvable : {args.dossier}\n")
        return 2
    status = dossier_status(folder, repo, catalogue)
    if args.recu:
        return _print_receipt(repo, folder, status, args.recu, args.format)
    return _print_one(status, args.format)


def _resolve_dossier(repo: Repository, given: Path) -> Path | None:
    for candidate in (given, repo.root / given, repo.dossiers_dir / given):
        if candidate.is_dir():
            owner = repo.dossier_of(candidate)
            if owner is not None and owner.resolve() == candidate.resolve():
                return owner
    return None


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


def _status_json(status: DossierStatus) -> dict[str, Any]:
    return {
        "dossier": status.folder,
        "editeur": status.editeur,
        "candidature": status.candidature,
        "dispositif": status.dispositif,
        "administratif_complet": status.administratif_complet,
        "preuves_deposees": status.done,
        "preuves_attendues": status.total,
        "chapitres": [_chapter_json(c) for c in status.chapitres],
    }


def _console() -> Console:
    # Outside a terminal (CI logs, pipes) rich would wrap at 80 columns: give it room.
    return Console(soft_wrap=False, width=max(120, Console().width))


def _print_all(statuses: list[DossierStatus], fmt: str) -> int:
    if fmt == "json":
        payload = [_status_json(s) for s in statuses]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    table = Table(title="Candidatures", show_lines=False)
    table.add_column("Dossier", no_wrap=True)
    for column in ("Dispositif", "Administratif", "Complets", "Incomplets", "Preuves"):
        table.add_column(column)
    for s in statuses:
        table.add_row(
            s.folder,
            s.dispositif or "?",
            "complet" if s.administratif_complet else "[red]à compléter[/red]",
            f"{s.count(ChapterState.COMPLET)}/{len(s.chapitres)}",
            str(s.count(ChapterState.INCOMPLET)),
            f"{s.done}/{s.total}",
        )
    _console().print(table)
    return 0


def _print_one(status: DossierStatus, fmt: str) -> int:
    if fmt == "json":
        sys.stdout.write(json.dumps(_status_json(status), ensure_ascii=False, indent=2) + "\n")
        return 0
    console = _console()
    admin = "complet" if status.administratif_complet else "[red]à compléter[/red]"
    console.print(
        f"[bold]{status.folder}[/bold] — {status.dispositif or '?'} — administratif : {admin}"
    )
    table = Table(show_lines=False)
    for column in ("Chapitre", "État", "Preuves", "Progression"):
        table.add_column(column)
    for chapter in status.chapitres:
        style = _STYLE[chapter.state]
        table.add_row(
            chapter.code,
            f"[{style}]{chapter.state.value}[/{style}]",
            f"{chapter.done}/{chapter.total}",
            ProgressBar(total=chapter.total, completed=chapter.done, width=20),
        )
    console.print(table)
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


def _print_receipt(
    repo: Repository, folder: Path, status: DossierStatus, code: str, fmt: str
) -> int:
    chapter = find_chapter(status, code)
    if chapter is None:
        sys.stderr.write(f"segur status : chapitre {code} inconnu pour ce dossier\n")
        return 2
    if chapter.state is not ChapterState.COMPLET:
        sys.stderr.write(
            f"segur status : le chapitre {chapter.code} est {chapter.state.value} : "
            "un reçu n'est délivré que pour un chapitre complet\n"
        )
        return 1
    manifest = folder / PREUVES_DIR / chapter_dirname(chapter.code) / MANIFEST_FILE
    try:
        history = first_parent_history(repo.root, paths=[repo.display(folder)])
    except GitError:
        history = []
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

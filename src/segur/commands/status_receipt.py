"""`segur status DOSSIER --recu CHAPITRE`: the deposit receipt of a complete chapter, each file
with its sha256 and the commit that brought it (§3.9, convention de preuve)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from segur.dossier.status import DossierStatus, find_chapter, receipt
from segur.errors import DataError, UsageError
from segur.load.git_history import first_parent_history, in_repository
from segur.model.preuves import MANIFEST_FILE, PREUVES_DIR, chapter_dirname
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import ChapterState


def print_receipt(
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

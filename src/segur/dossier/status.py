"""Where each candidature stands: administrative dossier and per-chapter proof completeness.

Everything is derived from the files, with the same code `segur check` runs: the status never
disagrees with the checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from segur.dossier.context import DossierContext
from segur.findings.finding import has_errors
from segur.load.document import load_file
from segur.load.git_history import CommitRecord
from segur.load.validation import validate
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import Manifeste, chapter_digest
from segur.repository.catalogue import Catalogue
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import ChapterState, ChapterStatus


@dataclass(frozen=True, slots=True)
class DossierStatus:
    folder: str  # dossiers/<editeur>/<candidature>
    editeur: str
    candidature: str
    dispositif: str | None
    administratif_complet: bool
    chapitres: tuple[ChapterStatus, ...]
    # The digest of each expected chapter (`digest_of`): what a verdict on it must name.
    empreintes: Mapping[str, str] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return sum(c.done for c in self.chapitres)

    @property
    def total(self) -> int:
        return sum(c.total for c in self.chapitres)

    def count(self, state: ChapterState) -> int:
        return sum(1 for c in self.chapitres if c.state is state)


def dossier_status(
    folder: Path, repo: Repository, catalogue: Catalogue, ctx: DossierContext | None = None
) -> DossierStatus:
    """`ctx`, when given, shares its parsed files and proof report with the checks."""
    ctx = ctx or DossierContext(repo, catalogue, folder)
    admin_ok = not has_errors(ctx.administratif())
    loaded = ctx.load(folder / CANDIDATURE_FILE)
    report, _ = ctx.preuves()
    dispositif = None
    if loaded.document is not None and isinstance(loaded.document.data.get("dispositif"), str):
        dispositif = loaded.document.data["dispositif"]
    digests: dict[str, str] = {}
    for chapter in report.statuses if report else ():
        path = report.manifests.get(chapter.code) if report else None
        document = None if path is None else ctx.load(path).document
        manifest = None if document is None else validate(document, Manifeste)[0]
        digests[chapter.code] = digest_of(chapter.code, manifest)
    return DossierStatus(
        repo.display(folder),
        folder.parent.name,
        folder.name,
        dispositif,
        admin_ok,
        tuple(report.statuses) if report else (),
        digests,
    )


def digest_of(code: str, manifest: Manifeste | None) -> str:
    """The digest of chapter `code` (`chapter_digest`); a chapter without a valid manifest (one
    with no proof to deposit, or not scaffolded) has the digest of an empty one, so that every
    expected chapter, judged like the others, has one."""
    return chapter_digest(manifest or Manifeste(chapitre=code))


def find_chapter(status: DossierStatus, code: str) -> ChapterStatus | None:
    wanted = code.replace("-", "/")
    for chapter in status.chapitres:
        if chapter.code in (code, wanted):
            return chapter
    return None


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    proof: str
    path: str
    sha256: str
    commit: str | None
    date: str | None


def receipt(
    folder: Path,
    repo: Repository,
    chapter: ChapterStatus,
    manifest_path: Path,
    history: list[CommitRecord],
) -> list[ReceiptLine]:
    """The deposit receipt of a complete chapter (§3.9): each file, its sha256, and the last
    commit that changed it on the current branch."""
    loaded = load_file(manifest_path, repo.display(manifest_path))
    manifest = validate(loaded.document, Manifeste)[0] if loaded.document else None
    if manifest is None:
        return []
    last_change: dict[str, CommitRecord] = {}
    for commit in history:
        for change in commit.changes:
            for path in change.paths:
                last_change[path] = commit
    lines: list[ReceiptLine] = []
    for proof in chapter.expected:
        entry = manifest.preuves.get(proof.id)
        if entry is None:
            continue
        for fichier in entry.fichiers:
            shown = repo.display(manifest_path.parent / fichier.chemin)
            record = last_change.get(shown)
            lines.append(
                ReceiptLine(
                    proof.id,
                    shown,
                    fichier.sha256,
                    record.sha if record else None,
                    record.committed.isoformat() if record else None,
                )
            )
        if entry.identifiant:
            record = last_change.get(repo.display(manifest_path))
            lines.append(
                ReceiptLine(
                    proof.id,
                    f"identifiant : {entry.identifiant}",
                    "",
                    record.sha if record else None,
                    record.committed.isoformat() if record else None,
                )
            )
    return lines

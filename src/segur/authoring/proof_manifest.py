"""Where a proof belongs in a candidature, and its chapter's manifest as text.

The proof named by the editor must be one the candidature's REM and profiles expect in that
chapter (`segur.rules.preuves.completeness.expected_chapters`, the list the checks require);
`place` finds it, or says in French where it belongs. The chapter's manifest is then read,
rendered and checked here: it keeps its header (every line above `preuves:`, comments
included); the entries are written back in the REM's order as the scaffold writes them
(`scaffold.render_manifest`), with the entries of IDs the chapter does not expect kept after
them, untouched. This is the text side of `segur preuve`, apart from the judgement of the files
(`segur.authoring.proofs`) and their all-or-nothing writing
(`segur.authoring.proof_transaction`). Nothing here prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from segur.authoring.scaffold import render_entry, render_manifest
from segur.dossier.preuves import target_of
from segur.errors import DataError, UsageError
from segur.load.document import load_file, parse
from segur.load.validation import validate
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import (
    MANIFEST_FILE,
    PREUVES_DIR,
    EntreePreuve,
    Manifeste,
    chapter_dirname,
)
from segur.repository.atomic import real_folder_inside
from segur.repository.catalogue import Catalogue
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import ExpectedChapter, ExpectedProof, expected_chapters
from segur.rules.preuves.index import rem_index

# The top-level key of the entries: what is above it is the manifest's header, kept as is.
_PREUVES_KEY = re.compile(r"^preuves:.*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a proof's chapter lives in a candidature."""

    folder: Path
    chapter: ExpectedChapter
    proof: ExpectedProof

    @property
    def base(self) -> Path:
        return self.folder / PREUVES_DIR / chapter_dirname(self.chapter.code)

    @property
    def manifest(self) -> Path:
        return self.base / MANIFEST_FILE


def place(
    repo: Repository, catalogue: Catalogue, folder: Path, chapter_code: str, proof_id: str
) -> Placed:
    """The expected chapter and proof named by the editor, or a French error saying where the
    proof belongs when it is not expected there."""
    loaded = load_file(folder / CANDIDATURE_FILE, repo.display(folder / CANDIDATURE_FILE))
    target, reason = target_of(loaded.document, catalogue)
    if target is None:
        raise DataError(f"les preuves attendues ne peuvent pas être connues : {reason}")
    chapters = expected_chapters(target.rem.chapitres, target.profils)
    wanted = chapter_code.replace("-", "/")
    chapter = next((c for c in chapters if chapter_code in (c.code, chapter_dirname(c.code))), None)
    if chapter is None:
        chapter = next((c for c in chapters if c.code == wanted), None)
    rem = f"REM {target.rem.code} {target.rem.version}"
    if chapter is None:
        codes = ", ".join(c.code for c in chapters)
        raise UsageError(
            f"chapitre « {chapter_code} » sans preuve attendue pour cette candidature ({rem}, "
            f"profils {', '.join(target.profils)}) ; chapitres attendus : {codes}"
        )
    proof = next((p for p in chapter.proofs if p.id == proof_id), None)
    if proof is not None:
        placed = Placed(folder, chapter, proof)
        # The chapter's folder was written by the editor's pull requests: a link there (or on
        # the way) would make the command copy and write outside the repository.
        if not real_folder_inside(repo.root, placed.base):
            raise UsageError(
                f"{repo.display(placed.base)} n'est pas un vrai dossier du dépôt (lien "
                "symbolique ou fichier sur le chemin) : rien n'est écrit ; remplacez-le par un "
                "dossier"
            )
        return placed
    elsewhere = next((c for c in chapters for p in c.proofs if p.id == proof_id), None)
    if elsewhere is not None:
        raise UsageError(
            f"la preuve {proof_id} n'appartient pas au chapitre {chapter.code} : elle est "
            f"attendue au chapitre {elsewhere.code} (segur preuve ajouter … {elsewhere.code} "
            f"{proof_id} …)"
        )
    rem_proofs, _ = rem_index(target.rem.chapitres)
    known = rem_proofs.get(proof_id)
    if known is not None:
        raise UsageError(
            f"la preuve {proof_id} (chapitre {known[0]}, profil {known[1]}) n'est pas attendue : "
            f"le profil {known[1]} n'est pas demandé par la candidature"
        )
    raise UsageError(
        f"preuve {proof_id} inconnue du {rem} ; preuves attendues au chapitre {chapter.code} : "
        + ", ".join(p.id for p in chapter.proofs)
    )


def read_manifest(placed: Placed) -> tuple[str | None, Manifeste | None]:
    """The manifest's text and model, (None, None) when there is none yet."""
    path = placed.manifest
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise DataError(f"{path} n'est pas un fichier ordinaire : il n'est pas modifié")
    if not path.exists():
        return None, None
    loaded = load_file(path)
    manifest = validate(loaded.document, Manifeste)[0] if loaded.document else None
    if manifest is None:
        raise DataError(
            f"le manifeste {path} est illisible ou invalide : corrigez-le d'abord "
            "(segur check le localise)"
        )
    if manifest.chapitre != placed.chapter.code:
        raise DataError(
            f"le manifeste {path} déclare le chapitre « {manifest.chapitre} », "
            f"{placed.chapter.code} attendu : corrigez-le d'abord"
        )
    return path.read_text(encoding="utf-8"), manifest


def render(placed: Placed, text: str | None, entries: dict[str, EntreePreuve]) -> str:
    """The manifest with `entries`: its header kept, the expected proofs in the REM's order,
    the other IDs after them."""
    fresh = render_manifest(placed.chapter, entries)
    match = _PREUVES_KEY.search(fresh)
    assert match is not None  # the scaffold always writes the key
    body = fresh[match.end() + 1 :]
    header = fresh[: match.end() + 1]
    if text is not None:
        kept = _PREUVES_KEY.search(text)
        if kept is not None:
            header = text[: kept.start()] + "preuves:\n"
        else:
            header = text + ("" if text.endswith("\n") or not text else "\n") + "preuves:\n"
    expected = {p.id for p in placed.chapter.proofs}
    others = [
        f'  "{proof_id}":\n' + render_entry(entry, "    ")
        for proof_id, entry in entries.items()
        if proof_id not in expected
    ]
    return header + body + "".join(f"\n{other}" for other in others)


def check_rendered(content: str, placed: Placed) -> None:
    """The new manifest parses as a manifest: a bug here must not reach the editor's files."""
    loaded = parse(content.encode("utf-8"), str(placed.manifest))
    manifest = validate(loaded.document, Manifeste)[0] if loaded.document else None
    if manifest is None or manifest.chapitre != placed.chapter.code:
        raise DataError(f"le manifeste réécrit de {placed.chapter.code} serait invalide")

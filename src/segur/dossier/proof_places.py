"""Where a misplaced proof really is: the other chapter's manifest that declares it, or the
other chapter's folder that holds its file.

A proof put in the wrong place used to give two unrelated findings (the real chapter: "preuve
manquante" or "fichier introuvable"; the other place: "identifiant hors du chapitre" or "fichier
non référencé"). Knowing where the proof went lets both findings tell one story, each naming
the other place (issue #14, item 7).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from segur.load.proof_file import safe_relative
from segur.model.preuves import Manifeste
from segur.rules.preuves.completeness import ExpectedChapter
from segur.rules.preuves.places import manifest_of


def declared_in(
    manifests: Iterable[tuple[str, Manifeste]],
    expected: dict[str, ExpectedChapter],
    every_proof: dict[str, tuple[str, str]],
) -> dict[str, str]:
    """Proof ID -> the manifest (relative to the candidature) of the *other* chapter that
    declares it, for every applicable proof declared in a manifest not its own, and not in its
    own (a proof declared in both places is not missing: the stray entry is only removed)."""
    owed = {proof.id: code for code, chapter in expected.items() for proof in chapter.proofs}
    found: dict[str, str] = {}
    at_home: set[str] = set()
    for code, manifest in manifests:
        for proof_id in manifest.preuves:
            owner = every_proof.get(proof_id, (code, ""))[0]
            if owner == code:
                at_home.add(proof_id)
            elif owed.get(proof_id) == owner:
                found.setdefault(proof_id, manifest_of(code))
    return {proof_id: where for proof_id, where in found.items() if proof_id not in at_home}


def found_elsewhere(proof_root: Path, base: Path, chemin: str, refused: bool) -> Path | None:
    """The file a manifest of folder `base` means by `chemin`, when it lies in the folder of
    another chapter: where a refused path (`../APCV/x.log`) leads, or, for a missing file, the
    same name in another chapter's folder. Symbolic links are never followed here: such a file
    is reported for what it is by the file checks."""
    if refused:
        target = os.path.normpath(base / chemin)  # lexically: `..` is what was written
        inside = os.path.relpath(target, proof_root)
        folder = inside.split(os.sep, 1)[0]
        if folder in {"..", ".", base.name}:
            return None
        return _regular(Path(target))
    relative = safe_relative(chemin)
    if relative is None or not proof_root.is_dir():
        return None
    for entry in sorted(os.scandir(proof_root), key=lambda e: e.name):
        if entry.name == base.name or not entry.is_dir(follow_symlinks=False):
            continue
        found = _regular(Path(entry.path).joinpath(*relative.parts))
        if found is not None:
            return found
    return None


def _regular(path: Path) -> Path | None:
    """`path` when it is a regular file reached without a symbolic link below the folder."""
    return path if path.is_file() and not path.is_symlink() else None

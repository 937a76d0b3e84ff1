"""What the proof rules derive once and reuse: the index of a REM, and fast display paths.

Checking thousands of candidatures against a handful of REMs, `segur.rules.preuves.checks` would
otherwise walk every REM's proofs and resolve every folder again for each candidature.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from segur.model.preuves import chapter_dirname
from segur.model.rem import Chapitre
from segur.rules.preuves.completeness import ExpectedChapter

Display = Callable[[Path], str]


# What `evaluate` derives from the REM alone, for the last REMs seen: keyed by the identity
# of the chapter models, which the entry keeps alive (so that no other object can take their
# identity while it lives).
_RemIndex = tuple[
    dict[str, tuple[str, str]],  # every proof of the REM -> (chapter, requirement profile)
    dict[str, str],  # folder name -> chapter code
]
_INDEXES: dict[tuple[int, ...], tuple[list[Chapitre], _RemIndex]] = {}
_INDEXES_KEPT = 16


def rem_index(chapitres: list[Chapitre]) -> _RemIndex:
    key = tuple(id(c) for c in chapitres)
    hit = _INDEXES.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], chapitres, strict=True)):
        return hit[1]
    proofs: dict[str, tuple[str, str]] = {}
    for chapitre in chapitres:
        for exigence in chapitre.exigences:
            for scenario in exigence.scenarios:
                for preuve in scenario.preuves:
                    proofs[preuve.id] = (chapitre.code, exigence.profil)
    by_dirname = {chapter_dirname(c.code): c.code for c in chapitres}
    if len(_INDEXES) >= _INDEXES_KEPT:
        _INDEXES.clear()
    _INDEXES[key] = (list(chapitres), (proofs, by_dirname))
    return proofs, by_dirname


def all_proofs(
    rem_proofs: dict[str, tuple[str, str]], expected: dict[str, ExpectedChapter]
) -> dict[str, tuple[str, str]]:
    """Every proof ID of the REM (applicable or not) -> (chapter, requirement profile)."""
    proofs = dict(rem_proofs)
    for chapter in expected.values():
        for proof in chapter.proofs:
            proofs.setdefault(proof.id, (chapter.code, "general"))
    return proofs

"""The paths of a pull request as access control reads them: where each lies, and whether git
stores it canonically.

Every path is first checked as git stores it, before any ownership test: a crafted tree can
hold `..`, empty or `.` segments, backslashes, control characters, non-NFC names, or names
that differ only by case or Unicode normalisation (one overwrites the other on a Windows or
macOS checkout). Such a path is refused for everyone (SEG-ACL-014, SEG-ACL-015). This module
holds that vocabulary of paths (`Place`, `place_of`, `not_canonical`, `collisions`, `shown`),
separate from the judgement of who may change them (`segur.check.acl_decision`) because it
depends on the path alone, never on an identity or on git.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from segur.model.journal import JOURNAL_DIR, parse_event_name
from segur.model.preuves import MANIFEST_FILE, PREUVES_DIR
from segur.repository.paths import DOSSIERS_DIR, SCHEMA_FILES

DOCUMENTS_DIR = "documents"
# The files segur reads at the root of a candidature folder: those people write from a schema
# (the candidature and the SSI questionnaire), but the proof manifests, which are in preuves/.
# Named through the schemas, not the questionnaire's module: access control never reads the
# questionnaire's answers. The folders it reads there are `documents/`, `preuves/<CHAPITRE>/`
# and `journal/`; their names cannot be candidatures.
_CANDIDATURE_FILES = frozenset(SCHEMA_FILES) - {MANIFEST_FILE}
_RESERVED = frozenset({JOURNAL_DIR, DOCUMENTS_DIR, PREUVES_DIR})
# Unicode categories refused in a name: controls (newline included), format characters (a
# right-to-left override makes a name read as another) and surrogates (bytes that are not UTF-8).
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


@dataclass(frozen=True, slots=True)
class Place:
    """Where a path lies: `slug` is set inside `dossiers/<slug>/`; `folder` is the candidature
    folder (`dossiers/<slug>/<candidature>`) of a path segur reads; `journal` inside its journal
    folder, `event_type` the type its name gives. `unknown` says why segur would not read a path
    of `dossiers/`, when it would not."""

    slug: str | None
    journal: bool
    event_type: str | None
    folder: str | None = None
    unknown: str | None = None


def place_of(path: str) -> Place:
    parts = path.split("/")
    if parts[0] != DOSSIERS_DIR or len(parts) < 2:
        return Place(None, False, None)
    name = parts[-1]
    elsewhere = "nommé comme un événement, hors d'un dossier journal/ de candidature"
    if len(parts) == 2:
        # dossiers/README.md and the like: the administrators' files.
        return Place(None, False, None, unknown=elsewhere if parse_event_name(name) else None)
    slug = parts[1]
    if len(parts) == 3:
        return Place(slug, False, None, unknown="fichier hors de toute candidature")
    if parts[2].casefold() in _RESERVED:
        reason = f"« {parts[2]} » est le nom d'un dossier de candidature, pas d'une candidature"
        return Place(slug, False, None, unknown=reason)
    folder, area = "/".join(parts[:3]), parts[3]
    if len(parts) == 4:
        if area in _CANDIDATURE_FILES:
            return Place(slug, False, None, folder)
        return Place(slug, False, None, unknown="fichier inconnu à la racine de la candidature")
    if area == JOURNAL_DIR:
        event = parse_event_name(parts[4]) if len(parts) == 5 else None
        return Place(slug, True, event.type if event else None, folder)
    if parse_event_name(name):
        return Place(slug, False, None, unknown=elsewhere)
    if area == DOCUMENTS_DIR or (area == PREUVES_DIR and len(parts) >= 6):
        return Place(slug, False, None, folder)
    return Place(slug, False, None, unknown=f"dossier « {area} » inconnu dans la candidature")


def _escaped(c: str) -> str:
    if unicodedata.category(c) not in _REFUSED_CATEGORIES:
        return c
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def shown(path: str) -> str:
    """`path` fit for a report line: refused characters escaped, so that a crafted name cannot
    forge another line (a newline), a CI annotation or a misleading display."""
    return "".join(_escaped(c) for c in path)


def not_canonical(path: str) -> str | None:
    """Why `path`, as stored in a git tree, is not a canonical repository path; None if it is."""
    if any(unicodedata.category(c) in _REFUSED_CATEGORIES for c in path):
        return "caractère de contrôle, de format ou octet non UTF-8"
    if "\\" in path:
        return "barre oblique inverse"
    segments = path.split("/")
    if "" in segments:
        return "segment vide"
    if "." in segments or ".." in segments:
        return "segment « . » ou « .. »"
    if not unicodedata.is_normalized("NFC", path):
        return "nom non normalisé en NFC"
    return None


@functools.lru_cache(maxsize=65536)
def _fold(segment: str) -> str:
    # Canonical caseless matching (Unicode §3.13): equal keys mean "the same name" for a
    # case-insensitive or normalising file system.
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", segment).casefold())


def collisions(paths: Iterable[str], existing: Iterable[str]) -> dict[str, str]:
    """Each of `paths` that differs from another path of `paths` or `existing`, or from one of
    their folders, only by case or Unicode normalisation -> the first other name it meets."""
    wanted = list(paths)
    folded_prefixes = {
        "/".join(_fold(s) for s in p.split("/")[: i + 1])
        for p in wanted
        for i in range(p.count("/") + 1)
    }
    names: dict[str, set[str]] = {}
    for p in {*existing, *wanted}:
        segments = p.split("/")
        key = ""
        for i, segment in enumerate(segments):
            key = f"{key}/{_fold(segment)}" if i else _fold(segment)
            if key not in folded_prefixes:
                break
            names.setdefault(key, set()).add("/".join(segments[: i + 1]))
    found: dict[str, str] = {}
    for p in wanted:
        segments = p.split("/")
        for i in range(len(segments)):
            prefix = "/".join(segments[: i + 1])
            others = names["/".join(_fold(s) for s in segments[: i + 1])] - {prefix}
            if others:
                found[p] = min(others)
                break
    return found

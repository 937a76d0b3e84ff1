"""The names of the tree under `dossiers/` (SEG-ARB-007 to 013): how a name is shown, and what
is wrong with a name whatever its place.

A hostile name could forge a line of the report (a newline), drive a terminal (an escape),
read as another name (a bidirectional control, a Cyrillic lookalike) or overwrite a sibling on a
case-insensitive checkout; so every name shown is escaped first (`escape`, `shown_path`,
`escape_text`) and each is judged on its bytes, its characters and its siblings. This module is
separate from `segur.rules.tree`, which judges each entry's type and place and walks the
entries, because these rules read the name alone, never where it lies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from segur.findings.finding import Finding, Severity
from segur.findings.registry import define
from segur.load.tree import Entry, Kind

NOT_UTF8 = define(
    "SEG-ARB-007",
    Severity.ERROR,
    "Nom qui n'est pas en UTF-8",
    "le nom « {name} » n'est pas une suite UTF-8 valide : renommez-le",
)
NOT_NFC = define(
    "SEG-ARB-008",
    Severity.ERROR,
    "Nom non normalisé NFC",
    "le nom « {name} » n'est pas normalisé NFC (accents décomposés) : renommez-le",
)
BAD_CHARACTER = define(
    "SEG-ARB-009",
    Severity.ERROR,
    "Caractère de contrôle, invisible ou de sens d'écriture dans un nom",
    "le nom « {name} » contient {what} : renommez-le",
)
TOO_LONG = define(
    "SEG-ARB-010",
    Severity.ERROR,
    "Nom ou chemin trop long",
    "{what} de {size} octets dépasse la limite de {limit} octets : raccourcissez-le",
)
WINDOWS = define(
    "SEG-ARB-011",
    Severity.ERROR,
    "Nom réservé ou interdit sous Windows",
    "le nom « {name} » {problem} : il ne peut pas être extrait sous Windows, renommez-le",
)
COLLISION = define(
    "SEG-ARB-012",
    Severity.ERROR,
    "Deux noms qui ne diffèrent que par la casse ou la normalisation",
    "« {name} » et « {other} » ne diffèrent que par la casse ou la normalisation Unicode : "
    "ils désignent le même fichier sur certains systèmes, gardez-en un seul",
)
NOT_SLUG = define(
    "SEG-ARB-013",
    Severity.ERROR,
    "Dossier d'éditeur mal nommé",
    "le dossier d'éditeur « {name} » n'est pas un identifiant (minuscules ASCII, chiffres et "
    "tirets, par exemple exemple-editeur){lookalike}",
)

DOSSIERS = "dossiers"
NAME_MAX = 255
PATH_MAX = 4096
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"COM{n}" for n in range(1, 10)]
    + [f"LPT{n}" for n in range(1, 10)]
)
_WINDOWS_CHARACTERS = set('<>:"\\|?*')
# Shown escaped: the C0 and C1 controls (a newline would forge a report line, an escape would
# drive the terminal), the bidirectional controls, the invisible zero-width characters, the
# line and paragraph separators, and the backslash itself so that an escape cannot be faked.
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\u2028\u2029\ufeff]"
)
_ESCAPED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
# The Latin lookalikes of Cyrillic and Greek letters, enough to say which editor a name imitates.
_LOOKALIKES = str.maketrans(
    dict(
        zip(
            "аеорсухіјѕԁԛԝӏοαρτυνικχεΑΒΕΗΙΚΜΝΟΡΤΧΥΖАВЕКМНОРСТХ",
            "aeopcyxijsdqwloaptuvikxeabehikmnoptxyzabekmhopctx",
            strict=True,
        )
    )
)


def escape(name: str) -> str:
    """`name` as it may be shown: every invisible or controlling character, an undecodable byte
    (kept by `os.fsdecode` as a surrogate) and the backslash written as a Python escape."""

    def one(char: str) -> str:
        if char in _ESCAPED:
            return _ESCAPED[char]
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            return f"\\x{code - 0xDC00:02x}"
        if code < 0x100:
            return f"\\x{code:02x}"
        return f"\\u{code:04x}"

    return "".join(
        one(c) if c in _ESCAPED or _INVISIBLE.match(c) or "\udc80" <= c <= "\udcff" else c
        for c in name
    )


def shown_path(names: Sequence[str]) -> str:
    """The repository path of an entry of `dossiers/`, escaped."""
    return "/".join([DOSSIERS, *(escape(n) for n in names)])


def _decodes(part: bytes) -> bool:
    try:
        part.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def name_findings(entry: Entry) -> list[Finding]:
    """What is wrong with the entry's own name, whatever its place."""
    raw = entry.parts[-1]
    name = entry.names[-1]
    path = shown_path(entry.names)
    shown = escape(name)
    found: list[Finding] = []
    if len(raw) > NAME_MAX:
        found.append(TOO_LONG.at(path, 1, 1, what="le nom", size=len(raw), limit=NAME_MAX))
    full = len(DOSSIERS) + sum(len(p) + 1 for p in entry.parts)
    if full > PATH_MAX:
        found.append(TOO_LONG.at(path, 1, 1, what="le chemin", size=full, limit=PATH_MAX))
    if not _decodes(raw):
        return [*found, NOT_UTF8.at(path, 1, 1, name=shown)]
    bad = _INVISIBLE.search(name)
    if bad is not None:
        char = bad.group()
        what = (
            "un saut de ligne"
            if char in "\n\r"
            else "un caractère de contrôle"
            if ord(char) < 0xA0
            else f"le caractère invisible ou de sens d'écriture U+{ord(char):04X}"
        )
        found.append(BAD_CHARACTER.at(path, 1, 1, name=shown, what=what))
    if unicodedata.normalize("NFC", name) != name:
        found.append(NOT_NFC.at(path, 1, 1, name=shown))
    problem = _windows_problem(name)
    if problem is not None:
        found.append(WINDOWS.at(path, 1, 1, name=shown, problem=problem))
    return found


def _windows_problem(name: str) -> str | None:
    stem = name.split(".", 1)[0].rstrip(" ").upper()
    if stem in _WINDOWS_RESERVED:
        return f"est le nom réservé {stem}"
    characters = sorted(set(name) & _WINDOWS_CHARACTERS)
    if characters:
        return "contient " + " ".join(f"« {c} »" for c in characters)
    if name.endswith((".", " ")):
        return "se termine par un point ou une espace"
    return None


def collisions(entries: Sequence[Entry]) -> list[Finding]:
    """Siblings whose names fold to the same text (case and NFC)."""
    first: dict[tuple[tuple[bytes, ...], str], Entry] = {}
    found: list[Finding] = []
    for entry in entries:
        name = entry.names[-1]
        key = (entry.parts[:-1], unicodedata.normalize("NFC", name).casefold())
        seen = first.setdefault(key, entry)
        if seen is not entry:
            found.append(
                COLLISION.at(
                    shown_path(entry.names),
                    1,
                    1,
                    name=escape(name),
                    other=escape(seen.names[-1]),
                )
            )
    return found


def editor_names(entries: Sequence[Entry]) -> list[Finding]:
    slugs = {e.names[0] for e in entries if e.depth == 1 and _SLUG.match(e.names[0])}
    found: list[Finding] = []
    for entry in entries:
        name = entry.names[-1]
        if entry.depth != 1 or entry.kind is not Kind.DIRECTORY or name.startswith("."):
            continue
        if _SLUG.match(name):
            continue
        skeleton = unicodedata.normalize("NFC", name).translate(_LOOKALIKES).lower()
        lookalike = (
            f" : il imite le dossier « {skeleton} » avec des lettres d'un autre alphabet"
            if skeleton in slugs and skeleton != name
            else ""
        )
        found.append(
            NOT_SLUG.at(shown_path(entry.names), 1, 1, name=escape(name), lookalike=lookalike)
        )
    return found


def escape_text(text: str) -> str:
    """`text` with its invisible or controlling characters and undecodable bytes escaped, its
    backslashes kept: for a finding's text, which may quote a name of the tree."""
    if not _INVISIBLE.search(text) and not _SURROGATE.search(text):
        return text
    return "".join(
        c if c == "\\" or not (_INVISIBLE.match(c) or _SURROGATE.match(c)) else escape(c)
        for c in text
    )


_SURROGATE = re.compile("[\udc80-\udcff]")

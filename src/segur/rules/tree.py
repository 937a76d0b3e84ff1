"""Rules of the tree under `dossiers/` (SEG-ARB-001 to 017): every file and folder is either a
known part of a candidature or a finding.

The entries come from `segur.load.tree.walk` (an `lstat` of each, never followed); the rules
here judge them without touching the file system. segur reads only the places it knows: a file
anywhere else would never be checked, a link or a pipe would make it read what the editor did
not submit (or block), and a hostile name could forge a line of the report. So each entry is
judged on its type, its name and its place, and every name shown is escaped first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from segur.findings.finding import Finding, Severity
from segur.findings.registry import define
from segur.load.tree import Entry, Kind, Tree, WalkProblem
from segur.model.preuves import MANIFEST_FILE
from segur.repository.paths import SCHEMA_FILES

UNKNOWN_PLACE = define(
    "SEG-ARB-001",
    Severity.ERROR,
    "Emplacement non reconnu dans dossiers/",
    "{what} à un emplacement que segur ne lit pas : {hint}",
)
WRONG_TYPE = define(
    "SEG-ARB-002",
    Severity.ERROR,
    "Fichier à la place d'un dossier, ou l'inverse",
    "{found} là où {expected} est attendu",
)
HIDDEN = define(
    "SEG-ARB-003",
    Severity.ERROR,
    "Entrée cachée",
    "« {name} » est caché (nom commençant par un point) : segur ne le lirait pas, "
    "renommez-le ou supprimez-le",
)
SYMLINK = define(
    "SEG-ARB-004",
    Severity.ERROR,
    "Lien symbolique",
    "« {name} » est un lien symbolique : il n'est jamais suivi, déposez le fichier ou le "
    "dossier lui-même",
)
HARD_LINK = define(
    "SEG-ARB-005",
    Severity.ERROR,
    "Lien physique",
    "« {name} » partage son contenu avec {count} autre(s) nom(s) (lien physique), peut-être "
    "hors du dépôt : déposez une copie indépendante",
)
SPECIAL = define(
    "SEG-ARB-006",
    Severity.ERROR,
    "Tube nommé, socket ou périphérique",
    "« {name} » est {what}, pas un fichier ordinaire : il n'est jamais ouvert",
)
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
STRAY_YAML = define(
    "SEG-ARB-014",
    Severity.ERROR,
    "Fichier YAML égaré",
    "« {name} » est un fichier YAML {where} : segur ne le lit pas, supprimez-le",
)
EVENT_OUTSIDE = define(
    "SEG-ARB-015",
    Severity.ERROR,
    "Événement hors du journal",
    "« {name} » est nommé comme un événement mais n'est pas dans journal/ : il serait ignoré, "
    "déplacez-le dans le journal de la candidature",
)
UNREADABLE = define(
    "SEG-ARB-016",
    Severity.ERROR,
    "Dossier illisible",
    "le contenu n'a pas pu être parcouru ({reason}) : ce qu'il contient n'est pas vérifié",
)
INTERRUPTED = define(
    "SEG-ARB-017",
    Severity.ERROR,
    "Vérification interrompue par le système de fichiers",
    "la vérification « {step} » de cette candidature s'est interrompue ({reason}) : corrigez "
    "les autres constats de l'arborescence",
)

DOSSIERS = "dossiers"
README = "README.md"
DOCUMENTS, PREUVES, JOURNAL = "documents", "preuves", "journal"
NAME_MAX = 255
PATH_MAX = 4096
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_EVENT = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z][a-z0-9-]*\.ya?ml$", re.IGNORECASE)
_YAML = (".yaml", ".yml")
# The files of a candidature's root: those that have a schema, but the proof manifest.
_CANDIDATURE_FILES = tuple(name for name in SCHEMA_FILES if name != MANIFEST_FILE)
_CANDIDATURE_FOLDERS = (DOCUMENTS, PREUVES, JOURNAL)
_KNOWN_FILES = (*_CANDIDATURE_FILES, MANIFEST_FILE)
_CONTENTS = (
    "une candidature ne contient que "
    + ", ".join([*_CANDIDATURE_FILES, DOCUMENTS + "/", PREUVES + "/"])
    + f" et {JOURNAL}/"
)
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


def _name_findings(entry: Entry) -> list[Finding]:
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


def _kind_findings(entry: Entry) -> list[Finding]:
    path = shown_path(entry.names)
    name = escape(entry.names[-1])
    if entry.kind is Kind.SYMLINK:
        return [SYMLINK.at(path, 1, 1, name=name)]
    if entry.kind in (Kind.FIFO, Kind.SOCKET, Kind.DEVICE, Kind.OTHER):
        what = {
            Kind.FIFO: "un tube nommé",
            Kind.SOCKET: "une socket",
            Kind.DEVICE: "un périphérique",
        }.get(entry.kind, "un fichier spécial")
        return [SPECIAL.at(path, 1, 1, name=name, what=what)]
    if entry.kind is Kind.REGULAR and entry.nlink > 1:
        return [HARD_LINK.at(path, 1, 1, name=name, count=entry.nlink - 1)]
    return []


def _place_finding(entry: Entry) -> Finding | None:
    """Whether the entry is where segur expects it (its parent being known)."""
    names = entry.names
    name = names[-1]
    path = shown_path(names)
    shown = escape(name)
    is_dir = entry.kind is Kind.DIRECTORY
    depth = entry.depth
    if name.startswith("."):
        return HIDDEN.at(path, 1, 1, name=shown)
    if depth == 1:
        if is_dir or name == README:
            return None
        return WRONG_TYPE.at(
            path, 1, 1, found=f"le fichier « {shown} »", expected="un dossier d'éditeur"
        )
    if depth == 2:
        if is_dir:
            return None
        return WRONG_TYPE.at(
            path,
            1,
            1,
            found=f"le fichier « {shown} »",
            expected="un dossier de candidature dossiers/<editeur>/<candidature>/",
        )
    section = names[2]
    if depth == 3:
        if name in _CANDIDATURE_FILES:
            if is_dir:
                return WRONG_TYPE.at(
                    path, 1, 1, found=f"le dossier « {shown} »", expected="un fichier"
                )
            return None
        if name in _CANDIDATURE_FOLDERS:
            if not is_dir:
                return WRONG_TYPE.at(
                    path, 1, 1, found=f"le fichier « {shown} »", expected="un dossier"
                )
            return None
        if _EVENT.match(name):
            return EVENT_OUTSIDE.at(path, 1, 1, name=shown)
        return UNKNOWN_PLACE.at(
            path,
            1,
            1,
            what=f"« {shown} »",
            hint=_CONTENTS,
        )
    if section == JOURNAL:
        if is_dir:
            return WRONG_TYPE.at(
                path, 1, 1, found=f"le dossier « {shown} »", expected="un fichier d'événement"
            )
        return None
    if section == PREUVES and depth == 4:
        if not is_dir:
            return WRONG_TYPE.at(
                path,
                1,
                1,
                found=f"le fichier « {shown} »",
                expected="un dossier de chapitre preuves/<CHAPITRE>/",
            )
        return None
    if is_dir:
        return None
    if _EVENT.match(name):
        return EVENT_OUTSIDE.at(path, 1, 1, name=shown)
    if section == PREUVES and depth == 5 and name == MANIFEST_FILE:
        return None
    if name in _KNOWN_FILES:
        return UNKNOWN_PLACE.at(
            path, 1, 1, what=f"« {shown} »", hint="ce fichier n'est pas à sa profondeur"
        )
    if section == DOCUMENTS and name.lower().endswith(_YAML):
        return STRAY_YAML.at(path, 1, 1, name=shown, where="dans documents/")
    return None


def _collisions(entries: Sequence[Entry]) -> list[Finding]:
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


def _editor_names(entries: Sequence[Entry]) -> list[Finding]:
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


def _problem_findings(problems: Iterable[WalkProblem]) -> list[Finding]:
    return [
        UNREADABLE.at(
            shown_path(tuple(p.decode("utf-8", "surrogateescape") for p in problem.parts)),
            1,
            1,
            reason=problem.reason,
        )
        for problem in problems
    ]


def check_entries(entries: Sequence[Entry], problems: Iterable[WalkProblem] = ()) -> list[Finding]:
    """Every finding on these entries of `dossiers/` (parents listed before their children).

    A misplaced folder is reported once: its contents are not judged for their place (they
    are not read either), only for their type and name, which may still deceive."""
    findings: list[Finding] = []
    misplaced: set[tuple[bytes, ...]] = set()
    for entry in entries:
        findings.extend(_name_findings(entry))
        findings.extend(_kind_findings(entry))
        if entry.kind not in (Kind.REGULAR, Kind.DIRECTORY):
            continue
        if any(entry.parts[:n] in misplaced for n in range(1, entry.depth)):
            continue
        place = _place_finding(entry)
        if place is not None:
            findings.append(place)
            misplaced.add(entry.parts)
    findings.extend(_collisions(entries))
    findings.extend(_editor_names(entries))
    findings.extend(_problem_findings(problems))
    return findings


def check_tree(tree: Tree) -> list[Finding]:
    """Every finding of the whole tree, `dossiers/` itself included."""
    root = tree.root
    if root is not None and root.kind is not Kind.DIRECTORY:
        if root.kind is Kind.SYMLINK:
            return [SYMLINK.at(DOSSIERS, 1, 1, name=DOSSIERS)]
        return [WRONG_TYPE.at(DOSSIERS, 1, 1, found="un fichier", expected="un dossier")]
    return check_entries(tree.entries, tree.problems)


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

"""Rules of the tree under `dossiers/` (SEG-ARB-001 to 006 and 014 to 017): every file and
folder is either a known part of a candidature or a finding.

The entries come from `segur.load.tree.walk` (an `lstat` of each, never followed); the rules
here judge them without touching the file system. segur reads only the places it knows: a file
anywhere else would never be checked, a link or a pipe would make it read what the editor did
not submit (or block), and a hostile name could forge a line of the report. So each entry is
judged on its type, its name and its place, and every name shown is escaped first. The rules
on names alone (SEG-ARB-007 to 013) and the escaping are in `segur.rules.tree_names`; this
module judges each entry's type and place, and walks the entries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from segur.findings.finding import Finding, Severity
from segur.findings.registry import define
from segur.load.tree import Entry, Kind, Tree, WalkProblem
from segur.model.preuves import MANIFEST_FILE
from segur.repository.paths import SCHEMA_FILES
from segur.rules.tree_names import (
    DOSSIERS,
    collisions,
    editor_names,
    escape,
    name_findings,
    shown_path,
)

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

README = "README.md"
DOCUMENTS, PREUVES, JOURNAL = "documents", "preuves", "journal"
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
        findings.extend(name_findings(entry))
        findings.extend(_kind_findings(entry))
        if entry.kind not in (Kind.REGULAR, Kind.DIRECTORY):
            continue
        if any(entry.parts[:n] in misplaced for n in range(1, entry.depth)):
            continue
        place = _place_finding(entry)
        if place is not None:
            findings.append(place)
            misplaced.add(entry.parts)
    findings.extend(collisions(entries))
    findings.extend(editor_names(entries))
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

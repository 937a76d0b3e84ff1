"""Files referenced by `candidature.yaml`: CNDA deposit attestation, mandates of the groupement's
members and the charter signatory's delegation. (The software documentation is a proof of the
procedure chapter, checked with the other proofs by `segur.rules.preuves.checks`.)

A path written by an editor is untrusted. It must name a non-empty regular file INSIDE the
candidature folder: absolute paths and `..` are refused as text, then the path is walked one
component at a time with `lstat` (`segur.load.referenced_file`), so a symbolic link is refused
where it stands and never followed (a link could point outside the dossier, or change between
the check and the review).
The format of the value (string, non-empty) is checked by the model; only string values are
looked at here, so an empty field is reported once, by the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from segur.findings.finding import Finding, Severity
from segur.findings.registry import Rule, define
from segur.load.composer import Loc
from segur.load.document import Document
from segur.load.referenced_file import Kind, ReferencedFile
from segur.rules.sections import dotted, shown

FORBIDDEN = define(
    "SEG-ADM-023",
    Severity.ERROR,
    "Chemin de fichier interdit",
    "champ « {field} » : chemin {value} interdit : {reason} ; un chemin relatif au dossier de "
    "candidature est attendu (par exemple documents/mandat.pdf)",
)
NOT_FOUND = define(
    "SEG-ADM-024",
    Severity.ERROR,
    "Fichier référencé introuvable",
    "champ « {field} » : fichier {value} introuvable dans le dossier de candidature{detail}",
)
EMPTY_FILE = define(
    "SEG-ADM-025",
    Severity.ERROR,
    "Fichier référencé vide",
    "champ « {field} » : le fichier {value} est vide (0 octet) : un document lisible est attendu",
)


def file_references(data: Any) -> Iterator[tuple[Loc, Any]]:
    """Every (location, value) of `candidature.yaml` that names a file of the dossier."""
    if not isinstance(data, dict):
        return
    version = data.get("version_candidate")
    if isinstance(version, dict) and "attestation_depot_cnda" in version:
        yield ("version_candidate", "attestation_depot_cnda"), version["attestation_depot_cnda"]
    charte = data.get("charte")
    if isinstance(charte, dict) and "delegation_pouvoir" in charte:
        yield ("charte", "delegation_pouvoir"), charte["delegation_pouvoir"]
    groupement = data.get("groupement")
    membres = groupement.get("membres") if isinstance(groupement, dict) else None
    if isinstance(membres, list):
        for index, membre in enumerate(membres):
            if isinstance(membre, dict) and "mandat" in membre:
                yield ("groupement", "membres", index, "mandat"), membre["mandat"]


def _text_problem(value: str) -> str | None:
    if "\x00" in value:
        return "caractère nul"
    if "\\" in value:
        return "utilisez « / » comme séparateur, pas « \\ »"
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).drive:
        return "chemin absolu"
    if ".." in PurePosixPath(value).parts:
        return "« .. » sort du dossier"
    return None


LookUp = Callable[[str], ReferencedFile]


def check_file(value: str, look_up: LookUp) -> tuple[Rule, str] | None:
    """The problem with one referenced file as (rule, reason), or None when it is fine; the file
    system is only consulted through `look_up`, once the text of the path is known to be safe."""
    problem = _text_problem(value)
    if problem is not None:
        return FORBIDDEN, problem
    parts = PurePosixPath(value).parts
    if not parts:
        return FORBIDDEN, "chemin vide"
    facts = look_up(value)
    if facts.kind is Kind.MISSING:
        return NOT_FOUND, ""
    if facts.kind is Kind.SYMLINK:
        return FORBIDDEN, f"« {'/'.join(parts[: facts.depth])} » est un lien symbolique"
    if facts.kind is Kind.NOT_REGULAR:
        return NOT_FOUND, " (ce n'est pas un fichier ordinaire)"
    if facts.size == 0:
        return EMPTY_FILE, ""
    return None


def check_files(doc: Document, look_up: LookUp) -> list[Finding]:
    findings: list[Finding] = []
    for loc, value in file_references(doc.data):
        if not isinstance(value, str) or not value.strip():
            continue
        problem = check_file(value.strip(), look_up)
        if problem is None:
            continue
        rule, reason = problem
        values = {"field": dotted(loc), "value": shown(value.strip())}
        if rule is FORBIDDEN:
            values["reason"] = reason
        elif rule is NOT_FOUND:
            values["detail"] = reason
        findings.append(doc.finding(rule, loc, **values))
    return findings

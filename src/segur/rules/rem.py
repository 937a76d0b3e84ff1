"""REM rules: the integrity of the catalogue under `rem/` (SEG-REM-*). What the import reports
about the spreadsheets (SEG-IMP-*) is declared in `segur.rules.rem_import`.

Severities follow one principle: ANS's own published data is reported, never hidden, but its
known inconsistencies (an ID that does not nest under its parent, a requirement without a
scenario…) are WARNINGS, because the catalogue must still be usable; what can only come from a
broken or hand-edited catalogue (two requirements with one ID, a profile missing from the header,
a chapter file that does not match its content) is an ERROR.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from segur.findings.finding import Finding, Severity
from segur.findings.registry import Rule, define
from segur.load.composer import Loc
from segur.model.rem import GENERAL

if TYPE_CHECKING:
    from segur.repository.catalogue import Catalogue, Rem

__all__ = ["Rule", "check_catalogue", "check_rem"]

# --- Integrity of the catalogue (positions in the YAML files) ------------------------------

DUPLICATE_ID = define(
    "SEG-REM-001",
    Severity.ERROR,
    "Identifiant en double",
    "{kind} {id} : identifiant déjà utilisé par {other_kind} ({other_place}) ; chaque "
    "identifiant doit être unique dans le REM",
)
REUSED_ID = define(
    "SEG-REM-002",
    Severity.WARNING,
    "Identifiant réutilisé par un élément mal rattaché",
    "{kind} {id} : identifiant déjà utilisé par {other_kind} ({other_place}) ; donnée ANS à "
    "faire corriger (l'identifiant n'est pas rattaché à son parent)",
)
SCENARIO_NESTING = define(
    "SEG-REM-003",
    Severity.WARNING,
    "Identifiant de scénario mal rattaché",
    "scénario {id} : identifiant attendu de la forme {parent}.NN (exigence {parent})",
)
PROOF_NESTING = define(
    "SEG-REM-004",
    Severity.WARNING,
    "Identifiant de preuve mal rattaché",
    "preuve {id} : identifiant attendu de la forme {parent}.NN (scénario {parent})",
)
NO_SCENARIO = define(
    "SEG-REM-005",
    Severity.WARNING,
    "Exigence sans scénario",
    "exigence {id} : aucun scénario de conformité (au moins un est attendu)",
)
NO_PROOF = define(
    "SEG-REM-006",
    Severity.WARNING,
    "Scénario sans preuve",
    "scénario {id} de l'exigence {req} : aucune preuve attendue n'est définie",
)
UNDECLARED_PROFILE = define(
    "SEG-REM-007",
    Severity.ERROR,
    "Profil non déclaré",
    "exigence {id} : profil « {profil} » absent de l'en-tête {header} (profils déclarés : "
    "{declared})",
)
NO_GENERAL = define(
    "SEG-REM-008",
    Severity.ERROR,
    "Profil général absent",
    "profil « general » absent de l'en-tête : il est attendu dans tout REM (profils "
    "déclarés : {declared})",
)
CHAPTER_MISMATCH = define(
    "SEG-REM-009",
    Severity.ERROR,
    "Exigence hors de son chapitre",
    "exigence {id} : chapitre « {found} » alors que le fichier décrit le chapitre « {code} »",
)
CHAPTER_FILE_NAME = define(
    "SEG-REM-010",
    Severity.ERROR,
    "Nom de fichier de chapitre incohérent",
    "chapitre « {code} » dans le fichier {stem}.yaml : le fichier doit s'appeler {expected}.yaml",
)
HEADER_FOLDER = define(
    "SEG-REM-011",
    Severity.ERROR,
    "En-tête incohérent avec son dossier",
    "{field} « {found} » dans rem/{code}/{version}/ : la valeur attendue est « {expected} »",
)
DUPLICATE_PROFILE = define(
    "SEG-REM-012",
    Severity.ERROR,
    "Profil déclaré deux fois",
    "profil « {id} » déclaré deux fois dans l'en-tête (déjà ligne {ligne})",
)
DUPLICATE_CHAPTER = define(
    "SEG-REM-013",
    Severity.ERROR,
    "Chapitre en double",
    "chapitre « {code} » déjà décrit par {other} : un seul fichier par chapitre est attendu",
)
EMPTY_REM = define(
    "SEG-REM-014",
    Severity.ERROR,
    "REM sans exigence",
    "REM {code} version {version} : aucune exigence (dossier chapitres/ vide ou invalide)",
)


def nested(child: str, parent: str) -> bool:
    """Whether `child` is `parent` followed by `.NN`."""
    return re.fullmatch(re.escape(parent) + r"\.\d+", child) is not None


_WITH_ARTICLE = {"exigence": "l'exigence", "scénario": "le scénario", "preuve": "la preuve"}


@dataclass(frozen=True, slots=True)
class _Occurrence:
    kind: str  # "exigence", "scénario" or "preuve"
    id: str
    well_formed: bool  # a requirement, or an ID nested under its parent
    path: str
    line: int
    col: int

    @property
    def place(self) -> str:
        return f"{self.path}:{self.line}"


def _occurrences(rem: Rem) -> Iterable[_Occurrence]:
    for chapter_file in rem.files:
        doc = chapter_file.document
        for i, exigence in enumerate(chapter_file.chapitre.exigences):
            loc: Loc = ("exigences", i, "id")
            pos = doc.key_at(loc)
            yield _Occurrence("exigence", exigence.id, True, doc.path, pos.line, pos.col)
            for j, scenario in enumerate(exigence.scenarios):
                loc = ("exigences", i, "scenarios", j, "id")
                pos = doc.key_at(loc)
                ok = nested(scenario.id, exigence.id)
                yield _Occurrence("scénario", scenario.id, ok, doc.path, pos.line, pos.col)
                for k, preuve in enumerate(scenario.preuves):
                    loc = ("exigences", i, "scenarios", j, "preuves", k, "id")
                    pos = doc.key_at(loc)
                    # A proof is only well placed if its scenario is too.
                    proof_ok = ok and nested(preuve.id, scenario.id)
                    yield _Occurrence("preuve", preuve.id, proof_ok, doc.path, pos.line, pos.col)


def _check_unique_ids(rem: Rem) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, list[_Occurrence]] = {}
    for occ in _occurrences(rem):
        earlier = seen.setdefault(occ.id, [])
        if earlier:
            clash = next((e for e in earlier if e.well_formed and occ.well_formed), None)
            other = clash or earlier[0]
            rule = DUPLICATE_ID if clash else REUSED_ID
            findings.append(
                rule.at(
                    occ.path,
                    occ.line,
                    occ.col,
                    kind=occ.kind,
                    id=occ.id,
                    other_kind=_WITH_ARTICLE[other.kind],
                    other_place=other.place,
                )
            )
        earlier.append(occ)
    return findings


def _check_nesting(rem: Rem) -> list[Finding]:
    findings: list[Finding] = []
    for chapter_file in rem.files:
        doc = chapter_file.document
        for i, exigence in enumerate(chapter_file.chapitre.exigences):
            if not exigence.scenarios:
                findings.append(doc.finding(NO_SCENARIO, ("exigences", i, "id"), id=exigence.id))
            for j, scenario in enumerate(exigence.scenarios):
                loc: Loc = ("exigences", i, "scenarios", j)
                if not nested(scenario.id, exigence.id):
                    findings.append(
                        doc.finding(
                            SCENARIO_NESTING, (*loc, "id"), id=scenario.id, parent=exigence.id
                        )
                    )
                if not scenario.preuves:
                    findings.append(
                        doc.finding(NO_PROOF, (*loc, "id"), id=scenario.id, req=exigence.id)
                    )
                for k, preuve in enumerate(scenario.preuves):
                    if not nested(preuve.id, scenario.id):
                        findings.append(
                            doc.finding(
                                PROOF_NESTING,
                                (*loc, "preuves", k, "id"),
                                id=preuve.id,
                                parent=scenario.id,
                            )
                        )
    return findings


def _check_header(rem: Rem) -> list[Finding]:
    findings: list[Finding] = []
    doc, header = rem.document, rem.dispositif
    for name, found, expected in (
        ("code", header.code, rem.code),
        ("version_rem", header.version_rem, rem.version),
    ):
        if found != expected:
            findings.append(
                doc.finding(
                    HEADER_FOLDER,
                    (name,),
                    field=name,
                    found=found,
                    code=rem.code,
                    version=rem.version,
                    expected=expected,
                )
            )
    first_line: dict[str, int] = {}
    for i, profil in enumerate(header.profils):
        if profil.id in first_line:
            findings.append(
                doc.finding(
                    DUPLICATE_PROFILE,
                    ("profils", i, "id"),
                    id=profil.id,
                    ligne=first_line[profil.id],
                )
            )
        else:
            first_line[profil.id] = doc.at(("profils", i, "id")).line
    declared = ", ".join(first_line) or "aucun"
    if GENERAL not in first_line:
        findings.append(doc.finding(NO_GENERAL, ("profils",), declared=declared))
    for chapter_file in rem.files:
        for i, exigence in enumerate(chapter_file.chapitre.exigences):
            if exigence.profil not in first_line:
                findings.append(
                    chapter_file.document.finding(
                        UNDECLARED_PROFILE,
                        ("exigences", i, "profil"),
                        id=exigence.id,
                        profil=exigence.profil,
                        header=rem.path,
                        declared=declared,
                    )
                )
    return findings


def _check_chapters(rem: Rem) -> list[Finding]:
    from segur.repository.catalogue import chapter_file_stem

    findings: list[Finding] = []
    seen: dict[str, str] = {}
    for chapter_file in rem.files:
        doc, chapitre = chapter_file.document, chapter_file.chapitre
        expected = chapter_file_stem(chapitre.code)
        if chapter_file.stem != expected:
            findings.append(
                doc.finding(
                    CHAPTER_FILE_NAME,
                    ("code",),
                    code=chapitre.code,
                    stem=chapter_file.stem,
                    expected=expected,
                )
            )
        # Case-insensitive: `APCV.yaml` and `ApCV.yaml` are one file on macOS and Windows.
        key = chapitre.code.casefold()
        if key in seen:
            findings.append(
                doc.finding(DUPLICATE_CHAPTER, ("code",), code=chapitre.code, other=seen[key])
            )
        seen.setdefault(key, chapter_file.path)
        for i, exigence in enumerate(chapitre.exigences):
            if exigence.chapitre != chapitre.code:
                findings.append(
                    doc.finding(
                        CHAPTER_MISMATCH,
                        ("exigences", i, "chapitre"),
                        id=exigence.id,
                        found=exigence.chapitre,
                        code=chapitre.code,
                    )
                )
    if not any(f.chapitre.exigences for f in rem.files):
        findings.append(rem.document.finding(EMPTY_REM, (), code=rem.code, version=rem.version))
    return findings


def check_rem(rem: Rem) -> list[Finding]:
    """Every integrity finding of one REM, sorted by position."""
    findings = [
        *_check_header(rem),
        *_check_chapters(rem),
        *_check_unique_ids(rem),
        *_check_nesting(rem),
    ]
    return sorted(findings)


def check_catalogue(catalogue: Catalogue) -> list[Finding]:
    return [f for rem in catalogue.rems for f in check_rem(rem)]

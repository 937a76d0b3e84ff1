"""`segur rem import`: build the REM catalogue from ANS's spreadsheets.

The workbook is opened and each sheet's layout recognised (`segur.rem_import.sheets`), its lines
read into flat rows (`segur.rem_import.rows`), cells cleaned and interpreted
(`segur.rem_import.text`), rows merged into requirements (`segur.rem_import.requirements`), then
assembled here into one `Dispositif` + `Chapitre`s per REM and written by
`segur.rem_import.write`. This module holds the assembly of the models (proof kinds, nature,
criticité, chapters, profiles) and the import result; it is separate from the merging because it
is where rows become validated models. Nothing is silently dropped: every row or value that
cannot be used becomes a warning naming the sheet and the row. The same input always gives the
same output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from segur import errors
from segur.findings.finding import Finding, has_errors
from segur.model.rem import GENERAL, Chapitre, Dispositif, Exigence, Preuve, ProofKind, Scenario
from segur.model.versions import natural_key
from segur.rem_import.model_errors import refused_at
from segur.rem_import.overrides import Overrides, load_overrides
from segur.rem_import.proofs import ProofLine, short
from segur.rem_import.requirements import (
    GENERAL_LABEL,
    RemBuilder,
    Requirement,
    add_row,
    catalogue_ids,
)
from segur.rem_import.rows import Layout, Row
from segur.rem_import.sheets import read_workbook
from segur.rem_import.text import (
    DEFAULT_KINDS,
    infer_kinds,
    infer_nature,
    slugify,
)
from segur.rem_import.write import write_catalogue
from segur.repository.catalogue import chapter_file_stem
from segur.rules import rem_import as rules

__all__ = [
    "DEFAULT_VERSION",
    "KNOWN_DISPOSITIFS",
    "OVERRIDES_FILE",
    "ImportResult",
    "RemData",
    "UsageError",
    "import_workbook",
    "write_catalogue",
]

DEFAULT_VERSION = "va2-prepub-2023"
OVERRIDES_FILE = "surcharges-types-preuves.yaml"
CRITICITES = ("Mineure", "Majeure", "Critique")


@dataclass(frozen=True, slots=True)
class KnownDispositif:
    libelle: str
    vague: int = 2
    duree_convention_mois: int = 36


# What the spreadsheets do not say about a dispositif.
KNOWN_DISPOSITIFS: dict[str, KnownDispositif] = {
    "BIO": KnownDispositif("Système de gestion de laboratoire de biologie médicale (SGL)"),
    "DB": KnownDispositif("DRIMbox"),
    "DPI": KnownDispositif("Dossier patient informatisé"),
    "LGC": KnownDispositif("Logiciel de gestion de cabinet"),
    "PFI": KnownDispositif("Plateforme d'intermédiation"),
    "RIS": KnownDispositif("Système d'information de radiologie (RIS)"),
}


class UsageError(errors.UsageError, ValueError):
    """Bad command-line input (unknown dispositif, missing option): exit code 2."""


@dataclass(frozen=True, slots=True)
class RemData:
    dispositif: Dispositif
    chapitres: list[Chapitre]
    # Requirement ID -> why the import gave it that ID (a suffix added to an ID that ANS gives
    # to two distinct requirements): written as a comment above the requirement.
    notes: dict[str, str] = field(default_factory=dict)

    def count(self) -> tuple[int, int, int]:
        """Numbers of DISTINCT requirement, scenario and proof IDs.

        ANS's data lists some scenarios and proofs under several requirements (and one proof
        ID for two proofs of a requirement split by the import): a dossier provides each ID
        once, so each is counted once.
        """
        exigences = [e for c in self.chapitres for e in c.exigences]
        scenarios = [s for e in exigences for s in e.scenarios]
        proofs = {p.id for s in scenarios for p in s.preuves}
        return len({e.id for e in exigences}), len({s.id for s in scenarios}), len(proofs)


@dataclass(slots=True)
class ImportResult:
    rems: dict[str, RemData]
    warnings: list[Finding]
    source: str = ""
    version: str = DEFAULT_VERSION

    @property
    def ok(self) -> bool:
        return not has_errors(self.warnings)


# --- Building the models --------------------------------------------------------------------


def _kinds(
    proof: ProofLine, overrides: dict[str, list[ProofKind]], used: set[str], warnings: list[Finding]
) -> list[ProofKind]:
    if proof.id in overrides:
        used.add(proof.id)
        return list(overrides[proof.id])
    kinds = infer_kinds(proof.libelle)
    if kinds is None:
        warnings.append(
            proof.origin.finding(
                rules.IMP_KINDS,
                id=proof.id,
                text=short(proof.libelle),
                kinds=", ".join(k.value for k in DEFAULT_KINDS),
            )
        )
        return list(DEFAULT_KINDS)
    return kinds


def _nature(row: Row, warnings: list[Finding]) -> str:
    nature = row.nature or infer_nature(row.enonce)
    if nature is None:
        warnings.append(row.origin.finding(rules.IMP_NATURE, id=row.req_id))
        return "exigence"
    return nature


def _criticite(row: Row, warnings: list[Finding]) -> str | None:
    if not row.criticite:
        return None
    for value in CRITICITES:
        if row.criticite.casefold() == value.casefold():
            return value
    warnings.append(row.origin.finding(rules.IMP_CRITICITE, id=row.req_id, value=row.criticite))
    return None


def _exigence(
    req_id: str,
    requirement: Requirement,
    row: Row,
    overrides: dict[str, list[ProofKind]],
    used: set[str],
    warnings: list[Finding],
) -> Exigence:
    scenarios = [
        Scenario(
            id=s.id,
            libelle=s.libelle,
            preuves=[
                Preuve(id=p.id, libelle=p.libelle, types=_kinds(p, overrides, used, warnings))
                for p in sorted(s.proofs, key=lambda p: natural_key(p.id))
            ],
        )
        for s in sorted(requirement.scenarios.values(), key=lambda s: natural_key(s.id))
    ]
    return Exigence.model_validate(
        {
            "id": req_id,
            "chapitre": row.chapter_code,
            "bloc": row.bloc,
            "fonction": row.fonction,
            "nature": _nature(row, warnings),
            "criticite": _criticite(row, warnings),
            "profil": slugify(row.profil or GENERAL_LABEL),
            "enonce": row.enonce,
            "scenarios": scenarios,
        }
    )


def _build_rem(
    rem: RemBuilder,
    version: str,
    source: str,
    overrides: dict[str, list[ProofKind]],
    used: set[str],
    warnings: list[Finding],
) -> RemData:
    by_chapter: dict[str, list[Exigence]] = {}
    requirements, notes = catalogue_ids(rem, warnings)
    for req_id in sorted(requirements, key=natural_key):
        requirement = requirements[req_id]
        row = requirement.row
        with refused_at(f"{row.origin.path}:{row.origin.row}", req_id):
            exigence = _exigence(req_id, requirement, row, overrides, used, warnings)
        by_chapter.setdefault(row.chapter_code, []).append(exigence)
    chapitres: list[Chapitre] = []
    files: dict[str, str] = {}
    for code in sorted(by_chapter, key=natural_key):
        labels = rem.chapter_labels.get(code) or Counter({code: 1})
        kept = labels.most_common(1)[0][0]
        origin = next(e for e in rem.requirements.values() if e.row.chapter_code == code).row.origin
        if len(labels) > 1:
            warnings.append(
                origin.finding(
                    rules.IMP_CHAPTER_LABEL, code=code, rem=rem.code, count=len(labels), kept=kept
                )
            )
        stem = chapter_file_stem(code)
        if stem.casefold() in files:  # one file on case-insensitive file systems
            warnings.append(
                origin.finding(
                    rules.IMP_FILE_CLASH,
                    first=files[stem.casefold()],
                    second=code,
                    rem=rem.code,
                    file=f"{stem}.yaml",
                )
            )
        files[stem.casefold()] = code
        chapitres.append(Chapitre(code=code, libelle=kept, exigences=by_chapter[code]))
    profiles = {GENERAL: GENERAL_LABEL}
    for slug, labels in rem.profiles.items():
        if slug != GENERAL:
            profiles[slug] = labels.most_common(1)[0][0]
    known = KNOWN_DISPOSITIFS[rem.code]
    dispositif = Dispositif.model_validate(
        {
            "code": rem.code,
            "libelle": known.libelle,
            "vague": known.vague,
            "version_rem": version,
            "profils": [
                {"id": slug, "libelle": profiles[slug]}
                for slug in [GENERAL, *sorted(p for p in profiles if p != GENERAL)]
            ],
            "duree_convention_mois": known.duree_convention_mois,
            "source": source,
        }
    )
    return RemData(dispositif, chapitres, notes)


def import_workbook(
    xlsx: Path,
    *,
    dispositif: str | None = None,
    version: str = DEFAULT_VERSION,
    overrides: Path | None = None,
    overrides_display: str | None = None,
) -> ImportResult:
    """Read a workbook in either layout and build one REM per dispositif found."""
    if dispositif is not None and dispositif not in KNOWN_DISPOSITIFS:
        known = ", ".join(KNOWN_DISPOSITIFS)
        raise UsageError(f"dispositif « {dispositif} » inconnu : valeurs acceptées : {known}")
    if not version or version != Path(version).name or version.startswith("."):
        raise UsageError(f"version « {version} » invalide : un nom de dossier simple est attendu")
    sheets = read_workbook(xlsx, set(KNOWN_DISPOSITIFS), dispositif)
    if sheets.layout is Layout.CONVERGENCE and dispositif is None:
        raise UsageError(
            "export Convergence : l'option --dispositif est obligatoire (le fichier ne dit pas "
            "de quel dispositif il s'agit)"
        )
    warnings = list(sheets.findings)
    source = f"{xlsx.name} (feuilles : {', '.join(sheets.sheets)})" if sheets.sheets else xlsx.name
    surcharges = Overrides({}, None, [])
    if overrides is not None:
        surcharges = load_overrides(overrides, overrides_display or str(overrides))
        warnings.extend(surcharges.findings)
    override_map = surcharges.kinds
    builders: dict[str, RemBuilder] = {}
    for row in sheets.rows:
        add_row(builders.setdefault(row.rem, RemBuilder(row.rem)), row, warnings)
    used: set[str] = set()
    with refused_at(xlsx.name, None):
        rems = {
            code: _build_rem(builders[code], version, source, override_map, used, warnings)
            for code in sorted(builders)
        }
    if surcharges.document is not None:
        doc = surcharges.document
        for proof_id in sorted(set(override_map) - used, key=natural_key):
            warnings.append(doc.finding(rules.IMP_OVERRIDE_UNUSED, (proof_id,), id=proof_id))
    return ImportResult(rems, sorted(warnings), source, version)

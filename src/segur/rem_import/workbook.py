"""`segur rem import`: build the REM catalogue from ANS's spreadsheets.

The workbook is read into flat rows (`rem_import_sheets`), cells are cleaned and interpreted
(`rem_import_text`), then rows are merged here into one `Dispositif` + `Chapitre`s per REM and
written by `rem_import_write`. Rows merge into one requirement when they share its ID, statement
and profile; two distinct requirements with one ID stay two (SEG-IMP-026: the second gets a
suffix, `MSS/va1.31-2`). Nothing is silently dropped: every row or value that cannot be used
becomes a warning naming the sheet and the row. The same input always gives the same output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from segur import errors
from segur.findings.finding import Finding, has_errors
from segur.model.rem import GENERAL, Chapitre, Dispositif, Exigence, Preuve, ProofKind, Scenario
from segur.model.versions import natural_key
from segur.rem_import.overrides import Overrides, load_overrides
from segur.rem_import.proofs import Origin, ProofLine, short
from segur.rem_import.sheets import Layout, Row, read_workbook
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
GENERAL_LABEL = "Général"
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


# --- Merging rows ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Scenario:
    id: str
    libelle: str
    origin: Origin
    proofs: list[ProofLine] = field(default_factory=list)


@dataclass(slots=True)
class _Requirement:
    row: Row
    scenarios: dict[str, _Scenario] = field(default_factory=dict)
    squash_ids: set[str] = field(default_factory=set)


# A requirement is its ID, its statement and its profile: ANS's data gives one ID to two
# distinct requirements (MSS/va1.31 in RIS: one Général, one for an optional profile), and
# merging them would ask every candidate for the optional profile's proofs.
_Identity = tuple[str, str, str]


def _identity(row: Row) -> _Identity:
    return (row.req_id, " ".join(row.enonce.split()), slugify(row.profil or GENERAL_LABEL))


@dataclass(slots=True)
class _RemBuilder:
    code: str
    requirements: dict[_Identity, _Requirement] = field(default_factory=dict)
    by_id: dict[str, list[_Identity]] = field(default_factory=dict)  # in order of first row
    chapter_labels: dict[str, Counter[str]] = field(default_factory=dict)
    profiles: dict[str, Counter[str]] = field(default_factory=dict)
    chapter_codes: dict[str, str] = field(default_factory=dict)  # casefold -> code kept


# Profile and statement are not compared: they identify the requirement (`_identity`).
_COMPARED = (
    ("chapter_code", "le chapitre"),
    ("bloc", "le bloc"),
    ("fonction", "la fonction"),
    ("criticite", "la criticité"),
)


def _add_row(rem: _RemBuilder, row: Row, warnings: list[Finding]) -> None:
    identity = _identity(row)
    kept = rem.chapter_codes.setdefault(row.chapter_code.casefold(), row.chapter_code)
    if kept != row.chapter_code:
        if identity not in rem.requirements:
            warnings.append(
                row.origin.finding(
                    rules.IMP_CHAPTER_CASE, id=row.req_id, found=row.chapter_code, kept=kept
                )
            )
        row.chapter_code = kept
    existing = rem.requirements.get(identity)
    if existing is None:
        existing = rem.requirements[identity] = _Requirement(row, squash_ids={row.squash_id})
        rem.by_id.setdefault(row.req_id, []).append(identity)
        rem.profiles.setdefault(slugify(row.profil or GENERAL_LABEL), Counter())[
            row.profil or GENERAL_LABEL
        ] += 1
    else:
        first = existing.row
        if row.squash_id and first.squash_id and row.squash_id not in existing.squash_ids:
            # Same ID, statement and profile: one requirement, whatever ANS's tool calls it.
            existing.squash_ids.add(row.squash_id)
            warnings.append(
                row.origin.finding(
                    rules.IMP_DUPLICATE_REQ,
                    id=row.req_id,
                    squash=row.squash_id,
                    other=first.squash_id,
                    ligne=first.origin.row,
                )
            )
        for attribute, label in _COMPARED:
            if getattr(row, attribute) != getattr(first, attribute):
                warnings.append(
                    row.origin.finding(
                        rules.IMP_DIVERGENT, id=row.req_id, field=label, ligne=first.origin.row
                    )
                )
    labels = rem.chapter_labels.setdefault(existing.row.chapter_code, Counter())
    if row.chapter_label:
        labels[row.chapter_label] += 1
    if not row.scen_id:
        return
    scenario = existing.scenarios.get(row.scen_id)
    if scenario is None:
        scenario = existing.scenarios[row.scen_id] = _Scenario(
            row.scen_id, row.scen_label, row.origin
        )
        if not rules.nested(row.scen_id, row.req_id):
            warnings.append(
                row.origin.finding(rules.IMP_SCENARIO_NESTING, id=row.scen_id, parent=row.req_id)
            )
        if not row.scen_label:
            warnings.append(
                row.origin.finding(rules.IMP_SCENARIO_LABEL, id=row.scen_id, req=row.req_id)
            )
    elif row.scen_label and row.scen_label != scenario.libelle:
        field_label = f"le libellé du scénario {row.scen_id}"
        if scenario.libelle:
            warnings.append(
                row.origin.finding(
                    rules.IMP_DIVERGENT, id=row.req_id, field=field_label, ligne=scenario.origin.row
                )
            )
        else:
            scenario.libelle = row.scen_label
    for proof in row.proofs:
        twin = next((p for p in scenario.proofs if p.id == proof.id), None)
        if twin is not None and twin.libelle == proof.libelle:
            warnings.append(
                proof.origin.finding(rules.IMP_DUPLICATE_PROOF, id=proof.id, ligne=twin.origin.row)
            )
            continue
        if twin is not None:
            # Same ID, other libellé, same scenario (SSI/IAM.80.03 in ANS's workbook): a dossier
            # keys proofs by ID, so one proof slot carries both descriptions.
            warnings.append(
                proof.origin.finding(rules.IMP_MERGED_PROOF, id=proof.id, ligne=twin.origin.row)
            )
            twin.libelle = f"{twin.libelle}\n{proof.libelle}"
            continue
        if not rules.nested(proof.id, row.scen_id):
            warnings.append(
                proof.origin.finding(rules.IMP_PROOF_NESTING, id=proof.id, parent=row.scen_id)
            )
        scenario.proofs.append(proof)


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


def _differs(first: _Identity, other: _Identity) -> str:
    if first[1] != other[1] and first[2] != other[2]:
        return "énoncé et profil différents"
    return "énoncé différent" if first[1] != other[1] else "profil différent"


def _catalogue_ids(
    rem: _RemBuilder, warnings: list[Finding]
) -> tuple[dict[str, _Requirement], dict[str, str]]:
    """Requirements by catalogue ID, and a note for each ID the import had to make up.

    The first requirement carrying an ID (in source order) keeps it; each other distinct
    requirement with that ID gets `-2`, `-3`… (the first free one): every requirement keeps its
    own profile, statement, scenarios and proofs. Scenario and proof IDs are ANS's, unchanged:
    they are what editors and ANS exchange.
    """
    taken = set(rem.by_id)
    by_id: dict[str, _Requirement] = {}
    notes: dict[str, str] = {}
    for req_id, identities in rem.by_id.items():
        first = rem.requirements[identities[0]]
        by_id[req_id] = first
        number = 1
        for identity in identities[1:]:
            number += 1
            while f"{req_id}-{number}" in taken:
                number += 1
            new = f"{req_id}-{number}"
            taken.add(new)
            other = rem.requirements[identity]
            by_id[new] = other
            where = f"la ligne {first.row.origin.row}"
            if first.row.origin.path != other.row.origin.path:
                where += f" ({first.row.origin.path})"
            differs = _differs(identities[0], identity)
            warnings.append(
                other.row.origin.finding(
                    rules.IMP_SAME_ID,
                    id=req_id,
                    first=where,
                    ligne=other.row.origin.row,
                    differs=differs,
                    new=new,
                )
            )
            notes[new] = (
                f"{new} : exigence {req_id} de l'ANS ({other.row.origin.path}, ligne "
                f"{other.row.origin.row}) ; {req_id} désigne déjà une autre exigence ({where}, "
                f"{differs}) : suffixe « -{number} » ajouté par l'import (SEG-IMP-026)."
            )
    return by_id, notes


def _build_rem(
    rem: _RemBuilder,
    version: str,
    source: str,
    overrides: dict[str, list[ProofKind]],
    used: set[str],
    warnings: list[Finding],
) -> RemData:
    by_chapter: dict[str, list[Exigence]] = {}
    requirements, notes = _catalogue_ids(rem, warnings)
    for req_id in sorted(requirements, key=natural_key):
        requirement = requirements[req_id]
        row = requirement.row
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
        exigence = Exigence.model_validate(
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
    builders: dict[str, _RemBuilder] = {}
    for row in sheets.rows:
        _add_row(builders.setdefault(row.rem, _RemBuilder(row.rem)), row, warnings)
    used: set[str] = set()
    rems = {
        code: _build_rem(builders[code], version, source, override_map, used, warnings)
        for code in sorted(builders)
    }
    if surcharges.document is not None:
        doc = surcharges.document
        for proof_id in sorted(set(override_map) - used, key=natural_key):
            warnings.append(doc.finding(rules.IMP_OVERRIDE_UNUSED, (proof_id,), id=proof_id))
    return ImportResult(rems, sorted(warnings), source, version)

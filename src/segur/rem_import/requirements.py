"""Building requirements from rows: ANS's flat rows merged into one requirement per identity.

Rows merge into one requirement when they share its ID, statement and profile; two distinct
requirements with one ID stay two and the later ones get a suffix (SEG-IMP-026,
`MSS/va1.31-2`). Every divergence between merged rows (chapter, bloc, scenario libellé, proof)
becomes a warning naming the sheet and the row. This is separate from
`segur.rem_import.workbook`, which turns the merged requirements into the REM models and the
import result: here nothing is a model yet, only rows and the judgement of which ones are the
same requirement.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from segur.findings.finding import Finding
from segur.rem_import.proofs import Origin, ProofLine
from segur.rem_import.rows import Row
from segur.rem_import.text import slugify
from segur.rules import rem_import as rules

GENERAL_LABEL = "Général"


@dataclass(slots=True)
class _Scenario:
    id: str
    libelle: str
    origin: Origin
    proofs: list[ProofLine] = field(default_factory=list)


@dataclass(slots=True)
class Requirement:
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
class RemBuilder:
    code: str
    requirements: dict[_Identity, Requirement] = field(default_factory=dict)
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


def add_row(rem: RemBuilder, row: Row, warnings: list[Finding]) -> None:
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
        existing = rem.requirements[identity] = Requirement(row, squash_ids={row.squash_id})
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


def _differs(first: _Identity, other: _Identity) -> str:
    if first[1] != other[1] and first[2] != other[2]:
        return "énoncé et profil différents"
    return "énoncé différent" if first[1] != other[1] else "profil différent"


def catalogue_ids(
    rem: RemBuilder, warnings: list[Finding]
) -> tuple[dict[str, Requirement], dict[str, str]]:
    """Requirements by catalogue ID, and a note for each ID the import had to make up.

    The first requirement carrying an ID (in source order) keeps it; each other distinct
    requirement with that ID gets `-2`, `-3`… (the first free one): every requirement keeps its
    own profile, statement, scenarios and proofs. Scenario and proof IDs are ANS's, unchanged:
    they are what editors and ANS exchange.
    """
    taken = set(rem.by_id)
    by_id: dict[str, Requirement] = {}
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

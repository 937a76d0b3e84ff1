"""Consistency across candidatures (§3.2): one version candidate is filed once, and a groupement
files one candidature for its solution.

Like the uniqueness of attestation numbers (`segur.lifecycle.analysis.attestation_findings`),
these checks need every candidature at once: they run over the analyses of a whole check run,
and, since each editor's candidatures are in its own repository, over the analyses of every
mirrored repository (`cross_findings`, `segur controle-croise`): a groupement member filing
alone is by nature in another repository than the groupement. A solution is recognised by its
commercial name compared without case, accents or extra spaces, since the same editor may
type "Exemple DPI" once and "exemple  dpi" the next time.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from segur.findings.finding import Finding
from segur.findings.registry import Rule
from segur.lifecycle.analysis import Analysis, attestation_findings
from segur.load.document import load_file
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.cycle import CLOSED, Etat
from segur.repository.federation import Federation
from segur.rules.administratif import DUPLICATE, MEMBER_ALONE

# A duplicate is reported while the other candidature may still lead somewhere: a refused or
# rejected one is over (a new candidature is how the editor tries again).
_OVER = frozenset({Etat.REFUSEE, Etat.REJETEE})


def solution_key(name: str) -> str:
    """A commercial name without case, accents or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _arrival(analysis: Analysis) -> tuple[Any, ...]:
    """When the candidature was filed: its complete administrative dossier on main (the
    chronology's order), drafts last; then its folder, for a stable order."""
    admin = analysis.facts.admin
    filed = (0, admin.order) if admin is not None else (1,)
    return (filed, analysis.cycle.dossier)


def _finding(analysis: Analysis, rule: Rule, loc: tuple[str, ...], **values: str) -> Finding:
    """The finding on the candidature's `candidature.yaml`, at the field it is about."""
    shown = f"{analysis.cycle.dossier}/{CANDIDATURE_FILE}"
    document = load_file(analysis.folder / CANDIDATURE_FILE, shown).document
    if document is None:
        return rule.at(shown, 1, 1, **values)
    return document.finding(rule, loc, **values)


def duplicate_findings(analyses: Iterable[Analysis]) -> list[Finding]:
    """SEG-ADM-031 on the later of two candidatures of the same editor, solution and technical
    version, neither refused nor rejected; SEG-ADM-032 on a groupement member's own
    candidature for the solution of an open groupement candidature."""
    ordered = sorted((a for a in analyses if a.candidature is not None), key=_arrival)
    findings: list[Finding] = []
    first: dict[tuple[str, str, str], Analysis] = {}
    for analysis in ordered:
        candidature = analysis.candidature
        assert candidature is not None
        if analysis.cycle.etat in _OVER:
            continue
        name = candidature.version_candidate.denomination_commerciale
        key = (
            candidature.editeur.siret,
            solution_key(name),
            candidature.solution.version_technique,
        )
        earlier = first.setdefault(key, analysis)
        if earlier is not analysis:
            findings.append(
                _finding(
                    analysis,
                    DUPLICATE,
                    ("solution", "version_technique"),
                    siret=key[0],
                    solution=name,
                    version=key[2],
                    other=earlier.cycle.dossier,
                )
            )
    findings += _members_alone(ordered)
    return findings


def _members_alone(analyses: list[Analysis]) -> list[Finding]:
    # (member SIRET, solution) -> the open groupement candidature that names the member.
    groupements: dict[tuple[str, str], Analysis] = {}
    for analysis in analyses:
        candidature = analysis.candidature
        if candidature is None or candidature.groupement is None:
            continue
        if analysis.cycle.etat in CLOSED:
            continue
        solution = solution_key(candidature.version_candidate.denomination_commerciale)
        for membre in candidature.groupement.membres:
            groupements.setdefault((membre.siret, solution), analysis)
    findings: list[Finding] = []
    for analysis in analyses:
        candidature = analysis.candidature
        if candidature is None or analysis.cycle.etat in CLOSED:
            continue
        name = candidature.version_candidate.denomination_commerciale
        groupement = groupements.get((candidature.editeur.siret, solution_key(name)))
        if groupement is None or groupement is analysis:
            continue
        findings.append(
            _finding(
                analysis,
                MEMBER_ALONE,
                ("editeur", "siret"),
                siret=candidature.editeur.siret,
                solution=name,
                other=groupement.cycle.dossier,
            )
        )
    return findings


def cross_findings(federation: Federation, analyses: Sequence[Analysis]) -> list[Finding]:
    """Every check across candidatures (attestation numbers, duplicates, groupement members)
    over the analyses of all the members of `federation`: `segur controle-croise`.

    Across the mirrors, each path is prefixed by the name of its member's checkout, the slug of
    the editor (`<cache>/<slug>`, `segur.load.mirror.checkout_path`): the findings name several
    editors' repositories, so the ANS must see in which one each is. A repository that holds
    its own dossiers (a registry of one) keeps its paths as `segur check` shows them."""
    found = {*attestation_findings(list(analyses)), *duplicate_findings(analyses)}
    if federation.members == (federation.central,):
        return sorted(found)
    # One editor's folders are in one member only (SEG-FED-001 leaves the others out).
    slugs = {a.cycle.dossier: federation.owner(a.folder).root.name for a in analyses}

    def prefixed(finding: Finding) -> Finding:
        dossier = "/".join(finding.path.split("/")[:3])
        slug = slugs.get(dossier)
        return (
            finding if slug is None else dataclasses.replace(finding, path=f"{slug}/{finding.path}")
        )

    return sorted(prefixed(f) for f in found)

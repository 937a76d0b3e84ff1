"""What the public may see: the ONLY input of the public site and of the open data.

§3.1.4 of the procedure publishes two lists: the candidates in progress (the éditeur–solution
pair for each dispositif) and the solutions that obtained their referencing. §3.7 and §3.8 forbid
everything else: verdicts, refusal reasons, proofs, SSI answers, personal contact data. So the
site never reads a candidature: it reads this model, and this model is an explicit whitelist
(every field named below, unknown fields refused, instances frozen). Adding a published field is
a change to this file, reviewed as such.

A refused or rejected candidature simply leaves the list of candidates in progress: its outcome is
not published, not even per dispositif (see `Statistiques`).

A referencing whose convention has ended (`fin_convention` before the publication's date) is no
longer a referenced solution (§3.5.3: the logo may be used only until the end of the convention):
it leaves the current list, the open data of referenced solutions and the decision feed, and
is kept in the history of referencings (`echues`), with its dates.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import statistics
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from segur.dossier.administratif import load_candidature
from segur.findings.registry import all_rules
from segur.lifecycle.analysis import analyse_federation
from segur.model.candidature import Candidature
from segur.repository.catalogue import Catalogue
from segur.repository.federation import Federation
from segur.repository.paths import Repository

# Statistical secrecy: a count of candidatures closed without referencing is published only when
# it reaches this threshold, so that a small number cannot point at one identifiable editor.
SEUIL_SECRET_STATISTIQUE = 5
# Buckets of the time from the complete deposit to the decision, in days (upper bounds).
TRANCHES_DELAI = ((30, "moins d'un mois"), (91, "1 à 3 mois"), (182, "3 à 6 mois"))
TRANCHE_DERNIERE = "plus de 6 mois"


class _Public(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class DispositifPublic(_Public):
    code: str
    libelle: str


class CandidatEnCours(_Public):
    """An éditeur–solution pair in progress for one dispositif (§3.1.4): nothing more."""

    dispositif: str
    editeur: str
    solution: str


class SolutionReferencee(_Public):
    identifiant: str  # address of its page, built from the published fields only
    dispositif: str
    editeur: str
    solution: str
    version_technique: str
    version_commerciale: str
    profils: tuple[str, ...]  # libellés of the REM
    date_decision: dt.date
    fin_convention: dt.date | None
    numero_attestation: str
    # §3.1.1: the `identifiant` of the published referencing of the version this one succeeds
    # (its candidature names it in `solution.version_precedente`); None when that version was
    # never referenced.
    version_precedente: str | None = None

    def echue(self, day: dt.date) -> bool:
        """The convention has ended before `day` (its last day is still inside, §3.5.3)."""
        return self.fin_convention is not None and self.fin_convention < day


class RegleValidation(_Public):
    identifiant: str
    gravite: str
    titre: str


class EffectifDispositif(_Public):
    """Counts that the two public lists already show: they add no information."""

    dispositif: str
    en_cours: int
    referencees: int


class TrancheDelai(_Public):
    libelle: str
    decisions: int


class Statistiques(_Public):
    par_dispositif: tuple[EffectifDispositif, ...]
    # Refused and rejected candidatures, merged and over every dispositif; None below the
    # secrecy threshold.
    closes_sans_referencement: int | None
    # Time from the complete deposit to the referencing decision, referenced solutions only.
    delais: tuple[TrancheDelai, ...]
    delai_median_jours: int | None  # None below the secrecy threshold


class Publication(_Public):
    date: dt.date  # the date of the published data (the commit's date)
    dispositifs: tuple[DispositifPublic, ...]
    candidats: tuple[CandidatEnCours, ...]
    referencees: tuple[SolutionReferencee, ...]
    # Referencings whose convention has ended by `date`: their history, not the current list.
    echues: tuple[SolutionReferencee, ...]
    statistiques: Statistiques
    regles: tuple[RegleValidation, ...]

    def candidats_de(self, code: str) -> list[CandidatEnCours]:
        return [c for c in self.candidats if c.dispositif == code]

    def referencees_de(self, code: str) -> list[SolutionReferencee]:
        return [s for s in self.referencees if s.dispositif == code]

    def echues_de(self, code: str) -> list[SolutionReferencee]:
        return [s for s in self.echues if s.dispositif == code]

    def versions_de(self, solution: SolutionReferencee) -> list[SolutionReferencee]:
        """Every referenced version of the same editor's solution, current or ended, newest
        decision first."""
        same = [
            s
            for s in (*self.referencees, *self.echues)
            if (s.editeur, s.solution) == (solution.editeur, solution.solution)
        ]
        return sorted(same, key=lambda s: (s.date_decision, s.identifiant), reverse=True)

    def precedente(self, solution: SolutionReferencee) -> SolutionReferencee | None:
        """The published referencing of the version `solution` succeeds (§3.1.1), if any."""
        wanted = solution.version_precedente
        return next((s for s in (*self.referencees, *self.echues) if s.identifiant == wanted), None)

    def suivantes(self, solution: SolutionReferencee) -> list[SolutionReferencee]:
        """The published referencings of the versions that name `solution` as their
        predecessor."""
        return [
            s
            for s in (*self.referencees, *self.echues)
            if s.version_precedente == solution.identifiant
        ]

    def est_echue(self, solution: SolutionReferencee) -> bool:
        return solution.echue(self.date)

    def libelle_dispositif(self, code: str) -> str:
        return next((d.libelle for d in self.dispositifs if d.code == code), code)


class CycleFacts(Protocol):
    """What the publication reads of a lifecycle (`segur.lifecycle.analysis.Cycle`), and nothing
    else.
    """

    @property
    def dossier(self) -> str: ...
    @property
    def dispositif(self) -> str | None: ...
    @property
    def date_depot_complet(self) -> dt.date | None: ...
    @property
    def date_decision(self) -> dt.date | None: ...
    @property
    def fin_convention(self) -> dt.date | None: ...
    @property
    def numero_attestation(self) -> str | None: ...
    @property
    def en_cours(self) -> bool: ...
    @property
    def reference(self) -> bool: ...


def slug(text: str) -> str:
    """ASCII address fragment: `Exemple Santé 5.2` -> `exemple-sante-5-2`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "solution"


def _profils(candidature: Candidature, catalogue: Catalogue) -> tuple[str, ...]:
    rem = catalogue.get(candidature.dispositif, candidature.version_rem)
    libelles = {p.id: p.libelle for p in rem.dispositif.profils} if rem else {}
    return tuple(libelles.get(p, p) for p in candidature.profils)


def _version_commerciale(candidature: Candidature) -> str:
    solution = candidature.solution
    for version in solution.versions:
        if version.version_technique == solution.version_technique:
            return version.version_commerciale
    return candidature.version_candidate.denomination_commerciale


def _referencee(
    cycle: CycleFacts, candidature: Candidature, catalogue: Catalogue
) -> SolutionReferencee | None:
    if cycle.date_decision is None or cycle.numero_attestation is None:
        return None
    editeur = candidature.editeur.denomination_sociale
    solution = candidature.version_candidate.denomination_commerciale
    version = candidature.solution.version_technique
    return SolutionReferencee(
        identifiant=slug(f"{candidature.dispositif} {editeur} {solution} {version}"),
        dispositif=candidature.dispositif,
        editeur=editeur,
        solution=solution,
        version_technique=version,
        version_commerciale=_version_commerciale(candidature),
        profils=_profils(candidature, catalogue),
        date_decision=cycle.date_decision,
        fin_convention=cycle.fin_convention,
        numero_attestation=cycle.numero_attestation,
    )


def _unique_ids(
    solutions: list[tuple[str, SolutionReferencee]],
) -> list[tuple[str, SolutionReferencee]]:
    seen: dict[str, int] = {}
    unique: list[tuple[str, SolutionReferencee]] = []
    for dossier, s in solutions:
        count = seen.get(s.identifiant, 0) + 1
        seen[s.identifiant] = count
        if count > 1:
            s = s.model_copy(update={"identifiant": f"{s.identifiant}-{count}"})
        unique.append((dossier, s))
    return unique


def _linked(
    solutions: list[tuple[str, SolutionReferencee]], candidatures: Mapping[str, Candidature]
) -> list[SolutionReferencee]:
    """Each referencing with the public `identifiant` of the referenced version its
    candidature names as predecessor, a folder of the same editor (§3.1.1)."""
    by_dossier = {dossier: s.identifiant for dossier, s in solutions}
    linked: list[SolutionReferencee] = []
    for dossier, s in solutions:
        previous = candidatures[dossier].solution.version_precedente
        if previous is not None:
            target = by_dossier.get(posixpath.join(posixpath.dirname(dossier), previous))
            if target is not None and target != s.identifiant:
                s = s.model_copy(update={"version_precedente": target})
        linked.append(s)
    return linked


def _tranches(delays: Sequence[int]) -> tuple[TrancheDelai, ...]:
    counts = dict.fromkeys([label for _, label in TRANCHES_DELAI] + [TRANCHE_DERNIERE], 0)
    for days in delays:
        label = next((lab for bound, lab in TRANCHES_DELAI if days < bound), TRANCHE_DERNIERE)
        counts[label] += 1
    return tuple(TrancheDelai(libelle=k, decisions=v) for k, v in counts.items())


def _secret(count: int) -> int | None:
    return count if count >= SEUIL_SECRET_STATISTIQUE else None


def _statistiques(
    dispositifs: Iterable[DispositifPublic],
    candidats: Sequence[CandidatEnCours],
    referencees: Sequence[SolutionReferencee],
    closes: int,
    delays: Sequence[int],
) -> Statistiques:
    par_dispositif = tuple(
        EffectifDispositif(
            dispositif=d.code,
            en_cours=sum(c.dispositif == d.code for c in candidats),
            referencees=sum(s.dispositif == d.code for s in referencees),
        )
        for d in dispositifs
    )
    median = round(statistics.median(delays)) if _secret(len(delays)) else None
    return Statistiques(
        par_dispositif=par_dispositif,
        closes_sans_referencement=_secret(closes),
        delais=_tranches(delays),
        delai_median_jours=median,
    )


def build_publication(
    cycles: Iterable[CycleFacts],
    candidatures: Mapping[str, Candidature],
    catalogue: Catalogue,
    date: dt.date,
) -> Publication:
    """The whitelist, from the lifecycles and the validated candidatures (by `cycle.dossier`).

    A candidature whose `candidature.yaml` does not validate is not published at all.
    """
    dispositifs = tuple(
        DispositifPublic(code=code, libelle=catalogue.for_code(code)[0].dispositif.libelle)
        for code in catalogue.codes()
    )
    pairs: set[tuple[str, str, str]] = set()
    referencees: list[tuple[str, SolutionReferencee]] = []
    delays: list[int] = []
    closes = 0
    for cycle in cycles:
        candidature = candidatures.get(cycle.dossier)
        if candidature is None or cycle.dispositif is None:
            continue
        if cycle.reference:
            referencee = _referencee(cycle, candidature, catalogue)
            if referencee is not None:
                referencees.append((cycle.dossier, referencee))
                if cycle.date_depot_complet is not None:
                    delays.append((referencee.date_decision - cycle.date_depot_complet).days)
        elif cycle.en_cours:
            editeur = candidature.editeur.denomination_sociale
            solution = candidature.version_candidate.denomination_commerciale
            pairs.add((candidature.dispositif, editeur, solution))
        else:
            closes += 1
    candidats = tuple(
        CandidatEnCours(dispositif=d, editeur=e, solution=s) for d, e, s in sorted(pairs)
    )
    # By dispositif, editor and solution; the newest decision first within a solution.
    referencees.sort(key=lambda p: (p[1].date_decision, p[1].numero_attestation), reverse=True)
    referencees.sort(key=lambda p: (p[1].dispositif, p[1].editeur, p[1].solution))
    linked = _linked(_unique_ids(referencees), candidatures)
    current = tuple(s for s in linked if not s.echue(date))
    return Publication(
        date=date,
        dispositifs=dispositifs,
        candidats=candidats,
        referencees=current,
        echues=tuple(s for s in linked if s.echue(date)),
        statistiques=_statistiques(dispositifs, candidats, current, closes, delays),
        regles=tuple(
            RegleValidation(identifiant=r.id, gravite=r.severity.value, titre=r.title)
            for r in all_rules()
        ),
    )


def publish(repo: Repository, catalogue: Catalogue, date: dt.date) -> Publication:
    """The publication of a repository as of `date`: its lifecycles and validated candidatures."""
    return publish_federation(Federation.single(repo), catalogue, date)


def publish_federation(federation: Federation, catalogue: Catalogue, date: dt.date) -> Publication:
    """The publication of every candidature of a federation's members, as `main` of each
    holds it: the same as one repository holding them all."""
    analyses = analyse_federation(federation, catalogue, date, from_history=True)
    candidatures: dict[str, Candidature] = {}
    for analysis in analyses:
        repo = federation.owner(analysis.folder)
        model = load_candidature(analysis.folder, repo, catalogue, date).model
        if model is not None:
            candidatures[analysis.cycle.dossier] = model
    return build_publication([a.cycle for a in analyses], candidatures, catalogue, date)

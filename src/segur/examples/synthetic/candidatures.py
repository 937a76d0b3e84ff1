"""Synthetic candidatures for scale tests: who applies, and for what.

`segur synthetique` builds a whole repository of N invented candidatures (thousands, as in a
real wave of the SONS procedure) to measure the tools at that scale. Three pure modules:
- here, `plan`: the editors and their candidatures, each with its dispositif, the general
  profile plus random optional profiles of that dispositif, its successive versions, and its
  fate: some chapters deposited and the others not yet, every chapter complete, or decided;
- `segur.examples.synthetic.files`: the files of a candidature at each step;
- `segur.examples.synthetic.story`: the pull requests and commits over simulated months.

Nothing is random beyond `random.Random` seeded from the seed and the candidature's number, so
a seed always gives the same bytes. Chapters are never left incomplete: a partial candidature
has chapters *not deposited* (allowed), never an incomplete one (an error of `segur check`).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from stdnum import luhn

from segur.model.preuves import NatureCnda
from segur.model.rem import GENERAL
from segur.model.versions import version_key
from segur.repository.catalogue import Catalogue, Rem
from segur.rules.preuves.completeness import PROCEDURE_CHAPTER, ExpectedChapter, expected_chapters

# Dispositifs in proportion to a wave of ANS (more DPI and LGC than the rest).
_WEIGHTS = {"DPI": 5, "LGC": 5, "RIS": 2, "BIO": 2, "PFI": 2, "DB": 3}
_PRENOMS: tuple[str, ...] = ("Claire", "Hugo", "Inès", "Julie", "Karim", "Léa", "Marc")
_PRENOMS += ("Nicolas", "Sophie", "Paul", "Camille", "Thomas", "Manon", "Lucas", "Chloé")
_PRENOMS += ("Antoine", "Sarah", "Mehdi", "Emma", "Louis", "Aïcha", "Jules", "Zoé", "Yann")
_NOMS: tuple[str, ...] = ("Martin", "Bernard", "Dubois", "Robert", "Richard", "Petit")
_NOMS += ("Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia")
_NOMS += ("David", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier")
_RACINES: tuple[str, ...] = ("Medi", "Clini", "Santé", "Bio", "Radio", "Pharma", "Numé")
_RACINES += ("Info", "Cardio", "Dermo", "Neuro", "Ortho", "Pédia")
_SUFFIXES = ("logic", "sys", "tech", "soft", "ware", "net", "lab", "cloud", "data", "care")
_VILLES = (
    ("75015", "Paris"),
    ("69007", "Lyon"),
    ("13008", "Marseille"),
    ("31000", "Toulouse"),
    ("44000", "Nantes"),
    ("33000", "Bordeaux"),
    ("59000", "Lille"),
    ("67000", "Strasbourg"),
)
_FORMES = ("SAS", "SAS", "SA", "SARL", "SASU")


class Fate(StrEnum):
    """Where a candidature stands at the end of the simulated months."""

    PARTIEL = "partiel"  # some chapters deposited (complete), the others not deposited yet
    COMPLET = "complet"  # every chapter complete, in instruction
    DECIDE = "décidé"  # complete and decided by the collège (see `segur.examples.synthetic.story`)


_FATES = ((Fate.PARTIEL, 35), (Fate.COMPLET, 40), (Fate.DECIDE, 25))


@dataclass(frozen=True, slots=True)
class Person:
    prenom: str
    nom: str
    email: str
    telephone: str
    login: str

    def as_data(self) -> dict[str, str]:
        return {
            "nom": self.nom,
            "prenom": self.prenom,
            "email": self.email,
            "telephone": self.telephone,
        }


@dataclass(frozen=True, slots=True)
class Editor:
    number: int
    slug: str
    denomination: str
    siret: str
    forme: str
    adresse: str
    representant: Person
    contact: Person

    @property
    def logins(self) -> tuple[str, str]:
        return (self.representant.login, self.contact.login)


@dataclass(frozen=True, slots=True)
class Candidature:
    """One synthetic candidature: what it applies for and what it has deposited in the end."""

    graine: int  # the seed of the whole repository
    number: int
    editor: Editor
    slug: str
    rem: Rem
    profils: tuple[str, ...]
    produit: str  # dénomination commerciale
    versions: tuple[str, ...]  # technical versions, oldest first; the last is the candidate
    fate: Fate
    chapters: tuple[ExpectedChapter, ...]  # every expected chapter, in deposit order
    deposited: tuple[str, ...]  # codes of the chapters deposited by the end, in that order
    provisional_cnda: dict[str, NatureCnda] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return f"dossiers/{self.editor.slug}/{self.slug}"

    @property
    def key(self) -> str:
        """`editeur/candidature`: what makes its proof files differ from the others'."""
        return f"{self.editor.slug}/{self.slug}"


def rng_for(seed: int, *parts: object) -> random.Random:
    """An independent generator per purpose: seeding from a string is stable across runs."""
    # Not for secrets: a reproducible stream of choices is the point.
    return random.Random("/".join(str(p) for p in (seed, *parts)))  # noqa: S311


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.lower().replace(" ", "-")


def siret(number: int) -> str:
    siren = f"9{number:07d}"
    siren += luhn.calc_check_digit(siren)
    body = f"{siren}0001"
    return body + str(luhn.calc_check_digit(body))


def _person(rng: random.Random, editor_number: int, domain: str, tag: str) -> Person:
    prenom, nom = rng.choice(_PRENOMS), rng.choice(_NOMS)
    telephone = f"0{rng.randint(1, 5)} 99 00 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
    return Person(
        prenom=prenom,
        nom=nom,
        email=f"{_ascii(prenom)}.{_ascii(nom)}@{domain}",
        telephone=telephone,
        login=f"synth{editor_number:05d}-{tag}-{_ascii(prenom)}",
    )


def make_editor(seed: int, number: int) -> Editor:
    rng = rng_for(seed, "editeur", number)
    name = rng.choice(_RACINES) + rng.choice(_SUFFIXES)
    slug = f"synth-{number:05d}-{_ascii(name)}"
    domain = f"{slug}.example.fr"
    cp, ville = rng.choice(_VILLES)
    forme = rng.choice(_FORMES)
    return Editor(
        number=number,
        slug=slug,
        denomination=f"{name.capitalize()} {number} {forme}",
        siret=siret(number),
        forme=forme,
        adresse=f"{rng.randint(1, 120)} rue de la Synthèse, {cp} {ville}",
        representant=_person(rng, number, domain, "rl"),
        contact=_person(rng, number, domain, "ct"),
    )


def _weighted(rng: random.Random, items: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*items, strict=True)
    return rng.choices(values, weights=weights)[0]


def plan(catalogue: Catalogue, n: int, seed: int) -> list[Candidature]:
    """N candidatures from about 0.45·N editors; an editor applying again for the same
    dispositif submits the next version of the same product."""
    rems = {code: rems[-1] for code in catalogue.codes() if (rems := _sorted(catalogue, code))}
    weights = tuple((code, w) for code, w in _WEIGHTS.items() if code in rems) or tuple(
        (code, 1) for code in rems
    )
    if not weights:
        raise ValueError("catalogue REM vide : impossible de générer des candidatures")
    master = rng_for(seed, "plan")
    editors: list[Editor] = []
    products: dict[tuple[int, str], tuple[str, list[str]]] = {}
    result: list[Candidature] = []
    for number in range(1, n + 1):
        if not editors or master.random() < 0.45:
            editors.append(make_editor(seed, len(editors) + 1))
            editor = editors[-1]
        else:
            editor = master.choice(editors)
        code = _weighted(master, weights)
        rng = rng_for(seed, "candidature", number)
        key = (editor.number, code)
        if key in products:
            produit, versions = products[key]
            head, tail = versions[-1].split(".")
            versions = [*versions, f"{head}.{int(tail) + 1}"]
        else:
            produit = f"{editor.denomination.rsplit(' ', 2)[0]} {code} {rng.choice(_SUFFIXES)}"
            major, minor = rng.randint(1, 9), rng.randint(0, 5)
            versions = [f"{major}.{m}" for m in range(max(0, minor - 2), minor + 1)]
        products[key] = (produit, versions)
        result.append(_candidature(rng, seed, number, editor, rems[code], produit, versions))
    return result


def _sorted(catalogue: Catalogue, code: str) -> list[Rem]:
    return sorted(catalogue.for_code(code), key=lambda r: version_key(r.version))


def _candidature(
    rng: random.Random,
    seed: int,
    number: int,
    editor: Editor,
    rem: Rem,
    produit: str,
    versions: list[str],
) -> Candidature:
    optional = [p.id for p in rem.dispositif.profils if p.id != GENERAL]
    chosen = {p for p in optional if rng.random() < 0.3}
    profils = (GENERAL, *(p for p in optional if p in chosen))
    chapters = expected_chapters(rem.chapitres, profils)
    # The procedure chapter (version screenshot, documentation) first, the others shuffled.
    procedure = [c for c in chapters if c.code == PROCEDURE_CHAPTER]
    others = [c for c in chapters if c.code != PROCEDURE_CHAPTER]
    rng.shuffle(others)
    ordered = (*procedure, *others)
    fate: Fate = _weighted(rng, _FATES)
    count = len(ordered) if fate is not Fate.PARTIEL else rng.randint(0, len(ordered) - 1)
    deposited = tuple(c.code for c in ordered[:count])
    provisional: dict[str, NatureCnda] = {}
    cnda = [c.code for c in ordered[:count] if any(p.cnda for p in c.proofs)]
    if cnda and rng.random() < 0.15:
        provisional[rng.choice(cnda)] = rng.choice((NatureCnda.PRE_EXAMEN, NatureCnda.ESPACE_CNDA))
    slug = f"{rem.code.lower()}-{versions[-1].replace('.', '-')}"
    return Candidature(
        seed,
        number,
        editor,
        slug,
        rem,
        profils,
        produit,
        tuple(versions),
        fate,
        ordered,
        deposited,
        provisional,
    )

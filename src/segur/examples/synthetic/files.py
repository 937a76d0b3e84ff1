"""The files of a synthetic candidature at each step of its history, and the access map.

Built with the blocks of `segur.examples.generator`: `empty_chapter` (a manifest as `segur new`
writes
it) and `fill_chapter` (every expected proof of a chapter deposited, small real files). Paths are
relative to the repository root. Videos and PDFs are stored as Git LFS pointers (the generated
`.gitattributes` sends them to LFS; a pointer's oid is the sha256 the manifest gives), while
screenshots and logs stay plain files: `segur check` meets both cases, as on a real repository.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from typing import Any

import yaml

from segur.examples.generator import (
    Files,
    ProofContext,
    empty_chapter,
    fill_chapter,
    questionnaire_text,
)
from segur.examples.samples import minimal_pdf
from segur.examples.synthetic.candidatures import Candidature, Editor, rng_for, siret
from segur.model.access import ACCESS_FILE, CarteAcces
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import NatureCnda
from segur.model.questionnaire import QUESTIONNAIRE_FILE
from segur.repository.access import CODEOWNERS_FILE, codeowners
from segur.repository.paths import SCHEMA_FILES, schema_comment
from segur.repository.questionnaire import load_questionnaire
from segur.rules.preuves.completeness import PROCEDURE_CHAPTER

MARK = "# Dossier synthétique (segur synthetique) : éditeur, personnes et preuves inventés.\n"
ATTESTATION_CNDA = "documents/attestation-depot-cnda.pdf"
LFS_SUFFIXES = (".mp4", ".pdf")
LFS_SPEC = "version https://git-lfs.github.com/spec/v1\n"
GITATTRIBUTES = (
    "# Dépôt synthétique : vidéos et PDF des candidatures par Git LFS (pointeurs).\n"
    + "".join(f"dossiers/**/*{s} filter=lfs diff=lfs merge=lfs -text\n" for s in LFS_SUFFIXES)
)
ANS_IDENTITIES = (
    ("synth-ans-admin", "Administration du dépôt (ANS, synthétique)", ("admin",)),
    ("synth-ans-instructrice", "Instructrice (ANS, synthétique)", ("instructeur",)),
    (
        "synth-ans-instructeur",
        "Instructeur et collège (ANS, synthétique)",
        ("instructeur", "college"),
    ),
    ("synth-ans-direction", "Direction de l'ANS (synthétique)", ("direction",)),
)


# Candidatures with the same REM and profiles have the same empty manifests.
_empty_chapter = functools.lru_cache(maxsize=1024)(empty_chapter)


def lfs_pointer(data: bytes) -> bytes:
    """The Git LFS pointer of `data`: its oid is the sha256 of the content."""
    oid = hashlib.sha256(data).hexdigest()
    return f"{LFS_SPEC}oid sha256:{oid}\nsize {len(data)}\n".encode("ascii")


def _stored(path: str, data: bytes) -> bytes:
    """What git holds for a file: a pointer for the kinds `.gitattributes` sends to LFS."""
    return lfs_pointer(data) if path.endswith(LFS_SUFFIXES) else data


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=96)


def candidature_data(c: Candidature, charte: dt.date, depot: dt.date | None) -> dict[str, Any]:
    """The content of `candidature.yaml`; `depot` is the planned date of the complete proofs."""
    rng = rng_for(c.graine, "administratif", c.number)
    editor = c.editor
    version: dict[str, Any] = {"denomination_commerciale": c.produit}
    if depot is not None:
        version["date_previsionnelle_depot_preuves"] = depot
    version |= {
        "nie": f"NIE-SYNTH-{editor.number:05d}",
        "nil": f"NIL-SYNTH-{c.number:05d}",
        "attestation_depot_cnda": ATTESTATION_CNDA,
    }
    distributeurs = []
    if rng.random() < 0.3:
        start = charte - dt.timedelta(days=rng.randint(100, 900))
        distributeurs.append(
            {
                "denomination_sociale": f"Distribution {editor.denomination}",
                "siret": siret(500000 + editor.number),
                "date_signature_mandat": start,
                "date_fin_mandat": start + dt.timedelta(days=365 * rng.randint(2, 5)),
            }
        )
    legal = editor.representant
    return {
        "dispositif": c.rem.code,
        "version_rem": c.rem.version,
        "profils": list(c.profils),
        "editeur": {
            "denomination_sociale": editor.denomination,
            "siret": editor.siret,
            "forme_juridique": editor.forme,
            "fonction_dirigeant": rng.choice(("Président", "Présidente", "Directeur général")),
            "adresse_siege": editor.adresse,
            "representant_legal": legal.as_data(),
            "contact_referencement": editor.contact.as_data(),
        },
        "charte": {
            "signataire": {"nom": legal.nom, "prenom": legal.prenom},
            "qualite": "representant_legal",
            "date_acceptation": charte,
            "version_charte": "V1.1",
        },
        "version_candidate": version,
        "solution": {
            "version_technique": c.versions[-1],
            "versions": [
                {"version_technique": v, "version_commerciale": f"{c.produit} {v.split('.')[0]}"}
                for v in c.versions
            ],
            "distributeurs": distributeurs,
        },
        "composants_additionnels": [],
        "mainteneurs": list(editor.logins),
    }


def candidature_file(c: Candidature, charte: dt.date, depot: dt.date | None) -> Files:
    """`candidature.yaml` alone."""
    data = candidature_data(c, charte, depot)
    text = schema_comment(3, SCHEMA_FILES[CANDIDATURE_FILE]) + MARK + _dump(data)
    return {f"{c.folder}/{CANDIDATURE_FILE}": text.encode("utf-8")}


def dossier_files(c: Candidature, charte: dt.date, depot: dt.date | None) -> Files:
    """The administrative dossier (with fictitious answers to the SSI questionnaire, as the
    examples have) and every manifest as `segur new` leaves them (nothing deposited)."""
    answers = questionnaire_text(load_questionnaire(), c.number % 3)
    files: Files = {
        QUESTIONNAIRE_FILE: answers.encode("utf-8"),
        ATTESTATION_CNDA: minimal_pdf(
            [f"Attestation de dépôt CNDA (synthétique) - {c.produit} {c.versions[-1]}"]
        ),
    }
    for chapter in c.chapters:
        files.update(_empty_chapter(chapter))
    stored = {f"{c.folder}/{path}": _stored(path, data) for path, data in files.items()}
    return {**candidature_file(c, charte, depot), **stored}


def chapter_files(c: Candidature, codes: tuple[str, ...], day: dt.date) -> Files:
    """Every proof of the chapters `codes` deposited; `day` is the day of the (fictitious)
    test runs that the logs show."""
    context = ProofContext(
        seed=c.key,
        solution=f"{c.produit} {c.versions[-1]}",
        editeur=c.editor.denomination,
        date=day,
    )
    files: Files = {}
    for chapter in c.chapters:
        if chapter.code not in codes:
            continue
        documentation = None
        if chapter.code == PROCEDURE_CHAPTER:
            documentation = {"documentation-utilisateur.pdf": f"Documentation - {context.solution}"}
        files |= fill_chapter(
            chapter,
            context,
            nature_cnda=c.provisional_cnda.get(chapter.code, NatureCnda.ATTESTATION),
            documentation=documentation,
        )
    return {f"{c.folder}/{path}": _stored(path, data) for path, data in files.items()}


def access_map_files(editors: list[Editor]) -> Files:
    """`acces.yaml` for the ANS roles and `editors`, and the CODEOWNERS generated from it."""
    lines = ["# Carte d'accès du dépôt synthétique (segur synthetique) : identités inventées.\n"]
    lines.append("identites:\n")
    for login, nom, roles in ANS_IDENTITIES:
        lines.append(f"  {login}:\n    nom: {nom}\n    roles: [{', '.join(roles)}]\n")
    for editor in editors:
        for person in (editor.representant, editor.contact):
            lines.append(
                f"  {person.login}:\n"
                f"    nom: {person.prenom} {person.nom} ({editor.denomination})\n"
                f'    roles: ["editeur:{editor.slug}"]\n'
            )
    identites: dict[str, dict[str, Any]] = {
        login: {"roles": list(roles)} for login, _, roles in ANS_IDENTITIES
    }
    for editor in editors:
        identites |= {login: {"roles": [f"editeur:{editor.slug}"]} for login in editor.logins}
    carte = CarteAcces.model_validate({"identites": identites})
    text = "".join(lines).encode("utf-8")
    return {ACCESS_FILE: text, CODEOWNERS_FILE: codeowners(carte).encode("utf-8")}


def base_files(rem: Files, schemas: dict[str, str], n: int, graine: int) -> Files:
    """The initial commit: the REM catalogue (`rem`, paths under `rem/`), the JSON Schemas,
    `.gitattributes`, a README and the access map of ANS alone."""
    readme = (
        "# Dépôt synthétique de candidatures Ségur (SONS)\n\n"
        f"Généré par `segur synthetique --n {n} --graine {graine}` pour mesurer les outils à "
        "l'échelle d'une vague réelle : éditeurs, personnes, numéros et preuves sont inventés. "
        "La même graine redonne les mêmes fichiers et le même historique.\n"
    )
    files: Files = {
        ".gitattributes": GITATTRIBUTES.encode("utf-8"),
        "README.md": readme.encode("utf-8"),
        **{f"schemas/{name}": text.encode("utf-8") for name, text in schemas.items()},
        **access_map_files([]),
        **rem,
    }
    return dict(sorted(files.items()))

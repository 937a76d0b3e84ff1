"""Shared builders for the administrative-dossier tests: a small REM and a valid dossier."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from segur.examples.samples import minimal_pdf
from segur.repository.questionnaire import load_questionnaire

DISPOSITIF = "DPI"
VERSION = "va2-test"
TODAY = dt.date(2025, 6, 2)
SIRET_EDITEUR = "73282932000074"  # valid Luhn
SIRET_MEMBRE = "55208131766522"
SIRET_DISTRIBUTEUR = "44306184100047"


def _exigence(eid: str, chapitre: str, profil: str, proofs: int) -> dict[str, Any]:
    return {
        "id": eid,
        "chapitre": chapitre,
        "bloc": "Bloc",
        "fonction": "Fonction",
        "nature": "exigence",
        "criticite": "Majeure",
        "profil": profil,
        "enonce": f"Énoncé de {eid}",
        "scenarios": [
            {
                "id": f"{eid}.01",
                "libelle": f"Scénario de {eid}",
                "preuves": [
                    {
                        "id": f"{eid}.01.{n:02d}",
                        "libelle": f"Preuve {n} de {eid}",
                        "types": ["capture"],
                    }
                    for n in range(1, proofs + 1)
                ],
            }
        ],
    }


def write_rem(root: Path, code: str = DISPOSITIF, version: str = VERSION) -> None:
    """rem/<code>/<version>/ with chapters INS (general), IAM (iam) and DOC (ie-usagers)."""
    folder = root / "rem" / code / version
    (folder / "chapitres").mkdir(parents=True)
    header = {
        "code": code,
        "libelle": f"Dispositif {code} de test",
        "vague": 2,
        "version_rem": version,
        "profils": [
            {"id": "general", "libelle": "Général"},
            {"id": "iam", "libelle": "IAM"},
            {"id": "ie-usagers", "libelle": "IE Usagers"},
        ],
        "duree_convention_mois": 36,
        "source": "test",
    }
    (folder / "dispositif.yaml").write_text(yaml.safe_dump(header, allow_unicode=True))
    chapters = {
        "INS": ("Identité nationale de santé", [_exigence("INS.01", "INS", "general", 2)]),
        "IAM": ("Gestion des accès", [_exigence("IAM.01", "IAM", "iam", 1)]),
        "DOC": ("Documents", [_exigence("DOC.01", "DOC", "ie-usagers", 1)]),
    }
    for chapter_code, (libelle, exigences) in chapters.items():
        body = {"code": chapter_code, "libelle": libelle, "exigences": exigences}
        path = folder / "chapitres" / f"{chapter_code}.yaml"
        path.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False))


def _personne(prenom: str, nom: str, email: str, telephone: str) -> dict[str, str]:
    return {"nom": nom, "prenom": prenom, "email": email, "telephone": telephone}


BASE: dict[str, Any] = {
    "dispositif": DISPOSITIF,
    "version_rem": VERSION,
    "profils": ["general", "iam"],
    "editeur": {
        "denomination_sociale": "Exemple Santé Logiciels SAS",
        "siret": SIRET_EDITEUR,
        "forme_juridique": "SAS",
        "fonction_dirigeant": "Présidente",
        "adresse_siege": "1 rue de l'Exemple, 75015 Paris",
        "representant_legal": _personne(
            "Claire", "Exemple", "claire.exemple@example.fr", "01 99 00 12 34"
        ),
        "contact_referencement": _personne(
            "Paul", "Modèle", "paul.modele@example.fr", "+33 1 99 00 56 78"
        ),
    },
    "charte": {
        "signataire": {"nom": "Exemple", "prenom": "Claire"},
        "qualite": "representant_legal",
        "date_acceptation": dt.date(2025, 1, 15),
        "version_charte": "2024-1",
    },
    "version_candidate": {
        "denomination_commerciale": "Exemple DPI",
        "date_previsionnelle_depot_preuves": dt.date(2025, 9, 1),
        "nie": "NIE-0001",
        "nil": "NIL-0001",
        "attestation_depot_cnda": "documents/attestation-cnda.pdf",
    },
    "groupement": {
        "chef_de_file": SIRET_EDITEUR,
        "membres": [
            {
                "denomination_sociale": "Exemple Partenaire SARL",
                "siret": SIRET_MEMBRE,
                "mandat": "documents/mandat-partenaire.pdf",
            }
        ],
    },
    "solution": {
        "version_technique": "5.10",
        "versions": [
            {"version_technique": "5.9", "version_commerciale": "Exemple DPI 2024"},
            {"version_technique": "5.10", "version_commerciale": "Exemple DPI 2025"},
        ],
        "distributeurs": [
            {
                "denomination_sociale": "Exemple Distribution SA",
                "siret": SIRET_DISTRIBUTEUR,
                "date_signature_mandat": dt.date(2024, 1, 1),
                "date_fin_mandat": dt.date(2026, 12, 31),
            }
        ],
    },
    "composants_additionnels": [
        {
            "editeur": "Exemple Partenaire SARL",
            "siret": SIRET_MEMBRE,
            "denomination_commerciale": "Exemple Agenda",
            "version": "2.1",
            "chapitre": "INS",
            "substitue_composant_principal": True,
            "nil": "NIL-0002",
        }
    ],
    "mainteneurs": ["claire-exemple", "paulmodele"],
}
FILES = ("documents/attestation-cnda.pdf", "documents/mandat-partenaire.pdf")


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def answers() -> dict[str, Any]:
    return {"reponses": {q.id: q.reponses[0] for q in load_questionnaire().questions}}


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def write_dossier(
    root: Path,
    data: dict[str, Any] | None = None,
    reponses: dict[str, Any] | None = None,
    editeur: str = "exemple-editeur",
    candidature: str = "dpi-5-10",
) -> Path:
    folder = root / "dossiers" / editeur / candidature
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "candidature.yaml").write_text(dump(base() if data is None else data))
    (folder / "questionnaire-ssi.yaml").write_text(
        dump(answers() if reponses is None else reponses)
    )
    for name in FILES:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(minimal_pdf(f"Dossier fictif d'exemple : {name}"))
    return folder


def repo_with_dossier(tmp_path: Path, data: dict[str, Any] | None = None) -> Path:
    write_rem(tmp_path)
    return write_dossier(tmp_path, data)

"""Builders for the proof-dossier tests: a REM with every proof kind, and real proof files."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from adm_support import VERSION, base, write_dossier
from segur.examples.samples import minimal_pdf, minimal_png, sample_video

DISPOSITIF = "DPI"


def _exigence(
    eid: str, chapitre: str, profil: str, proofs: list[tuple[str, list[str]]]
) -> dict[str, Any]:
    return {
        "id": eid,
        "chapitre": chapitre,
        "nature": "exigence",
        "profil": profil,
        "enonce": f"Le système DOIT satisfaire {eid}.",
        "scenarios": [
            {
                "id": f"{eid}.01",
                "libelle": f"Scénario de {eid}",
                "preuves": [
                    {"id": f"{eid}.01.{n:02d}", "libelle": libelle, "types": types}
                    for n, (libelle, types) in enumerate(proofs, start=1)
                ],
            }
        ],
    }


CHAPTERS: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "INS": (
        "Identité nationale de santé",
        [
            _exigence(
                "INS.01",
                "INS",
                "general",
                [("Copie d'écran de l'identité", ["capture"]), ("Vidéo du scénario", ["video"])],
            ),
            _exigence("INS.02", "INS", "general", [("Journal des appels INSi", ["rapport"])]),
        ],
    ),
    "APCV": (
        "Application carte Vitale",
        [_exigence("APCV.01", "APCV", "general", [("Homologation CNDA", ["homologation_cnda"])])],
    ),
    "MSS": (
        "Messagerie sécurisée",
        [
            _exigence(
                "MSS.01",
                "MSS",
                "general",
                [("Identifiant d'exécution de la plateforme de tests", ["identifiant"])],
            )
        ],
    ),
    "SSI/IAM": (
        "Gestion des accès",
        [_exigence("SSI/IAM.01", "SSI/IAM", "iam", [("Document d'interface", ["document"])])],
    ),
    "DOC": (
        "Documents",
        [_exigence("DOC.01", "DOC", "ie-usagers", [("Copie d'écran", ["capture"])])],
    ),
}


def write_rem(root: Path) -> None:
    folder = root / "rem" / DISPOSITIF / VERSION
    (folder / "chapitres").mkdir(parents=True)
    header = {
        "code": DISPOSITIF,
        "libelle": "Dispositif de test",
        "vague": 2,
        "version_rem": VERSION,
        "profils": [
            {"id": "general", "libelle": "Général"},
            {"id": "iam", "libelle": "IAM"},
            {"id": "ie-usagers", "libelle": "IE Usagers"},
        ],
        "duree_convention_mois": 36,
        "source": "test",
    }
    (folder / "dispositif.yaml").write_text(yaml.safe_dump(header, allow_unicode=True))
    for code, (libelle, exigences) in CHAPTERS.items():
        body = {"code": code, "libelle": libelle, "exigences": exigences}
        name = code.replace("/", "-")
        (folder / "chapitres" / f"{name}.yaml").write_text(
            yaml.safe_dump(body, allow_unicode=True, sort_keys=False)
        )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


SAMPLES: dict[str, bytes] = {
    "capture": minimal_png(),
    "video": sample_video(),
    "rapport": b"2026-01-05T10:00:00 appel INSi OK\n",
    "document": minimal_pdf("Document d'interface fictif"),
    "pdf": minimal_pdf("Attestation CNDA fictive"),
}


def deposit(
    folder: Path, chapitre: str, entries: dict[str, Any], files: dict[str, bytes] | None = None
) -> Path:
    """Write preuves/<chapitre>/ with its manifest and files; return the manifest path."""
    target = folder / "preuves" / chapitre.replace("/", "-")
    target.mkdir(parents=True, exist_ok=True)
    for name, data in (files or {}).items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    manifest = target / "preuves.yaml"
    manifest.write_text(
        yaml.safe_dump(
            {"chapitre": chapitre, "preuves": entries}, allow_unicode=True, sort_keys=False
        )
    )
    return manifest


def file_entry(name: str, data: bytes, **extra: str) -> dict[str, Any]:
    return {"fichiers": [{"chemin": name, "sha256": sha(data), **extra}]}


def complete_ins(folder: Path) -> Path:
    cap, vid, log = SAMPLES["capture"], SAMPLES["video"], SAMPLES["rapport"]
    return deposit(
        folder,
        "INS",
        {
            "INS.01.01.01": file_entry("identite.png", cap),
            "INS.01.01.02": file_entry("scenario.mp4", vid),
            "INS.02.01.01": file_entry("insi.log", log),
        },
        {"identite.png": cap, "scenario.mp4": vid, "insi.log": log},
    )


def dossier(root: Path, profils: list[str] | None = None) -> Path:
    write_rem(root)
    data = base()
    data["composants_additionnels"][0]["chapitre"] = "INS"
    if profils is not None:
        data["profils"] = profils
    return write_dossier(root, data)

"""The proof manifest of one chapter: `preuves/<chapitre>/preuves.yaml`.

It maps each proof ID expected by the REM to the files that prove it (path relative to the
manifest's folder, sha256 of the content) or, for an execution ID, to a value. An entry with no
file and no value is simply not deposited yet: the scaffold lists every applicable ID that way.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum

from pydantic import Field

from segur.model.base import Chemin, Identifiant, Message, Model

# Bounds: the largest REM chapter expects a few hundred proofs (180 in RIS INS), a proof a few
# files (screenshots of one scenario); far above, a manifest is an attack on the tools.
MAX_PREUVES = 2000
MAX_FICHIERS = 100

MANIFEST_FILE = "preuves.yaml"
PREUVES_DIR = "preuves"


class NatureCnda(StrEnum):
    """What was deposited for a CNDA homologation (§3.3 of the procedure)."""

    ATTESTATION = "attestation"  # the final homologation attestation
    PRE_EXAMEN = "pre-examen"  # attestation of pre-examination of the homologation file
    ESPACE_CNDA = "espace-cnda"  # screenshot of the editor's personal CNDA space


class Fichier(Model):
    chemin: Chemin
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    commentaire: Message | None = None
    nature_cnda: NatureCnda | None = None


class EntreePreuve(Model):
    fichiers: list[Fichier] = Field(default_factory=list, max_length=MAX_FICHIERS)
    identifiant: Identifiant | None = None
    commentaire: Message | None = None

    @property
    def deposee(self) -> bool:
        return bool(self.fichiers) or bool(self.identifiant)


class Manifeste(Model):
    chapitre: Identifiant
    preuves: dict[Identifiant, EntreePreuve] = Field(default_factory=dict, max_length=MAX_PREUVES)


def chapter_dirname(code: str) -> str:
    """Folder and file name of a chapter: `SSI/IE` -> `SSI-IE` (a slash cannot be a name)."""
    return code.replace("/", "-")


def chapter_digest(manifest: Manifeste) -> str:
    """The digest of a chapter as the instruction judges it: what each proof ID holds.

    It is made of the manifest's deposited entries: for each proof ID, its files (path, sha256
    of the content, CNDA nature) or its identifier. On `main` every file matches the sha256 its
    manifest names (the PR check recomputes them), so the digest pins the proofs' content too,
    without reading them. Comments and entries not yet deposited are left out: rewording a
    comment or re-listing an empty ID does not change what was judged.
    """
    canonical = {
        proof_id: {
            "fichiers": sorted(
                [f.chemin, f.sha256, f.nature_cnda.value if f.nature_cnda else ""]
                for f in entry.fichiers
            ),
            "identifiant": entry.identifiant or "",
        }
        for proof_id, entry in sorted(manifest.preuves.items())
        if entry.deposee
    }
    text = json.dumps([manifest.chapitre, canonical], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

"""The REM catalogue: dispositif header, chapters, requirements, scenarios and proofs.

Layout on disk (one file per chapter keeps reviews and diffs readable):
    rem/<DISPOSITIF>/<version>/dispositif.yaml
    rem/<DISPOSITIF>/<version>/chapitres/<chapitre>.yaml
Requirement data is imported from ANS's spreadsheets by `segur rem import`, never typed by hand.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from segur.model.base import (
    Code,
    Identifiant,
    Message,
    MessageFacultatif,
    Model,
    Texte,
    TexteFacultatif,
)

GENERAL = "general"
# Bounds, far above the REMs of 2023 (a dispositif has at most 25 profiles, a chapter 133
# requirements, a requirement 9 scenarios, a scenario 6 proofs): a hostile or corrupted
# catalogue file cannot make every check of every dossier slow.
MAX_PROFILS = 200
MAX_EXIGENCES = 2000
MAX_SCENARIOS = 200
MAX_PREUVES = 200


class ProofKind(StrEnum):
    """What an editor may deposit for one proof."""

    VIDEO = "video"
    CAPTURE = "capture"  # screenshot
    DOCUMENT = "document"  # PDF document or attestation
    RAPPORT = "rapport"  # report or log: text, JSON, XML
    HOMOLOGATION_CNDA = "homologation_cnda"  # CNDA attestation, pre-examination or CNDA space
    IDENTIFIANT = "identifiant"  # an execution ID (e.g. MSSanté test platform): a value


class Profil(Model):
    id: Code
    libelle: Texte


class Dispositif(Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]*$", max_length=20)
    libelle: Texte
    vague: int = Field(ge=1, le=100)
    version_rem: Identifiant
    profils: list[Profil] = Field(min_length=1, max_length=MAX_PROFILS)
    duree_convention_mois: int = Field(ge=1, le=1200)
    source: Texte


class Preuve(Model):
    id: Identifiant
    libelle: Message
    types: list[ProofKind] = Field(min_length=1, max_length=len(ProofKind))

    @property
    def cnda(self) -> bool:
        return ProofKind.HOMOLOGATION_CNDA in self.types


class Scenario(Model):
    id: Identifiant
    libelle: MessageFacultatif  # the workbook leaves some scenarios without a description
    preuves: list[Preuve] = Field(default_factory=list, max_length=MAX_PREUVES)


class Exigence(Model):
    id: Identifiant
    chapitre: Identifiant
    bloc: TexteFacultatif = ""
    fonction: TexteFacultatif = ""
    nature: Literal["exigence", "preconisation"]
    criticite: Literal["Mineure", "Majeure", "Critique"] | None = None
    profil: Code
    enonce: Message
    scenarios: list[Scenario] = Field(default_factory=list, max_length=MAX_SCENARIOS)


class Chapitre(Model):
    code: Identifiant
    libelle: Texte
    exigences: list[Exigence] = Field(default_factory=list, max_length=MAX_EXIGENCES)

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

from segur.model.base import Model

GENERAL = "general"


class ProofKind(StrEnum):
    """What an editor may deposit for one proof."""

    VIDEO = "video"
    CAPTURE = "capture"  # screenshot
    DOCUMENT = "document"  # PDF document or attestation
    RAPPORT = "rapport"  # report or log: text, JSON, XML
    HOMOLOGATION_CNDA = "homologation_cnda"  # CNDA attestation, pre-examination or CNDA space
    IDENTIFIANT = "identifiant"  # an execution ID (e.g. MSSanté test platform): a value


class Profil(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    libelle: str = Field(min_length=1)


class Dispositif(Model):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]*$")
    libelle: str = Field(min_length=1)
    vague: int = Field(ge=1)
    version_rem: str = Field(min_length=1)
    profils: list[Profil] = Field(min_length=1)
    duree_convention_mois: int = Field(ge=1)
    source: str = Field(min_length=1)


class Preuve(Model):
    id: str
    libelle: str
    types: list[ProofKind] = Field(min_length=1)

    @property
    def cnda(self) -> bool:
        return ProofKind.HOMOLOGATION_CNDA in self.types


class Scenario(Model):
    id: str
    libelle: str
    preuves: list[Preuve] = Field(default_factory=list)


class Exigence(Model):
    id: str
    chapitre: str
    bloc: str = ""
    fonction: str = ""
    nature: Literal["exigence", "preconisation"]
    criticite: Literal["Mineure", "Majeure", "Critique"] | None = None
    profil: str
    enonce: str
    scenarios: list[Scenario] = Field(default_factory=list)


class Chapitre(Model):
    code: str
    libelle: str
    exigences: list[Exigence] = Field(default_factory=list)

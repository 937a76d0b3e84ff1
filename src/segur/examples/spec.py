"""What one fictitious example dossier is made of (the data live in `segur.examples.dossiers`
and `segur.example_dossiers_cycle`; `segur.examples.generator` turns them into files)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from segur.model.candidature import FICTITIOUS_MARK
from segur.model.preuves import NatureCnda

# Second line of every generated YAML file (the first is the schema comment); it opens with
# the mark the core reads to put a "fictitious" banner on documents, badge and e-mails.
MARK = f"{FICTITIOUS_MARK} : éditeur, personnes, numéros et documents sont inventés.\n"


@dataclass(frozen=True, slots=True)
class ExampleDossier:
    editeur: str
    candidature: str
    role: str  # shown in a comment of candidature.yaml
    answers: int  # which allowed answer of the SSI questionnaire to pick (0, 1 or 2)
    data: dict[str, Any]  # candidature.yaml
    documents: dict[str, str]  # file of the dossier -> the line of text of its PDF
    documentation: dict[str, str]  # PROC.02.01.01 file name -> the line of text of its PDF
    # Chapters deposited (complete unless `omitted` says otherwise); None: every chapter.
    deposited: tuple[str, ...] | None
    # Chapter -> how its CNDA homologations are shown, when not by the final attestation.
    provisional_cnda: Mapping[str, NatureCnda] = field(default_factory=dict)
    # Proofs left out of the deposited chapters, which makes those chapters incomplete: an
    # error of `segur check`, hence never in the embedded examples (test fixtures only).
    omitted: tuple[str, ...] = ()


def personne(prenom: str, nom: str, email: str, tel: str) -> dict[str, str]:
    return {"nom": nom, "prenom": prenom, "email": email, "telephone": tel}

"""The names of the three documents given to a referenced editor (§3.5.2)."""

from __future__ import annotations

CONVENTION, ATTESTATION, RAPPORT = "convention", "attestation", "rapport"
DOCUMENT_STEMS = {
    CONVENTION: "convention-de-referencement",
    ATTESTATION: "attestation-de-referencement",
    RAPPORT: "rapport-de-conformite",
}
TITLES = {
    CONVENTION: "Convention de référencement Ségur",
    ATTESTATION: "Attestation de référencement Ségur",
    RAPPORT: "Rapport de conformité aux exigences",
}


def attachment_names() -> list[str]:
    """The PDF files attached to the notification of an attribution."""
    return [f"{DOCUMENT_STEMS[kind]}.pdf" for kind in (CONVENTION, ATTESTATION, RAPPORT)]

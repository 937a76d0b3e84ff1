"""Where a proof belongs, as the proof findings say it: a finding at the wrong place names the
right one, and the finding at the right place names where the proof went.

A proof put in the wrong place (an entry in another chapter's manifest, a file in another
chapter's folder) would otherwise give two findings that ignore each other. The places are named
relative to the candidature (`preuves/INS/preuves.yaml`), as the editor sees them.
"""

from __future__ import annotations

from dataclasses import replace

from segur.findings.finding import Finding
from segur.model.preuves import MANIFEST_FILE, PREUVES_DIR, chapter_dirname


def with_hint(finding: Finding, hint: str) -> Finding:
    """`finding` with `hint` appended to its message: how it connects to another finding."""
    return replace(finding, message=finding.message + hint) if hint else finding


def folder_of(code: str) -> str:
    """A chapter's proof folder, relative to the candidature, as messages name it."""
    return f"{PREUVES_DIR}/{chapter_dirname(code)}"


def manifest_of(code: str) -> str:
    """A chapter's manifest, relative to the candidature, as messages name it."""
    return f"{folder_of(code)}/{MANIFEST_FILE}"


def found_elsewhere_hint(found: str, code: str, refused: bool) -> str:
    """The hint of a missing (or refused) file of chapter `code` that lies at `found`, in the
    folder of another chapter."""
    name = found.rpartition("/")[2]
    if refused:
        return (
            f" ; ce chemin mène à {found}, dans le dossier d'un autre chapitre : déplacez le "
            f"fichier dans {folder_of(code)}/ et citez-le « {name} »"
        )
    return f" ; il se trouve dans {found} : déplacez-le dans {folder_of(code)}/"


def claimed_by(code: str, proof: str, chemin: str, refused: bool) -> str:
    """The hint of the unreferenced-file warning on a file that chapter `code` asks for."""
    name = chemin.rpartition("/")[2]
    if refused:
        how = f"y renvoie par le chemin refusé « {chemin} »"
        move = f"déplacez-le dans {folder_of(code)}/ et citez-le « {name} »"
    else:
        how = f"le cherche dans {folder_of(code)}/ sous le nom « {chemin} »"
        move = f"déplacez-le dans {folder_of(code)}/"
    return f" ; {manifest_of(code)} {how} (preuve {proof}) : {move}"

"""Succession of versions (§3.1.1 of the procedure; DESIGN §6): a new version of a solution is
a new candidature that names the candidature of the version it succeeds, in
`solution.version_precedente`.

The public page of a referenced solution shows that succession, so the link must be sound: the
predecessor is a candidature folder of the same editor, for the same solution (same dispositif
and commercial name), whose technical version sorts before this one (`version_key`, the order
§3.1.1 asks the numbering to make clear); and following the links never comes back to the
candidature it started from. The rules are pure: the caller (`segur.dossier.succession`) says
what each folder of the editor holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from segur.findings.finding import Finding, Severity
from segur.findings.registry import define
from segur.load.document import Document
from segur.model.candidature import Candidature
from segur.model.versions import version_key

PREDECESSOR_MISSING = define(
    "SEG-ADM-036",
    Severity.ERROR,
    "Candidature précédente introuvable",
    "champ « solution.version_precedente » : la candidature « {previous} » n'existe pas dans "
    "le dossier de l'éditeur « {editor} » ; indiquez le nom du dossier de la candidature de la "
    "version précédente (par exemple « dpi-5-2 »), ou retirez ce champ pour une première "
    "candidature",
)
PREDECESSOR_OTHER_SOLUTION = define(
    "SEG-ADM-037",
    Severity.ERROR,
    "Candidature précédente d'une autre solution",
    "champ « solution.version_precedente » : la candidature « {previous} » porte sur {theirs}, "
    "pas sur {ours} : une version succède à une version de la même solution (§3.1.1)",
)
PREDECESSOR_CYCLE = define(
    "SEG-ADM-038",
    Severity.ERROR,
    "Succession de versions circulaire",
    "champ « solution.version_precedente » : {chain} ; une candidature ne peut pas succéder à "
    "elle-même, directement ou non",
)
PREDECESSOR_NOT_EARLIER = define(
    "SEG-ADM-039",
    Severity.ERROR,
    "Version précédente qui ne précède pas",
    "champ « solution.version_precedente » : la version technique « {theirs} » de la "
    "candidature « {previous} » ne précède pas la version « {ours} » de celle-ci dans l'ordre "
    "des numéros de version (§3.1.1)",
)

FIELD = ("solution", "version_precedente")
# A folder name of the editor's folder: a value with a slash or made of dots would name another
# place of the repository.
_FOLDER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class Sibling:
    """What one folder of the editor holds: whether it is a candidature folder, and its model
    when its `candidature.yaml` validates (else its own findings say why)."""

    exists: bool
    model: Candidature | None = None


Lookup = Callable[[str], Sibling]


def _solution(model: Candidature) -> str:
    return f"« {model.version_candidate.denomination_commerciale} » ({model.dispositif})"


def _cycle(own: str, first: str, first_model: Candidature, lookup: Lookup) -> list[str] | None:
    """The chain of names from `own` back to `own`, when the links make a loop through it."""
    chain = [own, first]
    current: Candidature | None = first_model
    while current is not None and current.solution.version_precedente is not None:
        following = current.solution.version_precedente
        chain.append(following)
        if following == own:
            return chain
        if following in chain[:-1] or not _FOLDER_NAME.match(following):
            return None  # a loop among other candidatures: reported on them
        current = lookup(following).model
    return None


def check_succession(
    doc: Document, model: Candidature, own: str, editor: str, lookup: Lookup
) -> list[Finding]:
    """The findings of `solution.version_precedente` of candidature folder `own`."""
    previous = model.solution.version_precedente
    if previous is None:
        return []
    if previous == own:
        chain = f"la candidature « {own} » se nomme elle-même comme version précédente"
        return [doc.finding(PREDECESSOR_CYCLE, FIELD, chain=chain)]
    sibling = lookup(previous) if _FOLDER_NAME.match(previous) else Sibling(False)
    if not sibling.exists:
        return [doc.finding(PREDECESSOR_MISSING, FIELD, previous=previous, editor=editor)]
    theirs = sibling.model
    if theirs is None:
        return []  # its candidature.yaml has its own findings
    findings: list[Finding] = []
    same = (theirs.dispositif, theirs.version_candidate.denomination_commerciale) == (
        model.dispositif,
        model.version_candidate.denomination_commerciale,
    )
    if not same:
        findings.append(
            doc.finding(
                PREDECESSOR_OTHER_SOLUTION,
                FIELD,
                previous=previous,
                theirs=_solution(theirs),
                ours=_solution(model),
            )
        )
    elif version_key(theirs.solution.version_technique) >= version_key(
        model.solution.version_technique
    ):
        findings.append(
            doc.finding(
                PREDECESSOR_NOT_EARLIER,
                FIELD,
                previous=previous,
                theirs=theirs.solution.version_technique,
                ours=model.solution.version_technique,
            )
        )
    loop = _cycle(own, previous, theirs, lookup)
    if loop is not None:
        shown = " → ".join(f"« {name} »" for name in loop)
        text = f"la succession revient à cette candidature ({shown})"
        findings.append(doc.finding(PREDECESSOR_CYCLE, FIELD, chain=text))
    return findings

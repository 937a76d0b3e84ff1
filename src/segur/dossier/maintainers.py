"""The maintainers of a candidature, against the access map (run by `segur check`)."""

from __future__ import annotations

from segur.dossier.context import DossierContext
from segur.findings.finding import Finding
from segur.model.access import Grant
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.journal import Role
from segur.repository.access import load_map
from segur.rules.access import MAINTAINER


def check_maintainers(context: DossierContext) -> list[Finding]:
    """SEG-ACL-012: each maintainer of a candidature should be an editor of its folder.

    Only the `mainteneurs` list is read here; the candidature's own rules report its other
    problems, so a malformed file adds nothing from this check.
    """
    loaded = load_map(context.repo)
    if loaded is None or loaded.carte is None:
        return []
    file = context.folder / CANDIDATURE_FILE
    if not file.is_file():
        return []
    document = context.load(file).document  # parsed once for every checker
    mainteneurs = document.data.get("mainteneurs") if document is not None else None
    if document is None or not isinstance(mainteneurs, list):
        return []
    slug = context.folder.parent.name
    wanted = Grant(Role.EDITEUR, slug)
    findings = []
    for index, login in enumerate(mainteneurs):
        if not isinstance(login, str):
            continue
        identite = loaded.carte.identity(login)
        if identite is None or wanted not in identite.grants:
            findings.append(
                document.finding(MAINTAINER, ("mainteneurs", index), login=login, slug=slug)
            )
    return findings

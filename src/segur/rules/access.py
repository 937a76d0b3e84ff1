"""Rules of the access map itself, `acces.yaml` (SEG-ACL-010 to 013).

Declared here; `segur.repository.access` reports the map's own problems by ID (the repository
is a lower stage than the rules), `segur.dossier.maintainers` the maintainers without rights.
The decisions on a pull request's changes are in `segur.rules.acl`.
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import define

DUPLICATE_LOGIN = define(
    "SEG-ACL-010",
    Severity.ERROR,
    "Identité déclarée deux fois",
    "identité « {login} » déjà déclarée ligne {ligne} (la forge ne distingue pas les "
    "majuscules) : regroupez ses rôles sous une seule clé",
)
NO_ADMIN = define(
    "SEG-ACL-011",
    Severity.WARNING,
    "Aucun administrateur",
    "aucune identité n'a le rôle admin : plus personne ne pourra modifier la carte d'accès, "
    "le REM ni les workflows par pull request",
)
MAINTAINER = define(
    "SEG-ACL-012",
    Severity.WARNING,
    "Mainteneur sans droit sur le dossier",
    "mainteneur « {login} » : acces.yaml ne lui donne pas le rôle editeur:{slug}, "
    "ses pull requests sur ce dossier seront refusées (demandez l'ajout à l'ANS)",
)
CODEOWNERS_STALE = define(
    "SEG-ACL-013",
    Severity.ERROR,
    "CODEOWNERS périmé",
    ".github/CODEOWNERS ne correspond pas à acces.yaml : régénérez-le avec "
    "« segur acl codeowners »",
)

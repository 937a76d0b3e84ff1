"""Rules of the access control of a pull request (SEG-ACL-001 to 009): who may change what.

Declared here, decided by `segur.check.acl`, which reads the access map of the base branch and
the pull request's changes. The access map's own rules are in `segur.rules.access`.
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import define

UNKNOWN_ACTOR = define(
    "SEG-ACL-001",
    Severity.ERROR,
    "Identité inconnue",
    "« {login} » n'a aucun rôle dans acces.yaml (lu sur la branche de base {base}) : "
    "aucune modification n'est autorisée",
)
MAP_UNUSABLE = define(
    "SEG-ACL-002",
    Severity.ERROR,
    "Carte d'accès inutilisable sur la base",
    "acces.yaml de la branche de base {base} est absent ou invalide ({reason}) : "
    "toute modification est refusée tant qu'un administrateur ne l'a pas corrigé",
)
ADMIN_ONLY = define(
    "SEG-ACL-003",
    Severity.ERROR,
    "Zone réservée aux administrateurs",
    "hors des dossiers des éditeurs, seul le rôle admin modifie le dépôt (paquet, REM, "
    "workflows, carte d'accès) ; « {login} » a : {roles}",
)
OTHER_EDITOR = define(
    "SEG-ACL-004",
    Severity.ERROR,
    "Dossier d'un autre éditeur",
    "ce fichier est dans le dossier de l'éditeur « {slug} » ; « {login} » n'agit que pour : {own}",
)
EDITOR_FILE = define(
    "SEG-ACL-005",
    Severity.ERROR,
    "Fichier réservé à l'éditeur",
    "seul l'éditeur « {slug} » modifie sa candidature et ses preuves ; « {login} » ({roles}) "
    "n'ajoute dans ce dossier que des événements de journal de son rôle",
)
EVENT_OWNER = define(
    "SEG-ACL-006",
    Severity.ERROR,
    "Événement réservé à un autre rôle",
    "un événement « {type} » est réservé au rôle {owner} ; « {login} » a : {roles}",
)
APPEND_ONLY = define(
    "SEG-ACL-007",
    Severity.ERROR,
    "Journal en ajout seul",
    "événement déjà enregistré sur la branche de base ({how}) : un événement n'est jamais "
    "modifié, renommé ni supprimé, même par un administrateur ; ajoutez un nouvel événement",
)
EVENT_NAME = define(
    "SEG-ACL-008",
    Severity.ERROR,
    "Nom de fichier de journal invalide",
    "un fichier du journal se nomme AAAA-MM-JJ-<type>[-suffixe].yaml, directement dans "
    "journal/, avec un type parmi : {types}",
)
NOT_A_FILE = define(
    "SEG-ACL-009",
    Severity.ERROR,
    "Lien symbolique ou sous-module",
    "seuls des fichiers ordinaires sont acceptés dans dossiers/ : lien symbolique ou "
    "sous-module refusé",
)

"""Rules of the access control of a pull request (SEG-ACL-001 to 009, 014 to 021): who may
change what, for the pull request as a whole and for each of its commits.

Declared here, decided by `segur.check.acl`, which reads the access map of the base branch and
the pull request's changes. The access map's own rules are in `segur.rules.access` (SEG-ACL-010
to 013, hence the gap).
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import define

UNKNOWN_ACTOR = define(
    "SEG-ACL-001",
    Severity.ERROR,
    "Identité inconnue",
    "« {login} » n'a aucun rôle dans acces.yaml (lu sur la branche de base {base}) : "
    "aucune modification n'est autorisée ({count} fichier(s) refusé(s){files}) ; demandez à "
    "l'ANS de vous ajouter à la carte d'accès (acces.yaml du dépôt central) : voir README, "
    "section « Obtenir l'accès »",
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
    "seul l'éditeur « {slug} » modifie sa candidature et ses preuves, pas même un "
    "administrateur ; « {login} » ({roles}) n'ajoute dans ce dossier que des événements de "
    "journal de son rôle",
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
PATH_NOT_CANONICAL = define(
    "SEG-ACL-014",
    Severity.ERROR,
    "Chemin non canonique",
    "le chemin « {shown} » est refusé ({reason}) : un chemin du dépôt est fait de segments non "
    "vides, sans « . » ni « .. », sans barre oblique inverse ni caractère de contrôle, en "
    "Unicode normalisé NFC (règle SEG-ACL-014)",
)
PATH_COLLISION = define(
    "SEG-ACL-015",
    Severity.ERROR,
    "Noms confondus par la casse ou la normalisation Unicode",
    "« {file} » ne diffère de « {other} » que par la casse ou la normalisation Unicode : sur "
    "un poste Windows ou macOS, l'un écraserait l'autre ; renommez-le (règle SEG-ACL-015)",
)
UNKNOWN_PLACE = define(
    "SEG-ACL-016",
    Severity.ERROR,
    "Emplacement non reconnu dans dossiers/",
    "« {file} » est à un emplacement que segur ne lit pas ({reason}) : une candidature ne "
    "contient que candidature.yaml, le questionnaire SSI, documents/, "
    "preuves/<CHAPITRE>/ et journal/ (en minuscules), et un événement n'est qu'en "
    "dossiers/<editeur>/<candidature>/journal/ (règle SEG-ACL-016)",
)
EVENT_CONTENT = define(
    "SEG-ACL-017",
    Severity.ERROR,
    "Type d'événement : nom et contenu en désaccord",
    "le nom de « {name} » annonce un événement « {named} », mais son contenu déclare "
    "type: {found} : le droit d'ajouter un événement se décide sur son contenu, qui doit "
    "répéter le type du nom (règle SEG-ACL-017)",
)
FROZEN = define(
    "SEG-ACL-018",
    Severity.ERROR,
    "Candidature décidée : dossier figé",
    "« {file} » ({how}) appartient à la candidature {folder}, sur laquelle le collège a "
    "décidé ({decision}) : sa candidature, ses documents et ses preuves sont figés ; seules "
    "les coordonnées (editeur.contact_referencement, editeur.representant_legal, "
    "mainteneurs) et de nouveaux événements du journal restent possibles ; une nouvelle "
    "version se présente dans une nouvelle candidature (règle SEG-ACL-018)",
)
NO_FORGE_ACCOUNT = define(
    "SEG-ACL-019",
    Severity.ERROR,
    "Commit sans compte de la forge",
    "commit {sha} sans compte de la forge : impossible de vérifier ses droits ; l'adresse "
    "électronique de son auteur n'est liée à aucun compte de la forge : liez-la à votre compte, "
    "ou refaites le commit avec une adresse qui l'est (règle SEG-ACL-019)",
)
COMMIT_NOT_LISTED = define(
    "SEG-ACL-020",
    Severity.ERROR,
    "Commit absent de la liste de la forge",
    "le commit {sha} de la pull request n'est pas dans la liste des commits donnée par la forge "
    "({file}) : on ne sait pas quel compte l'a fait, ses droits ne sont pas vérifiables "
    "(la forge ne liste que 250 commits par pull request : découpez-la) (règle SEG-ACL-020)",
)
UNRELATED_COMMIT = define(
    "SEG-ACL-021",
    Severity.ERROR,
    "Commit sans parent dans la pull request",
    "le commit {sha} n'a pas de parent : une histoire sans lien avec la base ne se fusionne pas, "
    "ses fichiers ne seraient attribués à aucun compte ; repartez de la branche de base "
    "(règle SEG-ACL-021)",
)

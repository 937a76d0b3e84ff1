"""Rules of the loading of a candidature's journal (SEG-CYC-001 and 002).

Declared here, reported by `segur.repository.journal`, which names them by ID (the repository
is a lower stage than the rules). The rules of the journal's sequence are in `segur.rules.cycle`.
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import define

BAD_NAME = define(
    "SEG-CYC-001",
    Severity.ERROR,
    "Fichier de journal mal nommé",
    "{reason} : un événement se nomme AAAA-MM-JJ-<type>[-suffixe].yaml, directement dans "
    "journal/, avec une date réelle et un type parmi : {types}",
)
TYPE_MISMATCH = define(
    "SEG-CYC-002",
    Severity.ERROR,
    "Type d'événement différent du nom de fichier",
    "le champ type vaut {found} mais le nom du fichier annonce « {expected} » : le type du "
    "contenu doit être celui du nom (c'est sur le nom que le contrôle d'accès a décidé)",
)

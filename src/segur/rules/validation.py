"""Rules of the validation of a parsed document against its model (SEG-YML-013 to 015).

Declared here, reported by `segur.load.validation`, which names them by ID (the loader is a
lower stage than the rules).
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import define

INVALID = define(
    "SEG-YML-015",
    Severity.ERROR,
    "Valeur invalide",
    "champ « {field} » : valeur {value} invalide : {expected}",
)
UNKNOWN = define(
    "SEG-YML-014",
    Severity.ERROR,
    "Champ inconnu",
    "champ « {field} » inconnu : champs attendus ici : {expected}",
)
MISSING = define(
    "SEG-YML-013",
    Severity.ERROR,
    "Champ obligatoire absent",
    "champ obligatoire « {field} » absent",
)

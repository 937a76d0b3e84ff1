"""Rules of the reading of git history (SEG-GIT-*).

Declared here, reported by `segur.load.git_history`, which names them by ID (the loader is a
lower stage than the rules).
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import define

SHALLOW = define(
    "SEG-GIT-001",
    Severity.WARNING,
    "Clone superficiel",
    "clone superficiel (shallow) : l'historique est tronqué, les dates d'arrivée sur main et "
    "les fichiers modifiés peuvent être faux ; clonez avec tout l'historique "
    "(git fetch --unshallow, ou fetch-depth: 0 dans actions/checkout)",
)

"""Rules of the federation of dossier repositories (SEG-FED-001 to 004).

Each editor's candidatures live in its own private repository, so that the forge's read rights
keep them from the other editors (§3.7). A mirror that holds another editor's folder, or whose
marker names another editor, breaks that boundary or misnames whose dossiers these are: it is
left out of the aggregation (queue, deadlines, collège, site) until it is fixed.

Declared here; `segur.repository.federation` reports them by ID when it reads the mirrors (the
repository stage is below the rules).
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import define

FOREIGN_FOLDER = define(
    "SEG-FED-001",
    Severity.ERROR,
    "Dossier d'un autre éditeur dans un dépôt de dossiers",
    "le dépôt de dossiers de « {slug} » contient dossiers/{autre}/ : chaque éditeur n'a que "
    "ses propres dossiers dans son dépôt (confidentialité, §3.7) ; ce dépôt est écarté de "
    "l'agrégation",
)
WRONG_EDITOR = define(
    "SEG-FED-002",
    Severity.ERROR,
    "depot.yaml nomme un autre éditeur",
    "depot.yaml nomme l'éditeur « {editeur} », mais depots.yaml enregistre ce dépôt pour "
    "« {slug} » ; ce dépôt est écarté de l'agrégation",
)
NO_MARKER = define(
    "SEG-FED-003",
    Severity.ERROR,
    "depot.yaml absent ou invalide",
    "le dépôt de dossiers de « {slug} » n'a pas de depot.yaml valide à sa racine (éditeur et "
    "révision du dépôt central) ; ce dépôt est écarté de l'agrégation",
)
NOT_MIRRORED = define(
    "SEG-FED-004",
    Severity.WARNING,
    "Dépôt de dossiers sans miroir",
    "aucun miroir du dépôt de « {slug} » dans le cache : lancez « segur depots miroir » ; ses "
    "candidatures manquent à l'agrégation",
)

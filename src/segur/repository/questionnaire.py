"""The SSI maturity questions shipped with the package (`data/questionnaire-ssi.yaml`).

The answers are informative only: required for completeness, never used by a conformity rule,
never published (see `segur.model.questionnaire`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from segur.errors import InternalError
from segur.load.document import load_file
from segur.load.validation import validate
from segur.model.questionnaire import QuestionnaireSsi

QUESTIONS_PATH = Path(__file__).parent / "data" / "questionnaire-ssi.yaml"


class QuestionnaireError(InternalError):
    """The packaged question file is broken: a defect of the installation, not of a dossier."""


@cache
def load_questionnaire(path: Path = QUESTIONS_PATH) -> QuestionnaireSsi:
    loaded = load_file(path, str(path))
    model = None
    findings = list(loaded.findings)
    if loaded.document is not None:
        model, errors = validate(loaded.document, QuestionnaireSsi)
        findings.extend(errors)
    if model is None or findings:
        detail = "; ".join(f"{f.line}:{f.col} {f.message}" for f in findings)
        raise QuestionnaireError(f"questionnaire SSI invalide ({path}) : {detail}")
    return model

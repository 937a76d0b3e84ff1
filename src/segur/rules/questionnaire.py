"""Completeness of the SSI maturity questionnaire (§2.1 of the procedure).

These rules only say whether every question has an allowed answer: the questionnaire is
required for the completeness of the dossier, but it is informative only. No other rule reads
the answers, and they are never published.
"""

from __future__ import annotations

from typing import Any

from segur.findings.finding import Finding, Severity
from segur.findings.registry import define
from segur.load.document import Document
from segur.model.questionnaire import QuestionnaireSsi
from segur.rules.sections import shown

# Reported by `segur.dossier.administratif` when the file is absent.
QUESTIONNAIRE_MISSING = define(
    "SEG-ADM-027",
    Severity.ERROR,
    "Questionnaire SSI absent",
    "fichier « questionnaire-ssi.yaml » absent : le questionnaire de maturité SSI est "
    "obligatoire pour la complétude du dossier (il reste informatif et n'est jamais publié)",
)
UNANSWERED = define(
    "SEG-ADM-028",
    Severity.ERROR,
    "Question SSI sans réponse",
    "questionnaire SSI : question « {question} » sans réponse : réponses possibles : {expected}",
)
NOT_ALLOWED = define(
    "SEG-ADM-029",
    Severity.ERROR,
    "Réponse SSI non autorisée",
    "questionnaire SSI : réponse {value} à la question « {question} » non autorisée : "
    "réponses possibles : {expected}",
)
UNKNOWN_QUESTION = define(
    "SEG-ADM-030",
    Severity.ERROR,
    "Question SSI inconnue",
    "questionnaire SSI : question « {question} » inconnue : questions attendues : {expected}",
)


def check_reponses(doc: Document, questionnaire: QuestionnaireSsi) -> list[Finding]:
    """Every question answered with one of its allowed values, and no unknown question.

    Values that are not strings are left to the model's validation, which reports them.
    """
    data: Any = doc.data.get("reponses") if isinstance(doc.data, dict) else None
    if not isinstance(data, dict):
        return []  # absent or not a mapping: the model's validation reports it
    findings: list[Finding] = []
    for question in questionnaire.questions:
        expected = ", ".join(question.reponses)
        value = data.get(question.id)
        if question.id not in data or value is None or (isinstance(value, str) and not value):
            loc = ("reponses", question.id) if question.id in data else ("reponses",)
            findings.append(doc.finding(UNANSWERED, loc, question=question.id, expected=expected))
        elif isinstance(value, str) and value not in question.reponses:
            findings.append(
                doc.finding(
                    NOT_ALLOWED,
                    ("reponses", question.id),
                    value=shown(value),
                    question=question.id,
                    expected=expected,
                )
            )
    known = ", ".join(q.id for q in questionnaire.questions)
    for key in data:
        if questionnaire.question(key) is None:
            findings.append(
                doc.finding(UNKNOWN_QUESTION, ("reponses", key), question=key, expected=known)
            )
    return findings

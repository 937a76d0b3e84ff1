"""The single registry of rule identifiers.

Every rule is declared once with `define()`, at import time of the module that checks it.
`all_rules()` imports every rule module so that the registry is complete; `segur rules` and the
published documentation are generated from it, so a rule cannot exist without its documentation.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

from segur.findings.finding import Finding, Severity

_ID = re.compile(r"^SEG-[A-Z]{3}-\d{3}$")
_RULES: dict[str, Rule] = {}

# Modules that declare rules; importing them fills the registry.
RULE_MODULES = (
    "segur.load.document",
    "segur.rules.syntaxe",
    "segur.load.validation",
    "segur.load.git_history",
    "segur.check.acl",
    "segur.repository.access",
    "segur.rules.rem",
    "segur.rules.rem_import",
    "segur.rules.administratif",
    "segur.rules.charte",
    "segur.rules.coherence",
    "segur.rules.fichiers",
    "segur.rules.questionnaire",
    "segur.dossier.administratif",
    "segur.rules.proofs.checks",
    "segur.repository.journal",
    "segur.rules.cycle",
)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    title: str
    message: str

    def at(self, path: str, line: int, col: int, **values: Any) -> Finding:
        """The finding of this rule at a position; `values` fill the French message."""
        return Finding(path, line, col, self.id, self.severity, self.message.format(**values))


def define(rule_id: str, severity: Severity, title: str, message: str) -> Rule:
    if not _ID.match(rule_id):
        raise ValueError(f"identifiant de règle invalide : {rule_id}")
    if rule_id in _RULES:
        raise ValueError(f"règle déclarée deux fois : {rule_id}")
    rule = Rule(rule_id, severity, title, message)
    _RULES[rule_id] = rule
    return rule


def all_rules() -> list[Rule]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return sorted(_RULES.values(), key=lambda r: r.id)


def get(rule_id: str) -> Rule:
    all_rules()
    return _RULES[rule_id]

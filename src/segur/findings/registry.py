"""The single registry of rule identifiers.

Every rule is declared once with `define()`, in a module of the `segur.rules` package, at import
time. `all_rules()` and `get()` import every module of that package (found by walking it, so a
new rule module needs no list to be kept by hand) before answering: `segur rules` and the
published documentation are generated from the registry, so a rule cannot exist without its
documentation.

The stages below `segur.rules` (the loader, the models, the repository) may not import it: they
name their rules by ID, `get("SEG-YML-002")`, when they make a finding, never at import time
(the rule modules import those very stages).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from typing import Any

from segur.findings.finding import Finding, Severity

# Imported by name, not by an `import` statement: the findings stage may not depend on the
# rules stage, only make sure that it is loaded before the registry is read.
RULES_PACKAGE = "segur.rules"

_ID = re.compile(r"^SEG-[A-Z]{3}-\d{3}$")
_RULES: dict[str, Rule] = {}
_walked = False


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


def rule_modules() -> list[str]:
    """Every module of the rules package, sub-packages included, each imported."""
    package = importlib.import_module(RULES_PACKAGE)
    names: list[str] = []
    for info in pkgutil.walk_packages(package.__path__, f"{RULES_PACKAGE}."):
        importlib.import_module(info.name)
        names.append(info.name)
    return names


def _load() -> None:
    global _walked
    if not _walked:
        rule_modules()
        _walked = True


def all_rules() -> list[Rule]:
    _load()
    return sorted(_RULES.values(), key=lambda r: r.id)


def get(rule_id: str) -> Rule:
    """The rule `rule_id`; every rule module is loaded first, on the first call."""
    rule = _RULES.get(rule_id)
    if rule is None:
        _load()
        rule = _RULES[rule_id]
    return rule

"""Every registered rule is named in a test: a new rule without a test breaks the build.

A rule counts as tested when its ID appears in a test module (or a support module of the tests)
other than this one; the tests that name it are expected to show it firing and not firing.
"""

from __future__ import annotations

import re
from pathlib import Path

from segur.findings.registry import all_rules

TESTS = Path(__file__).resolve().parent
RULE_ID = re.compile(r"SEG-[A-Z]{3}-\d{3}")


def named_in_tests() -> set[str]:
    named: set[str] = set()
    for file in TESTS.rglob("*.py"):
        if file.resolve() == Path(__file__).resolve() or "node_modules" in file.parts:
            continue
        named.update(RULE_ID.findall(file.read_text(encoding="utf-8")))
    return named


def test_every_rule_is_named_in_a_test() -> None:
    untested = sorted(rule.id for rule in all_rules() if rule.id not in named_in_tests())
    assert untested == [], "règles qu'aucun test ne nomme : " + ", ".join(untested)

"""The rule registry is complete: every rule is declared under `segur.rules`, the registry finds
every declaring module by walking that package, and no rule ID is used without a declaration."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

from segur.findings.registry import all_rules, rule_modules

SRC = Path(__file__).resolve().parents[1] / "src" / "segur"
RULES = SRC / "rules"
RULE_ID = re.compile(r"SEG-[A-Z]{3}-\d{3}")


def _module_name(file: Path) -> str:
    parts = file.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _declarations(file: Path) -> list[str]:
    """The IDs of the rules that `file` declares: every `define("SEG-…", …)` call in it."""
    found: list[str] = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) == "define"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append(node.args[0].value)
    return found


def _declared_in_sources() -> dict[str, list[str]]:
    """Module name -> rule IDs declared there, for every module of the package."""
    result: dict[str, list[str]] = {}
    for file in sorted(SRC.rglob("*.py")):
        ids = _declarations(file)
        if ids:
            result[_module_name(file)] = ids
    return result


def test_rules_are_declared_only_under_the_rules_package() -> None:
    outside = [m for m in _declared_in_sources() if not m.startswith("segur.rules.")]
    assert outside == []


def test_the_walk_finds_every_module_that_declares_a_rule() -> None:
    declaring = set(_declared_in_sources())
    assert declaring <= set(rule_modules())
    sources = {rule for ids in _declared_in_sources().values() for rule in ids}
    assert {r.id for r in all_rules()} == sources
    assert len(sources) >= 140  # the rules of the procedure when the registry began walking


def test_a_fresh_process_finds_every_rule_by_walking_alone() -> None:
    # In this process other tests have imported rule modules already; a new interpreter has
    # imported none, so only the walk can fill its registry.
    program = (
        "import json; from segur.findings.registry import all_rules; "
        "print(json.dumps([r.id for r in all_rules()]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    sources = {rule for ids in _declared_in_sources().values() for rule in ids}
    assert set(json.loads(done.stdout)) == sources


def test_every_rule_id_named_in_the_sources_is_declared() -> None:
    declared = {r.id for r in all_rules()}
    unknown: list[str] = []
    for file in sorted(SRC.rglob("*")):
        if file.suffix not in {".py", ".yaml", ".yml", ".md", ".html", ".j2", ".jinja"}:
            continue
        text = file.read_text(encoding="utf-8")
        for match in RULE_ID.finditer(text):
            if match.group() not in declared:
                line = text.count("\n", 0, match.start()) + 1
                unknown.append(f"{file.relative_to(SRC)}:{line}: {match.group()}")
    assert unknown == []


def test_segur_rules_lists_every_declared_rule() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "segur", "rules", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    listed = [rule["id"] for rule in json.loads(done.stdout)]
    sources = {rule for ids in _declared_in_sources().values() for rule in ids}
    assert sorted(listed) == sorted(sources)

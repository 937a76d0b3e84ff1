"""Reporters: findings to text, JSON or GitHub Actions annotations. Pure string builders."""

from __future__ import annotations

import json
from collections import Counter

from segur.findings.finding import Finding, Severity

FORMATS = ("text", "json", "github")


def as_text(findings: list[Finding]) -> str:
    lines = [f"{f.path}:{f.line}:{f.col}: {f.rule} {f.message}" for f in findings]
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    if not findings:
        return "Aucun problème trouvé."
    return f"{errors} erreur(s), {warnings} avertissement(s)."


def as_json(findings: list[Finding]) -> str:
    payload = [
        {
            "path": f.path,
            "line": f.line,
            "col": f.col,
            "rule": f.rule,
            "severity": f.severity.value,
            "message": f.message,
        }
        for f in findings
    ]
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    # Workflow-command escaping, as documented for GitHub Actions annotations.
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: list[Finding]) -> str:
    lines = []
    for f in findings:
        level = "error" if f.severity is Severity.ERROR else "warning"
        props = ",".join(
            [
                f"file={_escape_property(f.path)}",
                f"line={f.line}",
                f"col={f.col}",
                f"title={_escape_property(f.rule)}",
            ]
        )
        lines.append(f"::{level} {props}::{_escape_data(f.rule + ' ' + f.message)}")
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def render(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return as_json(findings)
    if fmt == "github":
        return as_github(findings)
    return as_text(findings)

"""Reporters: findings to text, JSON or GitHub Actions annotations. Pure string builders.

The text and JSON reports are for the editor's own machine and quote every value as written.
GitHub annotations and the job summary (`summary.py`) stay in the forge, in every check of the
pull request: a finding on a personal-data field (a name, an e-mail address, a telephone number,
a forge login) never quotes the value there, only the rule, the field and the position
(`public_message`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache

from pydantic import BaseModel

from segur.findings.finding import Finding, Severity
from segur.model import access, candidature, evenements, journal, preuves, registry

FORMATS = ("text", "json", "github")

# The fields whose values are personal data, wherever they appear in a field path: the people
# of `candidature.yaml` (legal representative, contact, signatory of the charter), the
# maintainers' forge logins and the recipients of an e-mail of the journal.
PERSONAL_FIELDS = frozenset(
    {
        "nom",
        "prenom",
        "email",
        "telephone",
        "representant_legal",
        "contact_referencement",
        "signataire",
        "mainteneurs",
        "destinataires",
    }
)
# Rules whose message quotes a personal value whatever the field is called.
PERSONAL_RULES = frozenset({"SEG-ADM-003", "SEG-ADM-004", "SEG-ADM-005", "SEG-ADM-007"})
HIDDEN = "« … »"
_QUOTED = re.compile(r"« (.*?) »", re.DOTALL)
_PART = re.compile(r"^([a-z_][a-z0-9_]*)(?:\[\d+\])*$")


_MODEL_MODULES = (access, candidature, evenements, journal, preuves, registry)


@cache
def _field_names() -> frozenset[str]:
    """Every field name of the models: a quoted field path is kept, a quoted value is not."""
    return frozenset(
        name
        for module in _MODEL_MODULES
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, BaseModel)
        for name in value.model_fields
    )


def _field_parts(text: str) -> list[str] | None:
    """The names of a field path such as `editeur.contact_referencement.telephone` or
    `mainteneurs[0]`, or None when `text` is not a path of known fields."""
    if text == "(racine)":
        return []
    parts = []
    for piece in text.split("."):
        found = _PART.match(piece)
        if found is None or found.group(1) not in _field_names():
            return None
        parts.append(found.group(1))
    return parts


def is_personal(finding: Finding) -> bool:
    """Whether the message of `finding` may quote a personal value."""
    if finding.rule in PERSONAL_RULES:
        return True
    for quoted in _QUOTED.findall(finding.message):
        parts = _field_parts(quoted)
        if parts is not None and PERSONAL_FIELDS.intersection(parts):
            return True
        if "@" in quoted:
            return True
    return False


def public_message(finding: Finding) -> str:
    """The message of `finding` for the forge's annotations and summaries: for a finding on a
    personal-data field, every quoted value becomes « … » and only field paths stay."""
    if not is_personal(finding):
        return finding.message

    def hide(match: re.Match[str]) -> str:
        return match.group(0) if _field_parts(match.group(1)) is not None else HIDDEN

    return _QUOTED.sub(hide, finding.message)


# The word that says, on each text line, whether a finding blocks (an error) or is a hint (a
# warning): an editor reading a terminal or a CI log must tell them apart without the rule list.
LEVELS = {Severity.ERROR: "erreur", Severity.WARNING: "avertissement"}


def text_line(finding: Finding) -> str:
    """One finding on one line: `chemin:ligne:colonne: erreur <règle> <message>`."""
    f = finding
    return f"{f.path}:{f.line}:{f.col}: {LEVELS[f.severity]} {f.rule} {f.message}"


def as_text(findings: list[Finding]) -> str:
    lines = [text_line(f) for f in findings]
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def counted(number: int, word: str) -> str:
    """`2 erreurs`, `1 avertissement`, `0 erreur`: in French, 0 and 1 take the singular."""
    return f"{number} {word}{'s' if number > 1 else ''}"


def summary(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    errors, warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    if not findings:
        return "Aucun problème trouvé."
    return f"{counted(errors, 'erreur')}, {counted(warnings, 'avertissement')}."


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
        message = public_message(f)
        lines.append(f"::{level} {props}::{_escape_data(f.rule + ' ' + message)}")
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def render(findings: list[Finding], fmt: str) -> str:
    if fmt == "json":
        return as_json(findings)
    if fmt == "github":
        return as_github(findings)
    return as_text(findings)

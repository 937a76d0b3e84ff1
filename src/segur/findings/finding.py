"""A finding is one problem found in one place of one file.

Findings are values, collected by every rule and reported at the end of a run: a run never
stops at the first problem, so an editor sees everything that remains to fix at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    path: str
    line: int
    col: int
    rule: str
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)

"""One cell of proofs of ANS's spreadsheets: `ID : libellé` lines, and where each came from.

Both layouts (`segur.rem_import.sheets`) list proofs this way: the pre-publication workbook in
one cell per scenario, the Convergence export one per row. A libellé may span several lines; a
line without an identifier, or an identifier without a libellé, is a finding on that cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from segur.findings.finding import Finding
from segur.rem_import.text import clean_id, clean_text
from segur.rules import rem_import as rules


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value comes from: `path` is `<file>#<sheet>`, `row` the spreadsheet row."""

    path: str
    row: int
    col: int = 1

    def finding(self, rule: rules.Rule, col: int | None = None, **values: Any) -> Finding:
        return rule.at(self.path, self.row, col or self.col, **values)


@dataclass(slots=True)
class ProofLine:
    id: str
    libelle: str
    origin: Origin


_PROOF_LINE = re.compile(
    r"^(?P<id>[A-Za-z0-9][A-Za-z0-9/_\-]*(?:\.[A-Za-z0-9_\-]+)+)?\s*:\s*(?P<label>.*)$"
)


def parse_proofs(cell: object, origin: Origin) -> tuple[list[ProofLine], list[Finding]]:
    """Split a `preuve` cell: one `ID : libellé` per proof, libellés may span several lines."""
    proofs: list[ProofLine] = []
    findings: list[Finding] = []
    current: ProofLine | None = None
    skipping = False
    for line in clean_text(cell).split("\n"):
        if not line:
            continue
        match = _PROOF_LINE.match(line)
        if match and match.group("id"):
            current = ProofLine(clean_id(match.group("id")), match.group("label"), origin)
            proofs.append(current)
            skipping = False
        elif match and line.startswith(":"):
            findings.append(origin.finding(rules.IMP_PROOF_NO_ID, text=short(line)))
            current, skipping = None, True
        elif current is not None:
            current.libelle = f"{current.libelle}\n{line}".strip()
        elif skipping:
            continue  # continuation of a proof already reported as unusable
        else:
            findings.append(origin.finding(rules.IMP_PROOF_LINE, text=short(line)))
            skipping = True
    kept: list[ProofLine] = []
    for proof in proofs:
        if proof.libelle.strip():
            kept.append(proof)
        else:
            findings.append(origin.finding(rules.IMP_PROOF_NO_LABEL, id=proof.id))
    return kept, findings


def short(text: str, limit: int = 60) -> str:
    """A text on one line, cut to `limit` characters, for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""The Markdown summary of a check, per candidature and per part of the dossier.

Written into the pull request's job summary (`$GITHUB_STEP_SUMMARY`) by the validation
workflow: an editor sees at a glance which chapters still have problems, then the annotations
on the exact lines. A pure string builder; the parts come from the paths alone:
`preuves/<chapitre>/...` is a chapter, the journal is the journal, the rest is the
administrative dossier. Like the annotations, it never quotes a personal value
(`report.public_message`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from segur.findings.finding import Finding, Severity
from segur.model.journal import JOURNAL_DIR
from segur.model.preuves import PREUVES_DIR
from segur.publication.report import public_message
from segur.repository.paths import DOSSIERS_DIR

ADMINISTRATIF = "Dossier administratif"
JOURNAL = "Journal d'instruction"
MAX_LISTED = 20  # per part: past that, the annotations and the full report have the rest


def _part(parts: list[str]) -> str:
    if len(parts) >= 5 and parts[3] == PREUVES_DIR:
        return f"Chapitre {parts[4]}" if len(parts) >= 6 else "Preuves"
    if len(parts) >= 4 and parts[3] == JOURNAL_DIR:
        return JOURNAL
    return ADMINISTRATIF


def locate(path: str) -> tuple[str, str]:
    """(group, part) of a finding's path: a candidature and its part, or a global file."""
    parts = path.split("/")
    if parts[0] == DOSSIERS_DIR and len(parts) >= 4:
        return f"{parts[1]}/{parts[2]}", _part(parts)
    return "Fichiers communs", parts[0]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(findings: Sequence[Finding], title: str, scope: Sequence[str] = ()) -> str:
    """A summary with one table per candidature; `scope` lists the candidatures checked, so
    that a clean one shows as clean rather than disappearing."""
    grouped: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        group, part = locate(f.path)
        grouped[group][part].append(f)
    for folder in scope:
        grouped.setdefault(folder, defaultdict(list))
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    lines = [f"## {title}", ""]
    if not findings:
        lines.append("Aucun problème trouvé.")
    else:
        lines.append(f"**{errors} erreur(s)**, {warnings} avertissement(s).")
    for group in sorted(grouped):
        parts = grouped[group]
        lines += ["", f"### {group}", ""]
        if not any(parts.values()):
            lines.append("Aucun problème trouvé.")
            continue
        lines += ["| Partie | Erreurs | Avertissements | État |", "|---|---:|---:|---|"]
        for part in sorted(parts):
            found = parts[part]
            n_err = sum(f.severity is Severity.ERROR for f in found)
            state = "à corriger" if n_err else "à vérifier"
            lines.append(f"| {_cell(part)} | {n_err} | {len(found) - n_err} | {state} |")
        for part in sorted(parts):
            found = parts[part]
            lines += ["", f"<details><summary>{_cell(part)}</summary>", ""]
            for f in found[:MAX_LISTED]:
                level = "erreur" if f.severity is Severity.ERROR else "avertissement"
                message = public_message(f)
                lines.append(f"- `{f.path}:{f.line}:{f.col}` {level} {f.rule} : {message}")
            if len(found) > MAX_LISTED:
                lines.append(f"- … et {len(found) - MAX_LISTED} autre(s) : voir les annotations.")
            lines += ["", "</details>"]
    return "\n".join(lines) + "\n"

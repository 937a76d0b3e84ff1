"""The pull request's summary in Markdown, and the payload of its sticky comment.

`segur check --changed-since REV --resume-pr FICHIER` appends the summary to FICHIER (the job
summary, `$GITHUB_STEP_SUMMARY`); `--commentaire-pr DOSSIER --numero-pr N` writes the comment
body (`commentaire.md`, opened by a hidden marker so that the same comment is updated at every
run) and the labels (`etiquettes.json`). The workflow of the pull request, whose token can only
read, uploads them; a second workflow, which never runs anything of the pull request, checks
and posts them (docs/forge.md). Hence the file names and the marker are a contract with
`.github/workflows/commentaire-pr.yml`.

Every string an editor wrote (a finding's message, a path, the `dispositif` field) is escaped
for Markdown and HTML, so that it can neither break a table, nor open a tag, nor mention
someone; findings are quoted through `report.public_message`, which never shows personal data.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from segur.check.pr_summary import (
    CandidatureSummary,
    Evolution,
    PartLine,
    PartState,
    PrSummary,
)
from segur.errors import UsageError
from segur.findings.finding import Finding
from segur.publication.report import public_message
from segur.repository.atomic import write_text_atomic
from segur.repository.paths import DOSSIERS_DIR

MARKER = "<!-- segur:commentaire -->"
COMMENT_FILE = "commentaire.md"
LABELS_FILE = "etiquettes.json"
# GitHub refuses a comment over 65,536 characters; the posting workflow refuses over 60,000
# bytes. The comment is cut well below, at a line, with a pointer to the job summary.
MAX_COMMENT_BYTES = 50_000
MAX_CANDIDATURES = 20
MAX_MISSING = 8
MAX_FINDINGS = 30

# Escaped with a backslash: what opens emphasis, code, a link, a heading or a table cell.
_BACKSLASHED = frozenset("\\`*_[]()#|!~")
# Written as HTML entities: tags, entities and mentions (@someone, @org/team).
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}


def md(text: str) -> str:
    """`text` as inert Markdown on one line: no markup, no HTML, no mention, no line break."""
    out = []
    for char in text:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _BACKSLASHED:
            out.append("\\" + char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(" ")  # line breaks, controls and invisible formatting (bidi overrides)
        else:
            out.append(char)
    return "".join(out)


_STATE = {
    PartState.COMPLET: "✅ complet",
    PartState.INCOMPLET: "❌ incomplet",
    PartState.NON_DEPOSE: "⬜ non déposé",
}
_EVOLUTION = {
    Evolution.DEVENU_COMPLET: "**devenu complet**",
    Evolution.PLUS_COMPLET: "**n'est plus complet**",
    Evolution.MODIFIE: "modifié",
    Evolution.INCHANGE: "inchangé",
    Evolution.NOUVEAU: "nouveau",
}


def _count(number: int, words: str) -> str:
    """`1 constat`, `3 constats`, `2 autres candidatures`: in French, 0 and 1 are singular."""
    if number <= 1:
        return f"{number} {words}"
    return f"{number} {' '.join(word + 's' for word in words.split())}"


def _missing(line: PartLine) -> str:
    if line.code is None:
        return "voir les constats" if line.state is not PartState.COMPLET else ""
    shown = ", ".join(md(proof) for proof in line.missing[:MAX_MISSING])
    rest = len(line.missing) - MAX_MISSING
    return shown + (f" … et {_count(rest, 'autre')}" if rest > 0 else "")


def _part(line: PartLine) -> str:
    return md(line.libelle) if line.code is None else f"{md(line.code)} — {md(line.libelle)}"


def _candidature(summary: CandidatureSummary) -> list[str]:
    name = md(summary.folder.removeprefix(DOSSIERS_DIR + "/"))
    title = f"### {name}" + (f" ({md(summary.dispositif)})" if summary.dispositif else "")
    lines = [
        title,
        "",
        "| Partie | État | Dans cette pull request | Preuves manquantes ou invalides |",
        "|---|---|---|---|",
    ]
    for line in summary.parts:
        evolution = _EVOLUTION[line.evolution]
        lines.append(f"| {_part(line)} | {_STATE[line.state]} | {evolution} | {_missing(line)} |")
    done = [md(p.code or p.libelle) for p in summary.newly_complete]
    if done:
        became = "Devenu complet" if len(done) == 1 else "Devenus complets"
        lines += ["", f"{became} dans cette pull request : {', '.join(done)}."]
    if summary.complete:
        lines += ["", "Candidature complète : prête pour l'instruction."]
    return [*lines, ""]


def _findings(title: str, note: str, empty: str, findings: Sequence[Finding]) -> list[str]:
    lines = [f"### {title} ({len(findings)})", "", note, ""]
    if not findings:
        return [*lines, empty, ""]
    for f in findings[:MAX_FINDINGS]:
        where = md(f"{f.path}:{f.line}:{f.col}")
        lines.append(f"- {where} — {md(f.rule)} : {md(public_message(f))}")
    if len(findings) > MAX_FINDINGS:
        rest = _count(len(findings) - MAX_FINDINGS, "autre")
        lines.append(f"- … et {rest} : voir les annotations.")
    return [*lines, ""]


def markdown(summary: PrSummary, title: str) -> str:
    """The summary: one table per candidature touched, then blocking findings, then hints."""
    lines = [f"## {title}", ""]
    if summary.blocking:
        lines.append(
            f"**Bloquant : {_count(len(summary.blocking), 'constat')} à corriger avant la fusion.**"
        )
    else:
        lines.append("Aucun constat bloquant.")
    lines.append("")
    if not summary.candidatures and not summary.removed:
        lines += ["Aucune candidature modifiée par cette pull request.", ""]
    for candidature in summary.candidatures[:MAX_CANDIDATURES]:
        lines += _candidature(candidature)
    rest = len(summary.candidatures) - MAX_CANDIDATURES
    if rest > 0:
        lines += [f"… et {_count(rest, 'autre candidature')} : voir `segur status`.", ""]
    for folder in summary.removed:
        lines += [f"Candidature supprimée : {md(folder.removeprefix(DOSSIERS_DIR + '/'))}.", ""]
    lines += _findings(
        "Constats bloquants",
        "_Erreurs : la fusion attend leur correction._",
        "Aucun constat bloquant.",
        summary.blocking,
    )
    lines += _findings(
        "Indications",
        "_Avertissements : à regarder, ils n'empêchent pas la fusion._",
        "Aucune indication.",
        summary.hints,
    )
    return "\n".join(lines)


def comment(summary: PrSummary) -> str:
    """The body of the sticky comment: the marker first, bounded in size."""
    body = f"{MARKER}\n{markdown(summary, 'Vérification segur')}\n"
    body += "_Ce commentaire est mis à jour à chaque vérification de la pull request._\n"
    if len(body.encode("utf-8")) <= MAX_COMMENT_BYTES:
        return body
    cut = body.encode("utf-8")[:MAX_COMMENT_BYTES].decode("utf-8", errors="ignore")
    cut = cut[: cut.rfind("\n") + 1]
    return cut + "\n… résumé tronqué : le résumé complet est celui de la vérification.\n"


def labels(summary: PrSummary, number: int) -> str:
    return json.dumps({"numero": number, "etiquettes": list(summary.labels)}, indent=2) + "\n"


def write_payload(folder: Path, summary: PrSummary, number: int) -> None:
    """`commentaire.md` and `etiquettes.json` in `folder` (created if needed); refused, with
    nothing written, when either name is taken by something other than a file."""
    for name in (COMMENT_FILE, LABELS_FILE):
        target = folder / name
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise UsageError(f"{target} existe et n'est pas un fichier : rien n'a été écrit")
    folder.mkdir(parents=True, exist_ok=True)
    body, tags = comment(summary), labels(summary, number)
    write_text_atomic(folder / COMMENT_FILE, body)
    write_text_atomic(folder / LABELS_FILE, tags)

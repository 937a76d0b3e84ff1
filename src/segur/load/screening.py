"""The screening of a YAML file around the parser: its raw bytes before, its syntax errors after.

Before any parsing, the file is read as bytes, to reject oversized files, a BOM, invalid UTF-8,
deceptive characters and tab indentation with a precise position instead of a decoder
traceback; after a failed parse, libyaml's English problem becomes a French finding placed
where the editor has to fix it. Separate from the composer (`segur.load.composer`) because
neither part looks at the YAML structure: they are about text and messages, and the composer
never sees a file that failed here.
"""

from __future__ import annotations

import re

import yaml

from segur.findings import registry
from segur.findings.finding import Finding
from segur.load.composer import Position, mark_position

# Characters that have no place in a dossier file and deceive whoever reads it: control
# characters (but tab, line feed and carriage return), DEL and the C1 controls, which also
# drive terminals and CI logs (ANSI escapes); the bidirectional overrides and isolates, which
# show text in another order than it is stored; the Unicode line and paragraph separators; a
# byte order mark anywhere but at the start.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]"
)
_CHARACTER_NAMES = {
    "\x00": "caractère nul",
    "\x1b": "échappement, qui pilote les terminaux",
    "\u2028": "séparateur de ligne Unicode",
    "\u2029": "séparateur de paragraphe Unicode",
    "\ufeff": "indicateur d'ordre des octets au milieu du texte",
}
# The first problems of a file are enough to fix it; a file full of them is not read further.
_MAX_CHARACTER_FINDINGS = 5


def line_col(raw: bytes, offset: int) -> Position:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return Position(line, offset - start + 1)


def check_bytes(raw: bytes, path: str, limit: int) -> tuple[str | None, list[Finding]]:
    findings: list[Finding] = []
    if len(raw) > limit:
        return None, [registry.get("SEG-YML-001").at(path, 1, 1, size=len(raw), limit=limit)]
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.append(registry.get("SEG-YML-002").at(path, 1, 1))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        p = line_col(raw, exc.start)
        findings.append(
            registry.get("SEG-YML-003").at(path, p.line, p.col, byte=f"0x{raw[exc.start]:02X}")
        )
        return None, findings
    forbidden = _forbidden_characters(text, path)
    if forbidden:
        return None, [*findings, *forbidden]
    tabs = False
    for number, line in enumerate(text.splitlines() if "\t" in text else (), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            findings.append(registry.get("SEG-YML-004").at(path, number, indent.index("\t") + 1))
            tabs = True
    return (None if tabs else text), findings


def _forbidden_characters(text: str, path: str) -> list[Finding]:
    findings: list[Finding] = []
    for match in _FORBIDDEN.finditer(text):
        if len(findings) == _MAX_CHARACTER_FINDINGS:
            break
        offset = match.start()
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        char = match.group()
        name = _CHARACTER_NAMES.get(char) or (
            "inversion du sens d'écriture"
            if "\u202a" <= char <= "\u2069"
            else "caractère de contrôle"
        )
        findings.append(
            registry.get("SEG-YML-019").at(path, line, col, code=f"U+{ord(char):04X}", name=name)
        )
    return findings


# libyaml's problems, in French, and whether the mark to show is where the construct was opened
# (an unclosed quote or bracket is found at the end of the file, but it is the opening one that
# the editor has to fix).
_SYNTAX_FR: dict[str, tuple[str, bool]] = {
    "found unexpected end of stream": ("guillemet ouvert ici et jamais fermé", True),
    "did not find expected ',' or ']'": (
        "crochet « [ » ouvert ici et jamais fermé, ou virgule manquante entre deux éléments",
        True,
    ),
    "did not find expected ',' or '}'": (
        "accolade « { » ouverte ici et jamais fermée, ou virgule manquante entre deux champs",
        True,
    ),
    "mapping values are not allowed in this context": (
        "« : » inattendu : une valeur qui contient « : » doit être entre guillemets",
        False,
    ),
    "could not find expected ':'": ("« : » attendu après la clé", False),
    "did not find expected key": ("clé attendue ici : vérifiez l'indentation", False),
    "did not find expected '-' indicator": (
        "élément de liste « - » attendu ici : vérifiez l'indentation",
        False,
    ),
    "block sequence entries are not allowed in this context": (
        "élément de liste « - » inattendu ici : vérifiez l'indentation",
        False,
    ),
    "found character that cannot start any token": (
        "caractère qui ne peut pas commencer une valeur YAML (« @ », « ` » ou « % » en tête "
        "d'une valeur doivent être entre guillemets)",
        False,
    ),
    "found unknown escape character": (
        "séquence d'échappement inconnue dans une chaîne entre guillemets doubles",
        False,
    ),
    "exceeded maximum nesting depth": ("imbrication trop profonde", False),
    "did not find expected node content": ("valeur attendue ici", False),
    "did not find expected comment or line break": (
        "fin de ligne ou commentaire attendu après la valeur",
        False,
    ),
}


def syntax_finding(exc: yaml.YAMLError, path: str) -> Finding:
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    french, at_opening = _SYNTAX_FR.get(problem, (f"erreur de syntaxe ({problem})", False))
    mark = (context_mark or problem_mark) if at_opening else (problem_mark or context_mark)
    p = mark_position(mark) if mark is not None else Position(1, 1)
    return registry.get("SEG-YML-006").at(path, p.line, p.col, problem=french)

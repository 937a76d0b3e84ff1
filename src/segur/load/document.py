"""The only module that reads YAML.

Everything under `dossiers/` comes from outside ANS, so it is parsed defensively:
- the file is read as bytes first, to reject oversized files, a BOM and invalid UTF-8 with a
  precise position instead of a decoder traceback;
- the document is composed from the C parser's events rather than loaded, so that every key,
  item and scalar keeps its `line:col`, and so that anchors, aliases, duplicate keys and
  non-string keys are seen (a plain `yaml.safe_load` silently keeps the last duplicate);
- only the plain YAML types are constructed (str, int, float, bool, null, dates): an explicit
  tag such as `!!python/object` is a finding, never code.

Every problem becomes a finding, of a rule declared in `segur.rules.syntaxe` and named here by
its ID. Nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

from segur.findings import registry
from segur.findings.finding import Finding
from segur.load.fast import StrictResolver, fast_mapping

# 1 MiB: a candidature file is a few kilobytes; anything bigger is a mistake or an attack.
MAX_YAML_BYTES = 1024 * 1024
# The deepest file of a dossier nests six levels; a few hundred would exhaust the recursion of
# any reader (an attack on the check itself, not a dossier).
MAX_DEPTH = 32
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

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    col: int


@dataclass(slots=True)
class Document:
    """A parsed YAML document: plain data plus the position of every value and key.

    A document loaded by the fast path (`segur.load.fast`) keeps its text in `source` and finds
    its positions the first time one is asked for, by composing the text again: most documents
    are clean and never need one.
    """

    path: str
    data: Any
    source: str | None = field(default=None, repr=False, compare=False)
    _values: dict[Loc, Position] | None = field(default=None, repr=False, compare=False)
    _keys: dict[Loc, Position] | None = field(default=None, repr=False, compare=False)

    @property
    def values(self) -> dict[Loc, Position]:
        if self._values is None:
            self._locate()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[Loc, Position]:
        if self._keys is None:
            self._locate()
        assert self._keys is not None
        return self._keys

    def _locate(self) -> None:
        self._values, self._keys = {}, {}
        if self.source is not None:
            composer = _Composer(self.path, yaml.parse(self.source, Loader=yaml.CSafeLoader))
            composer.compose()
            self._values, self._keys = composer.doc.values, composer.doc.keys

    def at(self, loc: Loc) -> Position:
        """Position of the value at `loc`, or of its nearest existing ancestor."""
        loc = tuple(loc)
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Position(1, 1))

    def key_at(self, loc: Loc) -> Position:
        """Position of the key that introduces `loc` (falls back to the value)."""
        return self.keys.get(tuple(loc)) or self.at(loc)

    def finding(self, rule: Any, loc: Loc, **values: Any) -> Finding:
        pos = self.key_at(loc)
        return rule.at(self.path, pos.line, pos.col, **values)  # type: ignore[no-any-return]


@dataclass(slots=True)
class Loaded:
    document: Document | None
    findings: list[Finding]


_RESOLVER = StrictResolver()
_CONSTRUCTOR = SafeConstructor()
_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", None, "!"}


def _pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _line_col(raw: bytes, offset: int) -> Position:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return Position(line, offset - start + 1)


class _Composer:
    """Builds plain Python data from parser events, recording positions and problems."""

    def __init__(self, path: str, events: Iterator[Any]) -> None:
        self.path = path
        self.events = events
        self.doc = Document(path, None)
        self.findings: list[Finding] = []

    def _add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def _check_anchor(self, event: Any) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            p = _pos(event.start_mark)
            self._add(
                registry.get("SEG-YML-010").at(self.path, p.line, p.col, what="ancre", name=anchor)
            )

    def compose(self) -> list[Any]:
        """Return the list of documents (raw values) found in the stream."""
        documents: list[Any] = []
        for event in self.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents.append(self._node(next(self.events), ()))
                next(self.events)  # DocumentEndEvent
        return documents

    def _node(self, event: Any, loc: Loc) -> Any:
        p = _pos(event.start_mark)
        if len(loc) > MAX_DEPTH:
            raise _TooDeep(p)
        self.doc.values[loc] = p
        if isinstance(event, yaml.AliasEvent):
            self._add(
                registry.get("SEG-YML-010").at(
                    self.path, p.line, p.col, what="alias", name=event.anchor
                )
            )
            return None
        self._check_anchor(event)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, p)
        if isinstance(event, yaml.SequenceStartEvent):
            self._check_collection_tag(event, p)
            items: list[Any] = []
            while True:
                child = next(self.events)
                if isinstance(child, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(child, (*loc, len(items))))
        if isinstance(event, yaml.MappingStartEvent):
            self._check_collection_tag(event, p)
            return self._mapping(loc)
        raise AssertionError(f"événement YAML inattendu : {event!r}")  # pragma: no cover

    def _check_collection_tag(self, event: Any, p: Position) -> None:
        if event.tag not in _COLLECTION_TAGS:
            self._add(registry.get("SEG-YML-012").at(self.path, p.line, p.col, tag=event.tag))

    def _mapping(self, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        while True:
            key_event = next(self.events)
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            kp = _pos(key_event.start_mark)
            key = self._node(key_event, (*loc, "\x00key"))
            self.doc.values.pop((*loc, "\x00key"), None)
            value_event = next(self.events)
            if not isinstance(key, str):
                found = "complexe" if isinstance(key, dict | list) else f"« {key!r} »"
                self._add(registry.get("SEG-YML-011").at(self.path, kp.line, kp.col, found=found))
                self._node(value_event, (*loc, "\x00skipped"))
                continue
            if key in result:
                self._add(
                    registry.get("SEG-YML-009").at(
                        self.path, kp.line, kp.col, key=key, first_line=first_line[key]
                    )
                )
                self._node(value_event, (*loc, "\x00duplicate"))
                continue
            first_line[key] = kp.line
            self.doc.keys[(*loc, key)] = kp
            result[key] = self._node(value_event, (*loc, key))

    def _scalar(self, event: Any, p: Position) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag not in _ALLOWED_TAGS:
            self._add(registry.get("SEG-YML-012").at(self.path, p.line, p.col, tag=tag))
            return event.value
        if tag == "tag:yaml.org,2002:str":
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ConstructorError, ValueError) as exc:
            # 2026-02-30 has the shape of a timestamp, so YAML tries and fails to build it.
            problem = getattr(exc, "problem", None) or str(exc)
            if tag == "tag:yaml.org,2002:timestamp":
                self._add(
                    registry.get("SEG-YML-017").at(
                        self.path, p.line, p.col, value=event.value, problem=problem
                    )
                )
            else:
                self._add(
                    registry.get("SEG-YML-006").at(
                        self.path, p.line, p.col, problem=f"« {event.value} » : {problem}"
                    )
                )
            return event.value


def _check_bytes(raw: bytes, path: str, limit: int) -> tuple[str | None, list[Finding]]:
    findings: list[Finding] = []
    if len(raw) > limit:
        return None, [registry.get("SEG-YML-001").at(path, 1, 1, size=len(raw), limit=limit)]
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.append(registry.get("SEG-YML-002").at(path, 1, 1))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        p = _line_col(raw, exc.start)
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


def _syntax_finding(exc: yaml.YAMLError, path: str) -> Finding:
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    french, at_opening = _SYNTAX_FR.get(problem, (f"erreur de syntaxe ({problem})", False))
    mark = (context_mark or problem_mark) if at_opening else (problem_mark or context_mark)
    p = _pos(mark) if mark is not None else Position(1, 1)
    return registry.get("SEG-YML-006").at(path, p.line, p.col, problem=french)


class _TooDeep(Exception):
    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position


def parse(raw: bytes, path: str, limit: int = MAX_YAML_BYTES) -> Loaded:
    """Parse YAML bytes into a `Document` whose root must be a mapping."""
    text, findings = _check_bytes(raw, path, limit)
    if text is None:
        return Loaded(None, findings)
    if not findings:
        data = fast_mapping(text)
        if data is not None:
            return Loaded(Document(path, data, source=text), findings)
    composer = _Composer(path, yaml.parse(text, Loader=yaml.CSafeLoader))
    try:
        documents = composer.compose()
    except yaml.YAMLError as exc:
        return Loaded(None, [*findings, _syntax_finding(exc, path)])
    except _TooDeep as exc:
        p = exc.position
        too_deep = registry.get("SEG-YML-020").at(path, p.line, p.col, limit=MAX_DEPTH)
        return Loaded(None, [*findings, too_deep])
    findings.extend(composer.findings)
    if not documents or (len(documents) == 1 and documents[0] is None and not text.strip("\n ")):
        return Loaded(None, [*findings, registry.get("SEG-YML-005").at(path, 1, 1)])
    if len(documents) > 1:
        return Loaded(None, [*findings, registry.get("SEG-YML-008").at(path, 1, 1)])
    data = documents[0]
    if not isinstance(data, dict):
        found = _describe_type(data)
        if data is None:
            return Loaded(None, [*findings, registry.get("SEG-YML-005").at(path, 1, 1)])
        p = composer.doc.at(())
        return Loaded(
            None, [*findings, registry.get("SEG-YML-007").at(path, p.line, p.col, found=found)]
        )
    composer.doc.data = data
    return Loaded(composer.doc, findings)


def load_file(file: Path, display: str | None = None, limit: int = MAX_YAML_BYTES) -> Loaded:
    """Read and parse one YAML file. `display` is the path shown in findings."""
    shown = display if display is not None else str(file)
    try:
        status = os.lstat(file)
        if stat.S_ISLNK(status.st_mode):
            # A link could point anywhere on the machine that runs the check: never follow it.
            return Loaded(None, [registry.get("SEG-YML-018").at(shown, 1, 1, name=file.name)])
        if not stat.S_ISREG(status.st_mode):
            # A named pipe would block the check forever, a device would be read endlessly:
            # only a regular file is ever opened.
            reason = "ce n'est pas un fichier ordinaire (tube nommé, dossier ou périphérique)"
            return Loaded(None, [registry.get("SEG-YML-016").at(shown, 1, 1, reason=reason)])
        if status.st_size > limit:
            return Loaded(
                None,
                [registry.get("SEG-YML-001").at(shown, 1, 1, size=status.st_size, limit=limit)],
            )
        raw = _read_regular(file, limit)
    except OSError as exc:
        return Loaded(
            None, [registry.get("SEG-YML-016").at(shown, 1, 1, reason=exc.strerror or str(exc))]
        )
    if raw is None:
        reason = "le fichier a changé de nature pendant la lecture"
        return Loaded(None, [registry.get("SEG-YML-016").at(shown, 1, 1, reason=reason)])
    return parse(raw, shown, limit)


def _read_regular(file: Path, limit: int) -> bytes | None:
    """The bytes of `file` (at most `limit` + 1), or None when what was opened is no longer a
    regular file: the file may be swapped for a link or a pipe between `lstat` and `open`, so
    the open neither follows a link nor waits on a pipe, and the opened file is checked again."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(file, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks: list[bytes] = []
        read = 0
        while read <= limit and (chunk := os.read(fd, limit + 1 - read)):
            chunks.append(chunk)
            read += len(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def _describe_type(value: Any) -> str:
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, str):
        return "une chaîne"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int | float):
        return "un nombre"
    if isinstance(value, dt.date):
        return "une date"
    return "vide"

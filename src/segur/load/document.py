"""The public entry to reading YAML: `parse` for bytes, `load_file` for a file, and `Document`.

Everything under `dossiers/` comes from outside ANS, so it is parsed defensively, by three
modules of which this one is the entry point (the others hold `Loc` and `Position`, the
addresses and places of values, and nothing else the rest of `segur` needs):
- the file is read as bytes first (`segur.load.screening`), to reject oversized files, a BOM
  and invalid UTF-8 with a precise position instead of a decoder traceback;
- the document is composed from the C parser's events rather than loaded
  (`segur.load.composer`), so that every key, item and scalar keeps its `line:col`, and so that
  anchors, aliases, duplicate keys and non-string keys are seen (a plain `yaml.safe_load`
  silently keeps the last duplicate);
- only the plain YAML types are constructed (str, int, float, bool, null, dates): an explicit
  tag such as `!!python/object` is a finding, never code.
This module opens the file without following links or waiting on pipes, tries the fast path
(`segur.load.fast`), and judges what was composed: one document, whose root is a mapping.

Every problem becomes a finding, of a rule declared in `segur.rules.syntaxe` and named here by
its ID. Nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from segur.findings import registry
from segur.findings.finding import Finding
from segur.load.composer import MAX_DEPTH, Composer, Loc, Position, TooDeep
from segur.load.fast import fast_mapping
from segur.load.screening import check_bytes, syntax_finding

# 1 MiB: a candidature file is a few kilobytes; anything bigger is a mistake or an attack.
MAX_YAML_BYTES = 1024 * 1024


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
            composer = Composer(self.path, yaml.parse(self.source, Loader=yaml.CSafeLoader))
            composer.compose()
            self._values, self._keys = composer.values, composer.keys

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


def parse(raw: bytes, path: str, limit: int = MAX_YAML_BYTES) -> Loaded:
    """Parse YAML bytes into a `Document` whose root must be a mapping."""
    text, findings = check_bytes(raw, path, limit)
    if text is None:
        return Loaded(None, findings)
    if not findings:
        data = fast_mapping(text)
        if data is not None:
            return Loaded(Document(path, data, source=text), findings)
    composer = Composer(path, yaml.parse(text, Loader=yaml.CSafeLoader))
    try:
        documents = composer.compose()
    except yaml.YAMLError as exc:
        return Loaded(None, [*findings, syntax_finding(exc, path)])
    except TooDeep as exc:
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
        p = Document(path, data, _values=composer.values, _keys=composer.keys).at(())
        return Loaded(
            None, [*findings, registry.get("SEG-YML-007").at(path, p.line, p.col, found=found)]
        )
    return Loaded(Document(path, data, _values=composer.values, _keys=composer.keys), findings)


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

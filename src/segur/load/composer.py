"""The positional composer: plain Python data built from libyaml's events, with every position.

The document is composed from the C parser's events rather than loaded, so that every key, item
and scalar keeps its `line:col`, and so that anchors, aliases, duplicate keys and non-string
keys are seen (a plain `yaml.safe_load` silently keeps the last duplicate); only the plain YAML
types are constructed (str, int, float, bool, null, dates): an explicit tag such as
`!!python/object` is a finding, never code. It is separate from `segur.load.document` because
it is the one part that walks the YAML structure: `Document` asks it for positions again when a
fast-path document needs them, and `parse` runs it when the fast path gives up; it knows
nothing of files, bytes or the shape a dossier file must have.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

from segur.findings import registry
from segur.findings.finding import Finding
from segur.load.fast import StrictResolver

# The deepest file of a dossier nests six levels; a few hundred would exhaust the recursion of
# any reader (an attack on the check itself, not a dossier).
MAX_DEPTH = 32

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    col: int


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


def mark_position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class TooDeep(Exception):
    def __init__(self, position: Position) -> None:
        super().__init__()
        self.position = position


class Composer:
    """Builds plain Python data from parser events, recording positions and problems."""

    def __init__(self, path: str, events: Iterator[Any]) -> None:
        self.path = path
        self.events = events
        self.values: dict[Loc, Position] = {}
        self.keys: dict[Loc, Position] = {}
        self.findings: list[Finding] = []

    def _add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def _check_anchor(self, event: Any) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            p = mark_position(event.start_mark)
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
        p = mark_position(event.start_mark)
        if len(loc) > MAX_DEPTH:
            raise TooDeep(p)
        self.values[loc] = p
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
            kp = mark_position(key_event.start_mark)
            key = self._node(key_event, (*loc, "\x00key"))
            self.values.pop((*loc, "\x00key"), None)
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
            self.keys[(*loc, key)] = kp
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

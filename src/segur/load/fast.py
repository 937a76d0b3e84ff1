"""The loader's fast path: a clean YAML mapping loaded by libyaml in one call.

`segur.load.document` composes every document from parser events, one Python step per event, to keep
the `line:col` of each value and to see duplicate keys, anchors, aliases, tags and non-string
keys. Nearly every file of a repository has none of those, and its positions are only read when
a finding is made. So a file is first loaded the plain way (`yaml.CSafeLoader`: composed by
libyaml, built with PyYAML's safe constructors, exactly the values the composer builds), with
checks that give up at the first thing the composer would report:
- an `&` (an anchor; without one, an alias cannot resolve) or a `!` (an explicit tag or a tag
  directive) that does not follow a letter or a digit: the text is not even parsed;
- a key that is not a plain string (number, date, null, boolean, merge key `<<`, mapping...),
  the same key twice, a value of a type that the safe constructor refuses (`=`, `<<`), an
  impossible date, a syntax error, several documents, or a root that is not a mapping.
Giving up returns None and `segur.load.document` takes its full path, which reports them as before.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
import yaml.resolver
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_STR = "tag:yaml.org,2002:str"
# An anchor (`&a`) or a tag (`!t`) is a node property: it starts a token, so it never follows a
# letter or a digit, as the `&` of "R&D" or the `!` of "Attention!" do. Anything else gives up.
_PROPERTY = re.compile(r"(?<![A-Za-z0-9])[&!]")


class _GiveUp(Exception):
    """Something the composer reports: leave this file to it."""


# YAML 1.2 booleans: only true and false. PyYAML follows YAML 1.1, where yes, no, on, off,
# y and n are booleans too: "n" (a profile code, a Norwegian answer) would silently become
# False. Those words stay strings here, and the models refuse a string where a boolean is due.
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class StrictResolver(yaml.resolver.Resolver):
    """PyYAML's resolver with the YAML 1.2 booleans only."""


StrictResolver.yaml_implicit_resolvers = {
    first: [
        (tag, _BOOL if tag == "tag:yaml.org,2002:bool" else regexp) for tag, regexp in resolvers
    ]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


class _Loader(yaml.CSafeLoader):
    """libyaml's loader with the YAML 1.2 booleans."""


_Loader.yaml_implicit_resolvers = StrictResolver.yaml_implicit_resolvers

_SAFE = SafeConstructor()
# The constructors of the other scalar types the composer accepts: the very functions
# `yaml.safe_load` and the composer call, so the values are the same.
_SCALARS = {
    tag: _SAFE.yaml_constructors[tag]
    for tag in (
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:timestamp",
    )
}


# Deeper than any dossier file: the composer, which reports it, takes over.
_MAX_DEPTH = 32


def _value(node: Node, depth: int = 0) -> Any:
    """The Python value of a node composed by libyaml, built as the safe constructor builds it
    (without its generic machinery, which costs more than the parse itself)."""
    if isinstance(node, ScalarNode):
        if node.tag == _STR:
            return node.value
        construct = _SCALARS.get(node.tag)
        if construct is None:
            raise _GiveUp  # a tag the composer reports (`=`, `<<` as a value...)
        return construct(_SAFE, node)
    if depth > _MAX_DEPTH:
        raise _GiveUp
    if isinstance(node, SequenceNode):
        return [_value(item, depth + 1) for item in node.value]
    if not isinstance(node, MappingNode):
        raise _GiveUp
    mapping: dict[str, Any] = {}
    for key, value in node.value:
        # Keys resolved as strings only: that excludes every non-string key and `<<`.
        if not isinstance(key, ScalarNode) or key.tag != _STR:
            raise _GiveUp
        if key.value in mapping:
            raise _GiveUp  # a key given twice: the composer keeps the first and says so
        mapping[key.value] = _value(value, depth + 1)
    return mapping


def fast_mapping(text: str) -> dict[str, Any] | None:
    """The document of `text` when it is one plain mapping that the composer would build
    without a finding; None when the composer must look at it."""
    # The plain membership tests first: most files have neither character, and the pattern's
    # look-behind costs far more than they do.
    if ("&" in text or "!" in text) and _PROPERTY.search(text):
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else _value(node)
    except Exception:  # any failure hands the file to the full path
        return None
    finally:
        loader.dispose()
    return data if isinstance(data, dict) and data else None

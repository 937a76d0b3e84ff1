"""The loader's fast path (`segur.load.fast`) gives exactly what the composer gives, or gives
up: the same data, and never a document the composer would have reported a finding for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from segur.load.composer import Composer
from segur.load.fast import fast_mapping


def _composed(text: str) -> tuple[Any, list[str]]:
    composer = Composer("x.yaml", yaml.parse(text, Loader=yaml.CSafeLoader))
    try:
        documents = composer.compose()
    except yaml.YAMLError:
        return None, ["syntaxe"]
    data = documents[0] if len(documents) == 1 else None
    return data, [f.rule for f in composer.findings]


def _same_as_composer(text: str) -> None:
    fast = fast_mapping(text)
    if fast is None:
        return
    data, findings = _composed(text)
    assert findings == []
    assert fast == data
    assert [type(v) for v in fast.values()] == [type(v) for v in data.values()]


CRAFTED = [
    "a: 1\nb: [x, 2026-01-02, 2026-01-02T10:00:00+01:00, 1.5, .inf, ~, yes, 0o17, 0x1f]\n",
    "a: 1\na: 2\n",
    "1: x\n",
    "null: x\n",
    "<<: {a: 1}\nb: 2\n",
    "a: =\n",
    "a: <<\n",
    "a: 2026-02-30\n",
    "a: 1\n---\nb: 2\n",
    "",
    "[1]",
    "a: *x\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "? [a, b]\n: c\n",
    "a:\n  b:\n    - c: 1\n      c: 2\n",
    "a: 'R&D'\n",
    "a: R&D\nb: Attention!\n",
    "a: x&y\nb: [1,&c 2]\n",
    "{a: 1,&b c: 2}\n",
    '{"a":&b 1}\n',
    "a:\n- &x 1\n- *x\n",
    "a: b\n  c\n",
    "a: 12:30\n",
    "'1': x\n",
]


def test_crafted_texts_get_the_composer_data_or_nothing() -> None:
    for text in CRAFTED:
        _same_as_composer(text)
    assert fast_mapping("a: 1\na: 2\n") is None
    assert fast_mapping("<<: {a: 1}\nb: 2\n") is None
    assert fast_mapping("a: 2026-02-30\n") is None
    assert fast_mapping("a: 1\nb: [2026-01-02]\n") == {"a": 1, "b": [dt.date(2026, 1, 2)]}


_SCALARS = st.one_of(
    st.text(max_size=12),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), _VALUES, min_size=1, max_size=6))
def test_dumped_documents_get_the_composer_data(document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, allow_unicode=True)
    _same_as_composer(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab:- \n\t[]{},'\"&*!<=#1.~%", max_size=40))
def test_any_text_gets_the_composer_data_or_nothing(text: str) -> None:
    _same_as_composer(text)

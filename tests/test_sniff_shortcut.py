"""`segur.load.sniff` answers some heads without `filetype`'s loop of matchers: the answer must be
the one `filetype.guess` gives, for any head."""

from __future__ import annotations

import filetype
from hypothesis import given, settings
from hypothesis import strategies as st

from segur.examples.samples import minimal_pdf, minimal_png, sample_video
from segur.load.sniff import _guess_mime, _known_filetype


def _filetype(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return None if kind is None else str(kind.mime)


# Signatures that start like text, or sit further in, next to texts that look like proofs.
TRICKY = [
    b"{\\rtf1 texte",
    b"#!AMR\n" + b"x" * 20,
    b"8BPS" + b"x" * 20,
    b"0&\xb2\x75\x8e\x66\xcf\x11\xa6\xd9 wmv",
    b"7z\xbc\xaf\x27\x1c archive",
    b"#\xb5\x2f\xfd zstd",
    b"[\x2a\x4d\x18\x00\x00\x00\x00 zstd",
    b"0000ftypisom" + b"x" * 40,
    b"{" + b"x" * 33 + b"LP" + b"x" * 40,
    b"<" + b"x" * 127 + b"DICM" + b"x" * 10,
    b"#" + b"x" * 256 + b"ustar" + b"x" * 10,
    b'{"preuve": "INS.01"}\n',
    b'<?xml version="1.0"?><journal/>',
    b"# journal\n2026-01-05 INFO ok\n",
    b"2026-01-05T09:00:00 INFO ok\n",
    b"[1, 2, 3]",
    minimal_png(),
    minimal_pdf(["x"]),
    sample_video(),
]


def test_the_shortcut_is_active_for_the_filetype_it_was_written_for() -> None:
    assert _known_filetype


def test_known_heads_get_filetype_answer() -> None:
    for head in TRICKY:
        assert _guess_mime(head) == _filetype(head), head[:20]
    apng = minimal_png()[:33] + b"\x00\x00\x00\x08acTL" + b"\x00" * 12
    assert _guess_mime(apng) == _filetype(apng) == "image/apng"


@settings(max_examples=400, deadline=None)
@given(
    start=st.sampled_from([b"{", b"[", b"<", b"#", b"0", b"7", b"8", b"\x89PNG\r\n\x1a\n", b""]),
    body=st.binary(max_size=400),
)
def test_any_head_gets_filetype_answer(start: bytes, body: bytes) -> None:
    head = start + body
    if head:
        assert _guess_mime(head) == _filetype(head)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), start=st.sampled_from("{[<#0123456789"))
def test_any_text_gets_filetype_answer(text: str, start: str) -> None:
    head = (start + text).encode("utf-8")
    assert _guess_mime(head) == _filetype(head)

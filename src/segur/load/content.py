"""Whether a proof file's content really is what its magic bytes announce, found by parsing it.

Magic bytes only say how a file starts: `%PDF-1.4` and random bytes, a bare PNG signature, a
PNG with an HTML page appended all start right. Each format is therefore parsed, by its own
module: images by `content_image` (Pillow, then PNG chunks, JPEG markers, GIF blocks, RIFF
size), PDF by `content_pdf` (pypdf in strict mode, no active content, nothing after `%%EOF`),
videos by `content_video` (ISO-BMFF, EBML and RIFF walkers). This module holds what they share
the entry point of: the read limits, the dispatch by sniffed type in `inspect`, and the one
check small enough to live beside them, that a text, JSON or XML report carries no active
content: scripts, event attributes, `javascript:` URLs, XML entity declarations.

Bytes after the end of a structure are refused beyond a little padding: that is how a file is
made to be two formats at once (a polyglot). The work is bounded: nothing is parsed above the
read limit of its type (`READ_LIMITS`, the proof size limits), images are decoded within
`MAX_PIXELS`, PDF objects and video boxes are counted, media data is never read.
The answer is a `Defect` (`content_defect`: what is wrong, in French, without the file's name)
or None.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import BinaryIO

from segur.load.content_defect import MIB, Bad, Defect, DefectKind
from segur.load.content_image import check_image
from segur.load.content_pdf import check_pdf
from segur.load.content_video import check_video
from segur.load.sniff import Sniffed

# The proof size limits (`segur.rules.preuves.files.SIZE_LIMITS` starts from them): a file
# above its limit is refused for its size, so its content is never parsed.
READ_LIMITS: dict[Sniffed, int] = {
    Sniffed.IMAGE: 20 * MIB,
    Sniffed.VIDEO: 500 * MIB,
    Sniffed.PDF: 50 * MIB,
    Sniffed.TEXT: 50 * MIB,
    Sniffed.JSON: 50 * MIB,
    Sniffed.XML: 50 * MIB,
}


def inspect(
    source: bytes | BinaryIO, size: int, sniffed: Sniffed, mime: str | None
) -> Defect | None:
    """What is wrong with a file of `size` bytes sniffed as `sniffed` (`mime` for the binary
    types): `source` is its whole content, or an open binary stream when it is large."""
    check = _CHECKS.get(sniffed)
    if check is None or size > READ_LIMITS.get(sniffed, 0):
        return None
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        check(stream, size, mime or "")
    except Bad as bad:
        return bad.defect
    return None


# --- text reports -------------------------------------------------------------------------

# Active content in markup, searched in any text report: tags that run or embed code, XML
# entity declarations (billion laughs, external entities), event attributes inside a tag.
# Each pattern starts with a literal the regular expression engine looks for at C speed, and
# `[^<>]*` cannot cross a tag: a hostile text costs a few linear passes.
_ACTIVE = (
    re.compile(rb"<(?P<tag>script|iframe|object|embed)\b", re.IGNORECASE),
    re.compile(rb"<(?P<entity>!ENTITY)", re.IGNORECASE),
    re.compile(rb"<(?P<subset>!DOCTYPE[^>\[]{0,1024}\[)", re.IGNORECASE),
    re.compile(rb"<(?P<event>[a-z][^<>]*[\s/\"']on[a-z]{2,32}\s*=)", re.IGNORECASE),
)
# Script URLs, wherever they are: a report has no reason to hold one. One literal each, so
# that each search is a fast scan.
_SCRIPT_URLS = (
    re.compile(rb"(?P<url>javascript\s*:)", re.IGNORECASE),
    re.compile(rb"(?P<url>vbscript\s*:)", re.IGNORECASE),
)
_ACTIVE_REASONS = {
    "tag": "balise {0}",
    "entity": "déclaration d'entité XML <!ENTITY",
    "subset": "DOCTYPE avec déclarations internes",
    "event": "attribut de gestionnaire d'événement {0}",
    "url": "URL {0}",
}
_SCAN_CHUNK = 4 * MIB
_SCAN_OVERLAP = 10_000  # longer than any match of `_ACTIVE`


def _check_text(stream: BinaryIO, size: int, _mime: str) -> None:
    stream.seek(0)
    previous = b""
    read = 0
    while read < size:
        chunk = stream.read(min(_SCAN_CHUNK, size - read))
        if not chunk:
            break
        read += len(chunk)
        window = previous + chunk
        for pattern in (*_ACTIVE, *_SCRIPT_URLS):
            found = pattern.search(window)
            if found is not None:
                raise Bad(DefectKind.ACTIVE, _active_reason(found))
        previous = window[-_SCAN_OVERLAP:]


def _active_reason(found: re.Match[bytes]) -> str:
    group = found.lastgroup or "tag"
    text = found.group(0).decode("utf-8", errors="replace")
    if group == "event":
        text = re.findall(r"on[a-z]+", text, re.I)[-1] + "="
    elif group == "url":
        text = text.split(":")[0].strip() + ":"
    else:
        text = " ".join(text.split())[:40]
    return _ACTIVE_REASONS[group].format(f"« {text} »")


_CHECKS: dict[Sniffed, Callable[[BinaryIO, int, str], None]] = {
    Sniffed.IMAGE: check_image,
    Sniffed.PDF: check_pdf,
    Sniffed.VIDEO: check_video,
    Sniffed.TEXT: _check_text,
    Sniffed.JSON: _check_text,
    Sniffed.XML: _check_text,
}

"""What a proof file really is, read from its first bytes, never from its extension.

Binary formats are recognised by their magic numbers (`filetype`, the usual pure-Python
library for that). Text formats have no magic number, so a file is "text" only when it is valid
UTF-8 without NUL bytes, and JSON or XML when it also parses as such (XML through defusedxml:
proof files are untrusted and entity expansion must be refused).
"""

from __future__ import annotations

import json
from enum import StrEnum
from xml.etree.ElementTree import ParseError

import filetype
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as parse_xml

# Enough for every magic number and for a report's first lines; a JSON or XML file larger than
# this is judged text by its head only.
HEAD_BYTES = 8192
TEXT_FULL_PARSE_LIMIT = 2 * 1024 * 1024


class Sniffed(StrEnum):
    IMAGE = "image"
    VIDEO = "vidéo"
    PDF = "PDF"
    TEXT = "texte"
    JSON = "JSON"
    XML = "XML"
    OTHER = "autre"
    EMPTY = "vide"


_IMAGE_MIMES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff"}
_VIDEO_MIMES = {
    "video/mp4",
    "video/webm",
    "video/x-matroska",
    "video/quicktime",
    "video/x-msvideo",
    "video/mpeg",
    "video/x-m4v",
}


def sniff(data: bytes, *, complete: bool) -> Sniffed:
    """Classify `data`, the head of a file (`complete` when it is the whole file)."""
    if not data:
        return Sniffed.EMPTY
    kind = filetype.guess(data[:HEAD_BYTES])
    if kind is not None:
        mime = kind.mime
        if mime in _IMAGE_MIMES:
            return Sniffed.IMAGE
        if mime in _VIDEO_MIMES:
            return Sniffed.VIDEO
        if mime == "application/pdf":
            return Sniffed.PDF
        return Sniffed.OTHER
    return _sniff_text(data, complete=complete)


def _sniff_text(data: bytes, *, complete: bool) -> Sniffed:
    if b"\x00" in data:
        return Sniffed.OTHER
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A head cut in the middle of a multi-byte character is still text.
        if complete or exc.start < len(data) - 4:
            return Sniffed.OTHER
        text = data[: exc.start].decode("utf-8")
    if not complete:
        return Sniffed.TEXT
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "["):
        try:
            json.loads(stripped)
        except ValueError:
            return Sniffed.TEXT
        return Sniffed.JSON
    if stripped.startswith("<"):
        try:
            parse_xml(stripped.encode("utf-8"))
        except (ParseError, DefusedXmlException, ValueError):
            return Sniffed.TEXT
        return Sniffed.XML
    return Sniffed.TEXT

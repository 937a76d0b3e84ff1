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


# `filetype.guess` tries its 79 matchers in a fixed order and keeps the first that matches:
# about 20 µs for a text file, which none matches, out of some 50 µs to check a proof file.
# Two kinds of head give the same answer without the loop, for the version whose matchers were
# read one by one for this (`_known_filetype`; any other version takes the loop):
# - the PNG signature: every matcher before `Png` needs other first bytes, except `Apng`,
#   asked here; then `Png` matches;
# - a text that starts like JSON, XML, a log or a number: no matcher wants such a first byte,
#   once the few signatures that start so (RTF `{\rtf`, AMR `#!AMR`, PSD `8BPS`, WMV `0&`, 7z
#   `7z`, Zstandard frames) and those found further in (`ftyp` at 4, `LP` at 34, `DICM` at
#   128, `ustar` at 257) are ruled out.
_PNG = b"\x89PNG\r\n\x1a\n"
_TEXT_STARTS = frozenset(b"{[<#0123456789")
_TEXT_SIGNATURES = (b"{\\rtf", b"#!AMR", b"8BPS", b"0&", b"7z")
_ZSTD_AFTER_FIRST = (b"\xb5\x2f\xfd", b"\x2a\x4d\x18")
_READ_MATCHERS = (
    "Dwg Xcf Jpeg Jpx Apng Png Gif Webp Tiff Cr2 Bmp Jxr Psd Ico Heic Dcm Avif Aac Midi Mp3 M4a "
    "Ogg Flac Wav Amr Aiff M3gp Mp4 M4v Mkv Mov Avi Wmv Mpeg Webm Flv Woff Woff2 Ttf Otf Doc Docx "
    "Odt Xls Xlsx Ods Ppt Pptx Odp Br Rpm Dcm Epub Zip Tar Rar Gz Bz2 SevenZ Pdf Exe Swf Rtf Nes "
    "Crx Cab Eot Ps Xz Sqlite Deb Ar Z Lzop Lz Elf Lz4 Zstd Wasm"
)
_known_filetype = (
    getattr(filetype, "__version__", None) == "1.2.0"
    and " ".join(type(t).__name__ for t in filetype.types) == _READ_MATCHERS
)
_APNG = next((t for t in filetype.types if type(t).__name__ == "Apng"), None)


def _nothing_matches(head: bytes) -> bool:
    return (
        head[0] in _TEXT_STARTS
        and not head.startswith(_TEXT_SIGNATURES)
        and head[1:4] not in _ZSTD_AFTER_FIRST
        and head[4:8] != b"ftyp"
        and head[34:36] != b"LP"
        and head[128:132] != b"DICM"
        and head[257:262] != b"ustar"
    )


def _guess_mime(head: bytes) -> str | None:
    """The MIME type `filetype.guess(head)` finds, or None."""
    if _known_filetype and _APNG is not None:
        if head.startswith(_PNG) and len(head) > 8:
            return "image/apng" if _APNG.match(head) else "image/png"
        if _nothing_matches(head):
            return None
    kind = filetype.guess(head)
    return None if kind is None else str(kind.mime)


def sniff(data: bytes, *, complete: bool) -> Sniffed:
    """Classify `data`, the head of a file (`complete` when it is the whole file)."""
    return sniff_mime(data, complete=complete)[0]


def sniff_mime(data: bytes, *, complete: bool) -> tuple[Sniffed, str | None]:
    """`sniff`, with the MIME type of the magic bytes (None for texts): the content checks of
    `segur.load.content` parse each binary format with its own parser."""
    if not data:
        return Sniffed.EMPTY, None
    mime = _guess_mime(data[:HEAD_BYTES])
    if mime is not None:
        if mime in _IMAGE_MIMES:
            return Sniffed.IMAGE, mime
        if mime in _VIDEO_MIMES:
            return Sniffed.VIDEO, mime
        if mime == "application/pdf":
            return Sniffed.PDF, mime
        return Sniffed.OTHER, mime
    return _sniff_text(data, complete=complete), None


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
        except (ValueError, RecursionError):
            # RecursionError: nesting deeper than the interpreter's stack, a hostile text.
            return Sniffed.TEXT
        return Sniffed.JSON
    if stripped.startswith("<"):
        try:
            parse_xml(stripped.encode("utf-8"))
        except (ParseError, DefusedXmlException, ValueError):
            return Sniffed.TEXT
        return Sniffed.XML
    return Sniffed.TEXT

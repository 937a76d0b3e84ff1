"""Small, real files for example and synthetic dossiers.

`minimal_pdf` builds a valid one-page PDF (A4, Helvetica) showing a few lines of text, with a
correct cross-reference table, so any reader opens it and a type sniffer sees a PDF. It is pure
and deterministic (no creation date), so regenerating the examples changes no byte.
"""

from __future__ import annotations

from collections.abc import Sequence

_PAGE_WIDTH, _PAGE_HEIGHT = 595, 842  # A4 in points
_MARGIN, _FONT_SIZE, _LEADING = 72, 12, 16


def _pdf_string(text: str) -> bytes:
    # The standard fonts with WinAnsiEncoding cover French (é, è, à, ç, œ, «, », …);
    # anything else becomes "?" rather than a broken file.
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def minimal_pdf(text: str | Sequence[str]) -> bytes:
    """A one-page PDF showing `text` (a string, split on newlines, or a list of lines)."""
    lines = text.splitlines() if isinstance(text, str) else list(text)
    content = [b"BT", b"/F1 %d Tf" % _FONT_SIZE, b"%d TL" % _LEADING]
    content.append(b"%d %d Td" % (_MARGIN, _PAGE_HEIGHT - _MARGIN))
    for index, line in enumerate(lines):
        content.append(_pdf_string(line) + (b" Tj" if index == 0 else b" '"))
    content.append(b"ET")
    stream = b"\n".join(content) + b"\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>" % (_PAGE_WIDTH, _PAGE_HEIGHT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def minimal_png(
    width: int = 32, height: int = 20, rgb: tuple[int, int, int] = (31, 78, 121)
) -> bytes:
    """A valid PNG of one plain colour: a screenshot stand-in that any viewer opens."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width  # filter byte 0, then RGB pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height, 9))
        + chunk(b"IEND", b"")
    )


def sample_video() -> bytes:
    """A one-second H.264 MP4 (1.7 KB) made once with ffmpeg's colour source and shipped with the
    package, so that examples and synthetic dossiers carry a real video without a video encoder."""
    from importlib import resources

    return resources.files("segur.examples").joinpath("data", "exemple-video.mp4").read_bytes()

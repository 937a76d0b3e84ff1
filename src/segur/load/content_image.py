"""The content check of images: a full decode with Pillow, then each format's own structure.

An image decodes fully with Pillow within a pixel budget (`MAX_PIXELS`), and its own structure
(PNG chunks with their CRC, JPEG markers, GIF blocks, RIFF size, BMP size) must end where the
file ends: bytes after it are a second file hidden behind the first. Separate from the PDF and
video parsers because it is the only user of Pillow and works on bytes held in memory.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib
from collections.abc import Callable
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

from segur.load.content_defect import Bad, DefectKind, check_tail, malformed, read_all, short

# 40 megapixels hold an 8K screenshot (33 Mpx); decoded at 4 bytes a pixel at most, 160 MB.
MAX_PIXELS = 40_000_000

_PIL_FORMATS = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/bmp": "BMP",
    "image/tiff": "TIFF",
}


def check_image(stream: BinaryIO, size: int, mime: str) -> None:
    data = read_all(stream, size)
    name = _PIL_FORMATS.get(mime)
    if name is None:
        raise malformed(f"format d'image {mime or 'inconnu'} non vérifiable")
    _decode(data, name)
    end = _IMAGE_ENDS.get(name)
    if end is not None:
        end(data)


def _decode(data: bytes, name: str) -> None:
    """Decode the first frame with Pillow, limited to the format its magic bytes announce."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[name]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise malformed(
                        f"image de {width} × {height} pixels, au-delà de {MAX_PIXELS} pixels"
                    )
                image.load()
    except Bad:
        raise
    except UnidentifiedImageError:
        raise malformed("l'image ne se décode pas (format non reconnu)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise malformed(f"image trop grande une fois décodée ({exc})") from None
    except Exception as exc:
        # Pillow raises many kinds of errors on hostile input (OSError, SyntaxError,
        # ValueError, struct.error…): all of them mean the image does not decode.
        raise malformed(f"l'image ne se décode pas ({short(exc)})") from None


def _png_end(data: bytes) -> None:
    pos = 8
    first = True
    while True:
        if pos + 12 > len(data):
            raise malformed("PNG tronqué : pas de bloc de fin IEND")
        length, kind = struct.unpack_from(">I4s", data, pos)
        end = pos + 12 + length
        if length > 0x7FFFFFFF or end > len(data):
            raise malformed(
                f"PNG tronqué : le bloc « {kind.decode('latin-1')} » dépasse la fin du fichier"
            )
        if first and kind != b"IHDR":
            raise malformed("le PNG ne commence pas par son bloc IHDR")
        first = False
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(data[pos + 4 : end - 4]) != crc:
            raise malformed(
                f"PNG corrompu : somme de contrôle fausse du bloc « {kind.decode('latin-1')} »"
            )
        pos = end
        if kind == b"IEND":
            check_tail(data[pos:], "du PNG (bloc IEND)")
            return


_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7]")


def _jpeg_stream_end(data: bytes, start: int) -> tuple[int, bool]:
    """The offset after the EOI marker of the JPEG stream at `start`, and whether it announces
    further images after it (an APP2 « MPF » segment: phones' multi-picture files)."""
    if data[start : start + 2] != b"\xff\xd8":
        raise malformed("JPEG sans marqueur de début SOI")
    pos, multi = start + 2, False
    while True:
        if pos + 2 > len(data) or data[pos] != 0xFF:
            raise malformed("JPEG tronqué ou corrompu : marqueur attendu")
        while pos + 1 < len(data) and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes
        if pos + 2 > len(data):
            raise malformed("JPEG tronqué : pas de marqueur de fin EOI")
        marker = data[pos + 1]
        if marker == 0xD9:
            return pos + 2, multi
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if pos + 4 > len(data):
            raise malformed("JPEG tronqué : segment incomplet")
        (length,) = struct.unpack_from(">H", data, pos + 2)
        if length < 2 or pos + 2 + length > len(data):
            raise malformed("JPEG tronqué : un segment dépasse la fin du fichier")
        if marker == 0xE2 and data[pos + 4 : pos + 8] == b"MPF\x00":
            multi = True
        pos += 2 + length
        if marker == 0xDA:
            # Entropy-coded data: the next marker is 0xFF followed by neither 0x00 (a stuffed
            # byte) nor a restart marker.
            found = _JPEG_MARKER.search(data, pos)
            if found is None:
                raise malformed("JPEG tronqué : pas de marqueur de fin EOI")
            pos = found.start()


def _jpeg_end(data: bytes) -> None:
    end, multi = _jpeg_stream_end(data, 0)
    # A multi-picture file (MPF) stores its other images, whole JPEG streams, after the first.
    extra = 0
    while multi and data[end : end + 2] == b"\xff\xd8" and extra < 8:
        end, _ = _jpeg_stream_end(data, end)
        extra += 1
    check_tail(data[end:], "du JPEG (marqueur EOI)")


_GIF_SCRIPT = re.compile(rb"\*/|<|//|script", re.I)


def _gif_sub_blocks(data: bytes, pos: int) -> tuple[int, bytes]:
    """Skip the data sub-blocks at `pos`: the offset after them and their content."""
    parts: list[bytes] = []
    while True:
        if pos >= len(data):
            raise malformed("GIF tronqué : blocs de données incomplets")
        length = data[pos]
        pos += 1
        if length == 0:
            return pos, b"".join(parts)
        if pos + length > len(data):
            raise malformed("GIF tronqué : un bloc dépasse la fin du fichier")
        parts.append(data[pos : pos + length])
        pos += length


def _gif_end(data: bytes) -> None:
    if len(data) < 13:
        raise malformed("GIF tronqué")
    packed = data[10]
    pos = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
    while True:
        if pos >= len(data):
            raise malformed("GIF tronqué : pas de marqueur de fin")
        block = data[pos]
        if block == 0x3B:
            check_tail(data[pos + 1 :], "du GIF (marqueur de fin)")
            return
        if block == 0x2C:
            if pos + 10 > len(data):
                raise malformed("GIF tronqué : description d'image incomplète")
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
            pos, _ = _gif_sub_blocks(data, pos)
        elif block == 0x21 and pos + 1 < len(data):
            label = data[pos + 1]
            pos, content = _gif_sub_blocks(data, pos + 2)
            # A GIF that is also a script hides its code in a comment (`*/=alert(1)//`).
            if label == 0xFE and _GIF_SCRIPT.search(content):
                raise Bad(DefectKind.ACTIVE, "commentaire GIF contenant du code")
        else:
            raise malformed(f"GIF corrompu : bloc inconnu 0x{block:02x}")


def _riff_end(data: bytes) -> None:
    (length,) = struct.unpack_from("<I", data, 4)
    end = 8 + length + (length & 1)
    if end > len(data) + (length & 1):
        raise malformed("WebP tronqué : la taille annoncée dépasse le fichier")
    check_tail(data[end:], "de l'image WebP")


def _bmp_end(data: bytes) -> None:
    (length,) = struct.unpack_from("<I", data, 2)
    if 0 < length < len(data):
        check_tail(data[length:], "de l'image BMP")


_IMAGE_ENDS: dict[str, Callable[[bytes], None]] = {
    "PNG": _png_end,
    "JPEG": _jpeg_end,
    "GIF": _gif_end,
    "WEBP": _riff_end,
    "BMP": _bmp_end,
}

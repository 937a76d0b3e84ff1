"""Whether a proof file's content really is what its magic bytes announce, found by parsing it.

Magic bytes only say how a file starts: `%PDF-1.4` and random bytes, a bare PNG signature, a
PNG with an HTML page appended all start right. Each format is therefore parsed here:
- a PDF opens with pypdf in strict mode (xref, trailer, every page), carries no JavaScript,
  launch action nor embedded file, and ends at its last `%%EOF`;
- an image decodes fully with Pillow within a pixel budget, and its own structure (PNG chunks
  with their CRC, JPEG markers, GIF blocks, RIFF size) ends where the file ends;
- an MP4/MOV video is walked box by box (ISO-BMFF): `ftyp`, `moov` with `mvhd` and a `trak`,
  `mdat`, every size consistent with its parent and with the file. The only pure-Python MP4
  parser on PyPI, pymp4, pins `construct` 2.8.8 (2016) and has had no release since 2023, hence
  this small walker; WebM/Matroska (EBML) and AVI (RIFF) are walked the same way;
- a text, JSON or XML report carries no active content: scripts, event attributes,
  `javascript:` URLs, XML entity declarations.

Bytes after the end of a structure are refused beyond a little padding: that is how a file is
made to be two formats at once (a polyglot). The work is bounded: nothing is parsed above the
read limit of its type (`READ_LIMITS`, the proof size limits), images are decoded within
`MAX_PIXELS`, PDF objects and video boxes are counted, media data is never read.
The answer is a `Defect` (what is wrong, in French, without the file's name) or None.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from segur.load.sniff import Sniffed

MIB = 1024 * 1024
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
# 40 megapixels hold an 8K screenshot (33 Mpx); decoded at 4 bytes a pixel at most, 160 MB.
MAX_PIXELS = 40_000_000
# Padding that some writers leave after the end of a structure: NUL bytes and white space, up
# to this length. Anything else there is a second file hidden behind the first.
PADDING_TOLERANCE = 4096
MAX_PDF_OBJECTS = 200_000
MAX_BOXES = 100_000
# The movie header box (`moov`) is read into memory to be walked; real ones are a few MB.
MAX_MOOV_BYTES = 64 * MIB

# pypdf reports what it repairs through `logging`; strict mode already raises on what matters,
# and these messages must not reach the command line's output.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False


class DefectKind(StrEnum):
    MALFORMED = "malformed"  # does not parse as the type its magic bytes announce
    TRAILING = "trailing"  # bytes after the end of the structure: a polyglot
    ACTIVE = "active"  # scripts, actions, embedded files, XML entities


@dataclass(frozen=True, slots=True)
class Defect:
    kind: DefectKind
    reason: str


class _Bad(Exception):
    """A defect found deep in a parser, raised up to `inspect`."""

    def __init__(self, kind: DefectKind, reason: str) -> None:
        super().__init__(reason)
        self.defect = Defect(kind, reason)


def _malformed(reason: str) -> _Bad:
    return _Bad(DefectKind.MALFORMED, reason)


def _check_tail(tail: bytes, what: str, total: int | None = None) -> None:
    """Refuse `tail`, the bytes after the end of `what` (the first of them when `total` says
    how many there are), unless it is a little padding."""
    count = len(tail) if total is None else total
    if not count:
        return
    if count <= PADDING_TOLERANCE and not tail.strip(b"\x00 \t\r\n\x0c"):
        return
    raise _Bad(DefectKind.TRAILING, f"{count} octets après la fin {what}")


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
    except _Bad as bad:
        return bad.defect
    return None


def _read_all(stream: BinaryIO, size: int) -> bytes:
    stream.seek(0)
    return stream.read(size)


# --- images -------------------------------------------------------------------------------

_PIL_FORMATS = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/bmp": "BMP",
    "image/tiff": "TIFF",
}


def _check_image(stream: BinaryIO, size: int, mime: str) -> None:
    data = _read_all(stream, size)
    name = _PIL_FORMATS.get(mime)
    if name is None:
        raise _malformed(f"format d'image {mime or 'inconnu'} non vérifiable")
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
                    raise _malformed(
                        f"image de {width} × {height} pixels, au-delà de {MAX_PIXELS} pixels"
                    )
                image.load()
    except _Bad:
        raise
    except UnidentifiedImageError:
        raise _malformed("l'image ne se décode pas (format non reconnu)") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _malformed(f"image trop grande une fois décodée ({exc})") from None
    except Exception as exc:
        # Pillow raises many kinds of errors on hostile input (OSError, SyntaxError,
        # ValueError, struct.error…): all of them mean the image does not decode.
        raise _malformed(f"l'image ne se décode pas ({_short(exc)})") from None


def _png_end(data: bytes) -> None:
    pos = 8
    first = True
    while True:
        if pos + 12 > len(data):
            raise _malformed("PNG tronqué : pas de bloc de fin IEND")
        length, kind = struct.unpack_from(">I4s", data, pos)
        end = pos + 12 + length
        if length > 0x7FFFFFFF or end > len(data):
            raise _malformed(
                f"PNG tronqué : le bloc « {kind.decode('latin-1')} » dépasse la fin du fichier"
            )
        if first and kind != b"IHDR":
            raise _malformed("le PNG ne commence pas par son bloc IHDR")
        first = False
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if zlib.crc32(data[pos + 4 : end - 4]) != crc:
            raise _malformed(
                f"PNG corrompu : somme de contrôle fausse du bloc « {kind.decode('latin-1')} »"
            )
        pos = end
        if kind == b"IEND":
            _check_tail(data[pos:], "du PNG (bloc IEND)")
            return


_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7]")


def _jpeg_stream_end(data: bytes, start: int) -> tuple[int, bool]:
    """The offset after the EOI marker of the JPEG stream at `start`, and whether it announces
    further images after it (an APP2 « MPF » segment: phones' multi-picture files)."""
    if data[start : start + 2] != b"\xff\xd8":
        raise _malformed("JPEG sans marqueur de début SOI")
    pos, multi = start + 2, False
    while True:
        if pos + 2 > len(data) or data[pos] != 0xFF:
            raise _malformed("JPEG tronqué ou corrompu : marqueur attendu")
        while pos + 1 < len(data) and data[pos + 1] == 0xFF:
            pos += 1  # fill bytes
        if pos + 2 > len(data):
            raise _malformed("JPEG tronqué : pas de marqueur de fin EOI")
        marker = data[pos + 1]
        if marker == 0xD9:
            return pos + 2, multi
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        if pos + 4 > len(data):
            raise _malformed("JPEG tronqué : segment incomplet")
        (length,) = struct.unpack_from(">H", data, pos + 2)
        if length < 2 or pos + 2 + length > len(data):
            raise _malformed("JPEG tronqué : un segment dépasse la fin du fichier")
        if marker == 0xE2 and data[pos + 4 : pos + 8] == b"MPF\x00":
            multi = True
        pos += 2 + length
        if marker == 0xDA:
            # Entropy-coded data: the next marker is 0xFF followed by neither 0x00 (a stuffed
            # byte) nor a restart marker.
            found = _JPEG_MARKER.search(data, pos)
            if found is None:
                raise _malformed("JPEG tronqué : pas de marqueur de fin EOI")
            pos = found.start()


def _jpeg_end(data: bytes) -> None:
    end, multi = _jpeg_stream_end(data, 0)
    # A multi-picture file (MPF) stores its other images, whole JPEG streams, after the first.
    extra = 0
    while multi and data[end : end + 2] == b"\xff\xd8" and extra < 8:
        end, _ = _jpeg_stream_end(data, end)
        extra += 1
    _check_tail(data[end:], "du JPEG (marqueur EOI)")


_GIF_SCRIPT = re.compile(rb"\*/|<|//|script", re.I)


def _gif_sub_blocks(data: bytes, pos: int) -> tuple[int, bytes]:
    """Skip the data sub-blocks at `pos`: the offset after them and their content."""
    parts: list[bytes] = []
    while True:
        if pos >= len(data):
            raise _malformed("GIF tronqué : blocs de données incomplets")
        length = data[pos]
        pos += 1
        if length == 0:
            return pos, b"".join(parts)
        if pos + length > len(data):
            raise _malformed("GIF tronqué : un bloc dépasse la fin du fichier")
        parts.append(data[pos : pos + length])
        pos += length


def _gif_end(data: bytes) -> None:
    if len(data) < 13:
        raise _malformed("GIF tronqué")
    packed = data[10]
    pos = 13 + (3 << ((packed & 7) + 1) if packed & 0x80 else 0)
    while True:
        if pos >= len(data):
            raise _malformed("GIF tronqué : pas de marqueur de fin")
        block = data[pos]
        if block == 0x3B:
            _check_tail(data[pos + 1 :], "du GIF (marqueur de fin)")
            return
        if block == 0x2C:
            if pos + 10 > len(data):
                raise _malformed("GIF tronqué : description d'image incomplète")
            local = data[pos + 9]
            pos += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
            pos, _ = _gif_sub_blocks(data, pos)
        elif block == 0x21 and pos + 1 < len(data):
            label = data[pos + 1]
            pos, content = _gif_sub_blocks(data, pos + 2)
            # A GIF that is also a script hides its code in a comment (`*/=alert(1)//`).
            if label == 0xFE and _GIF_SCRIPT.search(content):
                raise _Bad(DefectKind.ACTIVE, "commentaire GIF contenant du code")
        else:
            raise _malformed(f"GIF corrompu : bloc inconnu 0x{block:02x}")


def _riff_end(data: bytes) -> None:
    (length,) = struct.unpack_from("<I", data, 4)
    end = 8 + length + (length & 1)
    if end > len(data) + (length & 1):
        raise _malformed("WebP tronqué : la taille annoncée dépasse le fichier")
    _check_tail(data[end:], "de l'image WebP")


def _bmp_end(data: bytes) -> None:
    (length,) = struct.unpack_from("<I", data, 2)
    if 0 < length < len(data):
        _check_tail(data[length:], "de l'image BMP")


_IMAGE_ENDS: dict[str, Callable[[bytes], None]] = {
    "PNG": _png_end,
    "JPEG": _jpeg_end,
    "GIF": _gif_end,
    "WEBP": _riff_end,
    "BMP": _bmp_end,
}


# --- PDF ----------------------------------------------------------------------------------

# Keys (and action types) that make a PDF run code, open other programs or carry files.
_PDF_ACTIVE_KEYS = {
    "/JS": "action JavaScript (/JS)",
    "/JavaScript": "JavaScript (/JavaScript)",
    "/Launch": "action de lancement (/Launch)",
    "/EmbeddedFile": "fichier joint (/EmbeddedFile)",
    "/EmbeddedFiles": "fichiers joints (/EmbeddedFiles)",
    "/EF": "fichier joint (/EF)",
    "/XFA": "formulaire XFA (/XFA)",
    "/RichMedia": "média interactif (/RichMedia)",
}
_PDF_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"}
_PDF_EOF = b"%%EOF"
# What follows a `%%EOF` that is not the last one: an incremental update (objects, an xref
# table or stream) or the rest of a linearized file, after white space and comments.
_PDF_UPDATE = re.compile(rb"(?:\s|%[^\r\n]*)*(?:\d+\s+\d+\s+obj\b|xref\b)")


def _check_pdf(stream: BinaryIO, size: int, _mime: str) -> None:
    data = _read_all(stream, size)
    _pdf_sections(data)
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise _malformed("PDF chiffré : il doit s'ouvrir sans mot de passe") from None
        pages = reader.pages
        if len(pages) == 0:
            raise _malformed("le PDF n'a aucune page")
        for page in pages:
            box = page.mediabox
            if box.width <= 0 or box.height <= 0:
                raise _malformed("une page du PDF a des dimensions nulles")
        active = _pdf_active(reader)
    except _Bad:
        raise
    except Exception as exc:
        # pypdf raises PdfReadError for a broken file, and other errors (ValueError,
        # KeyError, RecursionError…) on hostile ones: the PDF does not open either way.
        raise _malformed(f"le PDF ne s'ouvre pas ({_short(exc)})") from None
    if active is not None:
        raise _Bad(DefectKind.ACTIVE, active)


def _pdf_sections(data: bytes) -> None:
    """Every `%%EOF` is followed by an update or by the end of the file (and padding)."""
    last = data.rfind(_PDF_EOF)
    if last < 0:
        raise _malformed("PDF sans marqueur de fin %%EOF")
    _check_tail(data[last + len(_PDF_EOF) :], "du PDF (%%EOF)")
    pos = data.find(_PDF_EOF)
    while pos != last:
        after = pos + len(_PDF_EOF)
        if not _PDF_UPDATE.match(data, after):
            raise _Bad(
                DefectKind.TRAILING,
                f"contenu étranger au PDF après le marqueur %%EOF à l'octet {pos}",
            )
        pos = data.find(_PDF_EOF, after)


def _pdf_active(reader: PdfReader) -> str | None:
    """The first active element reachable from the document catalogue, or None."""
    stack: list[object] = [reader.trailer.get("/Root")]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        item = stack.pop()
        visited += 1
        if visited > MAX_PDF_OBJECTS * 10:
            raise _malformed("structure PDF trop complexe à vérifier")
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_PDF_OBJECTS:
                raise _malformed("structure PDF trop complexe à vérifier")
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # stream dictionaries included
            for name, value in dict.items(item):
                if name in _PDF_ACTIVE_KEYS:
                    return _PDF_ACTIVE_KEYS[str(name)]
                if name == "/S" and isinstance(value, str) and value in _PDF_ACTIVE_ACTIONS:
                    return f"action {value}"
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(list.__iter__(item))
    return None


# --- videos -------------------------------------------------------------------------------

# ISO-BMFF boxes whose payload is only child boxes: walked in turn.
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex"}
_ISO_MIMES = {"video/mp4", "video/quicktime", "video/x-m4v"}
_ISO_REQUIRED = {b"ftyp", b"moov", b"mdat"}
# A box type is a four-character code: letters, digits, space, and QuickTime's © (0xA9).
_FOURCC = re.compile(rb"[A-Za-z0-9 \xa9_.-]{4}")


def _check_video(stream: BinaryIO, size: int, mime: str) -> None:
    if mime in _ISO_MIMES:
        _check_iso(stream, size)
    elif mime in ("video/webm", "video/x-matroska"):
        _check_ebml(stream, size)
    elif mime == "video/x-msvideo":
        _check_avi(stream, size)
    else:
        raise _malformed(
            f"format vidéo {mime or 'inconnu'} non vérifiable (MP4, MOV, WebM, MKV ou AVI attendus)"
        )


def _iso_boxes(
    read: Callable[[int, int], bytes], start: int, end: int
) -> list[tuple[bytes, int, int]]:
    """The boxes between `start` and `end`: (type, offset of the payload, end of the box)."""
    boxes: list[tuple[bytes, int, int]] = []
    kinds: set[bytes] = set()
    pos = start
    while pos < end:
        if len(boxes) >= MAX_BOXES:
            raise _malformed("trop de boîtes ISO-BMFF")
        header = read(pos, 16)
        length, kind = struct.unpack_from(">I4s", header) if len(header) >= 8 else (0, b"")
        if kinds >= _ISO_REQUIRED and not _FOURCC.fullmatch(kind):
            # No box here once the video is whole: padding, or a second file appended to it.
            rest = read(pos, min(end - pos, PADDING_TOLERANCE + 1))
            _check_tail(rest, "de la vidéo (dernière boîte)", total=end - pos)
            break
        if len(header) < 8 or pos + 8 > end:
            raise _malformed("boîte ISO-BMFF tronquée")
        payload = pos + 8
        if length == 1:
            if len(header) < 16:
                raise _malformed("boîte ISO-BMFF tronquée")
            (length,) = struct.unpack_from(">Q", header, 8)
            payload = pos + 16
        elif length == 0:
            length = end - pos  # "extends to the end of the file"
        if length < payload - pos or pos + length > end:
            raise _malformed(
                f"la boîte « {kind.decode('latin-1')} » à l'octet {pos} annonce {length} octets, "
                "incohérent avec le fichier"
            )
        boxes.append((kind, payload, pos + length))
        kinds.add(kind)
        pos += length
    return boxes


def _check_iso(stream: BinaryIO, size: int) -> None:
    def read(offset: int, length: int) -> bytes:
        stream.seek(offset)
        return stream.read(length)

    top = _iso_boxes(read, 0, size)
    kinds = [kind for kind, _, _ in top]
    if not kinds or kinds[0] != b"ftyp":
        raise _malformed("la vidéo ne commence pas par sa boîte ftyp")
    for required in (b"moov", b"mdat"):
        if kinds.count(required) == 0:
            raise _malformed(f"boîte {required.decode()} absente")
    if kinds.count(b"moov") > 1:
        raise _malformed("plusieurs boîtes moov")
    if not any(end > payload for kind, payload, end in top if kind == b"mdat"):
        raise _malformed("boîte mdat vide : la vidéo n'a aucune donnée")
    _, start, end = next(box for box in top if box[0] == b"moov")
    if end - start > MAX_MOOV_BYTES:
        raise _malformed("boîte moov démesurée")
    moov = read(start, end - start)

    def in_moov(offset: int, length: int) -> bytes:
        return moov[offset - start : offset - start + length]

    children = _walk_iso(in_moov, start, end, size)
    if b"mvhd" not in children:
        raise _malformed("en-tête de film mvhd absent de la boîte moov")
    if b"trak" not in children:
        raise _malformed("aucune piste (trak) dans la boîte moov")


def _walk_iso(read: Callable[[int, int], bytes], start: int, end: int, size: int) -> set[bytes]:
    """Walk the container boxes under `start`..`end`; the types of the direct children."""
    direct: set[bytes] = set()
    pending = [(start, end, True)]
    count = 0
    while pending:
        first, last, top = pending.pop()
        for kind, payload, box_end in _iso_boxes(read, first, last):
            count += 1
            if count > MAX_BOXES:
                raise _malformed("trop de boîtes ISO-BMFF")
            if top:
                direct.add(kind)
            if kind in _CONTAINERS:
                pending.append((payload, box_end, False))
            elif kind == b"mvhd":
                body = read(payload, box_end - payload)
                want = 100 if body[:1] == b"\x00" else 112
                if len(body) != want:
                    raise _malformed("en-tête de film mvhd de taille incohérente")
            elif kind in (b"stco", b"co64"):
                _chunk_offsets(read(payload, box_end - payload), kind, size)
    return direct


def _chunk_offsets(body: bytes, kind: bytes, size: int) -> None:
    """The media chunks a track points to lie inside the file."""
    width = 4 if kind == b"stco" else 8
    if len(body) < 8:
        raise _malformed(f"table {kind.decode()} tronquée")
    (count,) = struct.unpack_from(">I", body, 4)
    if len(body) != 8 + count * width:
        raise _malformed(f"table {kind.decode()} de taille incohérente")
    offsets = struct.unpack_from(f">{count}{'I' if width == 4 else 'Q'}", body, 8)
    if offsets and max(offsets) >= size:
        raise _malformed("une piste désigne des données au-delà de la fin du fichier")


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-size integer at `pos`: value, its length, and whether all its value
    bits are set (an "unknown" size)."""
    if pos >= len(data) or data[pos] == 0:
        raise _malformed("élément EBML illisible")
    first = data[pos]
    length = 9 - first.bit_length()
    if pos + length > len(data):
        raise _malformed("élément EBML tronqué")
    value = int.from_bytes(data[pos : pos + length], "big")
    if not keep_marker:
        value &= (1 << (7 * length)) - 1
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, length, unknown


_EBML, _SEGMENT = 0x1A45DFA3, 0x18538067
_EBML_INFO, _EBML_TRACKS, _EBML_CLUSTER = 0x1549A966, 0x1654AE6B, 0x1F43B675


def _check_ebml(stream: BinaryIO, size: int) -> None:
    def element(pos: int) -> tuple[int, int, int | None]:
        """(id, offset of the payload, end or None for an unknown size) at `pos`."""
        stream.seek(pos)
        head = stream.read(12)
        ident, id_length, _ = _vint(head, 0, keep_marker=True)
        length, size_length, unknown = _vint(head, id_length, keep_marker=False)
        payload = pos + id_length + size_length
        return ident, payload, None if unknown else payload + length

    ident, _, end = element(0)
    if ident != _EBML or end is None or end > size:
        raise _malformed("en-tête EBML invalide")
    ident, segment, segment_end = element(end)
    if ident != _SEGMENT:
        raise _malformed("segment Matroska absent")
    if segment_end is not None:
        if segment_end > size:
            raise _malformed("segment Matroska tronqué")
        stream.seek(segment_end)
        _check_tail(stream.read(PADDING_TOLERANCE + 1), "du segment Matroska")
    last = size if segment_end is None else segment_end
    seen: set[int] = set()
    pos, count = segment, 0
    while pos < last and _EBML_CLUSTER not in seen:
        count += 1
        if count > MAX_BOXES:
            raise _malformed("trop d'éléments Matroska")
        ident, _, child_end = element(pos)
        seen.add(ident)
        if child_end is None:
            break  # a live recording's cluster of unknown size: the rest is media
        if child_end > last:
            raise _malformed("élément Matroska au-delà de la fin du segment")
        pos = child_end
    if _EBML_INFO not in seen or _EBML_TRACKS not in seen:
        raise _malformed("informations ou pistes Matroska absentes")


def _check_avi(stream: BinaryIO, size: int) -> None:
    pos, first = 0, True
    while pos < size:
        stream.seek(pos)
        head = stream.read(12)
        if len(head) < 12 or head[:4] != b"RIFF":
            _check_tail(head + stream.read(PADDING_TOLERANCE), "de la vidéo AVI")
            return
        (length,) = struct.unpack_from("<I", head, 4)
        form = head[8:12]
        if form != (b"AVI " if first else b"AVIX") or pos + 8 + length > size:
            raise _malformed("bloc RIFF de la vidéo AVI invalide ou tronqué")
        if first:
            _avi_lists(stream, pos + 12, pos + 8 + length)
        first = False
        pos += 8 + length + (length & 1)


def _avi_lists(stream: BinaryIO, start: int, end: int) -> None:
    lists: set[bytes] = set()
    pos, count = start, 0
    while pos + 8 <= end:
        count += 1
        if count > MAX_BOXES:
            raise _malformed("trop de blocs AVI")
        stream.seek(pos)
        head = stream.read(12)
        (length,) = struct.unpack_from("<I", head, 4)
        if head[:4] == b"LIST":
            lists.add(head[8:12])
        pos += 8 + length + (length & 1)
    if pos > end + 1 or not {b"hdrl", b"movi"} <= lists:
        raise _malformed("listes hdrl et movi de la vidéo AVI absentes ou tronquées")


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
                raise _Bad(DefectKind.ACTIVE, _active_reason(found))
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


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"


_CHECKS: dict[Sniffed, Callable[[BinaryIO, int, str], None]] = {
    Sniffed.IMAGE: _check_image,
    Sniffed.PDF: _check_pdf,
    Sniffed.VIDEO: _check_video,
    Sniffed.TEXT: _check_text,
    Sniffed.JSON: _check_text,
    Sniffed.XML: _check_text,
}

"""The content check of videos: a walk of their container structure, never of their media.

An MP4/MOV video is walked box by box (ISO-BMFF): `ftyp`, `moov` with `mvhd` and a `trak`,
`mdat`, every size consistent with its parent and with the file. The only pure-Python MP4 parser
on PyPI, pymp4, pins `construct` 2.8.8 (2016) and has had no release since 2023, hence this small
walker; WebM/Matroska (EBML) and AVI (RIFF) are walked the same way. Separate from the images
and PDF because a video is read from a stream, up to 500 MiB, with boxes counted and media data
never read.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from typing import BinaryIO

from segur.load.content_defect import MIB, PADDING_TOLERANCE, check_tail, malformed

MAX_BOXES = 100_000
# The movie header box (`moov`) is read into memory to be walked; real ones are a few MB.
MAX_MOOV_BYTES = 64 * MIB

# ISO-BMFF boxes whose payload is only child boxes: walked in turn.
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex"}
_ISO_MIMES = {"video/mp4", "video/quicktime", "video/x-m4v"}
_ISO_REQUIRED = {b"ftyp", b"moov", b"mdat"}
# A box type is a four-character code: letters, digits, space, and QuickTime's © (0xA9).
_FOURCC = re.compile(rb"[A-Za-z0-9 \xa9_.-]{4}")


def check_video(stream: BinaryIO, size: int, mime: str) -> None:
    if mime in _ISO_MIMES:
        _check_iso(stream, size)
    elif mime in ("video/webm", "video/x-matroska"):
        _check_ebml(stream, size)
    elif mime == "video/x-msvideo":
        _check_avi(stream, size)
    else:
        raise malformed(
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
            raise malformed("trop de boîtes ISO-BMFF")
        header = read(pos, 16)
        length, kind = struct.unpack_from(">I4s", header) if len(header) >= 8 else (0, b"")
        if kinds >= _ISO_REQUIRED and not _FOURCC.fullmatch(kind):
            # No box here once the video is whole: padding, or a second file appended to it.
            rest = read(pos, min(end - pos, PADDING_TOLERANCE + 1))
            check_tail(rest, "de la vidéo (dernière boîte)", total=end - pos)
            break
        if len(header) < 8 or pos + 8 > end:
            raise malformed("boîte ISO-BMFF tronquée")
        payload = pos + 8
        if length == 1:
            if len(header) < 16:
                raise malformed("boîte ISO-BMFF tronquée")
            (length,) = struct.unpack_from(">Q", header, 8)
            payload = pos + 16
        elif length == 0:
            length = end - pos  # "extends to the end of the file"
        if length < payload - pos or pos + length > end:
            raise malformed(
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
        raise malformed("la vidéo ne commence pas par sa boîte ftyp")
    for required in (b"moov", b"mdat"):
        if kinds.count(required) == 0:
            raise malformed(f"boîte {required.decode()} absente")
    if kinds.count(b"moov") > 1:
        raise malformed("plusieurs boîtes moov")
    if not any(end > payload for kind, payload, end in top if kind == b"mdat"):
        raise malformed("boîte mdat vide : la vidéo n'a aucune donnée")
    _, start, end = next(box for box in top if box[0] == b"moov")
    if end - start > MAX_MOOV_BYTES:
        raise malformed("boîte moov démesurée")
    moov = read(start, end - start)

    def in_moov(offset: int, length: int) -> bytes:
        return moov[offset - start : offset - start + length]

    children = _walk_iso(in_moov, start, end, size)
    if b"mvhd" not in children:
        raise malformed("en-tête de film mvhd absent de la boîte moov")
    if b"trak" not in children:
        raise malformed("aucune piste (trak) dans la boîte moov")


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
                raise malformed("trop de boîtes ISO-BMFF")
            if top:
                direct.add(kind)
            if kind in _CONTAINERS:
                pending.append((payload, box_end, False))
            elif kind == b"mvhd":
                body = read(payload, box_end - payload)
                want = 100 if body[:1] == b"\x00" else 112
                if len(body) != want:
                    raise malformed("en-tête de film mvhd de taille incohérente")
            elif kind in (b"stco", b"co64"):
                _chunk_offsets(read(payload, box_end - payload), kind, size)
    return direct


def _chunk_offsets(body: bytes, kind: bytes, size: int) -> None:
    """The media chunks a track points to lie inside the file."""
    width = 4 if kind == b"stco" else 8
    if len(body) < 8:
        raise malformed(f"table {kind.decode()} tronquée")
    (count,) = struct.unpack_from(">I", body, 4)
    if len(body) != 8 + count * width:
        raise malformed(f"table {kind.decode()} de taille incohérente")
    offsets = struct.unpack_from(f">{count}{'I' if width == 4 else 'Q'}", body, 8)
    if offsets and max(offsets) >= size:
        raise malformed("une piste désigne des données au-delà de la fin du fichier")


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int, bool]:
    """An EBML variable-size integer at `pos`: value, its length, and whether all its value
    bits are set (an "unknown" size)."""
    if pos >= len(data) or data[pos] == 0:
        raise malformed("élément EBML illisible")
    first = data[pos]
    length = 9 - first.bit_length()
    if pos + length > len(data):
        raise malformed("élément EBML tronqué")
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
        raise malformed("en-tête EBML invalide")
    ident, segment, segment_end = element(end)
    if ident != _SEGMENT:
        raise malformed("segment Matroska absent")
    if segment_end is not None:
        if segment_end > size:
            raise malformed("segment Matroska tronqué")
        stream.seek(segment_end)
        check_tail(stream.read(PADDING_TOLERANCE + 1), "du segment Matroska")
    last = size if segment_end is None else segment_end
    seen: set[int] = set()
    pos, count = segment, 0
    while pos < last and _EBML_CLUSTER not in seen:
        count += 1
        if count > MAX_BOXES:
            raise malformed("trop d'éléments Matroska")
        ident, _, child_end = element(pos)
        seen.add(ident)
        if child_end is None:
            break  # a live recording's cluster of unknown size: the rest is media
        if child_end > last:
            raise malformed("élément Matroska au-delà de la fin du segment")
        pos = child_end
    if _EBML_INFO not in seen or _EBML_TRACKS not in seen:
        raise malformed("informations ou pistes Matroska absentes")


def _check_avi(stream: BinaryIO, size: int) -> None:
    pos, first = 0, True
    while pos < size:
        stream.seek(pos)
        head = stream.read(12)
        if len(head) < 12 or head[:4] != b"RIFF":
            check_tail(head + stream.read(PADDING_TOLERANCE), "de la vidéo AVI")
            return
        (length,) = struct.unpack_from("<I", head, 4)
        form = head[8:12]
        if form != (b"AVI " if first else b"AVIX") or pos + 8 + length > size:
            raise malformed("bloc RIFF de la vidéo AVI invalide ou tronqué")
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
            raise malformed("trop de blocs AVI")
        stream.seek(pos)
        head = stream.read(12)
        (length,) = struct.unpack_from("<I", head, 4)
        if head[:4] == b"LIST":
            lists.add(head[8:12])
        pos += 8 + length + (length & 1)
    if pos > end + 1 or not {b"hdrl", b"movi"} <= lists:
        raise malformed("listes hdrl et movi de la vidéo AVI absentes ou tronquées")

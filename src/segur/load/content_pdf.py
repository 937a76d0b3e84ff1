"""The content check of PDF files: a strict parse with pypdf and a search for active content.

A PDF opens with pypdf in strict mode (xref, trailer, every page), carries no JavaScript, launch
action nor embedded file, and ends at its last `%%EOF`, every earlier `%%EOF` being followed by
an incremental update. Separate from the images and videos because it is the only user of
pypdf, whose logging is silenced here.
"""

from __future__ import annotations

import io
import logging
import re
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from segur.load.content_defect import Bad, DefectKind, check_tail, malformed, read_all, short

MAX_PDF_OBJECTS = 200_000

# pypdf reports what it repairs through `logging`; strict mode already raises on what matters,
# and these messages must not reach the command line's output.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False


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


def check_pdf(stream: BinaryIO, size: int, _mime: str) -> None:
    data = read_all(stream, size)
    _pdf_sections(data)
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise malformed("PDF chiffré : il doit s'ouvrir sans mot de passe") from None
        pages = reader.pages
        if len(pages) == 0:
            raise malformed("le PDF n'a aucune page")
        for page in pages:
            box = page.mediabox
            if box.width <= 0 or box.height <= 0:
                raise malformed("une page du PDF a des dimensions nulles")
        active = _pdf_active(reader)
    except Bad:
        raise
    except Exception as exc:
        # pypdf raises PdfReadError for a broken file, and other errors (ValueError,
        # KeyError, RecursionError…) on hostile ones: the PDF does not open either way.
        raise malformed(f"le PDF ne s'ouvre pas ({short(exc)})") from None
    if active is not None:
        raise Bad(DefectKind.ACTIVE, active)


def _pdf_sections(data: bytes) -> None:
    """Every `%%EOF` is followed by an update or by the end of the file (and padding)."""
    last = data.rfind(_PDF_EOF)
    if last < 0:
        raise malformed("PDF sans marqueur de fin %%EOF")
    check_tail(data[last + len(_PDF_EOF) :], "du PDF (%%EOF)")
    pos = data.find(_PDF_EOF)
    while pos != last:
        after = pos + len(_PDF_EOF)
        if not _PDF_UPDATE.match(data, after):
            raise Bad(
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
            raise malformed("structure PDF trop complexe à vérifier")
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_PDF_OBJECTS:
                raise malformed("structure PDF trop complexe à vérifier")
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

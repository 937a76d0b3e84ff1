"""The documents of a candidature: convention, attestation de référencement and rapport de
conformité (§3.5, §3.5.2), rendered from jinja2 templates (`publication/documents/templates/`) to
HTML, then
to PDF with WeasyPrint.

The output is deterministic: the PDF dates are those of the journal (the latest act the
document reports), its identifier is derived from the dossier and the document, and nothing
reads the clock. WeasyPrint needs Pango at run time; it is imported only when a PDF is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from segur.lifecycle.analysis import Analysis
from segur.lifecycle.calendar import PARIS
from segur.publication.documents.context import DocumentData, availability, document_data
from segur.publication.documents.names import DOCUMENT_STEMS, TITLES

__all__ = ["Rendered", "availability", "render", "render_pdf", "write_documents"]


@dataclass(frozen=True, slots=True)
class Rendered:
    kind: str
    stem: str
    html: str
    pdf: bytes


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("segur.publication.documents", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_html(kind: str, data: DocumentData) -> str:
    created = dt.datetime.combine(data.created, dt.time(12, 0), PARIS).isoformat()
    template = _environment().get_template(f"{kind}.html.j2")
    return template.render(d=data, titre=TITLES[kind], created=created)


def render_pdf(html: str, identifier: str) -> bytes:
    import weasyprint  # Pango is needed only here

    digest = hashlib.sha256(identifier.encode("utf-8")).hexdigest()[:32].encode("ascii")
    pdf: bytes = weasyprint.HTML(string=html).write_pdf(pdf_identifier=digest)
    return pdf


def render(analysis: Analysis, kind: str) -> Rendered:
    """One document; raises ValueError when the candidature is not at that stage."""
    reason = availability(analysis).get(kind)
    if reason is not None:
        raise ValueError(reason)
    html = render_html(kind, document_data(analysis))
    stem = DOCUMENT_STEMS[kind]
    return Rendered(kind, stem, html, render_pdf(html, f"{analysis.cycle.dossier}/{stem}"))


def write_documents(rendered: list[Rendered], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for document in rendered:
        html_path = out / f"{document.stem}.html"
        html_path.write_text(document.html, encoding="utf-8")
        pdf_path = out / f"{document.stem}.pdf"
        pdf_path.write_bytes(document.pdf)
        written += [html_path, pdf_path]
    return written

"""Cleaning and interpretation of spreadsheet cells for `segur rem import`.

Cells exported by ANS are messy: non-breaking spaces, stray spaces in identifiers, HTML fragments
(`<p>`, `<br />`, `&amp;`) in some exports, but also literal placeholders such as `<NOM>` or
`<identifiant>` that are plain text and must be kept. Everything here is pure and deterministic.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser
from typing import Literal

from segur.model.rem import GENERAL, ProofKind

# Tags that are really HTML in the exports. Anything else between angle brackets (`<NOM>`,
# `<date de naissance>`, `<xxx@xxx.mssante.fr>`) is text written by ANS and is kept as is.
_BLOCK_TAGS = frozenset(
    {"p", "div", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
)
_INLINE_TAGS = frozenset(
    {"span", "b", "strong", "i", "em", "u", "a", "font", "sup", "sub", "s", "strike", "code",
     "td", "th", "tbody", "thead", "small", "big", "mark", "abbr", "img", "hr"}
)  # fmt: skip
_HTML_TAGS = _BLOCK_TAGS | _INLINE_TAGS | {"br", "li"}
_HTML_TAG = re.compile(r"</?\s*(" + "|".join(sorted(_HTML_TAGS)) + r")\b[^<>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2007\u202f\u2000-\u200a\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BLANK_LINES = re.compile(r"\n{3,}")

# Identifiers: letters, digits and the separators ANS uses. Nothing else.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_.\-]*$")


class _HtmlToText(HTMLParser):
    """Turns an HTML fragment into text with line breaks; unknown tags are kept verbatim."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list[int | None]] = []  # one entry per open <ul>/<ol>: next number

    def _newline(self, blank: bool = False) -> None:
        self.parts.append("\n\n" if blank else "\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            self.parts.append(self.get_starttag_text() or "")
            return
        if tag == "br":
            self._newline()
        elif tag == "li":
            self._newline()
            current = self.lists[-1] if self.lists else [None]
            if current[0] is None:
                self.parts.append("- ")
            else:
                self.parts.append(f"{current[0]}. ")
                current[0] += 1
        elif tag in ("ul", "ol"):
            start: int | None = None
            if tag == "ol":
                value = dict(attrs).get("start") or "1"
                start = int(value) if value.isdigit() else 1
            self.lists.append([start])
            self._newline()
        elif tag in _BLOCK_TAGS:
            self._newline(blank=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._newline()
        elif tag not in _HTML_TAGS:
            self.parts.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag not in _HTML_TAGS:
            self.parts.append(f"</{tag}>")
            return
        if tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._newline(blank=True)
        elif tag == "br":  # `</br>` is a frequent typo for `<br/>`
            self._newline()
        elif tag in _BLOCK_TAGS:
            self._newline(blank=True)

    def handle_data(self, data: str) -> None:
        # In HTML, source line breaks are mere spaces: structure comes from the tags.
        self.parts.append(re.sub(r"\s+", " ", data))


def _normalise_lines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_text(value: object) -> str:
    """Plain text of a cell: HTML converted, entities decoded, spaces normalised, trimmed."""
    if value is None:
        return ""
    text = str(value)
    if _HTML_TAG.search(text):
        parser = _HtmlToText()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    elif "&" in text:
        text = html.unescape(text)
    return _normalise_lines(text)


def clean_id(value: object) -> str:
    """An identifier without any kind of space (`'\\xa0DMP/HISTO.07'` -> `'DMP/HISTO.07'`)."""
    if value is None:
        return ""
    text = html.unescape(str(value))
    return re.sub(r"\s+", "", _INVISIBLE.sub("", text).replace("\u00a0", " "))


def fold(text: str) -> str:
    """Lowercase ASCII-ish form for matching: accents removed, typographic quotes unified."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("`", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(label: str) -> str:
    """Profile identifier: `Général` -> `general`, `IE Usagers` -> `ie-usagers`."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(label)).strip("-")
    return slug or GENERAL


# --- Nature ----------------------------------------------------------------------------------

Nature = Literal["exigence", "preconisation"]
_MUST_UPPER = re.compile(r"\bDOI(?:T|VENT)\b")
_MAY_UPPER = re.compile(r"\bPEU(?:T|VENT)\b")
_MUST = re.compile(r"\bdoi(?:t|vent)\b", re.IGNORECASE)
_MAY = re.compile(r"\bpeu(?:t|vent)\b", re.IGNORECASE)


def nature_from_socle(value: object) -> Nature | None:
    """The socle sheet's `Nature` column: Obligatoire / Préconisée (anything else: unknown)."""
    folded = fold(clean_text(value))
    if folded.startswith("obligatoire"):
        return "exigence"
    if folded.startswith("preconis"):
        return "preconisation"
    return None


def infer_nature(enonce: str) -> Nature | None:
    """`DOIT` makes a requirement, `PEUT` a recommendation; the capitalised keyword wins."""
    for must, may in ((_MUST_UPPER, _MAY_UPPER), (_MUST, _MAY)):
        if must.search(enonce):
            return "exigence"
        if may.search(enonce):
            return "preconisation"
    return None


# --- Proof kinds -----------------------------------------------------------------------------

# Each pattern runs on the folded libellé; the kinds are listed in the order in which their
# first pattern appears in the text ("Copies d'écran ou vidéo" -> capture, video).
_V, _C, _D, _R, _I = (
    ProofKind.VIDEO,
    ProofKind.CAPTURE,
    ProofKind.DOCUMENT,
    ProofKind.RAPPORT,
    ProofKind.IDENTIFIANT,
)
_CNDA = re.compile(r"\bcnda\b|\bhomologation\b|autorisation d'acces au teleservice")
_STRONG: tuple[tuple[re.Pattern[str], tuple[ProofKind, ...]], ...] = (
    (re.compile(r"\bdemonstration\b"), (_V, _C)),
    (re.compile(r"\bvideos?\b"), (_V,)),
    (re.compile(r"\b(?:copies?|captures?|capures?|scans?) ?d'? ?ecrans?|\bcopie ecran"), (_C,)),
    (re.compile(r"^\W*montrer\b"), (_V, _C)),
    (re.compile(r"\bscans?\b"), (_D, _C)),
    (re.compile(r"\bid(?:entifiant)? (?:de l'|d')?execution\b"), (_I,)),
    (re.compile(r"\blien (?:permanent|vers)\b"), (_I, _R)),
    (
        re.compile(
            r"\brapports?\b|\blogs?\b|\btraces?\b|\bfichiers?\b|\bxml\b|\bjson\b|\bdumps?\b"
            r"|\bsmtp\b|\bsoap\b|\bextraits?\b|\bextract\b|\bextractions?\b|\bjournal\b"
            r"|\barchive\b|\bzip\b|\bcsv\b|\bcrl\b|\bmessage hl7\b|\bcourriels?\b"
        ),
        (_R,),
    ),
    (
        re.compile(
            r"\battestation\b|\bdocumentation\b|\bpdf\b|\bprocedure\b|\bdeclaration\b"
            r"|\bengagement\b|\bformulaire\b|\bpssi\b|\bplan d'assurance\b|\barchitecture\b"
            r"|\bmatrice\b|\bpolitique\b|\bnotice\b|\bcertificats?\b|\bcgu\b|\bcontrat\b"
        ),
        (_D,),
    ),
)
# Only looked at when no strong pattern matched: the libellé names a document generically.
_WEAK: tuple[tuple[re.Pattern[str], tuple[ProofKind, ...]], ...] = (
    (
        re.compile(
            r"\bdocuments?\b|\bdescription\b|\blister?\b|\btableau\b|\bcompte rendu\b"
            r"|\blettre\b|\bprescription\b|\bhistorique\b|\bprocessus\b|\blibrairies\b"
        ),
        (_D,),
    ),
    (re.compile(r"\bmessages?\b|\bsource\b"), (_R,)),
)
DEFAULT_KINDS: tuple[ProofKind, ...] = (_C, _V, _D, _R)


def _collect(
    text: str, table: tuple[tuple[re.Pattern[str], tuple[ProofKind, ...]], ...]
) -> list[ProofKind]:
    found: list[tuple[int, int, ProofKind]] = []
    for pattern, kinds in table:
        match = pattern.search(text)
        if match:
            found.extend((match.start(), rank, kind) for rank, kind in enumerate(kinds))
    ordered: list[ProofKind] = []
    for _start, _rank, kind in sorted(found, key=lambda item: (item[0], item[1])):
        if kind not in ordered:
            ordered.append(kind)
    return ordered


def infer_kinds(libelle: str) -> list[ProofKind] | None:
    """The kinds of file or value an editor may deposit for a proof, or None if unknown."""
    text = fold(libelle)
    if _CNDA.search(text):
        return [ProofKind.HOMOLOGATION_CNDA]
    return _collect(text, _STRONG) or _collect(text, _WEAK) or None

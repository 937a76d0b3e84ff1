"""The Atom feed (RFC 4287) of referencing decisions.

Only attributions are decisions the public sees (a refusal is never published, §3.7). Ids are
`urn:uuid` derived from the attestation number and dates are decision dates, so the same data
always gives the same bytes and a feed reader never sees an entry twice. Links are relative to
the feed's own address: the site works under any host and path.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from xml.etree import ElementTree as ET

from segur.publication.model import Publication, SolutionReferencee
from segur.publication.site.text import date_fr

FEED_FILE = "decisions.xml"
ATOM = "http://www.w3.org/2005/Atom"
# Fixed namespace of the feed's ids: changing it would make every entry new to every reader.
_NAMESPACE = uuid.UUID("6c1f3f0e-5a54-4c3e-9d44-2f0c3b8a9e11")
FEED_TITLE = "Référencement Ségur sans financement : décisions de référencement"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _urn(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


# Characters XML 1.0 cannot hold at all, even escaped: ElementTree would write them as they are
# and the whole feed would stop parsing. The loader refuses control characters in the YAML files;
# this keeps one such name, however it came, from breaking every reader's feed.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    # ElementTree escapes `&`, `<`, `>` in text and quotes in attributes: names stay text.
    element = ET.SubElement(parent, tag, {k: _NOT_XML.sub("", v) for k, v in attrs.items()})
    element.text = None if text is None else _NOT_XML.sub("", text)
    return element


def _entry(feed: ET.Element, s: SolutionReferencee) -> None:
    entry = _sub(feed, "entry")
    title = f"{s.solution} {s.version_technique} ({s.editeur}) référencée pour le {s.dispositif}"
    _sub(entry, "title", title)
    _sub(entry, "id", _urn(f"decision:{s.numero_attestation}"))
    _sub(entry, "updated", _stamp(s.date_decision))
    _sub(entry, "published", _stamp(s.date_decision))
    _sub(entry, "link", rel="alternate", type="text/html", href=f"solutions/{s.identifiant}/")
    _sub(entry, "category", term=s.dispositif)
    fin = f" ; convention valable jusqu'au {date_fr(s.fin_convention)}" if s.fin_convention else ""
    summary = (
        f"Décision du {date_fr(s.date_decision)} : {s.solution} (version technique "
        f"{s.version_technique}, version commerciale {s.version_commerciale}) de {s.editeur} est "
        f"référencée pour le dispositif {s.dispositif}, profils : {', '.join(s.profils)}. "
        f"Attestation n° {s.numero_attestation}{fin}."
    )
    _sub(entry, "summary", summary, type="text")


def atom_feed(publication: Publication) -> str:
    decisions = sorted(
        publication.referencees, key=lambda s: (s.date_decision, s.numero_attestation), reverse=True
    )
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "fr"})
    _sub(feed, "title", FEED_TITLE)
    _sub(feed, "subtitle", "Solutions logicielles ayant obtenu leur référencement (§3.1.4).")
    _sub(feed, "id", _urn("feed:decisions"))
    updated = decisions[0].date_decision if decisions else publication.date
    _sub(feed, "updated", _stamp(updated))
    author = _sub(feed, "author")
    _sub(author, "name", "Agence du numérique en santé")
    _sub(feed, "link", rel="self", type="application/atom+xml", href=FEED_FILE)
    _sub(feed, "link", rel="alternate", type="text/html", href="./")
    for s in decisions:
        _entry(feed, s)
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'

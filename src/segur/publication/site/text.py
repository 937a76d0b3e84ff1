"""Text helpers of the rendered pages: Markdown escaping and French dates.

Editors choose their dénomination sociale and the names of their solutions: on the public site
these strings are data, never markup. `markdown_text` makes any string render literally.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

import yaml

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# Exactly the characters Python-Markdown unescapes (`|` by its tables extension): escaping any
# other one would leave a visible backslash. The site enables no extension with other syntax.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def markdown_text(value: object) -> str:
    """`value` as literal text inside Markdown (a paragraph, a table cell or a link label)."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def title_front_matter(title: object) -> str:
    """The `title:` line of a page's front matter: the title the theme prints in `<title>`, in
    the header, in the navigation and in the search index.

    The theme treats a page title as HTML (it prints it unescaped, as it does the title it
    extracts from the first heading, whose text is already escaped), so the title is given
    HTML-escaped; the YAML double-quoted scalar keeps any character a name may hold. With an
    explicit title the engine never rebuilds it from the rendered heading.
    """
    text = html.escape(" ".join(str(title).split()), quote=True)
    scalar = yaml.safe_dump(text, allow_unicode=True, default_style='"', width=2**31 - 1)
    return "title: " + scalar.strip()


def date_fr(value: dt.date | None) -> str:
    """`2025-06-02` -> `2 juin 2025`; an absent date is a dash."""
    if value is None:
        return "—"
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MOIS[value.month - 1]} {value.year}"


def script_json(value: Any) -> str:
    """JSON safe inside an HTML `<script>` element: no `<`, `>` or `&` can close it."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 solution`, `2 solutions`, `0 solution` (French: zero takes the singular)."""
    word = singular if count <= 1 else (plural_form or singular + "s")
    return f"{count} {word}"

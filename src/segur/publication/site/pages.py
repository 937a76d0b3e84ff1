"""The generated pages and files of the site, rendered from the publication model with jinja2.

Templates (`segur/publication/site/templates/*.md.j2`) write Markdown. Every `{{ value }}` is
escaped as
literal Markdown text unless a filter marks it `Raw` (addresses made of slug characters, JSON
made safe for a script element): an editor's name can never become markup on the public site.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2

from segur.publication.model import (
    SEUIL_SECRET_STATISTIQUE,
    Publication,
    RegleValidation,
    slug,
)
from segur.publication.site import charts, feed, opendata
from segur.publication.site.text import (
    date_fr,
    markdown_text,
    plural,
    script_json,
    title_front_matter,
)

CHARTS_DIR = "graphiques"
HISTORY_PAGE = "referencements-echus.md"  # the referencings whose convention has ended
_SAFE_PATH = re.compile(r"^[A-Za-z0-9._/-]*$")


class Raw(str):
    """Template output that is already Markdown (or safe HTML): written as is."""

    __slots__ = ()


def _finalize(value: Any) -> Any:
    if isinstance(value, Raw):
        return value
    if value is None:
        return ""
    return markdown_text(value)


def _path(value: str) -> Raw:
    # Slugs and the templates' own relative paths only: no space, quote or parenthesis that
    # could end a Markdown link.
    if not _SAFE_PATH.match(value):
        raise ValueError(f"adresse de page non sûre : {value!r}")
    return Raw(value)


def dispositif_page(code: str) -> str:
    return f"dispositifs/{slug(code)}.md"


def solution_page(identifiant: str) -> str:
    return f"solutions/{identifiant}.md"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("segur.publication.site", "templates"),
        autoescape=False,  # noqa: S701 - Markdown output; `_finalize` escapes every value
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        date_fr=date_fr,
        plural=plural,
        path=_path,
        script_json=lambda v: Raw(script_json(v)),
        title_front_matter=lambda v: Raw(title_front_matter(v)),
        dispositif_page=lambda code: _path(dispositif_page(code)),
        solution_page=lambda ident: _path(solution_page(ident)),
    )
    return env


FAMILLES = {
    "SEG-YML": "Lecture des fichiers YAML",
    "SEG-REM": "Catalogue des référentiels (REM)",
    "SEG-IMP": "Import des référentiels depuis les tableurs de l'ANS",
    "SEG-ADM": "Dossier administratif",
    "SEG-PRV": "Dossier de preuves",
    "SEG-ACL": "Droits d'accès et propriété des fichiers",
    "SEG-GIT": "Historique git",
}


def _familles(publication: Publication) -> list[tuple[str, list[RegleValidation]]]:
    """The rules grouped by the family of their identifier, in the order of `FAMILLES`."""
    groups: dict[str, list[RegleValidation]] = {}
    for regle in publication.regles:
        prefix = regle.identifiant.rsplit("-", 1)[0]
        groups.setdefault(prefix, []).append(regle)
    known = [(FAMILLES[p], groups.pop(p)) for p in FAMILLES if p in groups]
    others = [r for p in sorted(groups) for r in groups[p]]
    return known + ([("Autres règles", others)] if others else [])


def _attestations(publication: Publication) -> dict[str, dict[str, str]]:
    """What the verification page knows of each attestation number: the public facts only."""
    return {
        s.numero_attestation: {
            "editeur": s.editeur,
            "solution": s.solution,
            "version_technique": s.version_technique,
            "version_commerciale": s.version_commerciale,
            "dispositif": s.dispositif,
            "date_decision": date_fr(s.date_decision),
            "fin_convention": date_fr(s.fin_convention) if s.fin_convention else "",
            "page": f"solutions/{s.identifiant}/",
            # An ended referencing is still found, and said to be no longer valid (§3.5.3).
            "echue": "oui" if publication.est_echue(s) else "",
        }
        for s in (*publication.referencees, *publication.echues)
    }


def render(publication: Publication) -> dict[str, str]:
    """Every generated file, by its path in the documentation folder."""
    env = environment()
    common: dict[str, Any] = {"pub": publication, "stats": publication.statistiques}
    out: dict[str, str] = {}

    def page(path: str, template: str, **values: Any) -> None:
        out[path] = env.get_template(template).render(**common, **values)

    page("index.md", "index.md.j2")
    page("dispositifs/index.md", "dispositifs.md.j2")
    for d in publication.dispositifs:
        page(dispositif_page(d.code), "dispositif.md.j2", dispositif=d)
    page("solutions/index.md", "solutions.md.j2")
    # An ended referencing keeps its page (the history and the succession link to it).
    page(HISTORY_PAGE, "historique.md.j2")
    for s in (*publication.referencees, *publication.echues):
        page(solution_page(s.identifiant), "solution.md.j2", solution=s)
    page("regles.md", "regles.md.j2", familles=_familles(publication))
    page(
        "statistiques.md",
        "statistiques.md.j2",
        charts_dir=Raw(CHARTS_DIR),
        seuil=SEUIL_SECRET_STATISTIQUE,
    )
    page(
        "donnees-ouvertes.md",
        "donnees-ouvertes.md.j2",
        tables=opendata.tables(publication),
        data_dir=Raw(opendata.DATA_DIR),
        feed_file=Raw(feed.FEED_FILE),
        csv_note=opendata.CSV_NOTE,
    )
    page("verifier-une-attestation.md", "verifier.md.j2", attestations=_attestations(publication))
    for name, text in opendata.files(publication).items():
        out[f"{opendata.DATA_DIR}/{name}"] = text
    for name, svg in charts.charts(publication.statistiques).items():
        out[f"{CHARTS_DIR}/{name}"] = svg
    out[feed.FEED_FILE] = feed.atom_feed(publication)
    return out

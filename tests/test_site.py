"""The public site built from a publication: pages, open data, feed, charts, no external
resource, byte-identical rebuilds, and editors' strings that never become markup."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import defusedxml.ElementTree as DET
import frictionless
import pytest

from segur.publication.site.build import BuiltSite
from site_support import (
    INJECTION,
    REFERENCED,
    REFERENCED_OLD,
    REFUSED_EDITOR,
    build_sample_site,
    site_files,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SOLUTION_PAGE = "solutions/dpi-exemple-sante-logiciels-sas-exemple-dpi-5-10/index.html"
SOLUTION_OLD_PAGE = "solutions/dpi-exemple-sante-logiciels-sas-exemple-dpi-5-9/index.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_sample_site(tmp_path_factory.mktemp("site"))


def _text(site: BuiltSite, relative: str) -> str:
    return (site.out / relative).read_text(encoding="utf-8")


def test_every_page_type_is_built(site: BuiltSite) -> None:
    for page in (
        "index.html",
        "404.html",
        "dispositifs/index.html",
        "dispositifs/dpi/index.html",
        "solutions/index.html",
        SOLUTION_PAGE,
        SOLUTION_OLD_PAGE,
        "regles/index.html",
        "statistiques/index.html",
        "donnees-ouvertes/index.html",
        "verifier-une-attestation/index.html",
        "a-propos/index.html",
        "decisions.xml",
        "graphiques/effectifs-par-dispositif.svg",
        "graphiques/delais-de-decision.svg",
        "search/search_index.json",
    ):
        assert (site.out / page).is_file(), page
    assert '<html lang="fr"' in _text(site, "index.html")
    assert "Page introuvable" in _text(site, "404.html")


def test_dispositif_page_lists_referenced_and_in_progress(site: BuiltSite) -> None:
    page = _text(site, "dispositifs/dpi/index.html")
    referenced, in_progress = page.split('id="candidats-en-cours-de-referencement"')
    assert REFERENCED in referenced and REFERENCED_OLD in referenced
    assert "Autre Dossier Patient" in in_progress and "Exemple DPI" in in_progress
    assert "Autre Dossier Patient" not in referenced


def test_solution_page_shows_its_version_history(site: BuiltSite) -> None:
    page = _text(site, SOLUTION_PAGE)
    for value in ("5.10", "Exemple DPI 2025", "Général, IAM", "10 juin 2025", "9 juin 2028"):
        assert value in page
    assert "(cette version)" in page
    assert 'href="../dpi-exemple-sante-logiciels-sas-exemple-dpi-5-9/"' in page
    assert REFERENCED_OLD in page


def test_a_refused_candidature_is_nowhere(site: BuiltSite) -> None:
    for relative, data in site_files(site.out).items():
        text = data.decode("utf-8", errors="replace")
        assert REFUSED_EDITOR not in text, relative
        assert "Solution Jamais Publiée" not in text, relative


def test_an_editor_name_never_becomes_markup(site: BuiltSite) -> None:
    page = _text(site, "dispositifs/dpi/index.html")
    assert "<script>alert" not in page
    assert html.escape(INJECTION) in page  # shown literally, as text
    for relative, data in site_files(site.out).items():
        if relative.endswith((".html", ".xml", ".svg")):
            assert b"<script>alert" not in data, relative
            assert b'href="javascript:' not in data, relative


class _Assets(HTMLParser):
    """Every address an HTML page makes the browser fetch by itself."""

    FETCHING: ClassVar[dict[str, str]] = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "embed": "src",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.FETCHING and values.get(self.FETCHING[tag]):
            self.urls.append(values[self.FETCHING[tag]] or "")
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")
        if tag == "object" and values.get("data"):
            self.urls.append(values["data"] or "")


_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)


def test_no_external_resource(site: BuiltSite) -> None:
    for relative, data in site_files(site.out).items():
        text = data.decode("utf-8", errors="replace")
        if relative.endswith(".html"):
            parser = _Assets()
            parser.feed(text)
            external = [u for u in parser.urls if _EXTERNAL.match(u)]
            assert external == [], relative
        if relative.endswith(".css"):
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), relative
            assert "@import" not in text or "http" not in text, relative
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, relative
        assert "googletagmanager" not in text, relative


def test_two_builds_are_byte_identical(tmp_path: Path, site: BuiltSite) -> None:
    again = build_sample_site(tmp_path)
    first, second = site_files(site.out), site_files(again.out)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_open_data_is_a_valid_frictionless_package(site: BuiltSite) -> None:
    package = site.out / "donnees" / "datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = json.loads((site.out / "donnees" / "solutions-referencees.json").read_text())
    assert [r["numero_attestation"] for r in rows] == [REFERENCED, REFERENCED_OLD]
    assert rows[0] == {
        "dispositif": "DPI",
        "editeur": "Exemple Santé Logiciels SAS",
        "solution": "Exemple DPI",
        "version_technique": "5.10",
        "version_commerciale": "Exemple DPI 2025",
        "profils": "Général ; IAM",
        "date_decision": "2025-06-10",
        "fin_convention": "2028-06-09",
        "numero_attestation": REFERENCED,
    }
    csv_text = (site.out / "donnees" / "candidats-en-cours.csv").read_text()
    assert csv_text.splitlines()[0] == "dispositif,editeur,solution"
    assert len(csv_text.splitlines()) == 4  # header and three pairs


def test_atom_feed_lists_referencing_decisions(site: BuiltSite) -> None:
    root = DET.fromstring((site.out / "decisions.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    newest = entries[0]
    assert newest.findtext(f"{ATOM}updated") == "2025-06-10T00:00:00Z"
    assert REFERENCED in (newest.findtext(f"{ATOM}summary") or "")
    ids = [e.findtext(f"{ATOM}id") or "" for e in entries]
    assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == 2
    link = newest.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == "solutions/dpi-exemple-sante-logiciels-sas-exemple-dpi-5-10/"
    assert 'type="application/atom+xml"' in _text(site, "index.html")


def test_charts_are_static_svg(site: BuiltSite) -> None:
    for name in ("effectifs-par-dispositif.svg", "delais-de-decision.svg"):
        svg = DET.fromstring((site.out / "graphiques" / name).read_bytes())
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert not any(el.tag.endswith("script") for el in svg.iter())
    page = _text(site, "statistiques/index.html")
    assert 'alt="Candidatures par dispositif' in page
    # One refused candidature: below the secrecy threshold, its count is not published.
    assert "moins de 5 candidatures ont été closes sans référencement" in page


def test_rules_page_lists_every_rule(site: BuiltSite) -> None:
    from segur.findings.registry import all_rules

    page = _text(site, "regles/index.html")
    for rule in all_rules():
        assert rule.id in page


def test_verification_page_embeds_published_numbers_only(site: BuiltSite) -> None:
    page = _text(site, "verifier-une-attestation/index.html")
    match = re.search(
        r'<script type="application/json" id="segur-attestations">(.*?)</script>', page
    )
    assert match is not None
    numbers = json.loads(match.group(1))
    assert sorted(numbers) == sorted([REFERENCED, REFERENCED_OLD])
    assert '<label for="segur-numero">' in page

"""Ended referencings and the succession of versions on the public site.

A convention that has ended before the publication's day (§3.5.3) takes its solution out of the
current list, the open data of referenced solutions and the decision feed, into the history
("Référencements échus") with its dates; a referenced version links to the version it succeeds
and to the one that succeeds it (§3.1.1). Built for real (mkdocs), read as HTML and in Chromium.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import defusedxml.ElementTree as DET
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from segur.cli import main
from segur.publication.site.build import BuiltSite
from site_support import (
    CHROMIUM_ARGS,
    REFERENCED,
    REFERENCED_OLD,
    build_sample_site,
    sample_publication,
    served,
)

# The day after the last day of REFERENCED_OLD's convention (19/02/2027); REFERENCED's runs to
# 09/06/2028.
AFTER_OLD = dt.date(2027, 2, 20)
NEW = "dpi-exemple-sante-logiciels-sas-exemple-dpi-5-10"
OLD = "dpi-exemple-sante-logiciels-sas-exemple-dpi-5-9"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_sample_site(tmp_path_factory.mktemp("historique"), date=AFTER_OLD)


def _text(site: BuiltSite, relative: str) -> str:
    return (site.out / relative).read_text(encoding="utf-8")


def _numbers(rows: list[dict[str, str | None]]) -> set[str | None]:
    return {row["numero_attestation"] for row in rows}


@pytest.mark.parametrize(
    ("day", "current", "ended"),
    [
        (dt.date(2027, 2, 19), {REFERENCED, REFERENCED_OLD}, set()),  # its last day
        (AFTER_OLD, {REFERENCED}, {REFERENCED_OLD}),
        (dt.date(2028, 6, 10), set(), {REFERENCED, REFERENCED_OLD}),
    ],
)
def test_a_convention_ends_after_its_last_day(
    tmp_path: Path, day: dt.date, current: set[str], ended: set[str]
) -> None:
    publication = sample_publication(tmp_path, day)
    assert {s.numero_attestation for s in publication.referencees} == current
    assert {s.numero_attestation for s in publication.echues} == ended
    dpi = next(row for row in publication.statistiques.par_dispositif if row.dispositif == "DPI")
    assert dpi.referencees == len(current)


def test_the_ended_referencing_leaves_the_current_lists(site: BuiltSite) -> None:
    for page in ("solutions/index.html", "dispositifs/dpi/index.html", "index.html"):
        text = _text(site, page)
        assert REFERENCED in text, page
        assert REFERENCED_OLD not in text, page
    assert "historique des" in _text(site, "dispositifs/dpi/index.html")


def test_the_history_page_shows_it_with_its_dates(site: BuiltSite) -> None:
    page = _text(site, "referencements-echus/index.html")
    assert "Référencements échus" in page
    assert REFERENCED_OLD in page and REFERENCED not in page
    assert "20 février 2024" in page and "19 février 2027" in page
    assert f'href="../solutions/{OLD}/"' in page
    old = _text(site, f"solutions/{OLD}/index.html")
    assert "Référencement échu : la convention a pris fin le 19 février 2027" in old
    assert "Référencement échu" not in _text(site, f"solutions/{NEW}/index.html")


def test_the_open_data_and_the_feed_hold_current_referencings_only(site: BuiltSite) -> None:
    data = site.out / "donnees"
    current_csv = csv.DictReader(io.StringIO(_text(site, "donnees/solutions-referencees.csv")))
    assert _numbers(list(current_csv)) == {REFERENCED}
    current_json = json.loads((data / "solutions-referencees.json").read_text(encoding="utf-8"))
    assert _numbers(current_json) == {REFERENCED}
    ended_csv = list(csv.DictReader(io.StringIO(_text(site, "donnees/referencements-echus.csv"))))
    assert _numbers(list(ended_csv)) == {REFERENCED_OLD}
    assert ended_csv[0]["fin_convention"] == "2027-02-19"
    ended_json = json.loads((data / "referencements-echus.json").read_text(encoding="utf-8"))
    assert _numbers(ended_json) == {REFERENCED_OLD}
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert "referencements-echus.csv" in {r["path"] for r in package["resources"]}
    feed = DET.fromstring((site.out / "decisions.xml").read_bytes())
    summaries = [e.findtext(f"{ATOM}summary") or "" for e in feed.iter(f"{ATOM}entry")]
    assert len(summaries) == 1 and REFERENCED in summaries[0]


def test_each_version_links_to_its_predecessor_and_successor(site: BuiltSite) -> None:
    new = _text(site, f"solutions/{NEW}/index.html")
    assert "Succession des versions" in new
    assert "Version précédente" in new and f'href="../{OLD}/"' in new
    assert "Version suivante" not in new  # 6.0 names 5.10, but it is not referenced
    old = _text(site, f"solutions/{OLD}/index.html")
    assert "Version suivante" in old and f'href="../{NEW}/"' in old
    assert "Version précédente" not in old


@pytest.fixture(scope="module")
def page(chromium: Path, site: BuiltSite) -> Iterator[Page]:
    with served(site.out) as url, sync_playwright() as playwright:
        browser: Browser = playwright.chromium.launch(
            executable_path=str(chromium), args=CHROMIUM_ARGS
        )
        context = browser.new_context(base_url=url, locale="fr-FR")
        yield context.new_page()
        context.close()
        browser.close()


def test_a_reader_goes_from_the_history_to_the_successor(page: Page) -> None:
    page.goto("solutions/")
    article = page.locator("article")
    expect(article).to_contain_text(REFERENCED)
    expect(article).not_to_contain_text(REFERENCED_OLD)
    article.get_by_role("link", name="historique des référencements échus").click()
    expect(page.locator("h1")).to_have_text("Référencements échus")
    table = page.locator("article table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text(REFERENCED_OLD)
    table.get_by_role("link", name="Exemple DPI").click()
    expect(page.locator("h1")).to_have_text("Exemple DPI 5.9")
    expect(page.locator("article")).to_contain_text("Référencement échu")
    page.locator("article").get_by_role("link", name="Exemple DPI 5.10").click()
    expect(page.locator("h1")).to_have_text("Exemple DPI 5.10")
    expect(page.locator("article")).to_contain_text("Version précédente")


def test_an_ended_attestation_is_said_to_be_no_longer_valid(page: Page) -> None:
    page.goto("verifier-une-attestation/")
    field = page.get_by_label("Numéro d'attestation")
    field.fill(REFERENCED_OLD.lower())
    page.get_by_role("button", name="Vérifier").click()
    result = page.locator("#segur-resultat")
    expect(result).to_contain_text("Attestation échue")
    expect(result).to_contain_text("a pris fin le 19 février 2027")
    expect(result).not_to_contain_text("Attestation valide")
    field.fill(REFERENCED)
    page.get_by_role("button", name="Vérifier").click()
    expect(result).to_contain_text("Attestation valide")


def test_site_build_today_ends_the_demo_referencing_after_its_convention(
    demo_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """dpi-5-2 is signed by both parties on 30/10/2026: its convention (36 months) ends on
    30/10/2029."""
    out = tmp_path / "public"
    args = ["--repo", str(demo_repo), "site", "build", "--out", str(out)]
    assert main([*args, "--today", "2029-10-31"]) == 0
    assert "1 référencement échu" in capsys.readouterr().out
    current = (out / "donnees" / "solutions-referencees.csv").read_text(encoding="utf-8")
    ended = (out / "donnees" / "referencements-echus.csv").read_text(encoding="utf-8")
    assert "Exemple Dossier Patient" not in current and "Exemple Dossier Patient" in ended
    assert "2029-10-30" in ended
    history = (out / "referencements-echus" / "index.html").read_text(encoding="utf-8")
    assert "Exemple Dossier Patient" in history and "30 octobre 2029" in history
    assert main([*args, "--today", "2029-10-30"]) == 0  # its last day: still referenced
    assert "échu" not in capsys.readouterr().out
    current = (out / "donnees" / "solutions-referencees.csv").read_text(encoding="utf-8")
    assert "Exemple Dossier Patient" in current
    assert not (out / "donnees" / "referencements-echus.csv").exists()

"""The public site in a real browser: Debian's Chromium driven by Playwright, the site served
over HTTP on 127.0.0.1. Search, dispositif lists, attestation check, and accessibility (axe-core:
no serious or critical violation on any page type)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from segur.publication.site.build import build_site
from site_support import (
    CHROMIUM_ARGS,
    CONFIG,
    EPOCH,
    REFERENCED,
    REFERENCED_OLD,
    ROOT,
    build_sample_site,
    sample_publication,
    search,
    served,
)

PAGES = {
    "accueil": "",
    "dispositif": "dispositifs/dpi/",
    "solution": "solutions/dpi-exemple-sante-logiciels-sas-exemple-dpi-5-10/",
    "règles": "regles/",
    "données ouvertes": "donnees-ouvertes/",
    "statistiques": "statistiques/",
    "vérification": "verifier-une-attestation/",
    "404": "cette-page-n-existe-pas/",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_sample_site(tmp_path_factory.mktemp("navigateur"))
    with served(site.out) as url:
        yield url


@pytest.fixture(scope="module")
def zensical_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same site built by Zensical (from its own copy of the configuration)."""
    tmp = tmp_path_factory.mktemp("zensical")
    shutil.copy(CONFIG, tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "site", tmp / "site")
    out = tmp / "out"
    build_site(sample_publication(tmp / "repo"), tmp / "mkdocs.yml", out, EPOCH, engine="zensical")
    with served(out) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    opened = context.new_page()
    outside: list[str] = []
    # Any request that leaves the local server is a failure: the site must work offline.
    opened.on(
        "request",
        lambda request: None if request.url.startswith(base_url) else outside.append(request.url),
    )
    yield opened
    context.close()
    assert outside == []


def test_home_page_loads(page: Page) -> None:
    response = page.goto("")
    assert response is not None and response.ok
    expect(page).to_have_title("Référencement Ségur sans financement")
    expect(page.locator("h1")).to_have_text("Référencement Ségur sans financement (SONS)")
    expect(page.locator(".segur-chiffre").first).to_have_text("2")


def test_search_finds_a_referenced_solution(page: Page) -> None:
    page.goto("")
    results = search(page, "Exemple DPI")
    expect(results.first).to_be_visible()
    expect(page.locator(".md-search-result__list")).to_contain_text("Exemple DPI 5.10")


def test_dispositif_page_lists_the_right_entries(page: Page) -> None:
    page.goto(PAGES["dispositif"])
    tables = page.locator("article table")
    expect(tables).to_have_count(2)
    referenced, in_progress = tables.nth(0), tables.nth(1)
    expect(referenced.locator("tbody tr")).to_have_count(2)
    expect(referenced).to_contain_text(REFERENCED)
    expect(referenced).to_contain_text(REFERENCED_OLD)
    expect(in_progress.locator("tbody tr")).to_have_count(3)
    expect(in_progress).to_contain_text("Autre Éditeur SA")
    expect(page.locator("article")).not_to_contain_text("Jamais Publié")
    referenced.get_by_role("link", name="Exemple DPI").first.click()
    expect(page.locator("h1")).to_have_text("Exemple DPI 5.10")


def test_attestation_check_accepts_a_real_number_and_rejects_a_false_one(page: Page) -> None:
    page.goto(PAGES["vérification"])
    field = page.get_by_label("Numéro d'attestation")
    result = page.locator("#segur-resultat")
    field.fill(f"  {REFERENCED.lower()} ")
    page.get_by_role("button", name="Vérifier").click()
    expect(result).to_contain_text("Attestation valide")
    expect(result).to_contain_text("Exemple DPI")
    expect(result).to_contain_text("5.10")
    result.get_by_role("link", name="Voir la fiche de la solution").click()
    expect(page.locator("h1")).to_have_text("Exemple DPI 5.10")
    page.go_back()
    field = page.get_by_label("Numéro d'attestation")
    field.fill("SEGUR-SONS-2025-9999")
    page.get_by_role("button", name="Vérifier").click()
    expect(page.locator("#segur-resultat")).to_contain_text("Attestation inconnue")


def test_missing_page_gets_the_404_page(page: Page) -> None:
    response = page.goto(PAGES["404"])
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page introuvable")


@pytest.fixture(scope="module")
def axe(node_tools: Path) -> str:
    """axe-core's script, from the packages .ci/run installs."""
    return (node_tools / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")


def _violations(page: Page, axe: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe)
    result: dict[str, Any] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_accessibility_violation(page: Page, axe: str, name: str) -> None:
    page.goto(PAGES[name])
    assert page.locator("html").get_attribute("lang") == "fr"
    violations = _violations(page, axe)
    found = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == [], name


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_accessibility_violation_under_zensical(
    browser: Browser, zensical_url: str, axe: str, name: str
) -> None:
    context = browser.new_context(base_url=zensical_url, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(PAGES[name])
        assert page.locator("html").get_attribute("lang") == "fr"
        assert [v["id"] for v in _violations(page, axe)] == [], name
    finally:
        context.close()


def test_screenshots_can_be_taken(page: Page, tmp_path: Path) -> None:
    page.goto("")
    shot = tmp_path / "accueil.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG")

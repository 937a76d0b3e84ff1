"""Shared builders of the public-site tests: a publication made of real candidature models, a
site built from it, an HTTP server and a headless Chromium (Debian's, never a downloaded one)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

from adm_support import base, write_rem
from segur.model.candidature import Candidature
from segur.publication.model import Publication, build_publication
from segur.publication.site.build import BuiltSite, build_site
from segur.publication.site.serve import make_server
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import default_root

ROOT = default_root()
CONFIG = ROOT / "mkdocs.yml"
# The browser itself is the `chromium` fixture of conftest.py ($SEGUR_CHROMIUM).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EPOCH = 1_751_328_000  # 2025-07-01T00:00:00Z
DATE = dt.date(2025, 7, 1)

REFERENCED = "SEGUR-SONS-2025-0042"
REFERENCED_OLD = "SEGUR-SONS-2024-0007"
INJECTION = '<script>alert("x")</script> *gras* | [lien](javascript:alert(1))'
REFUSED_EDITOR = "Éditeur Jamais Publié SARL"


@dataclass(frozen=True)
class FakeCycle:
    """The facts `segur.publication.model` reads of a lifecycle."""

    dossier: str
    dispositif: str | None
    date_depot_complet: dt.date | None = None
    date_decision: dt.date | None = None
    fin_convention: dt.date | None = None
    numero_attestation: str | None = None
    en_cours: bool = False
    reference: bool = False


def _candidature(
    editeur: str, solution: str, version: str, profils: list[str], previous: str | None = None
) -> Candidature:
    data = base()
    if previous is not None:
        data["solution"]["version_precedente"] = previous
    data["editeur"]["denomination_sociale"] = editeur
    data["version_candidate"]["denomination_commerciale"] = solution
    data["solution"]["version_technique"] = version
    data["solution"]["versions"] = [
        {"version_technique": "5.9", "version_commerciale": f"{solution} 2024"},
        {"version_technique": "5.10", "version_commerciale": f"{solution} 2025"},
        {"version_technique": "6.0", "version_commerciale": f"{solution} 2026"},
    ]
    data["profils"] = profils
    return Candidature.model_validate(data)


def sample_publication(tmp: Path, date: dt.date = DATE) -> Publication:
    """Two referenced versions of one solution, two candidates in progress (one with a name
    made of markup), one refused candidature."""
    write_rem(tmp)
    catalogue, findings = load_catalogue(tmp / "rem", tmp)
    assert findings == []
    editeur, solution = "Exemple Santé Logiciels SAS", "Exemple DPI"
    candidatures = {
        # 5.10 succeeds 5.9 (§3.1.1), 6.0 succeeds 5.10: only referenced versions are shown.
        "a/5-10": _candidature(editeur, solution, "5.10", ["general", "iam"], "5-9"),
        "a/5-9": _candidature(editeur, solution, "5.9", ["general"]),
        "a/6-0": _candidature(editeur, solution, "6.0", ["general", "iam", "ie-usagers"], "5-10"),
        "b/1": _candidature("Autre Éditeur SA", "Autre Dossier Patient", "5.9", ["general"]),
        "c/1": _candidature(INJECTION, INJECTION, "5.9", ["general"]),
        "d/1": _candidature(REFUSED_EDITOR, "Solution Jamais Publiée", "5.9", ["general"]),
    }
    cycles = [
        FakeCycle(
            "a/5-10",
            "DPI",
            dt.date(2025, 3, 3),
            dt.date(2025, 6, 10),
            dt.date(2028, 6, 9),
            REFERENCED,
            reference=True,
        ),
        FakeCycle(
            "a/5-9",
            "DPI",
            dt.date(2024, 1, 8),
            dt.date(2024, 2, 20),
            dt.date(2027, 2, 19),
            REFERENCED_OLD,
            reference=True,
        ),
        FakeCycle("a/6-0", "DPI", en_cours=True),
        FakeCycle("b/1", "DPI", en_cours=True),
        FakeCycle("c/1", "DPI", en_cours=True),
        FakeCycle("d/1", "DPI", dt.date(2025, 1, 6), dt.date(2025, 5, 2)),
    ]
    return build_publication(cycles, candidatures, catalogue, date)


def build_sample_site(
    tmp: Path, out_name: str = "site", date: dt.date = DATE, **options: Any
) -> BuiltSite:
    publication = sample_publication(tmp / "repo", date)
    return build_site(publication, CONFIG, tmp / out_name, EPOCH, docs_dir=tmp / "docs", **options)


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """The base URL of `directory` served over HTTP on 127.0.0.1 (any free port)."""
    server = make_server(directory, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def search(page: Page, text: str) -> Locator:
    """Type `text` in the site's search box and return the results once there are some.

    The index is built in a worker after the page loads: a query typed before it is ready stays
    unanswered, as for a person who types very fast; type it again until it is."""
    box = page.get_by_role("textbox", name="Rechercher")
    box.click()
    results = page.locator(".md-search-result__item")
    for _ in range(30):
        box.fill("")
        box.press_sequentially(text)
        page.wait_for_timeout(500)
        if results.count():
            break
    return results

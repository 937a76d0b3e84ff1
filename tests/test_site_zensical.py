"""The same `mkdocs.yml` builds under Zensical, the successor of Material for MkDocs: the
coupling to the static-site engine is one function (`segur.publication.site.engine.run_engine`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from segur.publication.site.build import build_site
from site_support import CONFIG, EPOCH, REFERENCED, ROOT, sample_publication, site_files


def test_the_same_configuration_builds_under_zensical(tmp_path: Path) -> None:
    beside = Path(sys.executable).with_name("zensical")
    if not beside.is_file() and shutil.which("zensical") is None:
        pytest.fail(
            "Zensical manque : il fait partie des dépendances de test (pip install -e '.[test]')"
        )
    # Zensical reads docs_dir and site_dir from the configuration itself: give it its own copy.
    shutil.copy(CONFIG, tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "site", tmp_path / "site")
    publication = sample_publication(tmp_path / "repo")
    out = tmp_path / "zensical"
    build_site(publication, tmp_path / "mkdocs.yml", out, EPOCH, engine="zensical")
    files = site_files(out)
    for page in (
        "index.html",
        "404.html",
        "dispositifs/dpi/index.html",
        "solutions/dpi-exemple-sante-logiciels-sas-exemple-dpi-5-10/index.html",
        "verifier-une-attestation/index.html",
        "donnees/datapackage.json",
        "decisions.xml",
        "assets/stylesheets/segur.css",
        "assets/javascripts/segur.js",
    ):
        assert page in files, page
    home = files["index.html"].decode()
    assert '<html lang="fr"' in home
    assert REFERENCED in home
    assert "fonts.googleapis" not in home
    assert "Page introuvable" in files["404.html"].decode()

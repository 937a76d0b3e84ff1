"""`segur site build`: publication model -> documentation folder -> static site.

The documentation folder is generated (`docs_dir` of `mkdocs.yml`, `build/site-docs/` in this
repository, never committed): it receives the hand-written pages of `site/pages/`, then the
rendered pages and files. The static-site engine turns it into HTML. Its only clock is
`source_epoch` (the commit's time, as SOURCE_DATE_EPOCH): the same commit gives the same bytes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from segur.publication.model import Publication
from segur.publication.site import pages
from segur.publication.site.engine import SiteError, configured_docs_dir, run_engine

HANDWRITTEN_DIR = Path("site") / "pages"
# Left in the generated folder so that a later build may empty it: a folder without it is
# never deleted (a `docs_dir` set by mistake to a folder of real pages, say).
MARKER = ".segur-site"


@dataclass(frozen=True, slots=True)
class BuiltSite:
    out: Path
    docs_dir: Path
    files: int


def _reset(folder: Path) -> None:
    if folder.exists():
        if not (folder / MARKER).is_file() and any(folder.iterdir()):
            raise SiteError(
                f"{folder} existe et n'a pas été créé par segur site build : "
                "choisissez un dossier vide ou inexistant"
            )
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("Dossier généré par segur site build.\n", encoding="utf-8")


def write_docs(publication: Publication, config_file: Path, docs_dir: Path) -> int:
    """Fill `docs_dir` with the hand-written and the generated pages; the number of files."""
    _reset(docs_dir)
    handwritten = config_file.parent / HANDWRITTEN_DIR
    if handwritten.is_dir():
        shutil.copytree(handwritten, docs_dir, dirs_exist_ok=True)
    generated = pages.render(publication)
    for relative, text in sorted(generated.items()):
        target = docs_dir / relative
        if target.exists():
            raise SiteError(
                f"{HANDWRITTEN_DIR / relative} porte le nom d'une page générée : renommez-la"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    return sum(1 for p in docs_dir.rglob("*") if p.is_file())


def build_site(
    publication: Publication,
    config_file: Path,
    out: Path,
    source_epoch: int,
    *,
    engine: str = "mkdocs",
    docs_dir: Path | None = None,
    site_url: str | None = None,
) -> BuiltSite:
    """Build the public site of `publication` into `out` with the settings of `config_file`.

    `docs_dir` defaults to the one `config_file` names (Zensical always uses that one).
    """
    if not config_file.is_file():
        raise SiteError(f"configuration du site introuvable : {config_file}")
    docs = docs_dir if docs_dir is not None else configured_docs_dir(config_file)
    if engine == "zensical" and docs.resolve() != configured_docs_dir(config_file).resolve():
        raise SiteError("Zensical construit toujours le docs_dir de mkdocs.yml")
    write_docs(publication, config_file, docs)
    if out.exists() and any(out.iterdir()) and not (out / "sitemap.xml").is_file():
        raise SiteError(f"{out} n'est pas vide et ne contient pas un site déjà construit")
    run_engine(engine, config_file, docs, out, source_epoch, site_url)
    files = sum(1 for p in out.rglob("*") if p.is_file())
    return BuiltSite(out=out, docs_dir=docs, files=files)

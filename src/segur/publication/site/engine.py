"""The static-site engine: the one place that knows mkdocs.

Everything else writes Markdown and files into the documentation folder that `mkdocs.yml`
names; this module turns that folder into HTML. Keeping the coupling to one function is what lets
the same `mkdocs.yml` build under Zensical, the successor of Material for MkDocs, which reads it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from segur.errors import DataError

ENGINES = ("mkdocs", "zensical")


class SiteError(DataError):
    """The site could not be built; the message is French and meant for users."""


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _source_date(epoch: int) -> Iterator[None]:
    """`SOURCE_DATE_EPOCH` for the build (mkdocs dates its sitemap with it), then restored."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def configured_docs_dir(config_file: Path) -> Path:
    """The `docs_dir` that `config_file` names, as an absolute path (it may not exist yet)."""
    return _configured_dir(config_file, "docs_dir", "docs")


def _configured_dir(config_file: Path, key: str, default: str) -> Path:
    # mkdocs' own YAML loader (it knows its !ENV and !relative tags); `load_config` would
    # refuse a docs_dir that does not exist yet.
    from mkdocs.utils.yaml import yaml_load

    with config_file.open(encoding="utf-8") as stream:
        raw = yaml_load(stream)
    value = raw.get(key, default) if isinstance(raw, dict) else default
    return (config_file.parent / str(value)).resolve()


def _mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, site_url: str | None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    # mkdocs would print its progress on the root logger's handlers: the core never prints.
    propagate, logger.propagate = logger.propagate, False
    try:
        overrides: dict[str, str] = {"docs_dir": str(docs_dir), "site_dir": str(site_dir)}
        if site_url is not None:
            overrides["site_url"] = site_url
        config = load_config(config_file=str(config_file), **overrides)
        build(config)
    except (MkDocsException, SystemExit) as exc:
        details = "\n".join(collector.messages) or str(exc)
        raise SiteError(f"échec de la construction du site par mkdocs :\n{details}") from None
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


def _zensical(config_file: Path, site_dir: Path) -> None:
    """Zensical reads `docs_dir` and `site_dir` from `mkdocs.yml`; its output is moved to
    `site_dir` when that differs."""
    # Installed next to this interpreter (a virtual environment not on PATH, as under
    # `make test`), or anywhere on PATH.
    beside = Path(sys.executable).parent / "zensical"
    executable = str(beside) if beside.is_file() else shutil.which("zensical")
    if executable is None:
        raise SiteError("Zensical n'est pas installé (pip install zensical)")
    result = subprocess.run(
        [executable, "build", "--clean", "--config-file", str(config_file)],
        capture_output=True,
        text=True,
        cwd=config_file.parent,
        check=False,
    )
    if result.returncode != 0:
        raise SiteError(f"échec de la construction du site par Zensical :\n{result.stderr}")
    built = _configured_dir(config_file, "site_dir", "site")
    if built.resolve() != site_dir.resolve():
        shutil.rmtree(site_dir, ignore_errors=True)
        shutil.move(built, site_dir)


def run_engine(
    engine: str,
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    source_epoch: int,
    site_url: str | None = None,
) -> None:
    """Build `docs_dir` into `site_dir` with the settings of `config_file`."""
    with _source_date(source_epoch):
        if engine == "mkdocs":
            _mkdocs(config_file, docs_dir, site_dir, site_url)
        elif engine == "zensical":
            _zensical(config_file, site_dir)
        else:
            raise SiteError(f"moteur inconnu : {engine} (attendu : {', '.join(ENGINES)})")

"""Where things live in a dossier repository, and how paths are shown to users."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from segur.model.access import ACCESS_FILE
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import MANIFEST_FILE
from segur.model.questionnaire import QUESTIONNAIRE_FILE

REM_DIR = "rem"
DOSSIERS_DIR = "dossiers"
# The JSON Schemas of the files people write (`segur schema`), named in each file's first line
# so that an editor's YAML extension completes and checks it.
SCHEMAS_DIR = "schemas"
EVENT_SCHEMA = "evenement.schema.json"
SCHEMA_FILES = {
    CANDIDATURE_FILE: "candidature.schema.json",
    QUESTIONNAIRE_FILE: "questionnaire-ssi.schema.json",
    MANIFEST_FILE: "preuves.schema.json",
}


def schema_comment(depth: int, schema: str) -> str:
    """The yaml-language-server line of a file `depth` folders below `dossiers/`."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMAS_DIR}/{schema}\n"


@dataclass(frozen=True, slots=True)
class Repository:
    """A dossier repository. `central`, when given, is a checkout of the central repository:
    in an editor's dossier repository the REM catalogue and the access map live there, not in
    `root` (which holds only `dossiers/`)."""

    root: Path
    central: Path | None = None

    @property
    def config_root(self) -> Path:
        """Where the catalogue and the access map are: the central checkout, or `root`."""
        return self.root if self.central is None else self.central

    @property
    def rem_dir(self) -> Path:
        return self.config_root / REM_DIR

    @property
    def access_file(self) -> Path:
        return self.config_root / ACCESS_FILE

    @property
    def owns_config(self) -> bool:
        """Whether the catalogue and the access map are this repository's own files (checked by
        `segur check` here), rather than the central repository's."""
        return self.central is None or self.central.resolve() == self.root.resolve()

    @property
    def dossiers_dir(self) -> Path:
        return self.root / DOSSIERS_DIR

    def display(self, path: Path) -> str:
        """The path as shown in findings: relative to the repository root, with slashes."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def dossiers(self) -> list[Path]:
        """Every candidature folder: dossiers/<editeur>/<candidature>/, real folders only.

        A link, a hidden entry or a folder that cannot be listed is no candidature: it is
        reported by the rules of the tree (`segur.rules.tree`), never followed or read here."""
        return sorted(
            Path(candidature)
            for editeur in _real_folders(self.dossiers_dir)
            for candidature in _real_folders(editeur)
        )

    def dossier_of(self, path: Path) -> Path | None:
        """The candidature folder that contains `path`, if any."""
        try:
            rel = path.resolve().relative_to(self.dossiers_dir.resolve())
        except ValueError:
            return None
        if len(rel.parts) < 2:
            return None
        return self.dossiers_dir / rel.parts[0] / rel.parts[1]


def _real_folders(folder: Path | str) -> list[str]:
    """The visible subfolders of `folder` that are folders themselves, not links to one."""
    try:
        with os.scandir(folder) as listing:
            return [
                entry.path
                for entry in listing
                if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)
            ]
    except OSError:
        return []


# What marks the root of a repository segur works on, looking up from a path: a git work tree, a
# catalogue, candidature folders, or the marker of a dossier or central repository.
ROOT_MARKERS = (".git", REM_DIR, DOSSIERS_DIR, "depot.yaml", "depots.yaml")


def containing_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that is a repository root (see `ROOT_MARKERS`)."""
    here = start.absolute()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return None


def default_root() -> Path:
    """The embedded repository: the current directory when it is a dossier repository,
    else the checkout this package was installed from."""
    cwd = Path.cwd()
    if (cwd / REM_DIR).is_dir():
        return cwd
    return toolkit_root() or cwd


def toolkit_root() -> Path | None:
    """The checkout this package was installed from (editable install), if any: where the
    tool's own files are (the site configuration, whatever the current directory)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / REM_DIR).is_dir() and (parent / "pyproject.toml").is_file():
            return parent
    return None

"""The REM catalogue read from `rem/<DISPOSITIF>/<version>/`.

Each REM is a `dispositif.yaml` header plus one file per chapter under `chapitres/`. Files are read
through `segur.load.document` and validated with `segur.load.validation`, so every problem is a
finding with its
position; a file that does not validate is left out of the catalogue (its findings say why).
The documents are kept next to the models so that the integrity rules can point at exact lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from segur.findings.finding import Finding
from segur.load.document import Document, load_file
from segur.load.validation import validate
from segur.model.rem import GENERAL, Chapitre, Dispositif, Exigence, Preuve, Scenario
from segur.model.versions import natural_key
from segur.repository.paths import Repository

HEADER_FILE = "dispositif.yaml"
CHAPTERS_DIR = "chapitres"


def chapter_file_stem(code: str) -> str:
    """File name (without `.yaml`) of a chapter: `DMP/UX` -> `DMP-UX`."""
    return code.replace("/", "-")


@dataclass(frozen=True, slots=True)
class ChapterFile:
    path: str  # as displayed in findings
    stem: str  # file name without `.yaml`
    document: Document
    chapitre: Chapitre


@dataclass(frozen=True, slots=True)
class ProofRef:
    """A proof with the requirement and scenario it belongs to."""

    exigence: Exigence
    scenario: Scenario
    preuve: Preuve


@dataclass(frozen=True, slots=True)
class Rem:
    """One version of the REM of one dispositif."""

    code: str  # folder name `rem/<code>/`
    version: str  # folder name `rem/<code>/<version>/`
    path: str  # displayed path of dispositif.yaml
    document: Document
    dispositif: Dispositif
    files: tuple[ChapterFile, ...]

    @property
    def chapitres(self) -> list[Chapitre]:
        return [f.chapitre for f in self.files]

    def exigences(self) -> list[Exigence]:
        return [e for c in self.chapitres for e in c.exigences]

    def exigence(self, exigence_id: str) -> Exigence | None:
        return next((e for e in self.exigences() if e.id == exigence_id), None)

    def chapitre(self, code: str) -> Chapitre | None:
        return next((c for c in self.chapitres if c.code == code), None)

    def applicable(self, profils: Iterable[str]) -> list[Exigence]:
        """Requirements that apply to a product declaring `profils` (`general` always applies)."""
        wanted = {GENERAL, *profils}
        return [e for e in self.exigences() if e.profil in wanted]

    def proofs_for(self, profils: Iterable[str]) -> list[ProofRef]:
        """Every proof expected from a product declaring `profils`."""
        return [
            ProofRef(e, s, p)
            for e in self.applicable(profils)
            for s in e.scenarios
            for p in s.preuves
        ]

    def find(self, identifier: str) -> tuple[Exigence, Scenario | None, Preuve | None] | None:
        """The requirement that owns an ID (requirement, scenario or proof ID), and the item."""
        for exigence in self.exigences():
            if exigence.id == identifier:
                return exigence, None, None
        for exigence in self.exigences():
            for scenario in exigence.scenarios:
                if scenario.id == identifier:
                    return exigence, scenario, None
                for preuve in scenario.preuves:
                    if preuve.id == identifier:
                        return exigence, scenario, preuve
        return None


@dataclass(frozen=True, slots=True)
class Catalogue:
    rems: tuple[Rem, ...]

    def get(self, code: str, version: str) -> Rem | None:
        return next((r for r in self.rems if r.code == code and r.version == version), None)

    def for_code(self, code: str) -> list[Rem]:
        return [r for r in self.rems if r.code == code]

    def codes(self) -> list[str]:
        return sorted({r.code for r in self.rems})

    def __iter__(self) -> Iterator[Rem]:
        return iter(self.rems)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_rem(folder: Path, display_root: Path) -> tuple[Rem | None, list[Finding]]:
    """Load one `rem/<code>/<version>/` folder."""
    header = folder / HEADER_FILE
    shown = _display(header, display_root)
    loaded = load_file(header, shown)
    findings = list(loaded.findings)
    if loaded.document is None:
        return None, findings
    dispositif, errors = validate(loaded.document, Dispositif)
    findings.extend(errors)
    files: list[ChapterFile] = []
    for chapter_path in sorted((folder / CHAPTERS_DIR).glob("*.yaml")):
        chapter_shown = _display(chapter_path, display_root)
        chapter_loaded = load_file(chapter_path, chapter_shown)
        findings.extend(chapter_loaded.findings)
        if chapter_loaded.document is None:
            continue
        chapitre, errors = validate(chapter_loaded.document, Chapitre)
        findings.extend(errors)
        if chapitre is not None:
            files.append(
                ChapterFile(chapter_shown, chapter_path.stem, chapter_loaded.document, chapitre)
            )
    if dispositif is None:
        return None, findings
    files.sort(key=lambda f: natural_key(f.chapitre.code))
    rem = Rem(folder.parent.name, folder.name, shown, loaded.document, dispositif, tuple(files))
    return rem, findings


def load_catalogue(rem_dir: Path, display_root: Path) -> tuple[Catalogue, list[Finding]]:
    """Load every `rem/*/*/dispositif.yaml` with its chapters."""
    rems: list[Rem] = []
    findings: list[Finding] = []
    for header in sorted(rem_dir.glob(f"*/*/{HEADER_FILE}")):
        rem, found = load_rem(header.parent, display_root)
        findings.extend(found)
        if rem is not None:
            rems.append(rem)
    return Catalogue(tuple(rems)), findings


def repository_catalogue(repo: Repository) -> tuple[Catalogue, list[Finding]]:
    """The catalogue of `repo`: its own `rem/`, or the central checkout's (`Repository.central`)."""
    return load_catalogue(repo.rem_dir, repo.config_root)

"""What `segur check` and the status know of one candidature folder, computed once.

Several checkers read the same files (candidature.yaml above all) and the status reuses the
proof report: the context parses each file once and keeps each result in a typed field. It
knows nothing of the run it belongs to (history, scope, day): `segur.check` holds that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from segur.dossier.administratif import check_administratif
from segur.dossier.preuves import evaluate_folder
from segur.findings.finding import Finding
from segur.load.document import Loaded, load_file
from segur.model.candidature import CANDIDATURE_FILE
from segur.repository.catalogue import Catalogue
from segur.repository.paths import Repository
from segur.rules.preuves.checks import ProofReport


@dataclass(slots=True)
class DossierContext:
    repo: Repository
    catalogue: Catalogue
    folder: Path
    _loaded: dict[Path, Loaded] = field(default_factory=dict)
    _administratif: list[Finding] | None = None
    _preuves: tuple[ProofReport | None, list[Finding]] | None = None

    def load(self, path: Path) -> Loaded:
        """`path` parsed once for every checker of this folder."""
        if path not in self._loaded:
            self._loaded[path] = load_file(path, self.repo.display(path))
        return self._loaded[path]

    def candidature(self) -> Loaded | None:
        """candidature.yaml parsed, or None when the folder has none."""
        file = self.folder / CANDIDATURE_FILE
        return self.load(file) if file.is_file() else None

    def administratif(self) -> list[Finding]:
        """The findings of the administrative dossier (candidature.yaml, SSI answers)."""
        if self._administratif is None:
            self._administratif = check_administratif(
                self.folder, self.repo, self.catalogue, self.candidature()
            )
        return self._administratif

    def preuves(self) -> tuple[ProofReport | None, list[Finding]]:
        """The proof report of the folder and its findings."""
        if self._preuves is None:
            loaded = self.candidature()
            document = loaded.document if loaded is not None else None
            self._preuves = evaluate_folder(self.folder, self.repo, self.catalogue, document)
        return self._preuves

    def preuves_findings(self) -> list[Finding]:
        return self.preuves()[1]

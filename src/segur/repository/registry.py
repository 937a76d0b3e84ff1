"""Reading the registry of dossier repositories (`depots.yaml`) and a dossier repository's own
marker (`depot.yaml`), through the positional loader: a problem is a finding with its line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from segur.findings.finding import Finding
from segur.load.document import load_file
from segur.load.validation import validate
from segur.model.registry import DEPOT_FILE, REGISTRY_FILE, DepotEditeur, Registre


@dataclass(frozen=True, slots=True)
class LoadedRegistry:
    registre: Registre | None  # None when the file is absent or invalid
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class LoadedDepot:
    depot: DepotEditeur | None
    findings: list[Finding]


def load_registry(central: Path) -> LoadedRegistry:
    """`depots.yaml` of the central repository; absent: no registry (a registry of one)."""
    file = central / REGISTRY_FILE
    if not file.is_file():
        return LoadedRegistry(None, [])
    loaded = load_file(file, REGISTRY_FILE)
    if loaded.document is None:
        return LoadedRegistry(None, loaded.findings)
    registre, errors = validate(loaded.document, Registre)
    findings = [*loaded.findings, *errors]
    return LoadedRegistry(None if any(f.is_error for f in findings) else registre, findings)


def load_depot(root: Path) -> LoadedDepot:
    """`depot.yaml` of a dossier repository; absent: this is not an editor's repository."""
    file = root / DEPOT_FILE
    if not file.is_file():
        return LoadedDepot(None, [])
    loaded = load_file(file, DEPOT_FILE)
    if loaded.document is None:
        return LoadedDepot(None, loaded.findings)
    depot, errors = validate(loaded.document, DepotEditeur)
    findings = [*loaded.findings, *errors]
    return LoadedDepot(None if any(f.is_error for f in findings) else depot, findings)

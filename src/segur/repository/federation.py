"""The federation: the central repository and the dossier repositories it aggregates.

Every editor's candidatures are in its own private repository (§3.7); the ANS mirrors them all
(`segur depots miroir`, `segur.load.mirror`) and runs the queue, the deadlines, the collège
agenda and the site across the mirrors. A repository that holds `dossiers/` itself is a
registry of one: a federation whose only member is the repository.

A mirror that holds another editor's folder, or whose `depot.yaml` names another editor, is
reported (rules `SEG-FED-*`, declared in `segur.rules.federation`) and left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from segur.errors import DataError, UsageError
from segur.findings import registry
from segur.findings.finding import Finding
from segur.load.mirror import checkout_path
from segur.model.registry import DEPOT_FILE, REGISTRY_FILE
from segur.repository.paths import Repository
from segur.repository.registry import load_depot, load_registry


@dataclass(frozen=True, slots=True)
class Federation:
    """`central` holds the catalogue and the access map; `members` hold the candidatures."""

    central: Repository
    members: tuple[Repository, ...]

    @classmethod
    def single(cls, repo: Repository) -> Federation:
        """A repository that holds its own dossiers: a registry of one."""
        return cls(repo, (repo,))

    def dossiers(self) -> list[tuple[Repository, Path]]:
        """Every candidature folder with its repository, in the order one repository holding
        them all would list them (by `dossiers/<editeur>/<candidature>`)."""
        found = [(member, folder) for member in self.members for folder in member.dossiers()]
        if len(self.members) > 1:
            found.sort(key=lambda item: Path(item[0].display(item[1])).parts)
        return found

    def owner(self, folder: Path) -> Repository:
        """The member repository that holds `folder`."""
        if len(self.members) == 1:
            return self.members[0]
        target = folder.resolve()
        for member in self.members:
            if target.is_relative_to(member.root.resolve()):
                return member
        raise UsageError(f"{folder} n'appartient à aucun dépôt de dossiers agrégé")


@dataclass(frozen=True, slots=True)
class LoadedFederation:
    federation: Federation
    findings: list[Finding]  # the members left out, and why


def member_findings(slug: str, root: Path) -> list[Finding]:
    """Why the mirror of `slug`'s dossier repository (checked out in `root`) cannot be
    aggregated; empty when it holds only `slug`'s folders and its marker names `slug`."""
    shown = f"{slug}/{DEPOT_FILE}"
    loaded = load_depot(root)
    findings = [f for f in loaded.findings if f.is_error]
    if loaded.depot is None:
        findings.append(registry.get("SEG-FED-003").at(shown, 1, 1, slug=slug))
    elif loaded.depot.editeur != slug:
        findings.append(
            registry.get("SEG-FED-002").at(shown, 1, 1, editeur=loaded.depot.editeur, slug=slug)
        )
    dossiers = Repository(root).dossiers_dir
    if dossiers.is_dir():
        for folder in sorted(dossiers.iterdir()):
            if folder.is_dir() and not folder.name.startswith(".") and folder.name != slug:
                findings.append(
                    registry.get("SEG-FED-001").at(
                        f"{slug}/dossiers/{folder.name}", 1, 1, slug=slug, autre=folder.name
                    )
                )
    return findings


def load_federation(central: Repository, cache: Path) -> LoadedFederation:
    """The members of `central`'s registry (`depots.yaml`) whose mirror in `cache` may be
    aggregated, in the registry's order of slugs, and the findings on the others."""
    loaded = load_registry(central.root)
    if loaded.registre is None:
        if loaded.findings:
            first = loaded.findings[0]
            raise DataError(f"{REGISTRY_FILE}:{first.line}:{first.col}: {first.message}")
        raise UsageError(
            f"{central.root} n'a pas de registre {REGISTRY_FILE} : --miroirs s'emploie avec le "
            "dépôt central (--repo)"
        )
    members: list[Repository] = []
    findings: list[Finding] = []
    for slug in sorted(loaded.registre.depots):
        root = checkout_path(cache, slug)
        if not root.is_dir():
            findings.append(registry.get("SEG-FED-004").at(f"{slug}/", 1, 1, slug=slug))
            continue
        problems = member_findings(slug, root)
        findings.extend(problems)
        if not any(f.is_error for f in problems):
            members.append(Repository(root, central.config_root))
    return LoadedFederation(Federation(central, tuple(members)), findings)

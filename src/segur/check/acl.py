"""Access control of a pull request, read from git: the access map, the changes and the
evidence that `segur.check.acl_decision` judges.

The access map is read from the BASE revision (the branch the pull request goes into), never
from the pull request or the work tree: otherwise a submission could grant itself rights by
editing `acces.yaml`. The changes are those of the pull request since it forked from the base.
Who may change what is decided in `segur.check.acl_decision`, on paths read by
`segur.check.acl_paths`; this module is separate from them because it alone touches git.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.check.acl_decision import (
    ADDED,
    MODIFIED,
    REMOVED,
    Evidence,
    actor_of,
    decide,
    touches,
    without_contacts,
)
from segur.check.acl_paths import not_canonical, place_of
from segur.errors import UsageError
from segur.findings.finding import Finding, has_errors
from segur.load import git_history as gitlog
from segur.load.document import parse
from segur.load.document import parse as parse_yaml
from segur.load.git_history import Change
from segur.load.validation import validate
from segur.model.access import ACCESS_FILE, CarteAcces
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.registry import DEPOT_FILE, DepotEditeur
from segur.repository.access import LoadedMap, parse_map
from segur.rules.acl import MAP_UNUSABLE

DECISION = "decision-college"


@dataclass(frozen=True, slots=True)
class AclResult:
    login: str
    base: str
    changes: tuple[Change, ...]
    findings: list[Finding]

    @property
    def allowed(self) -> bool:
        return not has_errors(self.findings)


def pinned_access_map(repo_root: Path, base: str, central: Path) -> bytes | None:
    """The access map of an editor's dossier repository: `acces.yaml` of the central repository
    at the revision that `depot.yaml` pins ON THE BASE, never anything the pull request holds
    (a PR that changed the pin or brought its own map would grant itself rights).

    Raises `UsageError` when the base pins nothing, `gitlog.GitError` when the central
    repository does not have the pinned revision."""
    base_sha = gitlog.resolve(repo_root, base)
    raw = gitlog.read_at(repo_root, base_sha, DEPOT_FILE)
    loaded = parse(raw, DEPOT_FILE) if raw is not None else None
    depot = None
    if loaded is not None and loaded.document is not None:
        depot, _ = validate(loaded.document, DepotEditeur)
    if depot is None:
        raise UsageError(
            f"{DEPOT_FILE} absent ou invalide sur la base {base} : la révision du dépôt central "
            "dont la carte d'accès fait foi est inconnue"
        )
    return gitlog.read_at(central, depot.central.revision, ACCESS_FILE)


def check_pull_request(
    repo_root: Path,
    login: str,
    base: str,
    head: str = "HEAD",
    central: Path | None = None,
) -> AclResult:
    """Decide whether `login` may merge the changes of `head` into `base`. The access map is
    read on the base, or, in an editor's dossier repository, in `central` at the pinned
    revision (`pinned_access_map`).

    Raises `gitlog.GitError` when a revision cannot be read.
    """
    base_sha = gitlog.resolve(repo_root, base)
    changes = tuple(gitlog.changed_paths(repo_root, base_sha, head))
    findings = gitlog.shallow_findings(repo_root)
    loaded = read_access_map(repo_root, base_sha, central)
    if loaded is None or loaded.carte is None:
        reason = "fichier absent"
        if loaded is not None:
            errors = [f for f in loaded.findings if f.is_error]
            reason = f"{len(errors)} erreur(s), dont ligne {errors[0].line} : {errors[0].message}"
        paths = sorted({p for c in changes for p in c.paths}) or [ACCESS_FILE]
        findings.extend(MAP_UNUSABLE.at(p, 1, 1, base=base, reason=reason) for p in paths)
        return AclResult(login, base_sha, changes, findings)
    findings.extend(judge(repo_root, loaded.carte, login, base, base_sha, base_sha, head, changes))
    return AclResult(login, base_sha, changes, findings)


def read_access_map(repo_root: Path, base_sha: str, central: Path | None) -> LoadedMap | None:
    """The access map that decides a pull request into `base_sha`: the base's own, or the
    central one pinned by the base (`pinned_access_map`); None when there is none."""
    if central is not None:
        raw = pinned_access_map(repo_root, base_sha, central)
    else:
        raw = gitlog.read_at(repo_root, base_sha, ACCESS_FILE)
    return parse_map(raw) if raw is not None else None


def judge(
    repo_root: Path,
    carte: CarteAcces,
    login: str,
    base: str,
    base_sha: str,
    start: str,
    head: str,
    changes: Sequence[Change],
) -> list[Finding]:
    """The refusals of `changes`, made by `login` between the commits `start` and `head`, in a
    pull request into `base` (named `base`, at the commit `base_sha`). For the whole pull
    request `start` is `base_sha`; for one of its commits, that commit's parent."""
    overwritten = {
        c.path
        for c in changes
        if c.status in (gitlog.ADDED, gitlog.COPIED, gitlog.RENAMED)
        and place_of(c.path).journal
        and not_canonical(c.path) is None
        and _differs(repo_root, base_sha, head, c.path)
    }
    actor = actor_of(carte, login)
    evidence = gather_evidence(repo_root, start, head, changes)
    return decide(actor, login, base, changes, overwritten, evidence)


def gather_evidence(repo_root: Path, base: str, head: str, changes: Sequence[Change]) -> Evidence:
    """Read what `decide` needs beyond the changes: the trees of `base` (a full SHA) and
    `head`, the content of added events, the decisions of the touched candidatures.

    Only canonical paths are read: a crafted name is refused on its name alone, and is never
    handed to git as a path.
    """
    head_sha = gitlog.resolve(repo_root, head)
    touched = [(c, p, how) for c in changes for p, how in touches(c) if not_canonical(p) is None]
    removed = {p for _, p, how in touched if how == REMOVED}
    base_tree = gitlog.tree_paths(repo_root, base)
    existing = {p for p in base_tree if p not in removed}
    existing.update(gitlog.tree_paths(repo_root, head_sha))
    event_types: dict[str, str | None] = {}
    decisions: dict[str, str] = {}
    contact_only: set[str] = set()
    with gitlog.BlobReader(repo_root) as reader:
        for change, path, how in touched:
            place = place_of(path)
            if how != ADDED or not place.journal or place.event_type is None:
                continue
            raw = reader.read_blob(change.blob) if change.blob else None
            found = _declared_type(raw if raw is not None else reader.read(head_sha, path), path)
            event_types[path] = found
            if found == DECISION and place.folder is not None:
                decisions.setdefault(place.folder, path)
        folders = {
            place.folder
            for _, path, _ in touched
            if not (place := place_of(path)).journal and place.folder is not None
        }
        for path in base_tree:
            place = place_of(path)
            if place.folder not in folders or not place.journal or place.event_type is None:
                continue
            if not_canonical(path) is not None or place.folder in decisions:
                continue
            # By name or by content: an event merged before contents were checked may claim
            # another type in its name.
            if place.event_type == DECISION or _declared_type(reader.read(base, path), path) == (
                DECISION
            ):
                decisions[place.folder] = path
        fork = gitlog.merge_base(repo_root, base, head_sha)
        for _, path, how in touched:
            place = place_of(path)
            if how != MODIFIED or place.folder not in decisions:
                continue
            if path != f"{place.folder}/{CANDIDATURE_FILE}":
                continue
            published = _published(reader.read(fork, path), path)
            if published is not None and published == _published(reader.read(head_sha, path), path):
                contact_only.add(path)
    return Evidence(frozenset(existing), event_types, decisions, frozenset(contact_only))


def _mapping(raw: bytes | None, path: str) -> dict[str, Any] | None:
    """The mapping a YAML file holds, read as `segur check` reads it; None when the loader finds
    any error (a duplicated `type` key, say): what cannot be read for sure is not trusted."""
    if raw is None:
        return None
    loaded = parse_yaml(raw, path)
    document = loaded.document
    if document is None or has_errors(loaded.findings) or not isinstance(document.data, dict):
        return None
    return document.data


def _declared_type(raw: bytes | None, path: str) -> str | None:
    data = _mapping(raw, path)
    found = None if data is None else data.get("type")
    return found if isinstance(found, str) else None


def _published(raw: bytes | None, path: str) -> dict[str, Any] | None:
    """The fields of a candidature.yaml that were decided on: all but `CONTACT_FIELDS`."""
    data = _mapping(raw, path)
    return None if data is None else without_contacts(data)


def _differs(repo_root: Path, base: str, head: str, path: str) -> bool:
    """True when `path` exists on `base` with a content other than on `head`."""
    before = gitlog.read_at(repo_root, base, path)
    return before is not None and before != gitlog.read_at(repo_root, head, path)

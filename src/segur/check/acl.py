"""Access control of a pull request: may this forge identity make these changes?

The access map is read from the BASE revision (the branch the pull request goes into), never
from the pull request or the work tree: otherwise a submission could grant itself rights by
editing `acces.yaml`. The changes are those of the pull request since it forked from the base.

Who may change what:
- outside `dossiers/<editeur>/`: the package, the REM, the workflows and the access map are the
  administrators' only;
- in `dossiers/<editeur>/`, outside the journals: the editor of that folder (and an
  administrator, for a migration); an editor never touches another editor's folder, and ANS
  roles never edit an editor's candidature or proofs;
- a journal event (`<candidature>/journal/<AAAA-MM-JJ>-<type>[-suffixe].yaml`) may be added by
  the role that owns its type (`segur.model.journal.EVENT_OWNERS`; an editor's types only in the
  editor's own folder); an event already on the base is never modified, renamed or deleted,
  not even by an administrator: the journal is append-only;
- an identity absent from the map may change nothing. Roles add up: an identity that is both
  `instructeur` and `college` may do what either may.

Decisions are findings, one per refused path, so that every violation is reported at once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from segur.findings.finding import Finding, has_errors
from segur.load import git_history as gitlog
from segur.load.git_history import Change
from segur.model.access import ACCESS_FILE, CarteAcces, Grant
from segur.model.journal import EVENT_OWNERS, JOURNAL_DIR, Role, parse_event_name
from segur.repository.access import parse_map
from segur.repository.paths import DOSSIERS_DIR
from segur.rules.acl import (
    ADMIN_ONLY,
    APPEND_ONLY,
    EDITOR_FILE,
    EVENT_NAME,
    EVENT_OWNER,
    MAP_UNUSABLE,
    NOT_A_FILE,
    OTHER_EDITOR,
    UNKNOWN_ACTOR,
)

ADDED, MODIFIED, REMOVED = "ajouté", "modifié", "supprimé"
_HOW = {ADDED: "ajout", MODIFIED: "modification", REMOVED: "suppression ou renommage"}


@dataclass(frozen=True, slots=True)
class Actor:
    login: str
    grants: frozenset[Grant]

    def has(self, role: Role) -> bool:
        return any(g.role is role for g in self.grants)

    def edits(self, slug: str) -> bool:
        return Grant(Role.EDITEUR, slug) in self.grants

    @property
    def editor_slugs(self) -> list[str]:
        return sorted(g.slug for g in self.grants if g.slug is not None)

    def describe(self) -> str:
        return ", ".join(sorted(str(g) for g in self.grants)) or "aucun rôle"


def actor_of(carte: CarteAcces, login: str) -> Actor | None:
    identite = carte.identity(login)
    return None if identite is None else Actor(login, frozenset(identite.grants))


@dataclass(frozen=True, slots=True)
class Place:
    """Where a path lies: `slug` is set inside `dossiers/<slug>/`; `journal` inside a
    candidature's journal folder."""

    slug: str | None
    journal: bool
    event_type: str | None


def place_of(path: str) -> Place:
    parts = path.split("/")
    if parts[0] != DOSSIERS_DIR or len(parts) < 3:
        return Place(None, False, None)
    # Any case of "journal" counts: on a case-insensitive checkout, "Journal/" is "journal/".
    journal = len(parts) >= 5 and parts[3].casefold() == JOURNAL_DIR
    event = parse_event_name(parts[4]) if journal and len(parts) == 5 else None
    return Place(parts[1], journal, event.type if event else None)


def _touches(change: Change) -> Iterator[tuple[str, str]]:
    """Each path a change touches, and how: a rename removes its source and adds its target."""
    if change.status == gitlog.RENAMED and change.old_path is not None:
        yield change.old_path, REMOVED
        yield change.path, ADDED
    elif change.status in (gitlog.ADDED, gitlog.COPIED):
        yield change.path, ADDED
    elif change.status == gitlog.DELETED:
        yield change.path, REMOVED
    else:
        yield change.path, MODIFIED


def decide(
    actor: Actor | None,
    login: str,
    base: str,
    changes: Sequence[Change],
    overwritten: Collection[str] = (),
) -> list[Finding]:
    """The refusals for `changes` made by `login`; empty when everything is allowed.

    `overwritten` lists the added paths that already exist on the base with another content
    (the base moved on since the fork): adding them would replace an existing event.
    """
    if actor is None and not changes:
        return [UNKNOWN_ACTOR.at(ACCESS_FILE, 1, 1, login=login, base=base)]
    findings: list[Finding] = []
    for change in changes:
        for path, how in _touches(change):
            if how == ADDED and path in overwritten:
                how = MODIFIED
            refusal = _refusal(actor, login, base, change, path, how)
            if refusal is not None:
                findings.append(refusal)
    return sorted(set(findings))


def _refusal(
    actor: Actor | None, login: str, base: str, change: Change, path: str, how: str
) -> Finding | None:
    if actor is None:
        return UNKNOWN_ACTOR.at(path, 1, 1, login=login, base=base)
    place = place_of(path)
    roles = actor.describe()
    if place.journal and how != ADDED:
        return APPEND_ONLY.at(path, 1, 1, how=_HOW[how])
    if place.slug is None:
        return (
            None if actor.has(Role.ADMIN) else ADMIN_ONLY.at(path, 1, 1, login=login, roles=roles)
        )
    if how != REMOVED and change.new_mode in (gitlog.MODE_SYMLINK, gitlog.MODE_GITLINK):
        return NOT_A_FILE.at(path, 1, 1)
    if place.journal:
        if place.event_type is None:
            return EVENT_NAME.at(path, 1, 1, types=", ".join(sorted(EVENT_OWNERS)))
        owner = EVENT_OWNERS[place.event_type]
        if owner is Role.EDITEUR:
            if actor.edits(place.slug):
                return None
            if actor.editor_slugs:
                own = ", ".join(actor.editor_slugs)
                return OTHER_EDITOR.at(path, 1, 1, slug=place.slug, login=login, own=own)
        elif actor.has(owner):
            return None
        return EVENT_OWNER.at(
            path, 1, 1, type=place.event_type, owner=_owner_name(owner), login=login, roles=roles
        )
    if actor.edits(place.slug) or actor.has(Role.ADMIN):
        return None
    if actor.editor_slugs:
        own = ", ".join(actor.editor_slugs)
        return OTHER_EDITOR.at(path, 1, 1, slug=place.slug, login=login, own=own)
    return EDITOR_FILE.at(path, 1, 1, slug=place.slug, login=login, roles=roles)


def _owner_name(role: Role) -> str:
    return "editeur (l'éditeur du dossier)" if role is Role.EDITEUR else role.value


@dataclass(frozen=True, slots=True)
class AclResult:
    login: str
    base: str
    changes: tuple[Change, ...]
    findings: list[Finding]

    @property
    def allowed(self) -> bool:
        return not has_errors(self.findings)


def check_pull_request(repo_root: Path, login: str, base: str, head: str = "HEAD") -> AclResult:
    """Decide whether `login` may merge the changes of `head` into `base`.

    Raises `gitlog.GitError` when a revision cannot be read.
    """
    base_sha = gitlog.resolve(repo_root, base)
    changes = tuple(gitlog.changed_paths(repo_root, base_sha, head))
    findings = gitlog.shallow_findings(repo_root)
    raw = gitlog.read_at(repo_root, base_sha, ACCESS_FILE)
    loaded = parse_map(raw) if raw is not None else None
    if loaded is None or loaded.carte is None:
        reason = "fichier absent"
        if loaded is not None:
            errors = [f for f in loaded.findings if f.is_error]
            reason = f"{len(errors)} erreur(s), dont ligne {errors[0].line} : {errors[0].message}"
        paths = sorted({p for c in changes for p in c.paths}) or [ACCESS_FILE]
        findings.extend(MAP_UNUSABLE.at(p, 1, 1, base=base, reason=reason) for p in paths)
        return AclResult(login, base_sha, changes, findings)
    overwritten = {
        c.path
        for c in changes
        if c.status in (gitlog.ADDED, gitlog.COPIED, gitlog.RENAMED)
        and place_of(c.path).journal
        and _differs(repo_root, base_sha, head, c.path)
    }
    actor = actor_of(loaded.carte, login)
    findings.extend(decide(actor, login, base, changes, overwritten))
    return AclResult(login, base_sha, changes, findings)


def _differs(repo_root: Path, base: str, head: str, path: str) -> bool:
    """True when `path` exists on `base` with a content other than on `head`."""
    before = gitlog.read_at(repo_root, base, path)
    return before is not None and before != gitlog.read_at(repo_root, head, path)

"""The judgement of access control: may this forge identity make these changes?

Who may change what:
- outside `dossiers/<editeur>/`: the package, the REM, the workflows and the access map are the
  administrators' only;
- in `dossiers/`, only the places segur reads are accepted (SEG-ACL-016): a candidature holds
  `candidature.yaml`, the SSI questionnaire, `documents/`, `preuves/<CHAPITRE>/` and
  `journal/`; anything else there (`Journal/`, a `journal/` beside the candidatures, an event
  file outside a journal) would be ignored by segur, hence unchecked, and is refused;
- in a candidature, outside the journal: the editor of that folder only. An administrator does
  not edit an editor's candidature or proofs (their content is the editor's word); an editor
  never touches another editor's folder;
- once the collège has decided on a candidature (a `decision-college` event on the base), its
  candidature, documents and proofs are frozen for every role, except the contact data of
  `candidature.yaml` (`CONTACT_FIELDS`); its journal goes on;
- a journal event (`<candidature>/journal/<AAAA-MM-JJ>-<type>[-suffixe].yaml`) may be added by
  the role that owns its type (`segur.model.journal.EVENT_OWNERS`; an editor's types only in the
  editor's own folder). The type is read from the CONTENT at the pull request's head and must
  equal the type of the name (SEG-ACL-017): the name alone is a claim anyone can make. An event
  already on the base is never modified, renamed or deleted, not even by an administrator: the
  journal is append-only;
- an identity absent from the map may change nothing: it gets ONE finding that names it, counts
  the refused files and says how to obtain access (a newcomer's first pull request), not one
  per file. Roles add up: an identity that is both
  `instructeur` and `college` may do what either may.

Decisions are findings, one per refused path, so that every violation is reported at once.
This module is pure: it judges the changes and the `Evidence` it is handed, and is separate
from `segur.check.acl`, which reads them from git.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from segur.check.acl_paths import Place, collisions, not_canonical, place_of, shown
from segur.findings.finding import Finding
from segur.load import git_history as gitlog
from segur.load.git_history import Change
from segur.model.access import ACCESS_FILE, CarteAcces, Grant
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.journal import EVENT_OWNERS, Role
from segur.rules.acl import (
    ADMIN_ONLY,
    APPEND_ONLY,
    EDITOR_FILE,
    EVENT_CONTENT,
    EVENT_NAME,
    EVENT_OWNER,
    FROZEN,
    NOT_A_FILE,
    OTHER_EDITOR,
    PATH_COLLISION,
    PATH_NOT_CANONICAL,
    UNKNOWN_ACTOR,
    UNKNOWN_PLACE,
)

ADDED, MODIFIED, REMOVED = "ajouté", "modifié", "supprimé"
_HOW = {ADDED: "ajout", MODIFIED: "modification", REMOVED: "suppression ou renommage"}
# The contact data of candidature.yaml: the only fields an editor may still change once the
# collège has decided (people change; what was decided on does not). Paths of keys.
# The files an unknown identity's single finding names: enough to recognise the pull request.
_NAMED_FILES = 5
CONTACT_FIELDS: tuple[tuple[str, ...], ...] = (
    ("editeur", "contact_referencement"),
    ("editeur", "representant_legal"),
    ("mainteneurs",),
)


def without_contacts(data: dict[str, Any]) -> dict[str, Any]:
    """A candidature.yaml's mapping less `CONTACT_FIELDS`: what the collège decided on."""
    for keys in CONTACT_FIELDS:
        data = _without(data, keys)
    return data


def _without(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    head, rest = keys[0], keys[1:]
    if not rest:
        return {k: v for k, v in data.items() if k != head}
    inner = data.get(head)
    if not isinstance(inner, dict):
        return data
    return {**data, head: _without(inner, rest)}


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


def touches(change: Change) -> Iterator[tuple[str, str]]:
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


@dataclass(frozen=True, slots=True)
class Evidence:
    """What access control read from the repository, beyond the list of changes.

    `existing`: every path there will be once merged (the base's, minus what the pull request
    removes, plus the head's), to find names that collide; `event_types`: for each added
    journal file, the `type` its content declares at the head (None when unreadable or absent);
    `decisions`: each candidature folder on which the collège has decided -> the decision file;
    `contact_only`: the changed `candidature.yaml` files whose published fields are unchanged.
    """

    existing: frozenset[str] = frozenset()
    event_types: Mapping[str, str | None] = field(default_factory=dict)
    decisions: Mapping[str, str] = field(default_factory=dict)
    contact_only: frozenset[str] = frozenset()


def decide(
    actor: Actor | None,
    login: str,
    base: str,
    changes: Sequence[Change],
    overwritten: Collection[str] = (),
    evidence: Evidence | None = None,
) -> list[Finding]:
    """The refusals for `changes` made by `login`; empty when everything is allowed.

    `overwritten` lists the added paths that already exist on the base with another content
    (the base moved on since the fork): adding them would replace an existing event. Without
    `evidence`, no event content was read: every added event is refused (SEG-ACL-017).
    """
    evidence = evidence or Evidence()
    touched = [(change, path, how) for change in changes for path, how in touches(change)]
    present = [p for _, p, how in touched if how != REMOVED and not_canonical(p) is None]
    clashes = collisions(present, evidence.existing)
    findings: list[Finding] = []
    unknown: set[str] = set()
    for change, path, how in touched:
        if how == ADDED and path in overwritten:
            how = MODIFIED
        refusal = _path_refusal(path, clashes)
        if refusal is None and actor is None:
            unknown.add(path)
        elif refusal is None and actor is not None:
            refusal = _refusal(actor, login, change, path, how, evidence)
        if refusal is not None:
            findings.append(refusal)
    if actor is None and (unknown or not touched):
        # One finding, not one per file: a newcomer's first pull request is refused for a
        # single reason, with its remedy; a path refused on its name alone is still listed.
        named = sorted(unknown)
        files = ", ".join(named[:_NAMED_FILES]) + (
            f" … et {len(named) - _NAMED_FILES} autre(s)" if len(named) > _NAMED_FILES else ""
        )
        findings.append(
            UNKNOWN_ACTOR.at(
                ACCESS_FILE,
                1,
                1,
                login=login,
                base=base,
                count=len(named),
                files=f" : {files}" if named else "",
            )
        )
    return sorted(set(findings))


def _path_refusal(path: str, clashes: Mapping[str, str]) -> Finding | None:
    """Refusals that depend on the path alone, decided before any ownership test."""
    reason = not_canonical(path)
    if reason is not None:
        return PATH_NOT_CANONICAL.at(shown(path), 1, 1, shown=shown(path), reason=reason)
    if path in clashes:
        return PATH_COLLISION.at(path, 1, 1, file=path, other=clashes[path])
    return None


def _refusal(
    actor: Actor,
    login: str,
    change: Change,
    path: str,
    how: str,
    evidence: Evidence,
) -> Finding | None:
    place = place_of(path)
    roles = actor.describe()
    if place.unknown is not None:
        return UNKNOWN_PLACE.at(path, 1, 1, file=path, reason=place.unknown)
    if place.journal and how != ADDED:
        return APPEND_ONLY.at(path, 1, 1, how=_HOW[how])
    if place.slug is None:
        return (
            None if actor.has(Role.ADMIN) else ADMIN_ONLY.at(path, 1, 1, login=login, roles=roles)
        )
    if how != REMOVED and change.new_mode in (gitlog.MODE_SYMLINK, gitlog.MODE_GITLINK):
        return NOT_A_FILE.at(path, 1, 1)
    if place.journal:
        return _event_refusal(actor, login, path, place, evidence)
    if not actor.edits(place.slug):
        if actor.editor_slugs:
            own = ", ".join(actor.editor_slugs)
            return OTHER_EDITOR.at(path, 1, 1, slug=place.slug, login=login, own=own)
        return EDITOR_FILE.at(path, 1, 1, slug=place.slug, login=login, roles=roles)
    decision = evidence.decisions.get(place.folder or "")
    if decision is None:
        return None
    contact = path == f"{place.folder}/{CANDIDATURE_FILE}" and how == MODIFIED
    if contact and path in evidence.contact_only:
        return None
    return FROZEN.at(path, 1, 1, file=path, how=_HOW[how], folder=place.folder, decision=decision)


def _event_refusal(
    actor: Actor, login: str, path: str, place: Place, evidence: Evidence
) -> Finding | None:
    named = place.event_type
    if named is None or place.slug is None:
        return EVENT_NAME.at(path, 1, 1, types=", ".join(sorted(EVENT_OWNERS)))
    # The type that counts is the one the content declares: it is what `segur check` and the
    # replay act on. A name that says otherwise is refused for every role.
    found = evidence.event_types.get(path)
    if found != named:
        declared = f"« {found} »" if found is not None else "absent ou illisible"
        name = path.rsplit("/", 1)[-1]
        return EVENT_CONTENT.at(path, 1, 1, name=name, named=named, found=declared)
    owner = EVENT_OWNERS[named]
    roles = actor.describe()
    if owner is Role.EDITEUR:
        if actor.edits(place.slug):
            return None
        if actor.editor_slugs:
            own = ", ".join(actor.editor_slugs)
            return OTHER_EDITOR.at(path, 1, 1, slug=place.slug, login=login, own=own)
    elif actor.has(owner):
        return None
    return EVENT_OWNER.at(
        path, 1, 1, type=named, owner=_owner_name(owner), login=login, roles=roles
    )


def _owner_name(role: Role) -> str:
    return "editeur (l'éditeur du dossier)" if role is Role.EDITEUR else role.value

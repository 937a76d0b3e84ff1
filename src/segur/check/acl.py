"""Access control of a pull request: may this forge identity make these changes?

The access map is read from the BASE revision (the branch the pull request goes into), never
from the pull request or the work tree: otherwise a submission could grant itself rights by
editing `acces.yaml`. The changes are those of the pull request since it forked from the base.

Every path is first checked as git stores it, before any ownership test: a crafted tree can
hold `..`, empty or `.` segments, backslashes, control characters, non-NFC names, or names
that differ only by case or Unicode normalisation (one overwrites the other on a Windows or
macOS checkout). Such a path is refused for everyone (SEG-ACL-014, SEG-ACL-015).

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
- an identity absent from the map may change nothing. Roles add up: an identity that is both
  `instructeur` and `college` may do what either may.

Decisions are findings, one per refused path, so that every violation is reported at once.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segur.errors import UsageError
from segur.findings.finding import Finding, has_errors
from segur.load import git_history as gitlog
from segur.load.document import parse
from segur.load.document import parse as parse_yaml
from segur.load.git_history import Change
from segur.load.validation import validate
from segur.model.access import ACCESS_FILE, CarteAcces, Grant
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.journal import EVENT_OWNERS, JOURNAL_DIR, Role, parse_event_name
from segur.model.preuves import MANIFEST_FILE, PREUVES_DIR
from segur.model.registry import DEPOT_FILE, DepotEditeur
from segur.repository.access import parse_map
from segur.repository.paths import DOSSIERS_DIR, SCHEMA_FILES
from segur.rules.acl import (
    ADMIN_ONLY,
    APPEND_ONLY,
    EDITOR_FILE,
    EVENT_CONTENT,
    EVENT_NAME,
    EVENT_OWNER,
    FROZEN,
    MAP_UNUSABLE,
    NOT_A_FILE,
    OTHER_EDITOR,
    PATH_COLLISION,
    PATH_NOT_CANONICAL,
    UNKNOWN_ACTOR,
    UNKNOWN_PLACE,
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


DOCUMENTS_DIR = "documents"
DECISION = "decision-college"
# The files segur reads at the root of a candidature folder: those people write from a schema
# (the candidature and the SSI questionnaire), but the proof manifests, which are in preuves/.
# Named through the schemas, not the questionnaire's module: access control never reads the
# questionnaire's answers. The folders it reads there are `documents/`, `preuves/<CHAPITRE>/`
# and `journal/`; their names cannot be candidatures.
_CANDIDATURE_FILES = frozenset(SCHEMA_FILES) - {MANIFEST_FILE}
_RESERVED = frozenset({JOURNAL_DIR, DOCUMENTS_DIR, PREUVES_DIR})
# The contact data of candidature.yaml: the only fields an editor may still change once the
# collège has decided (people change; what was decided on does not). Paths of keys.
CONTACT_FIELDS: tuple[tuple[str, ...], ...] = (
    ("editeur", "contact_referencement"),
    ("editeur", "representant_legal"),
    ("mainteneurs",),
)
# Unicode categories refused in a name: controls (newline included), format characters (a
# right-to-left override makes a name read as another) and surrogates (bytes that are not UTF-8).
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


@dataclass(frozen=True, slots=True)
class Place:
    """Where a path lies: `slug` is set inside `dossiers/<slug>/`; `folder` is the candidature
    folder (`dossiers/<slug>/<candidature>`) of a path segur reads; `journal` inside its journal
    folder, `event_type` the type its name gives. `unknown` says why segur would not read a path
    of `dossiers/`, when it would not."""

    slug: str | None
    journal: bool
    event_type: str | None
    folder: str | None = None
    unknown: str | None = None


def place_of(path: str) -> Place:
    parts = path.split("/")
    if parts[0] != DOSSIERS_DIR or len(parts) < 2:
        return Place(None, False, None)
    name = parts[-1]
    elsewhere = "nommé comme un événement, hors d'un dossier journal/ de candidature"
    if len(parts) == 2:
        # dossiers/README.md and the like: the administrators' files.
        return Place(None, False, None, unknown=elsewhere if parse_event_name(name) else None)
    slug = parts[1]
    if len(parts) == 3:
        return Place(slug, False, None, unknown="fichier hors de toute candidature")
    if parts[2].casefold() in _RESERVED:
        reason = f"« {parts[2]} » est le nom d'un dossier de candidature, pas d'une candidature"
        return Place(slug, False, None, unknown=reason)
    folder, area = "/".join(parts[:3]), parts[3]
    if len(parts) == 4:
        if area in _CANDIDATURE_FILES:
            return Place(slug, False, None, folder)
        return Place(slug, False, None, unknown="fichier inconnu à la racine de la candidature")
    if area == JOURNAL_DIR:
        event = parse_event_name(parts[4]) if len(parts) == 5 else None
        return Place(slug, True, event.type if event else None, folder)
    if parse_event_name(name):
        return Place(slug, False, None, unknown=elsewhere)
    if area == DOCUMENTS_DIR or (area == PREUVES_DIR and len(parts) >= 6):
        return Place(slug, False, None, folder)
    return Place(slug, False, None, unknown=f"dossier « {area} » inconnu dans la candidature")


def _escaped(c: str) -> str:
    if unicodedata.category(c) not in _REFUSED_CATEGORIES:
        return c
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def shown(path: str) -> str:
    """`path` fit for a report line: refused characters escaped, so that a crafted name cannot
    forge another line (a newline), a CI annotation or a misleading display."""
    return "".join(_escaped(c) for c in path)


def not_canonical(path: str) -> str | None:
    """Why `path`, as stored in a git tree, is not a canonical repository path; None if it is."""
    if any(unicodedata.category(c) in _REFUSED_CATEGORIES for c in path):
        return "caractère de contrôle, de format ou octet non UTF-8"
    if "\\" in path:
        return "barre oblique inverse"
    segments = path.split("/")
    if "" in segments:
        return "segment vide"
    if "." in segments or ".." in segments:
        return "segment « . » ou « .. »"
    if not unicodedata.is_normalized("NFC", path):
        return "nom non normalisé en NFC"
    return None


@functools.lru_cache(maxsize=65536)
def _fold(segment: str) -> str:
    # Canonical caseless matching (Unicode §3.13): equal keys mean "the same name" for a
    # case-insensitive or normalising file system.
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", segment).casefold())


def collisions(paths: Iterable[str], existing: Iterable[str]) -> dict[str, str]:
    """Each of `paths` that differs from another path of `paths` or `existing`, or from one of
    their folders, only by case or Unicode normalisation -> the first other name it meets."""
    wanted = list(paths)
    folded_prefixes = {
        "/".join(_fold(s) for s in p.split("/")[: i + 1])
        for p in wanted
        for i in range(p.count("/") + 1)
    }
    names: dict[str, set[str]] = {}
    for p in {*existing, *wanted}:
        segments = p.split("/")
        key = ""
        for i, segment in enumerate(segments):
            key = f"{key}/{_fold(segment)}" if i else _fold(segment)
            if key not in folded_prefixes:
                break
            names.setdefault(key, set()).add("/".join(segments[: i + 1]))
    found: dict[str, str] = {}
    for p in wanted:
        segments = p.split("/")
        for i in range(len(segments)):
            prefix = "/".join(segments[: i + 1])
            others = names["/".join(_fold(s) for s in segments[: i + 1])] - {prefix}
            if others:
                found[p] = min(others)
                break
    return found


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
    if actor is None and not changes:
        return [UNKNOWN_ACTOR.at(ACCESS_FILE, 1, 1, login=login, base=base)]
    evidence = evidence or Evidence()
    touched = [(change, path, how) for change in changes for path, how in _touches(change)]
    present = [p for _, p, how in touched if how != REMOVED and not_canonical(p) is None]
    clashes = collisions(present, evidence.existing)
    findings: list[Finding] = []
    for change, path, how in touched:
        if how == ADDED and path in overwritten:
            how = MODIFIED
        refusal = _path_refusal(path, clashes) or _refusal(
            actor, login, base, change, path, how, evidence
        )
        if refusal is not None:
            findings.append(refusal)
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
    actor: Actor | None,
    login: str,
    base: str,
    change: Change,
    path: str,
    how: str,
    evidence: Evidence,
) -> Finding | None:
    if actor is None:
        return UNKNOWN_ACTOR.at(path, 1, 1, login=login, base=base)
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
    if central is not None:
        raw = pinned_access_map(repo_root, base_sha, central)
    else:
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
        and not_canonical(c.path) is None
        and _differs(repo_root, base_sha, head, c.path)
    }
    actor = actor_of(loaded.carte, login)
    evidence = gather_evidence(repo_root, base_sha, head, changes)
    findings.extend(decide(actor, login, base, changes, overwritten, evidence))
    return AclResult(login, base_sha, changes, findings)


def gather_evidence(repo_root: Path, base: str, head: str, changes: Sequence[Change]) -> Evidence:
    """Read what `decide` needs beyond the changes: the trees of `base` (a full SHA) and
    `head`, the content of added events, the decisions of the touched candidatures.

    Only canonical paths are read: a crafted name is refused on its name alone, and is never
    handed to git as a path.
    """
    head_sha = gitlog.resolve(repo_root, head)
    touched = [(c, p, how) for c in changes for p, how in _touches(c) if not_canonical(p) is None]
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
    if data is None:
        return None
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


def _differs(repo_root: Path, base: str, head: str, path: str) -> bool:
    """True when `path` exists on `base` with a content other than on `head`."""
    before = gitlog.read_at(repo_root, base, path)
    return before is not None and before != gitlog.read_at(repo_root, head, path)

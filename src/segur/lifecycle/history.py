"""The replay of `main`'s git history, in one pass, that builds the `Timeline`.

The replay walks the first-parent history of `main` once (a merged pull request is one step,
dated when it was merged) and re-evaluates only the candidatures a step touched. On `main`
every file already passed the PR checks, so a proof counts as deposited when its manifest names
it and the file is in the tree; hashes are not recomputed for every past commit.
The REM is today's catalogue: a published REM version does not change. It is separate from the
timeline it fills (`segur.lifecycle.timeline`) because it alone reads git and the files.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from segur.dossier.administratif import questionnaire_findings
from segur.dossier.preuves import TargetFields
from segur.dossier.status import digest_of
from segur.findings.finding import has_errors
from segur.lifecycle.calendar import paris_date
from segur.lifecycle.timeline import Arrival, DossierTimeline, FrozenChange, Timeline
from segur.load.document import Document, parse
from segur.load.gc_pause import without_cyclic_gc
from segur.load.git_history import (
    BlobReader,
    CommitRecord,
    first_parent_commits,
    iter_first_parent_history,
    shallow_findings,
)
from segur.load.proof_file import relative_parts
from segur.load.validation import validate
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.journal import JOURNAL_DIR, parse_event_name
from segur.model.preuves import (
    MANIFEST_FILE,
    PREUVES_DIR,
    EntreePreuve,
    Manifeste,
    chapter_dirname,
)
from segur.model.questionnaire import QUESTIONNAIRE_FILE
from segur.repository.catalogue import Catalogue
from segur.repository.paths import DOSSIERS_DIR, Repository
from segur.rules.administratif import check_candidature
from segur.rules.preuves.completeness import (
    ChapterState,
    ExpectedChapter,
    ExpectedProof,
    chapter_status,
    expected_chapters,
    well_formed,
)

DECISION_TYPE = "decision-college"


def _dossier_of(path: str) -> tuple[str, str] | None:
    """`dossiers/e/c/rest` -> (`dossiers/e/c`, `rest`)."""
    parts = path.split("/", 3)
    if len(parts) < 4 or parts[0] != DOSSIERS_DIR:
        return None
    return "/".join(parts[:3]), parts[3]


@dataclass(slots=True)
class _Replay:
    """What the replay knows of one candidature at the current step."""

    files: set[str] = field(default_factory=set)  # paths inside the dossier
    cible: TargetFields | None = None
    chapters: dict[str, ExpectedChapter] = field(default_factory=dict)
    # Where each manifest's current content is (commit, blob), by manifest path: the parsed
    # manifests are kept only in `_Replayer`'s bounded memory, not for every candidature.
    manifests: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    admin_doc: Document | None = None
    dispositif: str | None = None
    admin_ok: bool = False
    # The blobs that candidature.yaml and the SSI answers hold at the current step.
    admin_blobs: dict[str, str | None] = field(default_factory=dict)


# What was read from a manifest, by blob, for the last ones read: the same content (every
# manifest as `segur new` writes it, for one chapter and profile choice) is parsed once,
# whatever the candidature, and a chapter whose files change later finds its manifest again.
_MANIFESTS_KEPT = 4096


class _Replayer:
    def __init__(self, repo: Repository, catalogue: Catalogue, reader: BlobReader) -> None:
        self.repo = repo
        self.catalogue = catalogue
        self.reader = reader
        self.state: dict[str, _Replay] = {}
        self.timeline = Timeline()
        self._manifests: dict[tuple[str, str] | str, Manifeste | None] = {}
        self._answers: dict[str, bool] = {}

    def _parse(self, sha: str, path: str, blob: str | None) -> Document | None:
        """`path` at commit `sha`; its blob, when known, names the same content directly."""
        raw = self.reader.read(sha, path) if blob is None else self.reader.read_blob(blob)
        if raw is None:
            return None
        return parse(raw, path).document

    def step(self, index: int, record: CommitRecord) -> None:
        touched: dict[str, dict[str, str | None]] = {}
        for change in record.changes:
            for path in change.paths:
                located = _dossier_of(path)
                if located is None:
                    continue
                dossier, inner = located
                replay = self.state.setdefault(dossier, _Replay())
                present = path == change.path and change.status != "D"
                touched.setdefault(dossier, {})[inner] = change.blob if present else None
                if present:
                    # Interned: the same proof names recur from one candidature to the next
                    # (one string for all of them, not one per file: 940,000 at 5,000).
                    replay.files.add(sys.intern(inner))
                else:
                    replay.files.discard(inner)
        moment = record.committed
        for dossier, inner_paths in touched.items():
            self._update(dossier, inner_paths, Arrival(index, moment, record.sha))

    def _update(self, dossier: str, changed: dict[str, str | None], arrival: Arrival) -> None:
        replay = self.state[dossier]
        line = self.timeline.dossiers.setdefault(dossier, DossierTimeline())
        sha = arrival.commit
        for name in (CANDIDATURE_FILE, QUESTIONNAIRE_FILE):
            if name in changed:
                replay.admin_blobs[name] = changed[name]
        reread = CANDIDATURE_FILE in changed or QUESTIONNAIRE_FILE in changed
        if reread:
            self._read_candidature(dossier, replay, sha, paris_date(arrival.moment))
        if replay.admin_ok and line.administratif is None:
            line.administratif = arrival
        line.administratif_complet = replay.admin_ok
        if reread:
            line.dispositif = replay.dispositif
        folders: set[str] = set()
        decided = line.decidee
        for inner in sorted(changed):
            parts = inner.split("/")  # a path from git: no empty or "." component
            if len(parts) == 2 and parts[0] == JOURNAL_DIR and inner in replay.files:
                line.evenements.setdefault(parts[1], arrival)
                _note_decision(line, parts[1], arrival, replay.admin_blobs.get(CANDIDATURE_FILE))
            elif decided is not None and (inner == CANDIDATURE_FILE or parts[0] == PREUVES_DIR):
                line.apres_decision.append(FrozenChange(inner, arrival, changed[inner]))
            if len(parts) >= 2 and parts[0] == PREUVES_DIR:
                folders.add(parts[1])
            if len(parts) == 3 and parts[0] == PREUVES_DIR and parts[2] == MANIFEST_FILE:
                replay.manifests.pop(inner, None)
                if inner in replay.files:
                    replay.manifests[inner] = (sha, changed[inner])
        # A chapter's state depends on its expected proofs (candidature.yaml), its manifest and
        # the files of its folder: the chapters of which none changed keep their state. A new
        # reading of candidature.yaml recomputes every chapter, in the order of the REM.
        previous = line.statuts
        if reread:
            line.statuts = {}
            for gone in [c for c in line.receptions if c not in replay.chapters]:
                del line.receptions[gone]
        for code, chapter in replay.chapters.items():
            if not reread and chapter_dirname(code) not in folders:
                continue
            path = _manifest_path(code)
            where = replay.manifests.get(path)
            manifest = None if where is None else self._manifest(f"{dossier}/{path}", *where)
            status = chapter_status(chapter, manifest, self._present(replay, code))
            before = previous.get(code)
            line.statuts[code] = status
            new_content = _record_digest(line, code, digest_of(code, manifest), arrival)
            if status.state is ChapterState.COMPLET:
                line.chapitres.setdefault(code, arrival)
                # Received anew when it becomes complete, and when its content changes while
                # complete (§3.4: what is instructed is what was received; docs/cycle-de-vie).
                if before is None or before.state is not ChapterState.COMPLET or new_content:
                    line.receptions[code] = arrival
                else:
                    line.receptions.setdefault(code, arrival)
            else:
                line.receptions.pop(code, None)

    def _read_candidature(self, dossier: str, replay: _Replay, sha: str, day: dt.date) -> None:
        blobs = replay.admin_blobs
        doc = self._parse(sha, f"{dossier}/{CANDIDATURE_FILE}", blobs.get(CANDIDATURE_FILE))
        replay.admin_ok = False
        replay.cible = None
        replay.chapters = {}
        replay.dispositif = None
        if doc is None:
            return
        if isinstance(doc.data.get("dispositif"), str):
            replay.dispositif = doc.data["dispositif"]
        try:
            replay.cible = TargetFields.model_validate(doc.data)
        except ValueError:
            return
        rem = self.catalogue.get(replay.cible.dispositif, replay.cible.version_rem)
        if rem is not None:
            expected = expected_chapters(rem.chapitres, replay.cible.profils)
            replay.chapters = {c.code: c for c in expected}
        _, findings = check_candidature(doc, self.catalogue, day)
        replay.admin_ok = not has_errors(findings) and self._answered(
            dossier, sha, blobs.get(QUESTIONNAIRE_FILE)
        )

    def _answered(self, dossier: str, sha: str, blob: str | None) -> bool:
        """Whether the SSI questionnaire is complete: a property of its content alone."""
        if blob is not None and blob in self._answers:
            return self._answers[blob]
        answers = self._parse(sha, f"{dossier}/{QUESTIONNAIRE_FILE}", blob)
        answered = answers is not None and not has_errors(questionnaire_findings(answers))
        if blob is not None:
            self._answers[blob] = answered
        return answered

    def _manifest(self, path: str, sha: str, blob: str | None) -> Manifeste | None:
        """The manifest `path` as it is at commit `sha` (its content is `blob`, when known)."""
        key: tuple[str, str] | str = (sha, path) if blob is None else blob
        if key in self._manifests:
            return self._manifests[key]
        doc = self._parse(sha, path, blob)
        manifest = None if doc is None else validate(doc, Manifeste)[0]
        if len(self._manifests) >= _MANIFESTS_KEPT:
            del self._manifests[next(iter(self._manifests))]  # the oldest
        self._manifests[key] = manifest
        return manifest

    @staticmethod
    def _present(replay: _Replay, code: str) -> _FilesPresent:
        return _FilesPresent(replay.files, f"{PREUVES_DIR}/{chapter_dirname(code)}")


def _note_decision(line: DossierTimeline, name: str, arrival: Arrival, blob: str | None) -> None:
    """The first decision of the collège freezes the candidature. On main the type of a journal
    file is the one of its name (access control refuses any other, SEG-ACL-017)."""
    parsed = parse_event_name(name)
    if line.decidee is None and parsed is not None and parsed.type == DECISION_TYPE:
        line.decidee, line.decision, line.candidature_decidee = arrival, name, blob


def _record_digest(line: DossierTimeline, code: str, digest: str, arrival: Arrival) -> bool:
    """Note the chapter's digest at `arrival`; whether its content changed (a first digest is
    no change)."""
    changes = line.empreintes.setdefault(code, [])
    if changes and changes[-1][1] == digest:
        return False
    changes.append((arrival, digest))
    return len(changes) > 1


def _manifest_path(code: str) -> str:
    return f"{PREUVES_DIR}/{chapter_dirname(code)}/{MANIFEST_FILE}"


@dataclass(frozen=True, slots=True)
class _FilesPresent:
    """A proof is deposited when every file its entry names is in the tree (or it is a value)."""

    files: set[str]
    base: str

    def __call__(self, proof: ExpectedProof, entry: EntreePreuve) -> bool:
        if not well_formed(proof, entry):
            return False
        for fichier in entry.fichiers:
            parts = relative_parts(fichier.chemin)
            if parts is None or f"{self.base}/{'/'.join(parts)}" not in self.files:
                return False
        return True


@without_cyclic_gc
def build_timeline(
    repo: Repository,
    catalogue: Catalogue,
    rev: str = "HEAD",
    dossiers: Sequence[str] | None = None,
) -> Timeline:
    """The timeline of every candidature, or only of `dossiers` (`dossiers/<e>/<c>` paths).

    The second is what a check of a few candidatures needs: git then reads only their folders'
    history, so it costs what they changed, not the whole repository's past. Their timelines
    are the same as in the whole one (steps are numbered on the same line of `main`).
    """
    # The history is read as git writes it (`iter_first_parent_history`): the replay runs
    # beside `git log` rather than after it.
    with BlobReader(repo.root) as reader:
        replayer = _Replayer(repo, catalogue, reader)
        # Steps are numbered on the whole first-parent line, without a path filter: git lists
        # it far faster so (at 5,000 candidatures, 0.25 s against 2 s for `rev-list --
        # dossiers`), and the numbers only order arrivals.
        if dossiers is None:
            head = replay_steps(replayer, iter_first_parent_history(repo.root, rev))
        else:
            line = first_parent_commits(repo.root, rev)
            steps = {sha: index for index, sha in enumerate(line)}
            if dossiers:
                for record in iter_first_parent_history(repo.root, rev, list(dossiers)):
                    replayer.step(steps[record.sha], record)
            head = line[-1] if line else None
    timeline = replayer.timeline
    timeline.findings = shallow_findings(repo.root)
    timeline.head = head
    return timeline


def replay_steps(replayer: _Replayer, history: Iterable[CommitRecord]) -> str | None:
    """Replay `history`; the last commit replayed, if any."""
    head = None
    for index, record in enumerate(history):
        replayer.step(index, record)
        head = record.sha
    return head

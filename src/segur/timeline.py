"""When things happened on `main`, replayed from git history in one pass.

For each candidature: when its administrative dossier was first complete, when each chapter
first became complete, and when each journal file landed. These are the dates of the FIFO
instruction queue (§3.4: "l'ordre de réception d'un chapitre complet") and of the deadlines.

The replay walks the first-parent history of `main` once (a merged pull request is one step,
dated when it was merged) and re-evaluates only the candidatures a step touched. On `main`
every file already passed the PR checks, so a proof counts as deposited when its manifest names
it and the file is in the tree; hashes are not recomputed for every past commit.
The REM is today's catalogue: a published REM version does not change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from segur.calendar import paris_date
from segur.candidature import questionnaire_findings
from segur.completeness import (
    ChapterState,
    ExpectedChapter,
    ExpectedProof,
    chapter_status,
    expected_chapters,
    well_formed,
)
from segur.dossier_preuves import Cible
from segur.findings import Finding, has_errors
from segur.gitlog import BlobReader, CommitRecord, first_parent_history, shallow_findings
from segur.journal import JOURNAL_DIR
from segur.load import Document, parse
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import (
    MANIFEST_FILE,
    PREUVES_DIR,
    EntreePreuve,
    Manifeste,
    chapter_dirname,
)
from segur.model.questionnaire import QUESTIONNAIRE_FILE
from segur.proof_files import safe_relative
from segur.rem_catalogue import Catalogue
from segur.repository import DOSSIERS_DIR, Repository
from segur.rules.administratif import check_candidature
from segur.validate import validate


@dataclass(frozen=True, slots=True, order=True)
class Arrival:
    """The step of `main` at which something first held.

    `step` is the position on the first-parent line: it orders arrivals even when committer
    clocks disagree, and two chapters completed by one merge share it.
    """

    step: int
    moment: dt.datetime
    commit: str


@dataclass(slots=True)
class DossierTimeline:
    administratif: Arrival | None = None
    chapitres: dict[str, Arrival] = field(default_factory=dict)
    # State of each chapter at the last step of the replay.
    etats: dict[str, ChapterState] = field(default_factory=dict)
    evenements: dict[str, Arrival] = field(default_factory=dict)  # journal file name -> arrival


@dataclass(slots=True)
class Timeline:
    dossiers: dict[str, DossierTimeline] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    head: str | None = None


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
    cible: Cible | None = None
    chapters: dict[str, ExpectedChapter] = field(default_factory=dict)
    manifests: dict[str, Manifeste] = field(default_factory=dict)  # by manifest path
    admin_doc: Document | None = None
    admin_ok: bool = False


class _Replayer:
    def __init__(self, repo: Repository, catalogue: Catalogue, reader: BlobReader) -> None:
        self.repo = repo
        self.catalogue = catalogue
        self.reader = reader
        self.state: dict[str, _Replay] = {}
        self.timeline = Timeline()

    def _parse(self, sha: str, path: str) -> Document | None:
        raw = self.reader.read(sha, path)
        if raw is None:
            return None
        return parse(raw, path).document

    def step(self, index: int, record: CommitRecord) -> None:
        touched: dict[str, set[str]] = {}
        for change in record.changes:
            for path in change.paths:
                located = _dossier_of(path)
                if located is None:
                    continue
                dossier, inner = located
                replay = self.state.setdefault(dossier, _Replay())
                touched.setdefault(dossier, set()).add(inner)
                if path == change.path and change.status != "D":
                    replay.files.add(inner)
                else:
                    replay.files.discard(inner)
        moment = record.committed
        for dossier, inner_paths in touched.items():
            self._update(dossier, inner_paths, Arrival(index, moment, record.sha))

    def _update(self, dossier: str, changed: set[str], arrival: Arrival) -> None:
        replay = self.state[dossier]
        line = self.timeline.dossiers.setdefault(dossier, DossierTimeline())
        sha = arrival.commit
        if CANDIDATURE_FILE in changed or QUESTIONNAIRE_FILE in changed:
            self._read_candidature(dossier, replay, sha, paris_date(arrival.moment))
        if replay.admin_ok and line.administratif is None:
            line.administratif = arrival
        for inner in sorted(changed):
            parts = PurePosixPath(inner).parts
            if len(parts) == 2 and parts[0] == JOURNAL_DIR and inner in replay.files:
                line.evenements.setdefault(parts[1], arrival)
            if len(parts) == 3 and parts[0] == PREUVES_DIR and parts[2] == MANIFEST_FILE:
                self._read_manifest(dossier, replay, inner, sha)
        for code, chapter in replay.chapters.items():
            manifest = replay.manifests.get(_manifest_path(code))
            status = chapter_status(chapter, manifest, self._present(replay, code))
            line.etats[code] = status.state
            if status.state is ChapterState.COMPLET:
                line.chapitres.setdefault(code, arrival)

    def _read_candidature(self, dossier: str, replay: _Replay, sha: str, day: dt.date) -> None:
        doc = self._parse(sha, f"{dossier}/{CANDIDATURE_FILE}")
        replay.admin_ok = False
        replay.cible = None
        replay.chapters = {}
        if doc is None:
            return
        try:
            replay.cible = Cible.model_validate(doc.data)
        except ValueError:
            return
        rem = self.catalogue.get(replay.cible.dispositif, replay.cible.version_rem)
        if rem is not None:
            expected = expected_chapters(rem.chapitres, replay.cible.profils)
            replay.chapters = {c.code: c for c in expected}
        _, findings = check_candidature(doc, self.catalogue, day)
        answers = self._parse(sha, f"{dossier}/{QUESTIONNAIRE_FILE}")
        answered = answers is not None and not has_errors(questionnaire_findings(answers))
        replay.admin_ok = not has_errors(findings) and answered

    def _read_manifest(self, dossier: str, replay: _Replay, inner: str, sha: str) -> None:
        replay.manifests.pop(inner, None)
        if inner not in replay.files:
            return
        doc = self._parse(sha, f"{dossier}/{inner}")
        if doc is None:
            return
        manifest, _ = validate(doc, Manifeste)
        if manifest is not None:
            replay.manifests[inner] = manifest

    @staticmethod
    def _present(replay: _Replay, code: str) -> _FilesPresent:
        return _FilesPresent(replay.files, f"{PREUVES_DIR}/{chapter_dirname(code)}")


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
            relative = safe_relative(fichier.chemin)
            if relative is None or f"{self.base}/{relative.as_posix()}" not in self.files:
                return False
        return True


def build_timeline(repo: Repository, catalogue: Catalogue, rev: str = "HEAD") -> Timeline:
    history = first_parent_history(repo.root, rev, paths=[DOSSIERS_DIR])
    with BlobReader(repo.root) as reader:
        replayer = _Replayer(repo, catalogue, reader)
        replay_steps(replayer, history)
    timeline = replayer.timeline
    timeline.findings = shallow_findings(repo.root)
    timeline.head = history[-1].sha if history else None
    return timeline


def replay_steps(replayer: _Replayer, history: Iterable[CommitRecord]) -> None:
    for index, record in enumerate(history):
        replayer.step(index, record)

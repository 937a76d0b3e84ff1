"""The lifecycle of each candidature, from deposit to decision: DERIVED, never stored.

The state of a candidature and its next expected action come from three sources only:
- its files: completeness of the administrative dossier and of each chapter
(`segur.dossier.status`);
- its journal of events (`segur.repository.journal`);
- when things happened (`segur.lifecycle.chronology`: arrivals on `main`, or the events' own dates).

`derive_all` is the public API (the public site uses it); `analyse_all` gives the commands the
whole analysis (events, progress, findings). States and transitions are listed in `TRANSITIONS`,
from which `docs/cycle-de-vie.md` is generated (`segur etats`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from segur.dossier.context import DossierContext
from segur.dossier.recordings import check_recordings
from segur.dossier.status import DossierStatus, dossier_status
from segur.findings.finding import Finding
from segur.lifecycle.chronology import Chronology, Moment, dates_chronology, git_chronology
from segur.lifecycle.history import build_timeline
from segur.lifecycle.progress import INS_CHAPTER, Facts, Progress
from segur.lifecycle.replay import replay
from segur.lifecycle.state import build_cycle
from segur.lifecycle.timeline import Timeline, interleave, status_at
from segur.load import git_history as gitlog
from segur.load.document import load_file
from segur.load.git_history import GitError
from segur.model.candidature import CANDIDATURE_FILE, FICTITIOUS_MARK, Candidature
from segur.model.cycle import ANS, CLOSED, EDITEUR, TRANSITIONS, Cycle, Etat, attestation_number
from segur.repository.catalogue import Catalogue, Rem
from segur.repository.federation import Federation
from segur.repository.journal import Journal, JournalEvent, load_journal
from segur.repository.paths import Repository
from segur.rules.cycle import LIFECYCLE_SKIPPED, check_attestation_numbers
from segur.rules.preuves.completeness import (
    ChapterState,
    applicable_requirements,
    proofless_chapters,
)

__all__ = [
    "ANS",
    "CLOSED",
    "EDITEUR",
    "TRANSITIONS",
    "Analysis",
    "Cycle",
    "Etat",
    "analyse_all",
    "analyse_federation",
    "attestation_number",
    "derive_all",
    "load_timelines",
]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything derived for one candidature, as of `today`."""

    folder: Path
    today: dt.date
    cycle: Cycle
    status: DossierStatus
    candidature: Candidature | None
    rem: Rem | None
    journal: Journal
    facts: Facts  # as of today
    progress: Progress  # as of today
    findings: tuple[Finding, ...]  # the journal's, all events considered

    def moment(self, event: JournalEvent) -> Moment:
        return self.facts.chronology.evenement(event)

    @property
    def fictif(self) -> bool:
        """Whether the candidature says it is fictitious: a line of the comment header of its
        candidature.yaml opens with `FICTITIOUS_MARK`. Read from the file, never from the
        folder's name."""
        return is_fictitious(self.folder / CANDIDATURE_FILE)


def is_fictitious(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8", errors="replace") as text:
            for line in text:
                if not line.strip():
                    continue
                if not line.startswith("#"):
                    return False
                if line.startswith(FICTITIOUS_MARK):
                    return True
    except OSError:
        return False
    return False


def load_timeline(
    repo: Repository, catalogue: Catalogue, dossiers: Sequence[str] | None = None
) -> Timeline | None:
    """The history of main (of `dossiers` only, when given), or None when the repository is not
    in git (dates are then those of the events). A repository without any commit has an empty
    history."""
    if not gitlog.in_repository(repo.root):
        return None
    try:
        return build_timeline(repo, catalogue, dossiers=dossiers)
    except GitError:
        return Timeline()


def chronology_of(repo: Repository, folder: Path, timeline: Timeline | None) -> Chronology:
    """Arrivals on main, or the events' own dates outside git: the same rule for every
    folder, examples included (no folder has a chronology of its own)."""
    if timeline is None:
        return dates_chronology()
    return git_chronology(timeline.dossiers.get(repo.display(folder)))


def _candidature(folder: Path, repo: Repository, ctx: DossierContext | None) -> Candidature | None:
    path = folder / CANDIDATURE_FILE
    if not path.is_file():
        return None
    loaded = ctx.load(path) if ctx is not None else load_file(path, repo.display(path))
    if loaded.document is None:
        return None
    try:
        return Candidature.model_validate(loaded.document.data)
    except ValueError:
        return None


def _requirements(
    rem: Rem | None, profils: list[str], codes: list[str]
) -> dict[str, dict[str, str]]:
    chapitres = rem.chapitres if rem else []
    return {
        code: {e.id: e.nature for e in applicable_requirements(chapitres, profils, code)}
        for code in codes
    }


def _facts(
    status: DossierStatus,
    chronology: Chronology,
    candidature: Candidature | None,
    rem: Rem | None,
    today: dt.date | None,
) -> Facts:
    """The facts of the files; with `today`, those not yet true that day are left out."""

    def until_today(moment: Moment | None) -> Moment | None:
        if moment is None or today is None or moment.day is None or moment.day <= today:
            return moment
        return None

    codes = [c.code for c in status.chapitres]
    complete = {c.code for c in status.chapitres if c.state is ChapterState.COMPLET}
    profils = candidature.profils if candidature else []
    vague_1 = candidature.editeur.deja_reference_vague_1 if candidature else False
    admin = until_today(chronology.administratif(status.administratif_complet))
    chapters = {c: until_today(chronology.chapitre(c, c in complete)) for c in codes}
    # A chapter whose applicable requirements ask for no proof has nothing to deposit: it is
    # complete with the administrative dossier that sets the profiles, and still judged.
    for code in proofless_chapters(rem.chapitres, profils) if rem else []:
        chapters.setdefault(code, admin)
    return Facts(
        chronology=chronology,
        admin=admin,
        chapters=chapters,
        requirements=_requirements(rem, profils, list(chapters)),
        ins_needed=INS_CHAPTER in codes and not vague_1,
        cnda_provisional=tuple(p for c in status.chapitres for p in c.cnda_provisional),
        version=candidature.solution.version_technique if candidature else None,
        digests={
            code: tuple((m, d) for m, d in changes if until_today(m) is not None)
            for code, changes in chronology.empreintes().items()
        },
        current=status.empreintes,
    )


def analyse_folder(
    folder: Path,
    repo: Repository,
    catalogue: Catalogue,
    today: dt.date,
    timeline: Timeline | None,
    ctx: DossierContext | None = None,
    status: DossierStatus | None = None,
    journal: Journal | None = None,
) -> Analysis:
    """`status`, when given, replaces the one read from the files (see `analyse_all`);
    `journal`, the one read from `journal/` (an act checked before it is written, see
    `segur.authoring.journal_acts`)."""
    status = status or dossier_status(folder, repo, catalogue, ctx)
    candidature = _candidature(folder, repo, ctx)
    rem = catalogue.get(candidature.dispositif, candidature.version_rem) if candidature else None
    journal = journal if journal is not None else load_journal(folder, repo)
    chronology = chronology_of(repo, folder, timeline)
    all_facts = _facts(status, chronology, candidature, rem, None)
    _, sequence = replay(all_facts, journal.events, today=today)
    facts = _facts(status, chronology, candidature, rem, today)

    def visible(moment: Moment) -> bool:
        return (moment.day is None or moment.day <= today) and (
            moment.arrival is None or moment.arrival <= today
        )

    progress, _ = replay(facts, journal.events, visible, today)
    if candidature is None or not status.administratif_complet:
        sequence = _skipped(repo, folder, journal)
    findings = [*journal.findings, *sequence, *check_recordings(folder, journal.valid())]
    cycle = build_cycle(repo.display(folder), status, candidature, rem, facts, progress, today)
    return Analysis(
        folder,
        today,
        cycle,
        status,
        candidature,
        rem,
        journal,
        facts,
        progress,
        tuple(sorted(set(findings))),
    )


def _skipped(repo: Repository, folder: Path, journal: Journal) -> list[Finding]:
    """One error, one finding: the sequence rules judge the journal against the profiles, the
    chapters and the deposit of the administrative dossier; with a candidature.yaml that does
    not load or validate, they would repeat its error on every event (verdicts "hors du
    chapitre", "dossier non déposé"). They are skipped, with one note."""
    count = sum(1 for _ in journal.valid())
    if not count:
        return []
    shown = repo.display(folder / CANDIDATURE_FILE)
    return [LIFECYCLE_SKIPPED.at(shown, 1, 1, count=count)]


def _from_history(
    folder: Path,
    repo: Repository,
    catalogue: Catalogue,
    today: dt.date,
    timeline: Timeline | None,
    from_history: bool,
) -> Analysis:
    shown = repo.display(folder)
    line = timeline.dossiers.get(shown) if from_history and timeline is not None else None
    status = None if line is None else status_at(shown, line)
    return analyse_folder(folder, repo, catalogue, today, timeline, status=status)


def analyse_all(
    repo: Repository,
    catalogue: Catalogue,
    today: dt.date,
    timeline: Timeline | None = None,
    *,
    from_history: bool = False,
) -> list[Analysis]:
    """Every candidature of the repository. With `from_history`, the status of a candidature
    that the history knows is the one of the timeline's last step
    (`segur.dossier.status.status_at`):
    what `main` holds, without reading every proof again (the queue of `main`)."""
    if timeline is None:
        timeline = load_timeline(repo, catalogue)
    return [
        _from_history(folder, repo, catalogue, today, timeline, from_history)
        for folder in repo.dossiers()
    ]


def load_timelines(
    federation: Federation, catalogue: Catalogue, rev: str | None = None
) -> dict[Path, Timeline | None]:
    """The history of main of every member, by root, steps numbered on one line
    (`segur.lifecycle.timeline.interleave`). Without `rev`, as `load_timeline` (None outside
    git); with `rev`, the history of that revision, which must exist in each member."""
    timelines: dict[Path, Timeline | None] = {
        member.root: (
            load_timeline(member, catalogue)
            if rev is None
            else build_timeline(member, catalogue, rev)
        )
        for member in federation.members
    }
    return interleave(timelines)


def analyse_federation(
    federation: Federation,
    catalogue: Catalogue,
    today: dt.date,
    timelines: Mapping[Path, Timeline | None] | None = None,
    *,
    from_history: bool = False,
) -> list[Analysis]:
    """`analyse_all` across the members of a federation, each candidature's history read from
    its own repository, in the order one repository holding them all would give."""
    if timelines is None:
        timelines = load_timelines(federation, catalogue)
    return [
        _from_history(folder, repo, catalogue, today, timelines.get(repo.root), from_history)
        for repo, folder in federation.dossiers()
    ]


def derive_all(
    repo: Repository, catalogue: Catalogue, today: dt.date, timeline: Timeline | None = None
) -> list[Cycle]:
    """The lifecycle of every candidature of the repository, as of `today`, as `main` holds it
    (the public site: `analyse_all` with `from_history`)."""
    return [a.cycle for a in analyse_all(repo, catalogue, today, timeline, from_history=True)]


def attestation_findings(analyses: list[Analysis]) -> list[Finding]:
    """SEG-CYC-015 for attestation numbers shared by two attributions (never expected)."""
    numbers = [
        (a.cycle.numero_attestation, a.cycle.dossier, a.progress.decision)
        for a in analyses
        if a.cycle.numero_attestation and a.progress.decision is not None
    ]
    return check_attestation_numbers((n, d, e) for n, d, e in numbers if e is not None)

"""The history of a synthetic repository: pull requests laid out over simulated months.

Each candidature goes through `main` as real ones do: a pull request for the administrative
dossier (sometimes completed by a second commit), then a few pull requests that deposit whole
chapters, one to three commits each, every one merged with a merge commit (`--no-ff`) a few
days after it was opened. About ten commits per candidature in all. The access map grants each
new editor its folder in a weekly pull request of the administrators, before the editor's first
pull request. Everything happens on working days, Paris time, from `BEGIN` on.

This module only decides *when* and *what*: each commit carries a `make` function that builds
its files on demand (`segur.examples.synthetic.candidatures`), so that a history of 50,000 commits
never holds more
than the pull requests open at one time. `segur.examples.synthetic.git_writer` writes it out.

Decided candidatures (`Fate.DECIDE`) are complete; their journal events (verdicts, collège
decision, signatures) are added by `decision_requests`, the one place to extend once the
lifecycle's event models exist.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from segur.examples.generator import Files
from segur.examples.synthetic.candidatures import Candidature, Editor, rng_for
from segur.examples.synthetic.files import (
    access_map_files,
    candidature_file,
    chapter_files,
    dossier_files,
)

PARIS = ZoneInfo("Europe/Paris")
BEGIN = dt.datetime(2024, 9, 2, 9, 0, tzinfo=PARIS)
SPAN = dt.timedelta(days=540)  # about eighteen months of applications


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str


ANS_INSTRUCTION = Author("Instruction ANS (synthétique)", "instruction@ans.example.fr")
ANS_ADMIN = Author("Administration du dépôt (synthétique)", "admin@ans.example.fr")


@dataclass(frozen=True, slots=True)
class Step:
    """One commit of a pull request; `make` builds the files it adds or changes."""

    moment: dt.datetime
    message: str
    make: Callable[[], Files]


@dataclass(frozen=True, slots=True)
class PullRequest:
    branch: str
    title: str
    author: Author
    steps: tuple[Step, ...]
    merged: dt.datetime
    merger: Author = ANS_INSTRUCTION  # who merges it into main


def working_time(day: dt.date, rng_minutes: int) -> dt.datetime:
    """`day` at a working hour (8:00 to 18:59, Paris), moved to Monday from a weekend."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(8 + rng_minutes // 60 % 11, rng_minutes % 60), PARIS)


def _split(items: Sequence[str], parts: int) -> list[tuple[str, ...]]:
    """`items` in `parts` consecutive non-empty groups of nearly equal size."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    groups: list[tuple[str, ...]] = []
    start = 0
    for index in range(parts):
        end = start + size + (1 if index < extra else 0)
        groups.append(tuple(items[start:end]))
        start = end
    return groups


@dataclass(frozen=True, slots=True)
class _Draft:
    """A commit before it is placed on the calendar: `offset` in days from the first one."""

    offset: float
    message: str
    codes: tuple[str, ...] | None = None  # chapters deposited; None: the administrative dossier
    complement: bool = False  # the second commit of the administrative pull request


def candidature_requests(c: Candidature) -> list[PullRequest]:
    """The pull requests of one candidature, placed at random in the simulated months so that
    every one is merged before their end."""
    rng = rng_for(c.graine, "histoire", c.number)
    drafts: list[tuple[str, str, list[_Draft], float]] = []
    admin = [_Draft(0.0, f"{c.slug} : dossier administratif et questionnaire SSI")]
    if rng.random() < 0.5:
        message = f"{c.slug} : date prévisionnelle du dépôt des preuves"
        admin.append(_Draft(rng.uniform(0.1, 2), message, complement=True))
    cursor = admin[-1].offset + rng.uniform(1, 6)
    drafts.append(("administratif", f"{c.slug} : dossier administratif", admin, cursor))
    groups = _split(c.deposited, rng.randint(2, 4)) if c.deposited else []
    for number, group in enumerate(groups, start=1):
        offset = cursor + rng.uniform(3, 30)
        commits = []
        for codes in _split(group, rng.randint(1, 3)):
            commits.append(_Draft(offset, f"{c.slug} : preuves ({', '.join(codes)})", codes))
            offset += rng.uniform(0.05, 2)
        cursor = commits[-1].offset + rng.uniform(1, 8)
        title = f"{c.slug} : dépôt de preuves ({', '.join(group)})"
        drafts.append((f"preuves-{number}", title, commits, cursor))
    room = max(0.0, SPAN.days - cursor - 14)
    origin = BEGIN.date() + dt.timedelta(days=7 + rng.uniform(0, room))
    charte = origin - dt.timedelta(days=rng.randint(1, 20))
    depot = charte + dt.timedelta(days=rng.randint(30, 120))
    author = Author(f"{c.editor.contact.prenom} {c.editor.contact.nom}", c.editor.contact.email)
    last = BEGIN

    def place(offset: float) -> dt.datetime:
        # Weekends move to Monday; the moments of one candidature never go backwards.
        nonlocal last
        day = origin + dt.timedelta(days=int(offset))
        last = max(working_time(day, int(offset % 1 * 660)), last + dt.timedelta(minutes=10))
        return last

    requests = []
    for label, title, commits, merged in drafts:
        steps = []
        for draft in commits:
            moment = place(draft.offset)
            make: Callable[[], Files]
            if draft.codes is not None:
                make = functools.partial(chapter_files, c, draft.codes, moment.date())
            elif draft.complement:
                make = functools.partial(candidature_file, c, charte, depot)
            else:
                make = functools.partial(dossier_files, c, charte, None)
            steps.append(Step(moment, draft.message, make))
        branch = f"depot/{c.editor.slug}/{c.slug}/{label}"
        requests.append(PullRequest(branch, title, author, tuple(steps), place(merged)))
    return requests + decision_requests(c, requests[-1].merged)


def decision_requests(c: Candidature, after: dt.datetime) -> list[PullRequest]:
    """The instruction's journal events of a decided candidature, after its last deposit.

    Extension point: the journal's event models (`segur.model.evenements`) are not in the
    package yet, and an event file that they would reject would make the generated repository
    fail `segur check`. Once they exist, return here one pull request per instruction step
    (verdict per chapter, editor's then ANS's signature, collège decision), built with them.
    """
    del c, after
    return []


def access_requests(
    candidatures: Sequence[Candidature], first_commits: dict[int, dt.datetime]
) -> list[PullRequest]:
    """One pull request per week that brings new editors: it grants each of them its folder
    the Friday before its first commit (`first_commits`: editor number -> that moment)."""
    editors: dict[int, Editor] = {c.editor.number: c.editor for c in candidatures}
    by_week: dict[dt.date, list[int]] = {}
    for number, moment in first_commits.items():
        monday = moment.date() - dt.timedelta(days=moment.weekday())
        by_week.setdefault(monday, []).append(number)
    requests: list[PullRequest] = []
    granted: set[int] = set()
    for monday in sorted(by_week):
        granted.update(by_week[monday])
        friday = monday - dt.timedelta(days=3)
        opened = dt.datetime.combine(friday, dt.time(16, 0), PARIS)
        included = [editors[n] for n in sorted(granted)]
        make = functools.partial(access_map_files, included)
        count = len(by_week[monday])
        message = f"Carte d'accès : {count} nouvel(s) éditeur(s) pour la semaine du {monday}"
        step = Step(opened, message, make)
        requests.append(
            PullRequest(
                f"acces/semaine-{monday}",
                message,
                ANS_ADMIN,
                (step,),
                opened + dt.timedelta(hours=1),
                ANS_ADMIN,
            )
        )
    return requests


def all_requests(candidatures: Sequence[Candidature]) -> list[PullRequest]:
    """Every pull request of the synthetic history: the candidatures' and the access map's."""
    requests: list[PullRequest] = []
    first: dict[int, dt.datetime] = {}
    for c in candidatures:
        mine = candidature_requests(c)
        moment = mine[0].steps[0].moment
        first[c.editor.number] = min(first.get(c.editor.number, moment), moment)
        requests.extend(mine)
    return access_requests(candidatures, first) + requests

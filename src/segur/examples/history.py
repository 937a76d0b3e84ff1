"""The demo repository: the example dossiers on `main` with a dated history (`segur exemples
--depot`).

The core derives every lifecycle from the files and from when they reached `main`; this module
gives the examples that history, as pull requests merged on the days of their fiction
(`segur.examples.journal`):
- the editor's pull request of the administrative dossier (with the empty manifests that
  `segur new` writes), merged on the day of the deposit;
- one pull request per day on which deposited chapters become complete;
- the INS test-day recording, uploaded by the editor the morning of the result;
- the journal events, one pull request per day and role, written by the role that owns the event
  type (`segur.model.journal.EVENT_OWNERS`): the instruction, the collège, the ANS direction,
  the publication bot, or the editor for its answers and its signature.

Editors' pull requests are merged by an instructor, the ANS roles merge their own. Identities are
those of the access map (`acces.yaml`) given with the base files. Every moment is pinned (Paris
time): the same input gives the same commits, hence the same commit IDs.
`segur.examples.synthetic.git_writer` writes the history with `git fast-import`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from segur.errors import DataError
from segur.examples.dossiers import DOSSIERS
from segur.examples.generator import Files, dossier_files, empty_chapter, expected_chapters
from segur.examples.journal import LIFECYCLES, RECORDING, ExampleChronology
from segur.examples.spec import ExampleDossier
from segur.examples.synthetic.story import Author, PullRequest, Step
from segur.lifecycle.calendar import PARIS
from segur.lifecycle.chronology import PROCEDURE_ORDER
from segur.model.access import ACCESS_FILE, Grant
from segur.model.journal import EVENT_OWNERS, JOURNAL_DIR, Role, parse_event_name
from segur.model.preuves import PREUVES_DIR, chapter_dirname
from segur.repository.access import parse_map
from segur.repository.catalogue import Catalogue
from segur.repository.paths import DOSSIERS_DIR

# What the demo repository takes from the tool checkout: the REM catalogue, the schemas the
# YAML files name, the access map (and the CODEOWNERS made from it), the workflows and the
# public site's configuration and pages. The checkout holds no dossier (its candidatures live in
# the editors' repositories); the examples' guide comes with the examples (`EXAMPLES_GUIDE`).
CHECKOUT_FILES = (
    ".gitattributes",
    ".gitignore",  # the site's build/ and public/ stay out of git
    ".github",
    ACCESS_FILE,
    "mkdocs.yml",
    "rem",
    "schemas",
    "site",
)
# `dossiers/README.md` of the demo repositories: what each example shows. The generated
# candidature.yaml files point to it.
EXAMPLES_GUIDE = Path(__file__).parent / "data" / "dossiers-README.md"
EXAMPLES_GUIDE_PATH = f"{DOSSIERS_DIR}/README.md"
# The ANS set the repository up a fortnight before the first example's deposit.
BASE_MOMENT = dt.datetime(2026, 8, 3, 9, 0, tzinfo=PARIS)
BASE_MESSAGE = "Dépôt de démonstration : catalogue REM, schémas, carte d'accès et site public"
README = """\
# Dépôt de démonstration du référencement Ségur sans financement (SONS)

Dépôt **fictif**, généré par `segur exemples --depot` : les dossiers d'exemple de
`dossiers/exemple-*` et un historique daté de `main` (dépôts des éditeurs, instruction, collège,
signatures, notifications), de août à décembre 2026. Éditeurs, personnes, dates et documents sont
inventés. L'état de chaque candidature (`segur status`), la file d'instruction (`segur queue`), les
échéances (`segur deadlines`) et l'ordre du jour du collège (`segur college agenda`) sont dérivés
des fichiers et des dates d'arrivée sur `main`, comme pour un dépôt réel ; par exemple
`segur --repo . status --today 2026-11-28`.
"""


class HistoryError(DataError, ValueError):
    """The fiction cannot be written as a history (a date or an identity is missing)."""


@dataclass(frozen=True, slots=True)
class Cast:
    """Who writes what: the access map's identities, by role."""

    ans: Mapping[Role, Author]
    editors: Mapping[str, Author]  # editor slug -> its first identity

    def editor(self, slug: str) -> Author:
        if slug not in self.editors:
            raise HistoryError(f"aucune identité « editeur:{slug} » dans {ACCESS_FILE}")
        return self.editors[slug]

    def role(self, role: Role, slug: str) -> Author:
        if role is Role.EDITEUR:
            return self.editor(slug)
        if role not in self.ans:
            raise HistoryError(f"aucune identité de rôle « {role.value} » dans {ACCESS_FILE}")
        return self.ans[role]


def cast_of(access_map: bytes) -> Cast:
    """The authors of the history, from the access map: its first identity of each ANS role,
    and of each editor."""
    carte = parse_map(access_map).carte
    if carte is None:
        raise HistoryError(f"{ACCESS_FILE} invalide : impossible de nommer les auteurs")

    def author(login: str) -> Author:
        identite = carte.identity(login)
        name = identite.nom if identite is not None and identite.nom else login
        return Author(name, f"{login}@forge.example.fr")

    ans: dict[Role, Author] = {}
    for role in Role:
        if role is not Role.EDITEUR and (logins := carte.logins_with(Grant(role))):
            ans[role] = author(logins[0])
    editors: dict[str, Author] = {}
    for identite in carte.identites.values():
        for grant in identite.grants:
            if grant.role is Role.EDITEUR and grant.slug and grant.slug not in editors:
                editors[grant.slug] = author(carte.logins_with(grant)[0])
    return Cast(ans, editors)


def _at(day: dt.date, hour: int, minutes: int = 0) -> dt.datetime:
    """`day` at `hour` plus `minutes`, Paris time (`minutes` may pass the hour)."""
    return dt.datetime.combine(day, dt.time(hour), PARIS) + dt.timedelta(minutes=minutes)


@dataclass(frozen=True, slots=True)
class _Parts:
    """The files of one example, sorted by the pull request that brings them."""

    admin: Files
    chapters: dict[str, Files]  # complete chapter -> its manifest and proofs
    events: dict[str, bytes]  # journal file name -> content
    recording: bytes | None


def _parts(example: ExampleDossier, catalogue: Catalogue) -> tuple[_Parts, Files]:
    rem = catalogue.get(example.data["dispositif"], example.data["version_rem"])
    if rem is None:
        raise HistoryError(
            f"REM {example.data['dispositif']} {example.data['version_rem']} absent du "
            f"catalogue : l'exemple {example.editeur}/{example.candidature} en dépend"
        )
    files = dossier_files(example, rem)
    chapters = expected_chapters(example, rem)
    by_dir = {chapter_dirname(c.code): c.code for c in chapters}
    admin: Files = {}
    for chapter in chapters:
        admin.update(empty_chapter(chapter))  # as `segur new` scaffolds the candidature
    deposited: dict[str, Files] = {}
    events: dict[str, bytes] = {}
    recording = None
    for path, data in files.items():
        parts = path.split("/")
        if parts[0] == JOURNAL_DIR:
            events[parts[1]] = data
        elif path == RECORDING:
            recording = data
        elif parts[0] == PREUVES_DIR and admin.get(path) != data:
            deposited.setdefault(by_dir[parts[1]], {})[path] = data
        elif parts[0] != PREUVES_DIR:
            admin[path] = data
    return _Parts(admin, deposited, events, recording), files


def _rank(name: str) -> int:
    parsed = parse_event_name(name)
    if parsed is None:
        raise HistoryError(f"nom d'événement non conforme : {name}")
    return PROCEDURE_ORDER.index(parsed.type)


def _prefixed(folder: str, files: Mapping[str, bytes]) -> Files:
    return {f"{folder}/{path}": data for path, data in files.items()}


def _static(files: Files) -> Files:
    # Bound now: a Step's `make` is called when the writer reaches it.
    return dict(files)


def _request(
    branch: str,
    title: str,
    author: Author,
    commits: Iterable[tuple[dt.datetime, str, Files]],
    merged: dt.datetime,
    merger: Author,
) -> PullRequest:
    steps = tuple(
        Step(moment, message, functools.partial(_static, files))
        for moment, message, files in commits
    )
    return PullRequest(branch, title, author, steps, merged, merger)


def dossier_requests(
    example: ExampleDossier, catalogue: Catalogue, cast: Cast, offset: int = 0
) -> tuple[list[PullRequest], Files]:
    """The pull requests of one example, and every file it ends with (relative to the
    repository). `offset` (minutes) keeps two examples' merges of one day apart."""
    folder = f"{DOSSIERS_DIR}/{example.editeur}/{example.candidature}"
    lifecycle = LIFECYCLES.get(folder)
    if lifecycle is None:
        raise HistoryError(f"{folder} : aucune chronologie dans segur.examples.journal")
    fiction: ExampleChronology = lifecycle.chronologie
    parts, files = _parts(example, catalogue)
    editor = cast.editor(example.editeur)
    instructor = cast.role(Role.INSTRUCTEUR, example.editeur)
    slug = f"{example.editeur}/{example.candidature}"
    requests: list[PullRequest] = []

    depot = _at(fiction.depot, 10, offset)
    requests.append(
        _request(
            f"depot/{slug}/administratif",
            f"{example.candidature} : dossier administratif",
            editor,
            [
                (
                    depot - dt.timedelta(days=3, hours=1),
                    f"{example.candidature} : dossier administratif, questionnaire SSI et "
                    "manifestes des chapitres (segur new)",
                    _prefixed(folder, parts.admin),
                )
            ],
            depot,
            instructor,
        )
    )
    by_day: dict[dt.date, list[str]] = {}
    for code in parts.chapters:
        day = fiction.chapitres.get(code, fiction.preuves)
        if day is None:
            raise HistoryError(f"{folder} : chapitre {code} déposé sans date de complétude")
        by_day.setdefault(day, []).append(code)
    for number, day in enumerate(sorted(by_day), start=1):
        merged = _at(day, 10, 30 + offset)
        codes = by_day[day]
        opened = max(merged - dt.timedelta(days=2), depot + dt.timedelta(minutes=30))
        commits = [
            (
                opened + dt.timedelta(minutes=5 * index),
                f"{example.candidature} : preuves du chapitre {code}",
                _prefixed(folder, parts.chapters[code]),
            )
            for index, code in enumerate(codes)
        ]
        requests.append(
            _request(
                f"depot/{slug}/preuves-{number}",
                f"{example.candidature} : dépôt de preuves ({', '.join(codes)})",
                editor,
                commits,
                merged,
                instructor,
            )
        )
    requests.extend(_event_requests(folder, slug, parts, cast, example.editeur, offset))
    return requests, _prefixed(folder, files)


def _event_requests(
    folder: str, slug: str, parts: _Parts, cast: Cast, editeur: str, offset: int
) -> list[PullRequest]:
    """One pull request per day and owning role, in the order of the procedure within a day."""
    groups: dict[tuple[dt.date, Role], list[str]] = {}
    for name in parts.events:
        parsed = parse_event_name(name)
        if parsed is None:
            raise HistoryError(f"{folder} : nom d'événement non conforme : {name}")
        key = (dt.date.fromisoformat(parsed.date), EVENT_OWNERS[parsed.type])
        groups.setdefault(key, []).append(name)
    ordered = sorted(groups, key=lambda k: (k[0], min(_rank(n) for n in groups[k])))
    requests: list[PullRequest] = []
    per_day: dict[dt.date, int] = {}
    instructor = cast.role(Role.INSTRUCTEUR, editeur)
    for day, role in ordered:
        names = sorted(groups[(day, role)], key=lambda n: (_rank(n), n))
        index = per_day.get(day, 0)
        per_day[day] = index + 1
        merged = _at(day, 11 + index, offset)
        author = cast.role(role, editeur)
        files = {f"{folder}/{JOURNAL_DIR}/{n}": parts.events[n] for n in names}
        commits: list[tuple[dt.datetime, str, Files]] = []
        if parts.recording is not None and any("-ins-resultat" in n for n in names):
            # The editor uploads the recording of the test day; the ANS records the result.
            recording = {f"{folder}/{RECORDING}": parts.recording}
            requests.append(
                _request(
                    f"depot/{slug}/enregistrement-ins",
                    f"{slug} : enregistrement de la journée de test INS",
                    cast.editor(editeur),
                    [(_at(day, 9, offset), "Enregistrement de la journée de test INS", recording)],
                    _at(day, 9, 30 + offset),
                    instructor,
                )
            )
        kinds = ", ".join(dict.fromkeys(n[11:].removesuffix(".yaml") for n in names))
        commits.append((merged - dt.timedelta(minutes=20), f"{slug} : {kinds}", files))
        merger = instructor if role is Role.EDITEUR else author
        requests.append(
            _request(
                f"journal/{slug}/{day.isoformat()}-{role.value}",
                f"{slug} : {kinds} du {day.strftime('%d/%m/%Y')}",
                author,
                commits,
                merged,
                merger,
            )
        )
    return requests


@dataclass(frozen=True, slots=True)
class DemoHistory:
    base: Files
    base_moment: dt.datetime
    base_author: Author
    requests: list[PullRequest]
    tree: Files  # every file of main's last commit


def demo_history(catalogue: Catalogue, checkout: Files) -> DemoHistory:
    """The base commit (`checkout`: the files taken from the tool checkout, see
    `CHECKOUT_FILES`, and a README) and every example's pull requests."""
    base = {
        **checkout,
        "README.md": README.encode("utf-8"),
        EXAMPLES_GUIDE_PATH: EXAMPLES_GUIDE.read_bytes(),
    }
    if ACCESS_FILE not in base:
        raise HistoryError(f"{ACCESS_FILE} absent : impossible de nommer les auteurs")
    cast = cast_of(base[ACCESS_FILE])
    requests: list[PullRequest] = []
    tree = dict(base)
    for index, example in enumerate(DOSSIERS):
        mine, files = dossier_requests(example, catalogue, cast, offset=3 * index)
        requests.extend(mine)
        tree.update(files)
    admin = cast.role(Role.ADMIN, "")
    return DemoHistory(base, BASE_MOMENT, admin, requests, dict(sorted(tree.items())))


def checkout_files(root: Path, names: Iterable[str] = CHECKOUT_FILES) -> Files:
    """The files and folders `names` under `root` (the tool checkout), by POSIX path."""
    files: Files = {}
    for name in names:
        path = root / name
        if path.is_file():
            files[name] = path.read_bytes()
        elif path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file() and "__pycache__" not in item.parts:
                    files[item.relative_to(root).as_posix()] = item.read_bytes()
    return files

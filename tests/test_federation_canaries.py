"""Confidentiality between editors, end to end (§3.7): a canary planted in every confidential
field of every editor's dossier repository — contacts, messages, verdict comments, refusal
reasons, audit findings — is found in none of the central repository, the output of the
commands the central and public workflows print to their logs, and the public site; and an
editor's repository holds nothing of another editor."""

from __future__ import annotations

import dataclasses
import itertools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from demo_support import ROOT, history
from gitrepo import GitRepo, isolated_env
from segur.examples.history import BASE_MESSAGE
from segur.examples.synthetic.git_writer import build_repository
from segur.examples.synthetic.story import PullRequest, Step

CENTRAL_FILES = (
    ".gitattributes",
    ".gitignore",
    ".github",
    "acces.yaml",
    "mkdocs.yml",
    "rem",
    "site",
)
# Free-text fields of the journal events: never published, never in a log.
# (`qualite` of a signature is an enumerated value, not free text.)
EVENT_TEXTS = {"message", "commentaire", "fonction"}
EVENT_LISTS = {"motifs", "constats"}
PERSONS = ("representant_legal", "contact_referencement")


def _letters(number: int) -> str:
    # Names refuse digits: the canary's serial number is spelled in letters.
    text = ""
    for _ in range(4):
        number, rest = divmod(number, 26)
        text += chr(ord("a") + rest)
    return text


class Canaries:
    """Unique, recognisable values, each remembered with the editor it was planted for."""

    def __init__(self) -> None:
        self.serial = itertools.count()
        self.planted: dict[str, str] = {}  # canary -> editor slug
        self.variants: dict[str, str] = {}  # other spellings, looked for in the leaks only

    def everywhere(self) -> dict[str, str]:
        return {**self.planted, **self.variants}

    def word(self, editor: str) -> str:
        canary = f"Kanari{_letters(next(self.serial))}"
        self.planted[canary] = editor
        return canary

    def email(self, editor: str) -> str:
        canary = f"kanari{_letters(next(self.serial))}@exemple.example.fr"
        self.planted[canary] = editor
        return canary

    def phone(self, editor: str) -> str:
        # 01 99 00 xx xx: a range kept for fiction, like the examples' own numbers.
        serial = next(self.serial)
        canary = f"01 99 00 {90 + serial // 100 % 10} {serial % 100:02d}"
        self.planted[canary] = editor
        # Written without spaces by whatever would leak it (a tel: link, a normalised field).
        self.variants[canary.replace(" ", "")] = editor
        return canary


def _plant(data: Any, editor: str, canaries: Canaries, event: bool) -> Any:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key in PERSONS and isinstance(value, dict):
                value = {
                    **value,
                    "email": canaries.email(editor),
                    "telephone": canaries.phone(editor),
                }
                # The legal representative's name is the charter signatory's: a canary there
                # would make the dossier invalid, hence unpublished, and prove nothing.
                if key == "contact_referencement":
                    value["prenom"] = f"{value['prenom']} {canaries.word(editor)}"
                    value["nom"] = f"{value['nom']} {canaries.word(editor)}"
            elif event and key in EVENT_TEXTS and isinstance(value, str):
                value = f"{value} {canaries.word(editor)}"
            elif event and key in EVENT_LISTS and isinstance(value, list):
                value = [f"{item} {canaries.word(editor)}" for item in value]
            elif event and key == "commentaires" and isinstance(value, dict):
                value = {k: f"{v} {canaries.word(editor)}" for k, v in value.items()}
            else:
                value = _plant(value, editor, canaries, event)
            out[key] = value
        return out
    if isinstance(data, list):
        return [_plant(item, editor, canaries, event) for item in data]
    return data


def _with_canaries(path: str, content: bytes, editor: str, canaries: Canaries) -> bytes:
    event = "/journal/" in path
    if not path.endswith(".yaml") or not (event or path.endswith("/candidature.yaml")):
        return content
    text = content.decode("utf-8")
    header = "".join(itertools.takewhile(lambda line: line.startswith("#"), text.splitlines(True)))
    data = yaml.safe_load(text)
    planted = _plant(data, editor, canaries, event)
    return (header + yaml.safe_dump(planted, allow_unicode=True, sort_keys=False)).encode()


def _editor(request: PullRequest) -> str:
    return request.branch.split("/")[1]


def _planted(request: PullRequest, canaries: Canaries) -> PullRequest:
    editor = _editor(request)

    def step(original: Step) -> Step:
        def make() -> dict[str, bytes]:
            files = original.make()
            return {p: _with_canaries(p, c, editor, canaries) for p, c in files.items()}

        return dataclasses.replace(original, make=make)

    return dataclasses.replace(request, steps=tuple(step(s) for s in request.steps))


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, check=True, env=isolated_env()
    )
    return done.stdout.decode("utf-8", errors="replace")


def _everything_in(root: Path) -> str:
    """Every byte a reader of this repository can see: its files and its whole history."""
    files = "".join(
        p.read_bytes().decode("utf-8", errors="replace")
        for p in root.rglob("*")
        if p.is_file() and ".git" not in p.relative_to(root).parts
    )
    return files + _git(root, "log", "--all", "-p", "--format=%an %ae %s%n%b")


@dataclasses.dataclass
class World:
    central: Path
    editors: dict[str, Path]
    cache: Path
    site: Path
    logs: str
    canaries: Canaries


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    base = tmp_path_factory.mktemp("canaris")
    demo = history()
    canaries = Canaries()
    slugs = sorted({_editor(r) for r in demo.requests})
    forge = base / "forge"
    registry = "organisation: ans-segur\ndepot_central: ans-segur/segur\ndepots:\n" + "".join(
        f"  {slug}:\n    url: file://{forge / f'{slug}.git'}\n" for slug in slugs
    )
    central = GitRepo.create(base / "central")
    for name in CENTRAL_FILES:
        source = ROOT / name
        if source.is_dir():
            central.copy_tree(source, name)
        else:
            central.write({name: source.read_bytes()})
    central_sha = central.commit("Dépôt central", {"depots.yaml": registry}, date="2026-08-03")
    editors: dict[str, Path] = {}
    for slug in slugs:
        mine = [_planted(r, canaries) for r in demo.requests if _editor(r) == slug]
        depot = (
            f"editeur: {slug}\ncentral:\n  url: https://github.com/ans-segur/segur.git\n"
            f"  revision: {central_sha}\n"
        )
        work = base / "editeurs" / slug
        build_repository(
            work,
            {"depot.yaml": depot.encode()},
            demo.base_moment,
            mine,
            demo.base_author,
            BASE_MESSAGE,
        )
        _git(work.parent, "clone", "-q", "--bare", str(work), str(forge / f"{slug}.git"))
        editors[slug] = work
    cache, site = base / "miroirs", base / "public"
    logs = []
    # What the central repository's public workflows run (publication.yml), and print.
    for argv in (
        ["--repo", str(central.root), "check"],
        ["--repo", str(central.root), "depots", "liste"],
        ["--repo", str(central.root), "depots", "miroir", "--cache", str(cache)],
        ["--repo", str(central.root), "--miroirs", str(cache), "site", "build", "--out", str(site)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "segur", *argv],
            capture_output=True,
            text=True,
            env=isolated_env(),
            check=False,
        )
        assert done.returncode == 0, (argv, done.stdout, done.stderr)
        logs.append(done.stdout + done.stderr)
    yield World(central.root, editors, cache, site, "\n".join(logs), canaries)


def test_the_canaries_are_really_in_the_editors_repositories(world: World) -> None:
    by_editor: dict[str, set[str]] = {}
    for canary, editor in world.canaries.planted.items():
        by_editor.setdefault(editor, set()).add(canary)
    assert set(by_editor) == set(world.editors)
    for editor, canaries in by_editor.items():
        seen = _everything_in(world.editors[editor])
        missing = {c for c in canaries if c not in seen}
        assert not missing, (editor, sorted(missing)[:5])
    # Every kind of field got some: contacts and the instruction's free texts.
    assert len(world.canaries.planted) > 100


def test_the_public_site_still_publishes_the_same_data(world: World) -> None:
    """The canaries did not make the dossiers unpublishable: the site is not empty."""
    solutions = world.site / "solutions"
    assert solutions.is_dir() and any(solutions.iterdir())
    built = next(line for line in world.logs.splitlines() if line.startswith("Site construit"))
    assert "2 solutions référencées" in built, built


@pytest.mark.parametrize("place", ["dépôt central", "journaux des workflows", "site public"])
def test_no_canary_leaks(world: World, place: str) -> None:
    if place == "dépôt central":
        seen = _everything_in(world.central)
    elif place == "journaux des workflows":
        seen = world.logs
    else:
        seen = "".join(
            p.read_bytes().decode("utf-8", errors="replace")
            for p in world.site.rglob("*")
            if p.is_file()
        )
    leaked = sorted(c for c in world.canaries.everywhere() if c in seen)
    assert leaked == [], f"{place} : {leaked[:5]}"


def test_an_editors_repository_holds_nothing_of_another_editor(world: World) -> None:
    for editor, root in world.editors.items():
        seen = _everything_in(root)
        foreign = sorted(
            c for c, owner in world.canaries.everywhere().items() if owner != editor and c in seen
        )
        assert foreign == [], (editor, foreign[:5])
        paths = _git(root, "log", "--all", "--name-only", "--format=")
        others = {p.split("/")[1] for p in paths.split() if p.startswith("dossiers/")}
        assert others <= {editor}, (editor, others)

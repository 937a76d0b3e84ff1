"""The one builder of real temporary git repositories for the tests, with pinned identities and
dates. Tests get it from the fixtures of `conftest.py` (`git_repo`, `new_repo`); module-scoped
fixtures call `GitRepo.create` on a folder of `tmp_path_factory`.

    repo = GitRepo.create(tmp_path / "depot")
    repo.commit("dépôt initial", {"acces.yaml": "...", "dossiers/a/b/candidature.yaml": "..."})
    repo.branch("depot-a")                       # create and switch
    repo.commit("preuves INS", {"dossiers/a/b/preuves/INS/x.pdf": b"%PDF"}, date="2026-02-02")
    repo.checkout("main")
    merge = repo.merge("depot-a", date="2026-02-03T10:00:00+01:00")   # always --no-ff

Every commit gets a date: the one given (a date alone means 09:00 Paris time) or the previous
date plus one hour, so that histories are deterministic and ordered. Every git command runs with
the current date as GIT_AUTHOR_DATE and GIT_COMMITTER_DATE, so even a commit made through
`repo.git(...)` is pinned. Git runs with no system or global configuration, so that nothing on
the machine (identity, signing, hooks, templates, LFS filters) leaks in, and a fresh machine
needs none: the identity is set in each repository.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

PARIS = dt.timezone(dt.timedelta(hours=1))  # fixed offset: the tests need no DST rules
START = dt.datetime(2026, 1, 5, 9, 0, tzinfo=PARIS)
AUTHOR = ("Testeur Ségur", "testeur@example.invalid")

Content = str | bytes | None  # None deletes the file
When = str | dt.date | dt.datetime


def _as_datetime(value: When) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(9, 0), PARIS)
    return value if value.tzinfo else value.replace(tzinfo=PARIS)


def isolated_env() -> dict[str, str]:
    """The environment of every git command: the caller's, without any GIT_* variable (a test
    run from a git hook inherits GIT_DIR or GIT_INDEX_FILE) and without the machine's config."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_TERMINAL_PROMPT": "0",
    }


@dataclass
class GitRepo:
    root: Path
    clock: dt.datetime = START
    env: dict[str, str] = field(default_factory=isolated_env)

    @classmethod
    def create(cls, root: Path, branch: str = "main") -> GitRepo:
        """A new empty repository in `root` (created if needed), on branch `branch`."""
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        repo.git("init", "-q", "-b", branch)
        repo._configure()
        return repo

    @classmethod
    def open(cls, root: Path) -> GitRepo:
        """An existing repository, made by the code under test, read with the same isolation."""
        return cls(root)

    def _configure(self) -> None:
        self.git("config", "user.name", AUTHOR[0])
        self.git("config", "user.email", AUTHOR[1])
        self.git("config", "commit.gpgsign", "false")
        self.git("config", "tag.gpgsign", "false")
        self.git("config", "core.autocrlf", "false")

    def git(self, *args: str, date: dt.datetime | None = None) -> str:
        """Run `git args` in the repository; its output, stripped. A failure fails the test."""
        stamp = (date or self.clock).isoformat()
        env = {**self.env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} a échoué :\n{done.stderr}")
        return done.stdout.strip()

    def _tick(self, date: When | None) -> dt.datetime:
        self.clock = _as_datetime(date) if date is not None else self.clock + dt.timedelta(hours=1)
        return self.clock

    def write(self, files: Mapping[str, Content]) -> None:
        """Write (or delete, for None) files in the work tree, without committing."""
        for name, content in files.items():
            path = self.root / name
            if content is None:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")

    def copy_tree(self, source: Path, target: str = "") -> None:
        """Copy a folder into the work tree (for example the embedded REM), without committing."""
        shutil.copytree(source, self.root / target, dirs_exist_ok=True)

    def commit(
        self,
        message: str,
        files: Mapping[str, Content] | None = None,
        date: When | None = None,
    ) -> str:
        """Write `files`, stage everything and commit; returns the new commit's SHA."""
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=self._tick(date))
        return self.head()

    def branch(self, name: str, start: str | None = None) -> None:
        """Create branch `name` (from `start`, default the current commit) and switch to it."""
        self.git("checkout", "-q", "-b", name, *([start] if start else []))

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(
        self,
        branch: str,
        into: str = "main",
        date: When | None = None,
        message: str | None = None,
    ) -> str:
        """Merge `branch` into `into` with a merge commit (`--no-ff`), as a merged pull request."""
        self.checkout(into)
        message = message or f"Fusion de {branch}"
        self.git("merge", "-q", "--no-ff", "-m", message, branch, date=self._tick(date))
        return self.head()

    def head(self, rev: str = "HEAD") -> str:
        return self.git("rev-parse", rev)

    def count(self, *args: str) -> int:
        """`git rev-list --count args`: the number of commits."""
        return int(self.git("rev-list", "--count", *args))

    def clone(
        self,
        target: Path,
        *args: str,
        config: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> GitRepo:
        """A clone of this repository (for example `--depth 1` for a shallow one). `config` holds
        `git -c` options of the clone command only, `env` extra variables for it and the clone."""
        target.parent.mkdir(parents=True, exist_ok=True)
        other = GitRepo(target.parent, self.clock, {**self.env, **(env or {})})
        options = [f"{key}={value}" for key, value in (config or {}).items()]
        other.git(
            *[arg for option in options for arg in ("-c", option)],
            "clone",
            "-q",
            *args,
            f"file://{self.root}",
            str(target),
        )
        other.root = target
        other._configure()
        return other


class NewRepo(Protocol):
    """The `new_repo` fixture: a new empty repository in the test's temporary folder."""

    def __call__(self, name: str = "depot", branch: str = "main") -> GitRepo: ...

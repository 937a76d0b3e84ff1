"""Helpers of the walkthrough test (`test_walkthrough.py`): the real command line run in process,
an editor filling in the forms that `segur new` wrote, and commits made with a role's identity.

Filling a form is the one thing the walkthrough does without a command: `candidature.yaml` and
`questionnaire-ssi.yaml` are forms to complete, field by field, as their comments ask. The
helpers write each answer on the line of its field, in the order of the form, and keep every
comment: what an editor does in an editor, never a YAML file written from scratch.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from gitrepo import GitRepo
from segur.cli import main

POSSIBLE = re.compile(r"#\s*Réponses possibles : ([^,\n]+)")


def segur(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str, stdin: str | None = None
) -> tuple[int, str, str]:
    """Run the real command line in process; returns (exit code, stdout, stderr)."""
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        if stdin is not None:
            patch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--repo", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def errors(capsys: pytest.CaptureFixture[str], root: Path, today: str) -> list[str]:
    """The errors of `segur check` on the whole repository, as `RULE path: message` lines; the
    exit code agrees with them."""
    code, out, err = segur(capsys, root, "check", "--format", "json", "--today", today)
    findings: list[dict[str, Any]] = json.loads(out)
    found = [
        f"{f['rule']} {f['path']}: {f['message']}" for f in findings if f["severity"] == "error"
    ]
    assert code == (1 if found else 0), err
    return found


def fill_in(path: Path, answers: Sequence[tuple[str, str]]) -> None:
    """Answer the fields of the form `path` in order: each (field, value) goes on the next line
    that holds `field:` (or a bare list item for the field "-"), its comment kept."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = 0
    for field, value in answers:
        if field == "-":
            pattern = re.compile(r"^(\s*-)[ \t]*()$")
        else:
            key = re.escape(field)
            pattern = re.compile(rf"^(\s*(?:- )?{key}:)[ \t]*(?:\"[^\"]*\"|[^#\s]*)([ \t]*#.*)?$")
        while not pattern.match(lines[at]):
            at += 1  # an IndexError here means the form has no such field any more
        found = pattern.match(lines[at])
        assert found is not None
        comment = f"  {found.group(2).strip()}" if found.group(2) else ""
        lines[at] = f"{found.group(1)} {value}{comment}"
        at += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def answer_questionnaire(path: Path) -> int:
    """Answer each question of the SSI questionnaire with the first answer its comment offers;
    the number of questions answered."""
    lines = path.read_text(encoding="utf-8").splitlines()
    offered = ""
    answered = 0
    for n, line in enumerate(lines):
        possible = POSSIBLE.search(line)
        if possible:
            offered = possible.group(1).strip()
        elif offered and re.fullmatch(r"\s+[a-z0-9-]+:\s*", line):
            lines[n] = f"{line.rstrip()} {offered}"
            offered = ""
            answered += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return answered


def commit_as(repo: GitRepo, login: str, message: str, when: dt.datetime) -> str:
    """Stage everything and commit with the forge identity `login` (author and committer), at
    the pinned time `when`; returns the commit's SHA."""
    repo.clock = when
    identity = ("-c", f"user.name={login}", "-c", f"user.email={login}@example.invalid")
    repo.git("add", "-A")
    repo.git(*identity, "commit", "-q", "-m", message)
    return repo.head()


def working_days_after(day: dt.date, count: int) -> dt.date:
    """`count` jours ouvrés after `day`, for a period without public holidays (weekends only)."""
    while count:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day

"""What the instruction has already decided, read from the journal of the working tree.

Only the chapter named by each `verdict` event is needed here (to take it out of the FIFO
queue); the full event models belong to the lifecycle.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from segur.journal import JOURNAL_DIR, parse_event_name
from segur.load import load_file
from segur.repository import Repository


class _Verdict(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    chapitre: str


def instructed_chapters(repo: Repository) -> set[tuple[str, str]]:
    """(dossier, chapitre) pairs that already have a verdict."""
    done: set[tuple[str, str]] = set()
    for folder in repo.dossiers():
        journal = folder / JOURNAL_DIR
        if not journal.is_dir():
            continue
        for file in sorted(journal.glob("*.yaml")):
            name = parse_event_name(file.name)
            if name is None or name.type != "verdict":
                continue
            loaded = load_file(file, repo.display(file))
            if loaded.document is None:
                continue
            try:
                verdict = _Verdict.model_validate(loaded.document.data)
            except ValueError:
                continue
            done.add((repo.display(folder), verdict.chapitre))
    return done

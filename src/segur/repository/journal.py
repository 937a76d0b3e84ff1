"""The journal of one candidature, loaded: every event file named, parsed and validated.

Only the file name is trusted for the type (access control decided on it) and it alone gives
the date; the content is validated against the model of the type the name says. A file whose
content claims another type is reported (SEG-CYC-002) and left out, so that no rule ever acts on
an event whose owner was not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from segur.findings import registry
from segur.findings.finding import Finding
from segur.findings.registry import Rule
from segur.load.composer import Loc
from segur.load.document import Document, load_file
from segur.load.validation import validate
from segur.model.base import Model
from segur.model.evenements import EVENT_MODELS
from segur.model.journal import EVENT_OWNERS, JOURNAL_DIR, Role, parse_event_name
from segur.repository.paths import Repository


@dataclass(frozen=True, slots=True)
class JournalEvent:
    """One journal file. `event` is None when the content is invalid (its findings say why)."""

    name: str  # file name, e.g. 2026-11-24-sollicitation.yaml
    path: str  # as displayed in findings
    date: dt.date  # from the file name: the date of the act
    type: str
    document: Document | None
    event: Model | None

    @property
    def owner(self) -> Role:
        return EVENT_OWNERS[self.type]

    def position(self, *loc: str | int) -> tuple[int, int]:
        if self.document is None or not loc:
            return 1, 1
        pos = self.document.key_at(loc)
        return pos.line, pos.col

    def finding(self, rule: Rule, loc: Loc = (), **values: object) -> Finding:
        line, col = self.position(*loc)
        return rule.at(self.path, line, col, **values)


@dataclass(frozen=True, slots=True)
class Journal:
    events: tuple[JournalEvent, ...]  # every well-named file, by name (hence by date)
    findings: tuple[Finding, ...]

    def valid(self) -> Iterator[JournalEvent]:
        return (e for e in self.events if e.event is not None)

    def get(self, name: str) -> JournalEvent | None:
        return next((e for e in self.events if e.name == name), None)


def _types() -> str:
    return ", ".join(sorted(EVENT_OWNERS))


def load_journal(folder: Path, repo: Repository) -> Journal:
    """Every event of `folder/journal/`, validated; an absent journal is an empty one."""
    root = folder / JOURNAL_DIR
    if not root.is_dir() or root.is_symlink():
        return Journal((), ())
    events: list[JournalEvent] = []
    findings: list[Finding] = []
    for path in sorted(root.iterdir()):
        shown = repo.display(path)
        event, problems = _load_one(path, shown)
        findings.extend(problems)
        if event is not None:
            events.append(event)
    return Journal(tuple(events), tuple(findings))


def _load_one(path: Path, shown: str) -> tuple[JournalEvent | None, list[Finding]]:
    parsed = parse_event_name(path.name)
    if path.is_symlink() or not path.is_file():
        reason = "lien symbolique ou dossier dans le journal"
        return None, [registry.get("SEG-CYC-001").at(shown, 1, 1, reason=reason, types=_types())]
    if parsed is None:
        reason = f"nom « {path.name} » non conforme"
        return None, [registry.get("SEG-CYC-001").at(shown, 1, 1, reason=reason, types=_types())]
    try:
        date = dt.date.fromisoformat(parsed.date)
    except ValueError:
        reason = f"date « {parsed.date} » inexistante"
        return None, [registry.get("SEG-CYC-001").at(shown, 1, 1, reason=reason, types=_types())]
    loaded = load_file(path, shown)
    findings = list(loaded.findings)
    doc = loaded.document
    event: Model | None = None
    if doc is not None:
        found = doc.data.get("type") if isinstance(doc.data, dict) else None
        if found != parsed.type:
            shown_type = f"« {found} »" if isinstance(found, str) else "absent"
            pos = doc.key_at(("type",)) if found is not None else doc.at(())
            findings.append(
                registry.get("SEG-CYC-002").at(
                    shown, pos.line, pos.col, found=shown_type, expected=parsed.type
                )
            )
        else:
            event, errors = validate(doc, EVENT_MODELS[parsed.type])
            findings.extend(errors)
    return JournalEvent(path.name, shown, date, parsed.type, doc, event), findings

"""One act of the instruction, written as one journal event, checked before it exists.

`segur instruction <acte>` builds an `Act` (its type, date, optional suffix and content; the
content of each kind is prepared by `segur.authoring.journal_acts_content`). Here the act is
named (`<AAAA-MM-JJ>-<type>[-<suffixe>].yaml`), rendered in the house style (schema comment
line, `yaml.safe_dump`: an editor's text may contain anything), then judged as `segur check`
would judge it once merged: its own validation, and the lifecycle of the candidature replayed
with the event added in memory (`analyse_folder(journal=...)`). Any error it causes refuses it;
only then is the file written, and never over an existing one (a merged event is never
modified). Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from segur.errors import DataError, UsageError
from segur.findings.finding import Finding
from segur.lifecycle.analysis import analyse_folder, load_timeline
from segur.load.document import parse
from segur.load.validation import validate
from segur.model.evenements import EVENT_MODELS
from segur.model.journal import EVENT_OWNERS, JOURNAL_DIR, parse_event_name
from segur.publication.report import text_line
from segur.repository.atomic import real_folder_inside
from segur.repository.catalogue import Catalogue
from segur.repository.journal import Journal, JournalEvent, load_journal
from segur.repository.paths import EVENT_SCHEMA, Repository, schema_comment

# Findings quoted in a refusal: enough to act on, never a wall of text.
_SHOWN_FINDINGS = 20


@dataclass(frozen=True, slots=True)
class Act:
    """One journal event to write: `data` is its content without `type`."""

    type: str
    date: dt.date
    data: dict[str, Any] = field(default_factory=dict)
    suffix: str | None = None

    @property
    def name(self) -> str:
        suffix = f"-{self.suffix}" if self.suffix else ""
        return f"{self.date.isoformat()}-{self.type}{suffix}.yaml"


@dataclass(frozen=True, slots=True)
class CheckedAct:
    """An act that passed every check: its file, its text, the warnings it leaves."""

    path: Path
    shown: str  # as in findings: relative to the repository
    content: bytes
    warnings: tuple[Finding, ...]


def render(act: Act, depth: int) -> bytes:
    """The event file's text: the schema line (for editors' tooltips), then the YAML."""
    body = yaml.safe_dump(
        {"type": act.type, **act.data}, allow_unicode=True, sort_keys=False, width=96
    )
    return (schema_comment(depth, EVENT_SCHEMA) + body).encode("utf-8")


def _listing(findings: list[Finding]) -> str:
    lines = [f"  {text_line(f)}" for f in findings[:_SHOWN_FINDINGS]]
    if len(findings) > _SHOWN_FINDINGS:
        lines.append(f"  … et {len(findings) - _SHOWN_FINDINGS} autre(s)")
    return "\n".join(lines)


def _check_name(act: Act, path: Path, shown: str) -> None:
    parsed = parse_event_name(act.name)
    if act.type not in EVENT_OWNERS or parsed is None or parsed.type != act.type:
        raise UsageError(
            f"nom d'événement impossible : « {act.name} » (suffixe : lettres minuscules, "
            "chiffres et tirets)"
        )
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{shown} existe déjà : un événement du journal n'est jamais modifié ; pour un "
            "second acte du même type le même jour, donnez un autre suffixe (--suffixe)"
        )


def _in_memory(act: Act, path: Path, shown: str, depth: int) -> tuple[JournalEvent, bytes]:
    """The event as `segur.repository.journal` would load it from the file, without the file."""
    content = render(act, depth)
    loaded = parse(content, shown)
    errors = list(loaded.findings)
    model = None
    if loaded.document is not None:
        model, problems = validate(loaded.document, EVENT_MODELS[act.type])
        errors.extend(problems)
        # What is read back must be what was meant: no YAML surprise on any editor string.
        if model is not None and loaded.document.data != {"type": act.type, **act.data}:
            raise DataError(f"{shown} : le contenu relu diffère du contenu voulu, rien n'est écrit")
    if errors or loaded.document is None or model is None:
        raise UsageError(
            f"événement invalide, rien n'a été écrit :\n{_listing(sorted(set(errors)))}"
        )
    event = JournalEvent(path.name, shown, act.date, act.type, loaded.document, model)
    return event, content


def check_act(
    repo: Repository, catalogue: Catalogue, folder: Path, act: Act, today: dt.date
) -> CheckedAct:
    """The act judged as `segur check` will judge it on main; a French error when it would
    add an error finding (or is dated after `today`)."""
    if act.date > today:
        raise UsageError(
            f"date du {act.date.isoformat()} dans le futur (aujourd'hui : {today.isoformat()}) : "
            "un acte n'est enregistré qu'une fois accompli"
        )
    path = folder / JOURNAL_DIR / act.name
    shown = repo.display(path)
    if not real_folder_inside(repo.root, path.parent):
        raise UsageError(
            f"{repo.display(path.parent)} n'est pas un vrai dossier du dépôt (lien symbolique ou "
            "fichier sur le chemin) : rien n'est écrit hors du dossier de candidature"
        )
    _check_name(act, path, shown)
    depth = len(path.relative_to(repo.root).parts) - 1
    event, content = _in_memory(act, path, shown, depth)
    current = load_journal(folder, repo)
    timeline = load_timeline(repo, catalogue, [repo.display(folder)])
    before = analyse_folder(folder, repo, catalogue, today, timeline)
    events = tuple(sorted([*current.events, event], key=lambda e: e.name))
    with_act = Journal(events, current.findings)
    after = analyse_folder(folder, repo, catalogue, today, timeline, journal=with_act)
    known = set(before.findings)
    added = [f for f in after.findings if f not in known]
    errors = [f for f in added if f.is_error]
    if errors:
        raise DataError(
            f"{shown} refusé, rien n'a été écrit : l'acte contredit le cycle de vie de la "
            f"candidature\n{_listing(errors)}"
        )
    return CheckedAct(path, shown, content, tuple(f for f in added if not f.is_error))


def write_act(checked: CheckedAct) -> Path:
    """Write the checked event: whole (temporary file, then a hard link that never replaces an
    existing file) or not at all."""
    target = checked.path
    target.parent.mkdir(exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(checked.content)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise UsageError(
                f"{checked.shown} existe déjà : un événement du journal n'est jamais modifié"
            ) from None
    finally:
        Path(temporary).unlink()
    return target

"""Frozen candidatures in `segur check` (SEG-CYC-028): once the collège has decided, what it
decided on does not change.

§3.5.1: the version is referenced "en l'état"; a new version is a new candidature. From the
arrival on main of the first `decision-college` of a candidature, its proofs, its manifests and
the fields of its candidature.yaml are frozen, whoever changes them; only the contact data
(`CONTACT_FIELDS`, the same as for `segur acl check`) may still change. Two sources:
- the history of main, replayed once (`DossierTimeline.apres_decision`): every change of a
  frozen file after the decision, with its new content;
- the work tree against HEAD (a pull request's checkout, or changes not committed yet), read
  with one `git diff` for the run, only when a candidature of the run is decided.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from segur.check.acl_decision import MODIFIED, REMOVED, touches, without_contacts
from segur.findings.finding import Finding, has_errors
from segur.lifecycle.progress import fr
from segur.lifecycle.timeline import DossierTimeline
from segur.load.document import parse
from segur.load.git_history import BlobReader, Change
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.journal import parse_event_name
from segur.model.preuves import PREUVES_DIR
from segur.rules.cycle import FROZEN_CANDIDATURE

Reader = Callable[[str], bytes | None]


def decided_fields(raw: bytes | None, path: str) -> dict[str, Any] | None:
    """What the collège decided on in a candidature.yaml: every field but the contact data;
    None when the file is absent or does not read as a mapping (then it is not the same)."""
    if raw is None:
        return None
    loaded = parse(raw, path)
    document = loaded.document
    if document is None or has_errors(loaded.findings) or not isinstance(document.data, dict):
        return None
    data: dict[str, Any] = document.data
    return without_contacts(data)


def frozen(inner: str) -> bool:
    """Whether a path of a candidature folder is frozen by the decision."""
    return inner == CANDIDATURE_FILE or inner.startswith(f"{PREUVES_DIR}/")


def decided_on(line: DossierTimeline | None) -> str | None:
    """The day (JJ/MM/AAAA) of the decision that froze the candidature, or None."""
    if line is None or line.decidee is None or line.decision is None:
        return None
    name = parse_event_name(line.decision)
    return fr(line.decidee.moment.date()) if name is None else _day(name.date)


def _day(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def history_findings(folder: str, line: DossierTimeline, reader: BlobReader) -> list[Finding]:
    """The changes of frozen files on main after the decision, one finding per file."""
    decided = decided_on(line)
    if decided is None:
        return []
    found: dict[str, Finding] = {}
    before = line.candidature_decidee
    path = f"{folder}/{CANDIDATURE_FILE}"
    decided_data = decided_fields(_blob(reader, before), path)
    for change in line.apres_decision:
        shown = f"{folder}/{change.path}"
        contact_only = (
            change.path == CANDIDATURE_FILE
            and change.blob is not None
            and decided_data is not None
            and decided_data == decided_fields(_blob(reader, change.blob), path)
        )
        if contact_only:
            continue
        how = REMOVED if change.blob is None else MODIFIED
        found[shown] = FROZEN_CANDIDATURE.at(shown, 1, 1, file=shown, how=how, decided=decided)
    return list(found.values())


def _blob(reader: BlobReader, blob: str | None) -> bytes | None:
    return None if blob is None else reader.read_blob(blob)


def work_tree_findings(
    root: Path,
    folder: str,
    decided: str,
    changes: list[Change],
    at_head: Reader,
) -> list[Finding]:
    """The frozen files of `folder` that the work tree changes against HEAD (`changes`, paths
    relative to the repository root); `at_head` reads a path's content at HEAD."""
    prefix = f"{folder}/"
    findings: list[Finding] = []
    for change in changes:
        for path, how in touches(change):
            if not path.startswith(prefix) or not frozen(path[len(prefix) :]):
                continue
            if path == f"{folder}/{CANDIDATURE_FILE}" and how == MODIFIED:
                current = root / path
                now = current.read_bytes() if current.is_file() else None
                then = decided_fields(at_head(path), path)
                if then is not None and then == decided_fields(now, path):
                    continue
            findings.append(FROZEN_CANDIDATURE.at(path, 1, 1, file=path, how=how, decided=decided))
    return findings

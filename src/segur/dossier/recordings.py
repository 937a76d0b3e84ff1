"""The INS test-day recordings of one candidature, read from its folder and judged.

Each `ins-resultat` event names a video of the dossier with its sha256; the file is read here
(through `segur.load.proof_file`) and judged by the pure rule `segur.rules.cycle`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from segur.findings.finding import Finding
from segur.load.proof_file import read_proof_file
from segur.model.evenements import InsResultat
from segur.repository.journal import JournalEvent
from segur.rules.cycle import recording_finding


def check_recordings(folder: Path, events: Iterable[JournalEvent]) -> list[Finding]:
    """Each INS test-day result names a real video of the dossier, with its sha256 (§3.9)."""
    findings: list[Finding] = []
    for event in events:
        if not isinstance(event.event, InsResultat):
            continue
        record = read_proof_file(folder, folder, event.event.enregistrement.chemin)
        finding = recording_finding(event, record)
        if finding is not None:
            findings.append(finding)
    return findings

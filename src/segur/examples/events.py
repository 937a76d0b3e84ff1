"""The journal files of an example dossier, written from `segur.examples.journal`.

Verdicts list every applicable requirement of their chapter, read from the REM at generation;
the INS test-day results name the recording video the writer adds to the dossier; the
notifications carry what `segur notify` would have sent. Pure and deterministic, like
`segur.examples.generator`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import yaml

from segur.examples.journal import LIFECYCLES, RECORDING, Event, Verdicts
from segur.examples.samples import sample_video
from segur.examples.spec import MARK, ExampleDossier
from segur.model.candidature import Candidature
from segur.model.evenements import Decision, Resultat
from segur.model.journal import JOURNAL_DIR
from segur.model.preuves import (
    MANIFEST_FILE,
    PREUVES_DIR,
    Manifeste,
    chapter_digest,
    chapter_dirname,
)
from segur.publication.documents.names import attachment_names
from segur.publication.notification import decision_subject, recipients
from segur.repository.catalogue import Rem
from segur.repository.paths import EVENT_SCHEMA, schema_comment
from segur.rules.preuves.completeness import (
    ExpectedChapter,
    applicable_requirements,
    proofless_chapters,
)

Files = dict[str, bytes]


def _render(event_type: str, data: Mapping[str, Any]) -> bytes:
    body = yaml.safe_dump(
        {"type": event_type, **data}, allow_unicode=True, sort_keys=False, width=96
    )
    return (schema_comment(4, EVENT_SCHEMA) + MARK + body).encode("utf-8")


def _name(event: Event) -> str:
    suffix = f"-{event.suffix}" if event.suffix else ""
    return f"{event.date.isoformat()}-{event.type}{suffix}.yaml"


def _digest(code: str, tree: Mapping[str, bytes]) -> str:
    """The digest of a chapter as the example writes its manifest (`segur instruction verdict`
    computes the same on the deposited files): a verdict is pinned to what it judged. A chapter
    without manifest (no proof to deposit) has the digest of an empty one."""
    raw = tree.get(f"{PREUVES_DIR}/{chapter_dirname(code)}/{MANIFEST_FILE}")
    if raw is None:
        return chapter_digest(Manifeste(chapitre=code))
    return chapter_digest(Manifeste.model_validate(yaml.safe_load(raw)))


def _verdicts(
    item: Verdicts, rem: Rem, profils: list[str], codes: list[str], tree: Mapping[str, bytes]
) -> Files:
    files: Files = {}
    unknown = set(item.non_conformes)
    for index, code in enumerate(codes):
        day = item.dates[index * len(item.dates) // len(codes)]
        results: dict[str, str] = {}
        comments: dict[str, str] = {}
        for exigence in applicable_requirements(rem.chapitres, profils, code):
            comment = item.non_conformes.get(exigence.id)
            unknown.discard(exigence.id)
            results[exigence.id] = (Resultat.NON_CONFORME if comment else Resultat.CONFORME).value
            if comment:
                comments[exigence.id] = comment
        data: dict[str, Any] = {"chapitre": code, "exigences": results}
        if comments:
            data["commentaires"] = comments
        data["commentaire"] = "Instruction fictive d'exemple."
        data["empreinte"] = _digest(code, tree)
        suffix = chapter_dirname(code).lower()
        files[f"{JOURNAL_DIR}/{day.isoformat()}-verdict-{suffix}.yaml"] = _render("verdict", data)
    if unknown:
        raise ValueError(f"exigences inconnues des verdicts d'exemple : {sorted(unknown)}")
    return files


def _completed(
    event: Event, candidature: Candidature, decisions: dict[str, Event]
) -> dict[str, Any]:
    """The data of an event, with what the writer fills in."""
    data = dict(event.data)
    if event.type == "ins-resultat":
        recording = sample_video()
        data["enregistrement"] = {
            "chemin": RECORDING,
            "sha256": hashlib.sha256(recording).hexdigest(),
        }
    if event.type == "notification":
        decision = Decision(decisions[data["evenement"]].data["decision"])
        version = candidature.version_candidate.denomination_commerciale
        data = {
            "evenement": data["evenement"],
            "destinataires": recipients(candidature),
            "objet": decision_subject(
                decision, version, candidature.solution.version_technique, candidature.dispositif
            ),
            "pieces_jointes": attachment_names() if decision is Decision.ATTRIBUTION else [],
            "envoi": data["envoi"],
        }
    return data


def journal_files(
    example: ExampleDossier,
    rem: Rem,
    chapters: list[ExpectedChapter],
    tree: Mapping[str, bytes],
) -> Files:
    """The journal of one example (and its INS recording), relative to its folder; `tree` holds
    the example's other files (its manifests: the verdicts carry their digest)."""
    lifecycle = LIFECYCLES.get(f"dossiers/{example.editeur}/{example.candidature}")
    if lifecycle is None:
        return {}
    candidature = Candidature.model_validate(example.data)
    profils = list(candidature.profils)
    deposited = [
        c.code for c in chapters if example.deposited is None or c.code in example.deposited
    ]
    # The chapters without proof to deposit are complete with the administrative dossier, and
    # judged like the others: every applicable requirement gets a verdict (DESIGN §6).
    deposited += [c for c in proofless_chapters(rem.chapitres, profils) if c not in deposited]
    explicit = {
        code
        for item in lifecycle.journal
        if isinstance(item, Verdicts) and item.chapitres
        for code in item.chapitres
    }
    decisions = {
        _name(item): item
        for item in lifecycle.journal
        if isinstance(item, Event) and item.type == "decision-college"
    }
    files: Files = {}
    for item in lifecycle.journal:
        if isinstance(item, Verdicts):
            codes = list(item.chapitres or [c for c in deposited if c not in explicit])
            files.update(_verdicts(item, rem, profils, codes, tree))
            continue
        data = _completed(item, candidature, decisions)
        files[f"{JOURNAL_DIR}/{_name(item)}"] = _render(item.type, data)
        if item.type == "ins-resultat":
            files[RECORDING] = sample_video()
    return files

"""The proof dossier of one candidature folder: which REM applies, and the proof rules run.

The REM and profiles are read from `candidature.yaml` with a tolerant model, so that proofs are
still checked while other administrative fields are being filled in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from segur.dossier.proof_places import declared_in, found_elsewhere
from segur.findings.finding import Finding
from segur.load.composer import Loc
from segur.load.document import Document, load_file
from segur.load.proof_file import Resolver, read_proof_file, resolve_inside
from segur.load.validation import validate
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import MANIFEST_FILE, PREUVES_DIR, EntreePreuve, Manifeste, chapter_dirname
from segur.model.rem import Chapitre
from segur.repository.catalogue import Catalogue, Rem
from segur.repository.paths import Repository
from segur.rules.preuves.checks import (
    CNDA_NATURE,
    NO_TARGET,
    VALUE_KIND,
    Display,
    ProofReport,
    chapter_problem,
    file_finding,
    misplaced,
    report_status,
    unreferenced,
    valid_in,
)
from segur.rules.preuves.completeness import (
    ExpectedChapter,
    ExpectedProof,
    accepted_forms,
    chapter_status,
    expected_chapters,
)
from segur.rules.preuves.files import FileVerdict, Problem, judge
from segur.rules.preuves.index import all_proofs, rem_index
from segur.rules.preuves.places import claimed_by, found_elsewhere_hint, with_hint


class TargetFields(BaseModel):
    """The three fields of candidature.yaml that choose the expected proofs."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    dispositif: str
    version_rem: str
    profils: list[str]


@dataclass(frozen=True, slots=True)
class Target:
    rem: Rem
    profils: list[str]


def target_of(doc: Document | None, catalogue: Catalogue) -> tuple[Target | None, str]:
    """The REM and profiles of a candidature, or why they cannot be known."""
    if doc is None:
        return None, "candidature.yaml est absent ou illisible"
    try:
        cible = TargetFields.model_validate(doc.data)
    except ValidationError:
        return (
            None,
            "dispositif, version_rem et profils doivent être renseignés dans candidature.yaml",
        )
    rem = catalogue.get(cible.dispositif, cible.version_rem)
    if rem is None:
        return None, f"REM {cible.dispositif} {cible.version_rem} absent du catalogue"
    return Target(rem, cible.profils), ""


def evaluate_folder(
    folder: Path, repo: Repository, catalogue: Catalogue, doc: Document | None
) -> tuple[ProofReport | None, list[Finding]]:
    target, reason = target_of(doc, catalogue)
    if target is None:
        shown = repo.display(folder / CANDIDATURE_FILE)
        # Without a REM nothing can be said about proofs; the administrative rules already
        # report the cause, so this is only raised when proofs were actually deposited.
        has_proofs = any((folder / "preuves").glob("*/preuves.yaml"))
        return None, [NO_TARGET.at(shown, 1, 1, reason=reason)] if has_proofs else []
    dispositif = target.rem.dispositif
    report = evaluate(
        folder,
        repo.display,
        target.rem.chapitres,
        target.profils,
        (dispositif.code, dispositif.version_rem),
    )
    return report, report.findings


def evaluate(
    folder: Path,
    display: Display,
    chapitres: list[Chapitre],
    profils: list[str],
    rem_label: tuple[str, str],
) -> ProofReport:
    """Check every manifest of `folder`/preuves and compute each chapter's status."""
    report = ProofReport()
    expected = {c.code: c for c in expected_chapters(chapitres, profils)}
    rem_proofs, rem_dirnames = rem_index(chapitres)
    every_proof = all_proofs(rem_proofs, expected)
    by_dirname = {**rem_dirnames, **{chapter_dirname(code): code for code in expected}}
    manifests: dict[str, Manifeste] = {}
    resolver = Resolver()  # one per run: the files are read as they are now
    display = resolving(display, resolver)
    proof_root = folder / PREUVES_DIR
    chosen: list[tuple[Path, Document, Manifeste, ExpectedChapter]] = []
    for manifest_path in sorted(proof_root.glob(f"*/{MANIFEST_FILE}")):
        code = by_dirname.get(manifest_path.parent.name)
        loaded = load_file(manifest_path, display(manifest_path))
        report.findings.extend(loaded.findings)
        if loaded.document is None:
            continue
        manifest, findings = validate(loaded.document, Manifeste)
        report.findings.extend(findings)
        if manifest is None:
            continue
        doc = loaded.document
        chapter = expected.get(code) if code else None
        if chapter is None or manifest.chapitre != chapter.code:
            report.findings.append(chapter_problem(doc, manifest, code, chapitres))
            continue
        chosen.append((manifest_path, doc, manifest, chapter))
    # Every manifest is read before any chapter is judged: a proof missing from its chapter
    # may be declared in another chapter's manifest, and its finding says so.
    elsewhere = declared_in(((c.code, m) for _, _, m, c in chosen), expected, every_proof)
    for manifest_path, doc, manifest, chapter in chosen:
        manifests[chapter.code] = manifest
        report.manifests[chapter.code] = manifest_path
        ok = _check_entries(
            report, doc, manifest, chapter, every_proof, folder, rem_label, resolver, elsewhere
        )
        status = chapter_status(chapter, manifest, valid_in(ok))
        report_status(report, doc, status, elsewhere)
    for code, chapter in expected.items():
        if code not in manifests:
            report.statuses.append(chapter_status(chapter, None, valid_in(set())))
    order = list(expected)
    report.statuses.sort(key=lambda s: order.index(s.code))
    report.findings.extend(_unreferenced(folder, report, display, resolver))
    return report


def _check_entries(
    report: ProofReport,
    doc: Document,
    manifest: Manifeste,
    chapter: ExpectedChapter,
    every_proof: dict[str, tuple[str, str]],
    folder: Path,
    rem_label: tuple[str, str],
    resolver: Resolver,
    elsewhere: dict[str, str],
) -> set[str]:
    """Check each entry of a manifest; return the IDs of the valid deposited proofs."""
    expected = {p.id: p for p in chapter.proofs}
    base = folder / PREUVES_DIR / chapter_dirname(chapter.code)
    referenced = report.referenced.setdefault(chapter.code, [])
    ok: set[str] = set()
    for proof_id, entry in manifest.preuves.items():
        loc: Loc = ("preuves", proof_id)
        proof = expected.get(proof_id)
        if proof is None:
            movable = proof_id in elsewhere
            report.findings.append(
                misplaced(doc, loc, proof_id, chapter, every_proof, rem_label, movable)
            )
            # Its files are named, and go with the entry: one finding says both.
            for fichier in entry.fichiers:
                named = resolve_inside(base, folder, fichier.chemin, resolver)
                if named is not None:
                    referenced.append(named)
            continue
        if _entry_valid(report, doc, loc, proof, entry, base, folder, referenced, resolver):
            ok.add(proof_id)
    return ok


def _entry_valid(
    report: ProofReport,
    doc: Document,
    loc: Loc,
    proof: ExpectedProof,
    entry: EntreePreuve,
    base: Path,
    folder: Path,
    referenced: list[Path],
    resolver: Resolver,
) -> bool:
    for fichier in entry.fichiers:
        # Named by the manifest, hence not "unreferenced", even when the entry is invalid.
        named = resolve_inside(base, folder, fichier.chemin, resolver)
        if named is not None:
            referenced.append(named)
    # What the manifest templates offer for this proof, read from the same definition.
    accepts_value, file_kinds = accepted_forms(proof.types)
    if entry.fichiers and not file_kinds:
        reason = "un identifiant d'exécution est attendu (champ identifiant), pas un fichier"
        report.findings.append(doc.finding(VALUE_KIND, loc, proof=proof.id, reason=reason))
        return False
    if entry.identifiant is not None and (entry.fichiers or not accepts_value):
        reason = (
            "un identifiant d'exécution ou des fichiers sont attendus, pas les deux"
            if accepts_value
            else "des fichiers sont attendus ; « identifiant » est réservé aux identifiants "
            "d'exécution"
        )
        report.findings.append(
            doc.finding(VALUE_KIND, (*loc, "identifiant"), proof=proof.id, reason=reason)
        )
        return False
    if entry.identifiant is not None:
        return bool(entry.identifiant)
    valid = bool(entry.fichiers)
    for index, fichier in enumerate(entry.fichiers):
        floc: Loc = (*loc, "fichiers", index)
        if proof.cnda and fichier.nature_cnda is None:
            report.findings.append(doc.finding(CNDA_NATURE, floc, proof=proof.id))
            valid = False
            continue
        record = read_proof_file(base, folder, fichier.chemin, resolver)
        verdict = judge(record, fichier, proof)
        if not verdict.ok:
            finding = file_finding(doc, floc, proof, fichier.chemin, fichier.sha256, verdict)
            finding = _connected(report, finding, proof, fichier.chemin, verdict, base, resolver)
            report.findings.append(finding)
            valid = False
    return valid


def _connected(
    report: ProofReport,
    finding: Finding,
    proof: ExpectedProof,
    chemin: str,
    verdict: FileVerdict,
    base: Path,
    resolver: Resolver,
) -> Finding:
    """A missing or refused file that lies in another chapter's folder: the finding says
    where, and the warning on that file (unreferenced) will name this manifest."""
    refused = verdict.problem == Problem.OUTSIDE
    if not refused and verdict.problem != Problem.MISSING:
        return finding
    proof_root = base.parent
    found = found_elsewhere(proof_root, base, chemin, refused)
    if found is None:
        return finding
    shown = f"{PREUVES_DIR}/{found.relative_to(proof_root).as_posix()}"
    claim = claimed_by(proof.chapitre, proof.id, chemin, refused)
    report.claimed[resolver.resolve_text(str(found))] = claim
    return with_hint(finding, found_elsewhere_hint(shown, proof.chapitre, refused))


def _unreferenced(
    folder: Path, report: ProofReport, display: Display, resolver: Resolver
) -> list[Finding]:
    root = folder / PREUVES_DIR
    if not root.is_dir():
        return []
    referenced = {
        resolver.resolve_text(str(p)) for paths in report.referenced.values() for p in paths
    }
    top = str(root)
    findings: list[Finding] = []
    # os.walk without followlinks: a symlinked folder is never entered. Paths stay strings
    # until one is reported.
    for current, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if name == MANIFEST_FILE and current.rpartition("/")[0] == top:
                continue
            text = f"{current}/{name}"
            resolved = resolver.resolve_text(text)
            if resolved not in referenced:
                path = Path(text)
                findings.append(unreferenced(display(path), report.claimed.get(resolved, "")))
    return findings


def resolving(display: Display, resolver: Resolver) -> Display:
    """`Repository.display` through `resolver`: the same string (the path resolved, relative to
    the resolved root, else as given), without resolving every folder again for each file."""
    repo = getattr(display, "__self__", None)
    if not isinstance(repo, Repository) or getattr(display, "__func__", None) is not (
        Repository.display
    ):
        return display
    root = resolver.resolve_text(str(repo.root))
    inside = root if root == "/" else root + "/"

    def shown(path: Path) -> str:
        resolved = resolver.resolve_text(str(path))
        if resolved == root:
            return "."
        return resolved[len(inside) :] if resolved.startswith(inside) else path.as_posix()

    return shown

"""The manifest templates and the checker agree on what each proof accepts (issue #14): for
every proof of the real REM catalogue (`rem/`), the form the template written by `segur new`
offers is the form the checker accepts, and nothing else. A proof the REM types « identifiant,
rapport » (« Lien permanent … vers le rapport ») takes the link or the report.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from proof_support import SAMPLES, deposit, dossier, file_entry
from segur.authoring.scaffold import render_manifest
from segur.check import run as check
from segur.model.preuves import EntreePreuve, Fichier, NatureCnda
from segur.model.rem import ProofKind
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository, default_root
from segur.rules.preuves.completeness import ExpectedChapter, expected_chapters, well_formed
from segur.rules.preuves.files import ACCEPTED, accepted_types

ROOT = default_root()
SHA = "0" * 64
_OFFER = re.compile(r"Forme acceptée : (.*)$")


def _chapters() -> list[ExpectedChapter]:
    catalogue, findings = load_catalogue(ROOT / "rem", ROOT)
    assert not [f for f in findings if f.is_error]
    chapters: list[ExpectedChapter] = []
    for rem in catalogue:
        every_profile = [p.id for p in rem.dispositif.profils]
        chapters += expected_chapters(rem.chapitres, every_profile)
    return chapters


def _offers(text: str) -> dict[str, str]:
    """Proof ID -> the « Forme acceptée » comment written just above its key."""
    offers: dict[str, str] = {}
    comment: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            comment.append(stripped.lstrip("# "))
            continue
        if line.startswith("  ") and not line.startswith("    ") and stripped.endswith(":"):
            found = _OFFER.search(" ".join(comment))
            assert found, line
            offers[yaml.safe_load(stripped[:-1])] = found.group(1)
        comment = []
    return offers


def test_every_template_offers_what_the_checker_accepts() -> None:
    chapters = _chapters()
    mixed = 0
    checked = 0
    for chapter in chapters:
        text = render_manifest(chapter)
        yaml.safe_load(text)  # the template is valid YAML
        offers = _offers(text)
        for proof in chapter.proofs:
            offer = offers[proof.id]
            files = re.search(r"fichiers \(([^)]*)\)", offer)
            offered_kinds = {ProofKind(k) for k in files.group(1).split(", ")} if files else set()
            offered_value = "identifiant d'exécution" in offer
            # An execution ID typed in the manifest.
            value = EntreePreuve(identifiant="EXEC-2026-000123")
            assert well_formed(proof, value) is offered_value, (proof.id, offer)
            # A file, of each nature a CNDA proof may be.
            natures = list(NatureCnda) if proof.cnda else [None]
            for nature in natures:
                fichier = Fichier(chemin="preuve.pdf", sha256=SHA, nature_cnda=nature)
                entry = EntreePreuve(fichiers=[fichier])
                assert well_formed(proof, entry) is bool(offered_kinds), (proof.id, offer)
                if nature is None and offered_kinds:
                    union = frozenset().union(*(ACCEPTED[k] for k in offered_kinds))
                    assert accepted_types(proof, fichier) == union, proof.id
            # Both at once are never one form.
            both = EntreePreuve(identifiant="EXEC-1", fichiers=[Fichier(chemin="a", sha256=SHA)])
            assert not well_formed(proof, both)
            mixed += offered_value and bool(offered_kinds)
            checked += 1
    assert checked > 1000
    assert mixed > 0  # the catalogue has such proofs: the case this test is about


def _mixed_mss(root: Path) -> Path:
    """A dossier whose REM types its MSS proof « identifiant, rapport »."""
    folder = dossier(root)
    chapter = next((root / "rem").rglob("MSS.yaml"))
    body = yaml.safe_load(chapter.read_text(encoding="utf-8"))
    body["exigences"][0]["scenarios"][0]["preuves"][0]["types"] = ["identifiant", "rapport"]
    chapter.write_text(yaml.safe_dump(body, allow_unicode=True, sort_keys=False))
    return folder


def _prv(root: Path) -> list[str]:
    return sorted(f.rule for f in check.run(Repository(root)) if f.rule.startswith("SEG-PRV"))


@pytest.mark.parametrize("form", ["identifiant", "rapport"])
def test_a_link_or_its_report_is_accepted_by_check(tmp_path: Path, form: str) -> None:
    folder = _mixed_mss(tmp_path)
    log = SAMPLES["rapport"]
    if form == "identifiant":
        deposit(folder, "MSS", {"MSS.01.01.01": {"identifiant": "https://gazelle/rapport/42"}})
    else:
        deposit(folder, "MSS", {"MSS.01.01.01": file_entry("r.txt", log)}, {"r.txt": log})
    assert _prv(tmp_path) == []


def test_a_link_and_its_report_together_are_refused(tmp_path: Path) -> None:
    folder = _mixed_mss(tmp_path)
    log = SAMPLES["rapport"]
    entry = {**file_entry("r.txt", log), "identifiant": "https://gazelle/rapport/42"}
    deposit(folder, "MSS", {"MSS.01.01.01": entry}, {"r.txt": log})
    assert _prv(tmp_path) == ["SEG-PRV-010", "SEG-PRV-013"]

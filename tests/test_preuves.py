"""Proof dossier: manifests, file rules, chapter completeness and CNDA proofs (issue #4)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from proof_support import SAMPLES, complete_ins, deposit, dossier, file_entry, sha
from segur.check import run as check
from segur.dossier.status import dossier_status
from segur.findings.finding import Finding
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import ChapterState


def _proof_findings(root: Path) -> list[Finding]:
    return [f for f in check.run(Repository(root)) if f.rule.startswith("SEG-PRV")]


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def _states(root: Path, folder: Path) -> dict[str, ChapterState]:
    repo = Repository(root)
    catalogue, _ = load_catalogue(repo.rem_dir, root)
    return {c.code: c.state for c in dossier_status(folder, repo, catalogue).chapitres}


def test_fresh_dossier_has_nothing_deposited_and_no_proof_finding(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    assert _proof_findings(tmp_path) == []
    states = _states(tmp_path, folder)
    # Expected chapters are derived from the REM and the profiles: DOC is `ie-usagers` only.
    assert set(states) == {"INS", "APCV", "MSS", "SSI/IAM", "PROCEDURE"}
    assert set(states.values()) == {ChapterState.NON_DEPOSE}


def test_profiles_decide_which_chapters_apply(tmp_path: Path) -> None:
    folder = dossier(tmp_path, profils=["general", "ie-usagers"])
    assert set(_states(tmp_path, folder)) == {"INS", "APCV", "MSS", "DOC", "PROCEDURE"}


def test_complete_chapter(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    complete_ins(folder)
    assert _proof_findings(tmp_path) == []
    assert _states(tmp_path, folder)["INS"] is ChapterState.COMPLET


def test_removing_a_file_makes_the_chapter_incomplete_with_id_and_line(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    manifest = complete_ins(folder)
    (manifest.parent / "scenario.mp4").unlink()
    findings = _proof_findings(tmp_path)
    assert sorted(_rules(findings)) == ["SEG-PRV-002", "SEG-PRV-010"]
    missing = next(f for f in findings if f.rule == "SEG-PRV-002")
    incomplete = next(f for f in findings if f.rule == "SEG-PRV-010")
    lines = manifest.read_text().splitlines()
    assert "scenario.mp4" in lines[missing.line - 1]
    assert "INS.01.01.02" in incomplete.message and "Vidéo du scénario" in incomplete.message
    assert "INS.01.01.02" in lines[incomplete.line - 1]
    assert incomplete.path.endswith("preuves/INS/preuves.yaml")
    assert _states(tmp_path, folder)["INS"] is ChapterState.INCOMPLET


def test_incomplete_chapter_names_every_missing_proof(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    cap = SAMPLES["capture"]
    deposit(folder, "INS", {"INS.01.01.01": file_entry("a.png", cap)}, {"a.png": cap})
    findings = _proof_findings(tmp_path)
    assert _rules(findings) == ["SEG-PRV-010", "SEG-PRV-010"]
    named = {m for f in findings for m in re.findall(r"preuve (\S+) manquante", f.message)}
    assert named == {"INS.01.01.02", "INS.02.01.01"}
    assert all("(1/3)" in f.message for f in findings)


def test_png_that_is_text_is_rejected(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    fake = b"ceci n'est pas une image\n"
    deposit(folder, "INS", {"INS.01.01.01": file_entry("faux.png", fake)}, {"faux.png": fake})
    findings = _proof_findings(tmp_path)
    assert "SEG-PRV-005" in _rules(findings)
    wrong = next(f for f in findings if f.rule == "SEG-PRV-005")
    assert "texte" in wrong.message and "image" in wrong.message


@pytest.mark.parametrize("chemin", ["../../x", "/etc/passwd", "sous/../../x", "a\\..\\b"])
def test_path_leaving_the_dossier_is_rejected(tmp_path: Path, chemin: str) -> None:
    folder = dossier(tmp_path)
    manifest = deposit(
        folder, "INS", {"INS.01.01.01": {"fichiers": [{"chemin": chemin, "sha256": "0" * 64}]}}
    )
    findings = _proof_findings(tmp_path)
    outside = [f for f in findings if f.rule == "SEG-PRV-001"]
    assert len(outside) == 1
    assert "chemin:" in manifest.read_text().splitlines()[outside[0].line - 1]


def test_symlink_leaving_the_dossier_is_rejected(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    secret = tmp_path / "secret.png"
    secret.write_bytes(SAMPLES["capture"])
    target = folder / "preuves" / "INS"
    target.mkdir(parents=True)
    (target / "lien.png").symlink_to(secret)
    deposit(folder, "INS", {"INS.01.01.01": file_entry("lien.png", SAMPLES["capture"])})
    assert "SEG-PRV-001" in _rules(_proof_findings(tmp_path))


def test_symlink_inside_the_dossier_is_followed(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    cap = SAMPLES["capture"]
    deposit(folder, "INS", {"INS.01.01.01": file_entry("vrai.png", cap)}, {"vrai.png": cap})
    (folder / "preuves" / "INS" / "lien.png").symlink_to(folder / "preuves" / "INS" / "vrai.png")
    deposit(folder, "INS", {"INS.01.01.01": file_entry("lien.png", cap)})
    assert "SEG-PRV-001" not in _rules(_proof_findings(tmp_path))


def test_hash_mismatch(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    cap = SAMPLES["capture"]
    entry = {"fichiers": [{"chemin": "a.png", "sha256": sha(b"autre chose")}]}
    manifest = deposit(folder, "INS", {"INS.01.01.01": entry}, {"a.png": cap})
    [finding] = [f for f in _proof_findings(tmp_path) if f.rule == "SEG-PRV-006"]
    assert sha(cap) in finding.message
    assert "sha256" in manifest.read_text().splitlines()[finding.line - 1]


def test_empty_file(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    deposit(folder, "INS", {"INS.01.01.01": file_entry("a.png", b"")}, {"a.png": b""})
    assert "SEG-PRV-003" in _rules(_proof_findings(tmp_path))


def test_directory_instead_of_file(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    (folder / "preuves" / "INS" / "dossier.png").mkdir(parents=True)
    deposit(folder, "INS", {"INS.01.01.01": file_entry("dossier.png", b"x")})
    assert "SEG-PRV-016" in _rules(_proof_findings(tmp_path))


def test_size_limit_per_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from segur.load.sniff import Sniffed
    from segur.rules.preuves import files as proof_files

    monkeypatch.setitem(proof_files.SIZE_LIMITS, Sniffed.IMAGE, 50)
    folder = dossier(tmp_path)
    cap = SAMPLES["capture"]
    deposit(folder, "INS", {"INS.01.01.01": file_entry("a.png", cap)}, {"a.png": cap})
    [finding] = [f for f in _proof_findings(tmp_path) if f.rule == "SEG-PRV-004"]
    assert f"{len(cap)} octets" in finding.message and "50 octets" in finding.message


def test_unknown_and_misplaced_proof_ids(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    cap = SAMPLES["capture"]
    deposit(
        folder,
        "INS",
        {
            "INS.99.01.01": file_entry("a.png", cap),  # not in the REM
            "APCV.01.01.01": file_entry("a.png", cap),  # another chapter
        },
        {"a.png": cap},
    )
    deposit(folder, "DOC", {"DOC.01.01.01": file_entry("b.png", cap)}, {"b.png": cap})
    findings = _proof_findings(tmp_path)
    assert sorted(_rules(findings)).count("SEG-PRV-007") == 1
    assert any(f.rule == "SEG-PRV-008" and "APCV" in f.message for f in findings)
    # DOC exists in the REM but no proof of it applies to the chosen profiles.
    assert any(f.rule == "SEG-PRV-014" and "DOC" in f.message for f in findings)


def test_proof_of_a_profile_not_requested(tmp_path: Path) -> None:
    folder = dossier(tmp_path, profils=["general", "ie-usagers"])
    doc = SAMPLES["document"]
    deposit(folder, "DOC", {"SSI/IAM.01.01.01": file_entry("d.pdf", doc)}, {"d.pdf": doc})
    assert any(f.rule == "SEG-PRV-008" for f in _proof_findings(tmp_path))


def test_manifest_in_wrong_folder(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    manifest = deposit(folder, "INS", {})
    manifest.write_text("chapitre: MSS\npreuves: {}\n")
    [finding] = _proof_findings(tmp_path)
    assert finding.rule == "SEG-PRV-014" and finding.line == 1


def test_unreferenced_file_is_a_warning(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    complete_ins(folder)
    (folder / "preuves" / "INS" / "oubli.png").write_bytes(SAMPLES["capture"])
    [finding] = _proof_findings(tmp_path)
    assert finding.rule == "SEG-PRV-009" and not finding.is_error
    assert finding.path.endswith("preuves/INS/oubli.png")


@pytest.mark.parametrize(
    ("nature", "data", "warning"),
    [
        ("attestation", SAMPLES["pdf"], False),
        ("pre-examen", SAMPLES["pdf"], True),
        ("espace-cnda", SAMPLES["capture"], True),
    ],
)
def test_cnda_proofs_complete_the_chapter(
    tmp_path: Path, nature: str, data: bytes, warning: bool
) -> None:
    folder = dossier(tmp_path)
    deposit(
        folder,
        "APCV",
        {"APCV.01.01.01": file_entry("cnda", data, nature_cnda=nature)},
        {"cnda": data},
    )
    findings = _proof_findings(tmp_path)
    assert _rules(findings) == (["SEG-PRV-011"] if warning else [])
    assert _states(tmp_path, folder)["APCV"] is ChapterState.COMPLET


def test_cnda_screenshot_declared_as_attestation_is_rejected(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    cap = SAMPLES["capture"]
    deposit(
        folder,
        "APCV",
        {"APCV.01.01.01": file_entry("c.png", cap, nature_cnda="attestation")},
        {"c.png": cap},
    )
    assert "SEG-PRV-005" in _rules(_proof_findings(tmp_path))


def test_cnda_proof_needs_its_nature(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    pdf = SAMPLES["pdf"]
    deposit(folder, "APCV", {"APCV.01.01.01": file_entry("c.pdf", pdf)}, {"c.pdf": pdf})
    assert sorted(_rules(_proof_findings(tmp_path))) == ["SEG-PRV-010", "SEG-PRV-012"]


def test_execution_id_is_a_value(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    deposit(folder, "MSS", {"MSS.01.01.01": {"identifiant": "EXEC-2026-000123"}})
    assert _proof_findings(tmp_path) == []
    assert _states(tmp_path, folder)["MSS"] is ChapterState.COMPLET


def test_execution_id_given_as_file_is_rejected(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    log = SAMPLES["rapport"]
    deposit(folder, "MSS", {"MSS.01.01.01": file_entry("id.txt", log)}, {"id.txt": log})
    assert sorted(_rules(_proof_findings(tmp_path))) == ["SEG-PRV-010", "SEG-PRV-013"]


def test_deposit_all_at_once(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    cap, pdf, doc = SAMPLES["capture"], SAMPLES["pdf"], SAMPLES["document"]
    complete_ins(folder)
    deposit(
        folder,
        "APCV",
        {"APCV.01.01.01": file_entry("c.pdf", pdf, nature_cnda="attestation")},
        {"c.pdf": pdf},
    )
    deposit(folder, "MSS", {"MSS.01.01.01": {"identifiant": "EXEC-1"}})
    deposit(folder, "SSI/IAM", {"SSI/IAM.01.01.01": file_entry("i.pdf", doc)}, {"i.pdf": doc})
    deposit(
        folder,
        "PROCEDURE",
        {
            "PROC.01.01.01": file_entry("version.png", cap),
            "PROC.02.01.01": file_entry("documentation.pdf", doc),
        },
        {"version.png": cap, "documentation.pdf": doc},
    )
    assert _proof_findings(tmp_path) == []
    assert set(_states(tmp_path, folder).values()) == {ChapterState.COMPLET}


def test_procedure_proofs_are_expected_from_every_candidature(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    cap = SAMPLES["capture"]
    deposit(folder, "PROCEDURE", {"PROC.01.01.01": file_entry("v.png", cap)}, {"v.png": cap})
    [finding] = _proof_findings(tmp_path)
    assert finding.rule == "SEG-PRV-010" and "PROC.02.01.01" in finding.message


def test_every_rule_of_the_proof_module_has_a_failing_case() -> None:
    from segur.findings.registry import all_rules

    source = Path(__file__).read_text()
    ids = [r.id for r in all_rules() if r.id.startswith("SEG-PRV")]
    untested = [i for i in ids if i not in source and i != "SEG-PRV-015"]
    assert untested == []


def test_missing_rem_is_reported_only_when_proofs_were_deposited(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    text = (
        (folder / "candidature.yaml")
        .read_text()
        .replace("version_rem: va2-test", "version_rem: v9")
    )
    (folder / "candidature.yaml").write_text(text)
    assert _proof_findings(tmp_path) == []
    complete_ins(folder)
    assert _rules(_proof_findings(tmp_path)) == ["SEG-PRV-015"]


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        (b"\x89PNG\r\n\x1a\n", "SEG-PRV-017"),  # a bare signature does not decode
        (SAMPLES["capture"] + b"<script>alert(1)</script>", "SEG-PRV-018"),  # polyglot
        (b"version https://git-lfs.github.com/spec/v1\nsize 0\n", "SEG-PRV-020"),
    ],
)
def test_capture_content_is_parsed(tmp_path: Path, data: bytes, rule: str) -> None:
    # Corpus and passing cases of each content rule in tests/test_proof_content.py.
    folder = dossier(tmp_path)
    deposit(folder, "INS", {"INS.01.01.01": file_entry("a.png", data)}, {"a.png": data})
    assert rule in _rules(_proof_findings(tmp_path))


def test_report_with_a_script_is_active_content(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    data = b"<html><script>alert(1)</script></html>\n"
    deposit(folder, "INS", {"INS.02.01.01": file_entry("r.html", data)}, {"r.html": data})
    assert "SEG-PRV-019" in _rules(_proof_findings(tmp_path))

"""Findings that connect the dots (issues #14 item 7, #16): a proof put in the wrong place gives
findings that name both places, and a verdict's coverage says what is missing and how to fill it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from adm_support import VERSION
from lifecycle_support import VALIDATION, Story, chapter_digest, event
from proof_support import DISPOSITIF, SAMPLES, deposit, dossier, file_entry
from segur.check.run import run as check_run
from segur.dossier.status import dossier_status
from segur.findings.finding import Finding
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import ChapterState

CAP, VID, LOG = SAMPLES["capture"], SAMPLES["video"], SAMPLES["rapport"]
# Two of the three INS proofs, in their place; the third (the INSi log) goes astray.
INS_TWO = {
    "INS.01.01.01": file_entry("identite.png", CAP),
    "INS.01.01.02": file_entry("scenario.mp4", VID),
}
INS_TWO_FILES = {"identite.png": CAP, "scenario.mp4": VID}


def _proof_findings(root: Path) -> list[Finding]:
    return sorted(
        (f for f in check_run(Repository(root)) if f.rule.startswith("SEG-PRV")),
        key=lambda f: f.rule,
    )


def _states(root: Path, folder: Path) -> dict[str, ChapterState]:
    repo = Repository(root)
    catalogue, _ = load_catalogue(repo.rem_dir, root)
    return {c.code: c.state for c in dossier_status(folder, repo, catalogue).chapitres}


def test_proof_declared_in_another_chapters_manifest(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    deposit(folder, "INS", INS_TWO, INS_TWO_FILES)
    deposit(folder, "PROCEDURE", {"INS.02.01.01": file_entry("insi.log", LOG)}, {"insi.log": LOG})
    findings = _proof_findings(tmp_path)
    # One mistake, two places: the missing proof of INS and the stray entry, nothing more (no
    # "unreferenced file", no PROCEDURE chapter made incomplete by an entry not its own).
    assert [f.rule for f in findings] == ["SEG-PRV-008", "SEG-PRV-010"]
    stray, missing = findings
    assert missing.path.endswith("preuves/INS/preuves.yaml")
    assert "preuve INS.02.01.01 manquante" in missing.message
    assert (
        "déclarée dans preuves/PROCEDURE/preuves.yaml : déplacez l'entrée dans "
        "preuves/INS/preuves.yaml" in missing.message
    )
    assert stray.path.endswith("preuves/PROCEDURE/preuves.yaml")
    assert "appartient au chapitre INS" in stray.message
    assert "déplacez l'entrée, avec ses fichiers, dans preuves/INS/preuves.yaml" in stray.message
    states = _states(tmp_path, folder)
    assert states["INS"] is ChapterState.INCOMPLET
    assert states["PROCEDURE"] is ChapterState.NON_DEPOSE


def test_proof_declared_in_both_places_is_not_missing(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    entries = {**INS_TWO, "INS.02.01.01": file_entry("insi.log", LOG)}
    deposit(folder, "INS", entries, {**INS_TWO_FILES, "insi.log": LOG})
    deposit(folder, "APCV", {"INS.02.01.01": file_entry("insi.log", LOG)}, {"insi.log": LOG})
    [stray] = _proof_findings(tmp_path)
    # Nothing to move: the entry is already in its chapter, the stray one is only removed.
    assert stray.rule == "SEG-PRV-008" and "déplacez" not in stray.message
    assert _states(tmp_path, folder)["INS"] is ChapterState.COMPLET


def test_file_left_in_another_chapters_folder(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    deposit(folder, "INS", {**INS_TWO, "INS.02.01.01": file_entry("insi.log", LOG)}, INS_TWO_FILES)
    deposit(folder, "APCV", {}, {"insi.log": LOG})
    findings = _proof_findings(tmp_path)
    # The file error, the chapter it leaves incomplete, and the warning where the file lies.
    assert [f.rule for f in findings] == ["SEG-PRV-002", "SEG-PRV-009", "SEG-PRV-010"]
    absent, stray, _incomplete = findings
    assert absent.path.endswith("preuves/INS/preuves.yaml")
    assert (
        "« insi.log » introuvable ; il se trouve dans preuves/APCV/insi.log : déplacez-le dans "
        "preuves/INS/" in absent.message
    )
    assert stray.path.endswith("preuves/APCV/insi.log") and not stray.is_error
    assert (
        "preuves/INS/preuves.yaml le cherche dans preuves/INS/ sous le nom « insi.log » "
        "(preuve INS.02.01.01)" in stray.message
    )


def test_path_into_another_chapters_folder(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    entries = {**INS_TWO, "INS.02.01.01": file_entry("../APCV/insi.log", LOG)}
    deposit(folder, "INS", entries, INS_TWO_FILES)
    deposit(folder, "APCV", {}, {"insi.log": LOG})
    findings = _proof_findings(tmp_path)
    assert [f.rule for f in findings] == ["SEG-PRV-001", "SEG-PRV-009", "SEG-PRV-010"]
    refused, stray, _incomplete = findings
    assert refused.path.endswith("preuves/INS/preuves.yaml")
    assert (
        "ce chemin mène à preuves/APCV/insi.log, dans le dossier d'un autre chapitre : déplacez "
        "le fichier dans preuves/INS/ et citez-le « insi.log »" in refused.message
    )
    assert stray.path.endswith("preuves/APCV/insi.log")
    assert (
        "preuves/INS/preuves.yaml y renvoie par le chemin refusé « ../APCV/insi.log » "
        "(preuve INS.02.01.01)" in stray.message
    )


def test_path_leaving_the_proofs_names_no_other_place(tmp_path: Path) -> None:
    folder = dossier(tmp_path)
    entries = {**INS_TWO, "INS.02.01.01": file_entry("../../candidature.yaml", LOG)}
    deposit(folder, "INS", entries, INS_TWO_FILES)
    findings = _proof_findings(tmp_path)
    assert [f.rule for f in findings] == ["SEG-PRV-001", "SEG-PRV-010"]
    assert "mène à" not in findings[0].message


# A chapter of 52 applicable requirements: INS.01 and INS.02 with proofs, 50 without.
EXTRA = [f"INS.X{n:02d}" for n in range(1, 51)]


def _wide_ins(story: Story) -> None:
    path = story.root / "rem" / DISPOSITIF / VERSION / "chapitres" / "INS.yaml"
    chapter = yaml.safe_load(path.read_text(encoding="utf-8"))
    for eid in EXTRA:
        chapter["exigences"].append(
            {
                "id": eid,
                "chapitre": "INS",
                "nature": "exigence",
                "profil": "general",
                "enonce": f"Le système DOIT satisfaire {eid}.",
                "scenarios": [],
            }
        )
    text = yaml.safe_dump(chapter, allow_unicode=True, sort_keys=False)
    story.git.commit("REM : INS élargi", {path.relative_to(story.root).as_posix(): text})


def _ins_verdict(story: Story, exigences: dict[str, str]) -> list[Finding]:
    story.admin("2026-03-02")
    story.events("2026-03-04", {"2026-03-04-validation-administrative.yaml": VALIDATION})
    story.chapters("2026-03-05")
    verdict = event("verdict", chapitre="INS", exigences=exigences, empreinte=chapter_digest("INS"))
    story.events("2026-03-06", {"2026-03-06-verdict-ins.yaml": verdict})
    return [f for f in check_run(Repository(story.root)) if "verdict-ins" in f.path]


def test_verdict_coverage_lists_forty_missing_and_the_remedy(tmp_path: Path) -> None:
    story = Story(tmp_path / "depot")
    _wide_ins(story)
    findings = _ins_verdict(story, {"INS.01": "conforme", "INS.02": "conforme"})
    [coverage] = [f for f in findings if f.rule == "SEG-CYC-005"]
    assert "50 exigence(s) applicable(s) du chapitre INS sans résultat" in coverage.message
    assert ", ".join(EXTRA[:40]) + " … et 10 autres" in coverage.message
    assert EXTRA[40] not in coverage.message
    assert (
        "« segur instruction verdict dossiers/editeur-a/dpi-1 INS » pré-remplit toutes les "
        "exigences applicables" in coverage.message
    )


def test_verdict_without_requirements_names_the_remedy(tmp_path: Path) -> None:
    story = Story(tmp_path / "depot")
    findings = _ins_verdict(story, {})
    [empty] = [f for f in findings if f.rule == "SEG-YML-015"]
    assert "champ « exigences »" in empty.message
    assert "au moins 1 élément(s) attendu(s)" in empty.message
    assert (
        "« segur instruction verdict DOSSIER CHAPITRE » pré-remplit toutes les exigences "
        "applicables" in empty.message
    )

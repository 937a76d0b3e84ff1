"""Every impossible sequence of the journal is a finding (SEG-CYC-*), on real git histories:
the order is that of the arrivals on main, each finding names the event file and its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from lifecycle_scenarios import SCENARIOS, signed
from lifecycle_support import (
    SIGNATURE_ANS,
    SIGNATURE_EDITEUR,
    Story,
    admitted,
    decision,
    event,
    to_the_college,
)
from segur.check.run import run as check_run
from segur.cli import main
from segur.findings.finding import Finding
from segur.repository.journal import load_journal
from segur.repository.paths import Repository
from segur.rules.cycle import check_attestation_numbers


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """Deposited on 2 March, validated on the 4th, every chapter complete on the 5th; an
    editor referenced in vague 1 (no INS test day)."""
    return admitted(tmp_path_factory.mktemp("base") / "depot", vague_1=True)


@pytest.fixture(scope="module")
def base_ins(tmp_path_factory: pytest.TempPathFactory) -> Story:
    return admitted(tmp_path_factory.mktemp("base-ins") / "depot")


def _found(story: Story) -> set[tuple[str, str, int]]:
    return {(f.rule, Path(f.path).name, f.line) for f in story.check()}


def _rules(story: Story) -> set[str]:
    return {f.rule for f in story.check()}


def _start(kind: str, base: Story, base_ins: Story, tmp_path: Path) -> Story:
    if kind == "base":
        return base.clone(tmp_path / "depot")
    if kind == "base_ins":
        return base_ins.clone(tmp_path / "depot")
    story = Story(tmp_path / "depot", vague_1=True)
    if kind == "admin":
        story.admin("2026-03-02")
    return story


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_impossible_sequence_is_a_finding(
    name: str, base: Story, base_ins: Story, tmp_path: Path
) -> None:
    kind, scenario, expected = SCENARIOS[name]
    story = _start(kind, base, base_ins, tmp_path)
    scenario(story)
    assert _found(story) == expected


def test_the_bases_are_clean(base: Story, base_ins: Story) -> None:
    assert base.check() == [] and base_ins.check() == []


def test_a_whole_instruction_is_clean(base_ins: Story, tmp_path: Path) -> None:
    story = base_ins.clone(tmp_path / "depot")
    to_the_college(story)
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": decision("2026-03-24")})
    story.events("2026-03-25", {"2026-03-25-signature-ans.yaml": SIGNATURE_ANS})
    audit = event("audit", version="5.10", resultat="conforme")
    story.events("2026-04-01", {"2026-04-01-audit.yaml": audit})
    assert story.check() == []


def test_findings_are_reported_with_file_line_and_french_message(
    base: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = base.clone(tmp_path / "depot")
    story.events("2026-03-06", {"2026-03-06-signature-editeur.yaml": SIGNATURE_EDITEUR})
    assert main(["--repo", str(story.root), "check", str(story.folder)]) == 1
    out = capsys.readouterr().out
    assert (
        f"{story.dossier}/journal/2026-03-06-signature-editeur.yaml:1:1: erreur SEG-CYC-006 "
        "signature de la convention par l'éditeur alors que chapitre(s) non conforme(s) ou "
        "non instruit(s) : APCV, INS, MSS, SSI/IAM, PROCEDURE"
    ) in out


def test_an_event_after_a_refusal_is_a_warning(base: Story, tmp_path: Path) -> None:
    story = base.clone(tmp_path / "depot")
    signed(story)
    refusal = decision("2026-03-10", "reserves-bloquantes", ["Motif."])
    story.events("2026-03-10", {"2026-03-10-decision-college.yaml": refusal})
    story.events("2026-03-12", {"2026-03-12-signature-ans.yaml": SIGNATURE_ANS})
    findings = story.check()
    assert {(f.rule, f.severity.value) for f in findings} == {
        ("SEG-CYC-010", "error"),
        ("SEG-CYC-017", "warning"),
    }


def test_attestation_numbers_are_unique(base: Story, tmp_path: Path) -> None:
    story = base.clone(tmp_path / "depot")
    signed(story)
    story.events("2026-03-10", {"2026-03-10-decision-college.yaml": decision("2026-03-10")})
    repo = Repository(story.root)
    (decision_event,) = [
        e for e in load_journal(story.folder, repo).events if e.type == "decision-college"
    ]
    numbers = [
        ("SEGUR-X", "dossiers/a/b", decision_event),
        ("SEGUR-X", "dossiers/c/d", decision_event),
    ]
    findings = check_attestation_numbers([*numbers, ("SEGUR-Y", "dossiers/e/f", decision_event)])
    assert [(f.rule, f.line) for f in findings] == [("SEG-CYC-015", 2), ("SEG-CYC-015", 2)]
    assert "dossiers/c/d" in findings[0].message
    assert check_attestation_numbers(numbers[:1]) == []


def test_invalid_event_content_is_reported_on_its_line(base: Story, tmp_path: Path) -> None:
    story = base.clone(tmp_path / "depot")
    story.events(
        "2026-03-06",
        {
            "2026-03-06-verdict-ins.yaml": "type: verdict\nchapitre: INS\n",
            "2026-03-06-sollicitation.yaml": "type: sollicitation\nmessage: [\n",
            "2026-03-06-audit.yaml": "type: audit\nversion: '5.10'\nresultat: parfait\n",
        },
    )
    findings = {(Path(f.path).name, f.rule, f.line) for f in check_run_all(story)}
    assert findings == {
        ("2026-03-06-verdict-ins.yaml", "SEG-YML-013", 1),
        ("2026-03-06-sollicitation.yaml", "SEG-YML-006", 3),
        ("2026-03-06-audit.yaml", "SEG-YML-015", 3),
    }


def check_run_all(story: Story) -> list[Finding]:
    return [f for f in check_run(Repository(story.root)) if "/journal/" in f.path]

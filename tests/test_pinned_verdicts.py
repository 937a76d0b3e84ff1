"""Pinned verdicts and frozen candidatures (issue #14, items 1 and 2), on real git histories.

A verdict names the digest of the chapter it judged (`empreinte`): another digest than the
chapter's on main at its arrival is an error (SEG-CYC-026); a chapter changed after a verdict
makes it stale (SEG-CYC-027): shown périmé, queued again at its new reception, and no ground
for the convention. Once the collège has decided, proofs, manifests and the decided fields of
candidature.yaml are frozen (SEG-CYC-028); contact data may still change.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from lifecycle_support import (
    SIGNATURE_EDITEUR,
    Story,
    admitted,
    all_verdicts,
    decision,
    manifest_digest,
    to_the_college,
    verdict,
)
from proof_support import SAMPLES, deposit, file_entry
from segur.cli import main
from segur.lifecycle.analysis import Etat

IAM_VERDICT = "2026-03-06-verdict-ssi-iam.yaml"


def _rules(story: Story) -> list[tuple[str, str]]:
    return sorted((f.rule, f.path.rsplit("/", 1)[-1]) for f in story.check())


def _replace_iam_proof(story: Story, day: str | None) -> None:
    """The editor replaces the SSI/IAM proof (another PDF): merged on `day`, or left in the
    work tree (a pull request not merged yet) when `day` is None."""
    new = SAMPLES["pdf"]
    if day is None:
        deposit(story.folder, "SSI/IAM", {"SSI/IAM.01.01.01": file_entry("iam.pdf", new)})
        (story.folder / "preuves" / "SSI-IAM" / "iam.pdf").write_bytes(new)
        return
    story.git.branch(f"iam-{day}")
    deposit(story.folder, "SSI/IAM", {"SSI/IAM.01.01.01": file_entry("iam.pdf", new)})
    (story.folder / "preuves" / "SSI-IAM" / "iam.pdf").write_bytes(new)
    story.git.commit(f"iam-{day}", date=f"{day}T09:00:00+01:00")
    story.git.merge(f"iam-{day}", date=f"{day}T10:00:00+01:00")


def _judged(root: Path) -> Story:
    """Every chapter complete on 5 March and judged conforme on the 6th (vague 1: no INS day)."""
    story = admitted(root, vague_1=True)
    story.events("2026-03-06", all_verdicts("2026-03-06"))
    return story


def _queued(root: Path, today: str, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    assert main(["--repo", str(root), "queue", "--today", today, "--format", "json"]) == 0
    return [(e["chapitre"], e["arrivee"][:10]) for e in json.loads(capsys.readouterr().out)]


# -- pinned verdicts ----------------------------------------------------------------------------


def test_a_verdict_with_the_digest_of_the_chapter_is_clean(tmp_path: Path) -> None:
    story = _judged(tmp_path / "depot")
    assert _rules(story) == []
    assert story.analyse("2026-03-06").cycle.etat is Etat.CONFORME


def test_a_verdict_on_another_content_is_an_error(tmp_path: Path) -> None:
    story = admitted(tmp_path / "depot", vague_1=True)
    verdicts = all_verdicts("2026-03-06")
    verdicts[IAM_VERDICT] = verdict("SSI/IAM", empreinte="0" * 64)
    story.events("2026-03-06", verdicts)
    assert _rules(story) == [("SEG-CYC-026", IAM_VERDICT)]
    finding = next(f for f in story.check() if f.rule == "SEG-CYC-026")
    assert "ne porte pas sur le contenu du chapitre SSI/IAM" in finding.message
    # A verdict on another content is no verdict: the convention waits.
    assert story.analyse("2026-03-06").cycle.etat is Etat.EN_INSTRUCTION


def test_the_digest_is_the_one_at_the_arrival_of_the_verdict(tmp_path: Path) -> None:
    # The verdict was computed on the new proof before it reached main: it judged something
    # that was not deposited yet, and says so even once the proof has been merged.
    story = admitted(tmp_path / "depot", vague_1=True)
    future = tmp_path / "futur"
    _replace_iam_proof(story.clone(future), "2026-03-06")
    new_digest = manifest_digest(future / story.dossier / "preuves/SSI-IAM/preuves.yaml", "SSI/IAM")
    verdicts = all_verdicts("2026-03-06")
    verdicts[IAM_VERDICT] = verdict("SSI/IAM", empreinte=new_digest)
    story.events("2026-03-06", verdicts)
    _replace_iam_proof(story, "2026-03-09")
    assert ("SEG-CYC-026", IAM_VERDICT) in _rules(story)


def test_a_proof_replaced_after_a_conforme_verdict_makes_it_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = _judged(tmp_path / "depot")
    assert _queued(story.root, "2026-03-09", capsys) == []
    _replace_iam_proof(story, "2026-03-09")
    findings = [f for f in story.check() if f.rule == "SEG-CYC-027"]
    assert [(f.path.rsplit("/", 1)[-1], f.severity.value) for f in findings] == [
        (IAM_VERDICT, "warning")
    ]
    assert "contenu modifié le 09/03/2026" in findings[0].message
    # The state: no convention on a stale verdict; the ANS instructs the chapter again.
    analysis = story.analyse("2026-03-10")
    assert analysis.cycle.etat is Etat.EN_INSTRUCTION
    assert analysis.cycle.a_qui == "ANS"
    assert "Instruire à nouveau le chapitre SSI/IAM" in analysis.cycle.prochaine_action
    assert not analysis.progress.conforme("SSI/IAM", analysis.facts)
    assert any(
        "verdict périmé sur SSI/IAM" in p
        for p in analysis.progress.convention_blockers(analysis.facts)
    )
    # `segur status` shows it.
    args = ["--repo", str(story.root), "status", story.dossier, "--today", "2026-03-10"]
    assert main(args) == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "verdict périmé (contenu modifié le 09/03/2026)" in shown
    assert "Instruire à nouveau le chapitre SSI/IAM" in shown
    # The queue lists it again, received on the day its content changed.
    assert _queued(story.root, "2026-03-10", capsys) == [("SSI/IAM", "2026-03-09")]
    # An attribution on the stale verdict: SEG-CYC-008 (and the signature, SEG-CYC-006).
    story.events("2026-03-16", {"2026-03-16-signature-editeur.yaml": SIGNATURE_EDITEUR})
    story.events("2026-03-17", {"2026-03-17-decision-college.yaml": decision("2026-03-17")})
    rules = _rules(story)
    assert ("SEG-CYC-008", "2026-03-17-decision-college.yaml") in rules
    assert ("SEG-CYC-006", "2026-03-16-signature-editeur.yaml") in rules


def test_a_new_verdict_on_the_new_content_settles_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = _judged(tmp_path / "depot")
    _replace_iam_proof(story, "2026-03-09")
    digest = manifest_digest(story.folder / "preuves/SSI-IAM/preuves.yaml", "SSI/IAM")
    story.events(
        "2026-03-10",
        {"2026-03-10-verdict-ssi-iam.yaml": verdict("SSI/IAM", empreinte=digest)},
    )
    assert _rules(story) == []
    assert story.analyse("2026-03-10").cycle.etat is Etat.CONFORME
    assert _queued(story.root, "2026-03-10", capsys) == []


def test_a_change_in_a_pull_request_makes_the_verdict_stale(tmp_path: Path) -> None:
    story = _judged(tmp_path / "depot")
    _replace_iam_proof(story, None)  # work tree only
    findings = [f for f in story.check() if f.rule == "SEG-CYC-027"]
    assert [f.path.rsplit("/", 1)[-1] for f in findings] == [IAM_VERDICT]
    assert "pas encore sur main" in findings[0].message


# -- frozen candidatures ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decided(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """Referencing attributed by the collège on 24 March 2026."""
    story = admitted(tmp_path_factory.mktemp("decidee") / "depot")
    to_the_college(story)
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": decision("2026-03-24")})
    return story


def _candidature(story: Story) -> dict[str, object]:
    data = yaml.safe_load((story.folder / "candidature.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _write_candidature(story: Story, data: dict[str, object]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _frozen(story: Story) -> list[str]:
    return sorted(f.path.split("/", 3)[-1] for f in story.check() if f.rule == "SEG-CYC-028")


def test_a_decided_candidature_is_clean_as_decided(decided: Story, tmp_path: Path) -> None:
    assert _frozen(decided.clone(tmp_path / "copie")) == []


def test_a_new_technical_version_after_the_decision_is_an_error(
    decided: Story, tmp_path: Path
) -> None:
    story = decided.clone(tmp_path / "copie")
    data = _candidature(story)
    solution = data["solution"]
    assert isinstance(solution, dict)
    solution["version_technique"] = "9.9"
    story.files("2026-03-30", {"candidature.yaml": _write_candidature(story, data)})
    assert _frozen(story) == ["candidature.yaml"]
    finding = next(f for f in story.check() if f.rule == "SEG-CYC-028")
    assert "candidature décidée le 24/03/2026 : figée (§3.5.1" in finding.message
    assert "une nouvelle version est une nouvelle candidature" in finding.message


def test_a_proof_replaced_after_the_decision_is_an_error(decided: Story, tmp_path: Path) -> None:
    story = decided.clone(tmp_path / "copie")
    _replace_iam_proof(story, "2026-03-30")
    assert _frozen(story) == ["preuves/SSI-IAM/iam.pdf", "preuves/SSI-IAM/preuves.yaml"]


def test_a_change_in_the_work_tree_after_the_decision_is_an_error(
    decided: Story, tmp_path: Path
) -> None:
    story = decided.clone(tmp_path / "copie")
    _replace_iam_proof(story, None)
    data = _candidature(story)
    version = data["version_candidate"]
    assert isinstance(version, dict)
    version["denomination_commerciale"] = "Autre nom"
    (story.folder / "candidature.yaml").write_text(_write_candidature(story, data))
    assert _frozen(story) == [
        "candidature.yaml",
        "preuves/SSI-IAM/iam.pdf",
        "preuves/SSI-IAM/preuves.yaml",
    ]


def test_contact_data_may_still_change_after_the_decision(decided: Story, tmp_path: Path) -> None:
    story = decided.clone(tmp_path / "copie")
    data = _candidature(story)
    editeur = data["editeur"]
    assert isinstance(editeur, dict) and isinstance(editeur["contact_referencement"], dict)
    editeur["contact_referencement"]["telephone"] = "+33 1 98 76 54 32"
    story.files("2026-03-30", {"candidature.yaml": _write_candidature(story, data)})
    editeur["contact_referencement"]["telephone"] = "+33 1 11 22 33 44"
    (story.folder / "candidature.yaml").write_text(_write_candidature(story, data))
    assert _frozen(story) == []


def test_changes_before_the_decision_are_not_frozen(tmp_path: Path) -> None:
    # The proof replaced and judged again before the collège: nothing is frozen yet.
    story = _judged(tmp_path / "depot")
    _replace_iam_proof(story, "2026-03-09")
    digest = manifest_digest(story.folder / "preuves/SSI-IAM/preuves.yaml", "SSI/IAM")
    story.events(
        "2026-03-10", {"2026-03-10-verdict-ssi-iam.yaml": verdict("SSI/IAM", empreinte=digest)}
    )
    story.events("2026-03-16", {"2026-03-16-signature-editeur.yaml": SIGNATURE_EDITEUR})
    story.events("2026-03-17", {"2026-03-17-decision-college.yaml": decision("2026-03-17")})
    assert _rules(story) == []

"""The gates of the procedure on real git histories: the administrative validation before any
judgement (§3), a failed INS test day that blocks the INS chapter until a new one succeeds
(§3.4), the order of the acts of one day, and a non-conforme audit that calls for a next action
(§3.1.3)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lifecycle_scenarios import failed_ins_day, ins_day, ins_outcome
from lifecycle_support import (
    SIGNATURE_ANS,
    SIGNATURE_EDITEUR,
    Story,
    admitted,
    all_verdicts,
    decision,
    event,
    to_the_college,
    verdict,
)
from segur.check.run import run as check_run
from segur.cli import main
from segur.lifecycle.analysis import Etat
from segur.repository.paths import Repository


@pytest.fixture(scope="module")
def base_ins(tmp_path_factory: pytest.TempPathFactory) -> Story:
    """Deposited on 2 March, validated on the 4th, every chapter complete on the 5th; an
    editor not referenced in vague 1 (the INS test day applies)."""
    return admitted(tmp_path_factory.mktemp("base-ins") / "depot")


def _gated(story: Story) -> set[str]:
    return {Path(f.path).name for f in story.check() if f.rule == "SEG-CYC-030"}


def test_no_judgement_signature_or_decision_before_the_validation(tmp_path: Path) -> None:
    story = Story(tmp_path / "depot", vague_1=True)
    story.admin("2026-03-02")
    story.chapters("2026-03-03")
    verdicts = all_verdicts("2026-03-04")
    story.events("2026-03-04", verdicts)
    story.events("2026-03-09", {"2026-03-09-signature-editeur.yaml": SIGNATURE_EDITEUR})
    story.events("2026-03-10", {"2026-03-10-decision-college.yaml": decision("2026-03-10")})
    assert _gated(story) == {
        *verdicts,
        "2026-03-09-signature-editeur.yaml",
        "2026-03-10-decision-college.yaml",
    }


def test_a_validation_that_arrives_later_does_not_open_the_gate(tmp_path: Path) -> None:
    """Arrival order decides: the validation merged after the verdict does not cover it."""
    story = Story(tmp_path / "depot", vague_1=True)
    story.admin("2026-03-02")
    story.chapters("2026-03-03")
    story.events("2026-03-04", {"2026-03-04-verdict-mss.yaml": verdict("MSS")})
    validation = event("validation-administrative", resultat="acceptee")
    story.events("2026-03-05", {"2026-03-05-validation-administrative.yaml": validation})
    assert _gated(story) == {"2026-03-04-verdict-mss.yaml"}
    later = story.clone(tmp_path / "suite")
    later.events("2026-03-06", {"2026-03-06-verdict-apcv.yaml": verdict("APCV")})
    assert _gated(later) == {"2026-03-04-verdict-mss.yaml"}


def test_a_request_for_a_complement_is_not_a_validation(tmp_path: Path) -> None:
    story = Story(tmp_path / "depot", vague_1=True)
    story.admin("2026-03-02")
    request = event("validation-administrative", resultat="complement-demande", message="?")
    story.events("2026-03-03", {"2026-03-03-validation-administrative.yaml": request})
    story.chapters("2026-03-04")
    story.events("2026-03-05", {"2026-03-05-verdict-mss.yaml": verdict("MSS")})
    assert _gated(story) == {"2026-03-05-verdict-mss.yaml"}


def _ins_then_verdict(story: Story, one_commit: bool) -> None:
    """The INS test day on 16 March; its result and the INS verdict both recorded on the 17th,
    in one merge or in two (result first)."""
    ins_day(story, "2026-03-09", "2026-03-16")
    result = {"2026-03-17-ins-resultat.yaml": ins_outcome("conforme")}
    verdicts = {"2026-03-17-verdict-ins.yaml": verdict("INS")}
    if one_commit:
        story.events("2026-03-17", {**result, **verdicts})
    else:
        story.events("2026-03-17", result)
        story.events("2026-03-17", verdicts)


@pytest.mark.parametrize("one_commit", [True, False], ids=["une fusion", "deux fusions"])
def test_a_result_and_its_verdict_of_the_same_day_replay_in_order(
    base_ins: Story, tmp_path: Path, one_commit: bool
) -> None:
    story = base_ins.clone(tmp_path / "depot")
    _ins_then_verdict(story, one_commit)
    assert story.check() == []
    analysis = story.analyse("2026-03-17")
    assert analysis.progress.conforme("INS", analysis.facts)
    assert "INS" not in analysis.cycle.prochaine_action


def test_a_result_and_its_verdict_of_the_same_day_replay_in_order_outside_git(
    base_ins: Story, tmp_path: Path
) -> None:
    story = base_ins.clone(tmp_path / "depot")
    _ins_then_verdict(story, one_commit=True)
    copy = story.copy_without_git(tmp_path / "copie")
    cycle = [f for f in check_run(Repository(copy)) if f.rule.startswith("SEG-CYC-")]
    assert cycle == []


def test_decision_signature_and_notification_of_one_day_in_one_merge(
    base_ins: Story, tmp_path: Path
) -> None:
    story = base_ins.clone(tmp_path / "depot")
    to_the_college(story)
    name = "2026-03-24-decision-college.yaml"
    notification = event(
        "notification",
        evenement=name,
        destinataires=["paul.modele@example.fr"],
        objet="Référencement Ségur DPI : attribution du référencement",
        envoi=dt.datetime(2026, 3, 24, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    )
    story.events(
        "2026-03-24",
        {
            # File names in reverse alphabetical order of the procedure's order.
            "2026-03-24-notification.yaml": notification,
            "2026-03-24-signature-ans.yaml": SIGNATURE_ANS,
            name: decision("2026-03-24"),
        },
    )
    assert story.check() == []
    assert story.analyse("2026-03-24").cycle.etat is Etat.REFERENCEE


def test_a_failed_ins_test_day_blocks_the_chapter_until_a_new_one(
    base_ins: Story, tmp_path: Path
) -> None:
    story = base_ins.clone(tmp_path / "depot")
    failed_ins_day(story)
    others = {k: v for k, v in all_verdicts("2026-03-12").items() if "-ins" not in k}
    story.events("2026-03-12", others)
    analysis = story.analyse("2026-03-12")
    blockers = analysis.progress.convention_blockers(analysis.facts)
    assert any("journée de test INS non conforme" in b for b in blockers)
    cycle = analysis.cycle
    assert (cycle.etat, cycle.a_qui) == (Etat.INS_A_PLANIFIER, "ANS")
    assert "Proposer une nouvelle date de journée de test INS" in cycle.prochaine_action
    assert "11/03/2026" in cycle.prochaine_action
    # The editor cannot sign yet: the INS chapter has no conforme test day.
    early = story.clone(tmp_path / "tot")
    early.events("2026-03-13", {"2026-03-13-signature-editeur.yaml": SIGNATURE_EDITEUR})
    assert {f.rule for f in early.check()} == {"SEG-CYC-006"}
    # A new test day, then a conforme result: the INS chapter is judged, the editor signs.
    ins_day(story, "2026-03-13", "2026-03-20")
    assert story.analyse("2026-03-16").cycle.etat is Etat.INS_PLANIFIEE
    story.events("2026-03-23", {"2026-03-23-ins-resultat.yaml": ins_outcome("conforme")})
    story.events("2026-03-24", {"2026-03-24-verdict-ins.yaml": verdict("INS")})
    story.events("2026-03-25", {"2026-03-25-signature-editeur.yaml": SIGNATURE_EDITEUR})
    assert story.check() == []
    assert story.analyse("2026-03-25").cycle.etat is Etat.CONVENTION_SIGNEE


def test_the_deadlines_list_the_new_test_day_to_propose(
    base_ins: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = base_ins.clone(tmp_path / "depot")
    failed_ins_day(story)

    def ins_actions(today: str) -> list[tuple[str, str]]:
        args = ["--repo", str(story.root), "deadlines", "--today", today, "--format", "json"]
        assert main(args) == 0
        items = json.loads(capsys.readouterr().out)["echeances"]
        return [(i["action"], i["a_qui"]) for i in items if "INS" in i["action"]]

    assert ins_actions("2026-03-12") == [
        (
            "Proposer une nouvelle date de journée de test INS (celle dont le résultat a été "
            "consigné le 11/03/2026 est non conforme)",
            "ANS",
        )
    ]
    proposal = event("ins-proposition", date_proposee=dt.date(2026, 3, 20))
    story.events("2026-03-12", {"2026-03-12-ins-proposition.yaml": proposal})
    assert ins_actions("2026-03-12") == [
        ("Confirmer la journée de test INS proposée pour le 20/03/2026", "éditeur")
    ]


def test_a_new_proposal_after_a_failed_day_is_to_be_confirmed(
    base_ins: Story, tmp_path: Path
) -> None:
    story = base_ins.clone(tmp_path / "depot")
    failed_ins_day(story)
    proposal = event("ins-proposition", date_proposee=dt.date(2026, 3, 20))
    story.events("2026-03-12", {"2026-03-12-ins-proposition.yaml": proposal})
    cycle = story.analyse("2026-03-12").cycle
    assert (cycle.etat, cycle.a_qui) == (Etat.INS_A_PLANIFIER, "éditeur")
    assert "Confirmer la date de journée de test INS proposée par l'ANS : 20/03/2026" in (
        cycle.prochaine_action
    )


@pytest.fixture(scope="module")
def referenced(tmp_path_factory: pytest.TempPathFactory) -> Story:
    story = admitted(tmp_path_factory.mktemp("reference") / "depot")
    to_the_college(story)
    name = "2026-03-24-decision-college.yaml"
    story.events("2026-03-24", {name: decision("2026-03-24")})
    story.events("2026-03-25", {"2026-03-25-signature-ans.yaml": SIGNATURE_ANS})
    notification = event(
        "notification",
        evenement=name,
        destinataires=["paul.modele@example.fr"],
        objet="Référencement Ségur DPI : attribution du référencement",
        envoi=dt.datetime(2026, 3, 26, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    )
    story.events("2026-03-26", {"2026-03-26-notification.yaml": notification})
    return story


def test_a_non_conforme_audit_calls_for_the_college(
    referenced: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = referenced.clone(tmp_path / "depot")
    audit = event("audit", version="5.10", resultat="non-conforme", constats=["Écart."])
    story.events("2026-04-01", {"2026-04-01-audit.yaml": audit})
    assert story.check() == []
    cycle = story.analyse("2026-04-01").cycle
    assert (cycle.etat, cycle.a_qui) == (Etat.REFERENCEE, "ANS")
    assert cycle.prochaine_action.startswith("Audit non conforme le 01/04/2026")
    assert "convention de référencement (§3.1.3)" in cycle.prochaine_action
    assert main(["--repo", str(story.root), "status", str(story.folder)]) == 0
    assert "Audit non conforme le 01/04/2026" in capsys.readouterr().out
    # A later conforme audit closes the matter.
    again = event("audit", version="5.10", resultat="conforme")
    story.events("2026-05-06", {"2026-05-06-audit.yaml": again})
    assert story.analyse("2026-05-06").cycle.prochaine_action.startswith("Aucune")


def test_an_audit_names_the_referenced_version(referenced: Story, tmp_path: Path) -> None:
    story = referenced.clone(tmp_path / "depot")
    audit = event("audit", version="5.9", resultat="conforme")
    story.events("2026-04-01", {"2026-04-01-audit.yaml": audit})
    (finding,) = story.check()
    assert (finding.rule, finding.line) == ("SEG-CYC-032", 2)
    assert "audit de la version 5.9" in finding.message
    assert "version technique 5.10" in finding.message

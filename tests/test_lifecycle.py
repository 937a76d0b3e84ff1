"""The state machine on real git histories: every state is reached, derived from the files, the
journal and the arrival of each file on main; and the same states outside git."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lifecycle_support import (
    SIGNATURE_ANS,
    Story,
    admitted,
    all_verdicts,
    chapter_digest,
    decision,
    event,
    to_the_college,
)
from segur.cli import main
from segur.lifecycle.analysis import Etat, attestation_number, derive_all
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository

NOTIFICATION = event(
    "notification",
    evenement="2026-03-24-decision-college.yaml",
    destinataires=["paul.modele@example.fr"],
    objet="Référencement Ségur DPI : attribution du référencement - Exemple DPI 5.10",
    pieces_jointes=[],
    envoi=dt.datetime(2026, 3, 26, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
)


@pytest.fixture(scope="module")
def referenced(tmp_path_factory: pytest.TempPathFactory) -> Story:
    story = admitted(tmp_path_factory.mktemp("reference") / "depot")
    to_the_college(story)
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": decision("2026-03-24")})
    story.events("2026-03-25", {"2026-03-25-signature-ans.yaml": SIGNATURE_ANS})
    story.events("2026-03-26", {"2026-03-26-notification.yaml": NOTIFICATION})
    return story


DAYS = [
    ("2026-03-01", Etat.BROUILLON, "éditeur", "Déposer le dossier administratif"),
    ("2026-03-02", Etat.DEPOSE, "ANS", "Valider le dossier administratif"),
    ("2026-03-04", Etat.EN_INSTRUCTION, "éditeur", "Déposer les chapitres de preuves restants"),
    ("2026-03-05", Etat.INS_A_PLANIFIER, "ANS", "au plus tard le 19/03/2026"),
    ("2026-03-09", Etat.INS_A_PLANIFIER, "éditeur", "Confirmer la date"),
    ("2026-03-10", Etat.INS_PLANIFIEE, "éditeur", "Organiser la journée de test INS du 16/03"),
    ("2026-03-16", Etat.INS_PLANIFIEE, "éditeur", "enregistrement vidéo"),
    ("2026-03-17", Etat.EN_INSTRUCTION, "ANS", "file d'attente : APCV, INS, MSS"),
    ("2026-03-18", Etat.CONFORME, "éditeur", "Signer la convention"),
    ("2026-03-23", Etat.CONVENTION_SIGNEE, "ANS", "collège technique du 24/03/2026"),
    ("2026-03-24", Etat.ATTRIBUEE, "ANS", "direction de l'ANS"),
    ("2026-03-25", Etat.REFERENCEE, "ANS", "Notifier l'éditeur"),
    ("2026-03-26", Etat.REFERENCEE, None, "Aucune"),
]


@pytest.mark.parametrize(("day", "etat", "side", "action"), DAYS)
def test_each_day_of_one_history_has_its_state(
    referenced: Story, day: str, etat: Etat, side: str | None, action: str
) -> None:
    analysis = referenced.analyse(day)
    assert analysis.findings == ()
    cycle = analysis.cycle
    assert (cycle.etat, cycle.a_qui) == (etat, side)
    assert action in cycle.prochaine_action
    assert cycle.chronologie == "git"


def test_a_referenced_cycle_has_every_public_field(referenced: Story) -> None:
    cycle = referenced.analyse("2026-03-26").cycle
    assert cycle.dossier == "dossiers/editeur-a/dpi-1"
    assert (cycle.editeur, cycle.candidature, cycle.dispositif) == ("editeur-a", "dpi-1", "DPI")
    assert cycle.date_depot_complet == dt.date(2026, 3, 5)
    assert cycle.date_decision == dt.date(2026, 3, 24)
    assert cycle.date_signature == dt.date(2026, 3, 25)  # the later of the two signatures
    assert cycle.fin_convention == dt.date(2029, 3, 25)  # 36 months (REM header)
    assert cycle.numero_attestation == attestation_number(
        "DPI", dt.date(2026, 3, 24), "dossiers/editeur-a/dpi-1"
    )
    assert cycle.numero_attestation.startswith("SEGUR-DPI-20260324-")
    assert (cycle.en_cours, cycle.reference) == (False, True)
    assert (cycle.solution, cycle.version_technique) == ("Exemple DPI", "5.10")


def test_in_progress_flags_follow_the_state(referenced: Story) -> None:
    flags = {
        day: (c.en_cours, c.reference)
        for day in ("2026-03-01", "2026-03-02", "2026-03-24", "2026-03-26")
        for c in [referenced.analyse(day).cycle]
    }
    assert flags == {
        "2026-03-01": (False, False),  # a draft is not a candidate yet
        "2026-03-02": (True, False),
        "2026-03-24": (True, False),  # attributed, not signed by ANS: still in progress
        "2026-03-26": (False, True),
    }


def test_derive_all_is_the_public_api(referenced: Story) -> None:
    repo = Repository(referenced.root)
    catalogue, _ = load_catalogue(repo.rem_dir, repo.root)
    (cycle,) = derive_all(repo, catalogue, dt.date(2026, 3, 26))
    assert cycle == referenced.analyse("2026-03-26").cycle


def _solicited(root: Path, reply_day: str | None) -> Story:
    story = Story(root)
    story.admin("2026-03-02")
    # Tuesday 3 March: the 5 jours ouvrés are 4, 5, 6, 9 and 10 March (the 3rd does not count).
    story.events(
        "2026-03-03",
        {"2026-03-03-sollicitation.yaml": event("sollicitation", message="Mandat non signé")},
    )
    if reply_day:
        reply = event("reponse", sollicitation="2026-03-03-sollicitation.yaml", message="Voilà")
        story.events(reply_day, {f"{reply_day}-reponse.yaml": reply})
    return story


def test_an_unanswered_solicitation_rejects_the_day_after_the_5th_jour_ouvre(
    tmp_path: Path,
) -> None:
    story = _solicited(tmp_path / "depot", None)
    on_deadline = story.analyse("2026-03-10").cycle
    assert on_deadline.etat is Etat.SOUS_SOLLICITATION and on_deadline.a_qui == "éditeur"
    assert "au plus tard le 10/03/2026" in on_deadline.prochaine_action
    rejected = story.analyse("2026-03-11").cycle
    assert (rejected.etat, rejected.a_qui, rejected.en_cours) == (Etat.REJETEE, None, False)
    assert "restée sans réponse au 10/03/2026" in rejected.prochaine_action


def test_an_answer_on_the_last_day_is_in_time(tmp_path: Path) -> None:
    story = _solicited(tmp_path / "depot", "2026-03-10")
    assert story.analyse("2026-03-20").cycle.etat is Etat.DEPOSE
    assert story.check() == []


def test_a_late_answer_does_not_save_the_candidature(tmp_path: Path) -> None:
    story = _solicited(tmp_path / "depot", "2026-03-11")
    assert story.analyse("2026-03-20").cycle.etat is Etat.REJETEE
    # The late reply itself: SEG-CYC-024 (not also SEG-CYC-017, one fact, one finding).
    assert [f.rule for f in story.check()] == ["SEG-CYC-024"]


def test_a_solicitation_merged_late_counts_from_its_arrival(tmp_path: Path) -> None:
    story = Story(tmp_path / "depot")
    story.admin("2026-03-02")
    # Dated Tuesday 3 March, merged only on Thursday 5: the editor sees it on the 5th.
    story.events(
        "2026-03-05", {"2026-03-03-sollicitation.yaml": event("sollicitation", message="?")}
    )
    assert "au plus tard le 12/03/2026" in story.analyse("2026-03-05").cycle.prochaine_action
    assert story.analyse("2026-03-12").cycle.etat is Etat.SOUS_SOLLICITATION
    assert story.analyse("2026-03-13").cycle.etat is Etat.REJETEE


def test_a_refusal_states_its_reasons(tmp_path: Path) -> None:
    story = admitted(tmp_path / "depot")
    to_the_college(story)
    motifs = ["La version commercialisée n'est pas la version candidate."]
    story.events(
        "2026-03-24",
        {"2026-03-24-decision-college.yaml": decision("2026-03-24", "reserves-bloquantes", motifs)},
    )
    cycle = story.analyse("2026-03-24").cycle
    assert (cycle.etat, cycle.a_qui) == (Etat.REFUSEE, "ANS")  # to notify, with the reasons
    assert (cycle.en_cours, cycle.reference, cycle.numero_attestation) == (False, False, None)
    assert story.check() == []


def test_an_editor_referenced_in_vague_1_has_no_ins_test_day(tmp_path: Path) -> None:
    story = admitted(tmp_path / "depot", vague_1=True)
    assert story.analyse("2026-03-05").cycle.etat is Etat.EN_INSTRUCTION
    story.events("2026-03-06", all_verdicts("2026-03-06"))
    assert story.analyse("2026-03-06").cycle.etat is Etat.CONFORME
    assert story.check() == []


def test_a_provisional_cnda_attestation_holds_the_convention(tmp_path: Path) -> None:
    story = Story(tmp_path / "depot", vague_1=True)
    story.admin("2026-03-02")
    story.events("2026-03-04", {"2026-03-04-validation-administrative.yaml": _validation()})
    story.chapters("2026-03-05", nature="pre-examen")
    story.events("2026-03-06", all_verdicts("2026-03-06", nature="pre-examen"))
    cycle = story.analyse("2026-03-06").cycle
    assert (cycle.etat, cycle.a_qui) == (Etat.EN_INSTRUCTION, "éditeur")
    assert "attestation d'homologation CNDA définitive" in cycle.prochaine_action


def _validation() -> str:
    return event("validation-administrative", resultat="acceptee")


def test_a_non_conforming_chapter_goes_back_to_the_editor(tmp_path: Path) -> None:
    story = admitted(tmp_path / "depot", vague_1=True)
    story.events("2026-03-06", all_verdicts("2026-03-06", non_conformes=("MSS.01",)))
    cycle = story.analyse("2026-03-06").cycle
    assert (cycle.etat, cycle.a_qui) == (Etat.EN_INSTRUCTION, "éditeur")
    assert "Corriger le(s) chapitre(s) non conforme(s) (MSS)" in cycle.prochaine_action
    # A préconisation would not block; an exigence does. A new verdict settles it.
    story.events(
        "2026-03-09",
        {
            "2026-03-09-verdict-mss.yaml": event(
                "verdict",
                chapitre="MSS",
                exigences={"MSS.01": "conforme"},
                empreinte=chapter_digest("MSS"),
            )
        },
    )
    assert story.analyse("2026-03-09").cycle.etat is Etat.CONFORME


def test_events_not_yet_on_main_count_at_their_own_date(tmp_path: Path) -> None:
    story = admitted(tmp_path / "depot", vague_1=True)
    story.events("2026-03-06", all_verdicts("2026-03-06"), merge=False)  # work tree only
    analysis = story.analyse("2026-03-06")
    assert analysis.cycle.etat is Etat.CONFORME
    moments = [analysis.moment(e) for e in analysis.journal.events]
    assert all(m.arrival is None for m in moments if m.day == dt.date(2026, 3, 6))
    # The validation is on main: its arrival is known and it comes first.
    assert sorted(moments, key=lambda m: m.order)[0].arrival == dt.date(2026, 3, 4)
    assert story.analyse("2026-03-05").cycle.etat is Etat.EN_INSTRUCTION


def test_outside_git_the_dates_of_the_events_decide(referenced: Story, tmp_path: Path) -> None:
    copy = referenced.copy_without_git(tmp_path / "copie")
    for day, etat, side, _ in DAYS[3:]:
        cycle = referenced.analyse(day, root=copy).cycle
        assert (cycle.etat, cycle.a_qui) == (etat, side), day
        assert cycle.chronologie == "dates"
    # Outside git nothing says when the files were deposited: complete files count as
    # deposited before the first event, at an unknown date.
    assert referenced.analyse("2026-03-01", root=copy).cycle.etat is Etat.DEPOSE
    early = referenced.analyse("2026-03-04", root=copy).cycle
    assert early.etat is Etat.INS_A_PLANIFIER
    assert "au plus tard" not in early.prochaine_action  # no date to count from
    assert referenced.analyse("2026-03-26", root=copy).cycle.date_depot_complet is None


def test_status_shows_the_state_the_next_action_and_the_logo(
    referenced: Story, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(referenced.root)
    args = ["--repo", root, "status", referenced.dossier, "--today", "2026-03-26"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "État : référencée" in out
    assert "Logo de référencement utilisable du 25/03/2026 au 25/03/2029" in out
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cycle"]["etat"] == "référencée"
    assert data["cycle"]["logo"] == {"debut": "2026-03-25", "fin": "2029-03-25"}
    assert main(["--repo", root, "status", "--today", "2026-03-10"]) == 0
    assert "journée de test INS planifiée" in capsys.readouterr().out

"""The embedded examples show every state of the lifecycle, from the work tree, from a fresh
clone (where every example arrived in one commit) and outside git; and the lifecycle's
documentation, event models and schema stay in sync with the code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gitrepo import GitRepo
from segur.authoring.schemas import render_all
from segur.cli import main
from segur.lifecycle.analysis import TRANSITIONS, Etat
from segur.model.evenements import EVENT_MODELS
from segur.model.journal import EVENT_OWNERS
from segur.publication.cycle_doc import generated_block
from segur.repository.paths import default_root

ROOT = default_root()
STATES_ON_28_NOVEMBER = {
    "exemple-biologie-systemes/sgl-8-1": Etat.BROUILLON,
    "exemple-teleradiologie-sud/db-3-1": Etat.DEPOSE,
    "exemple-radiologie-conseil/ris-2024-2": Etat.SOUS_SOLLICITATION,
    "exemple-logiciels-oublies/db-0-9": Etat.REJETEE,
    "exemple-sante-logiciels/dpi-5-3": Etat.EN_INSTRUCTION,
    "exemple-plateforme-sante/pfi-1-4": Etat.INS_A_PLANIFIER,
    "exemple-messagerie-citoyenne/pfi-2-0": Etat.INS_PLANIFIEE,
    "exemple-imagerie-ouest/db-1-2": Etat.CONFORME,
    "exemple-partage-images/db-4-0": Etat.CONVENTION_SIGNEE,
    "exemple-cabinet-numerique/lgc-3-0-1": Etat.REFUSEE,
    "exemple-imagerie-nord/db-2-5": Etat.ATTRIBUEE,
    "exemple-sante-logiciels/dpi-5-2": Etat.REFERENCEE,
}


def _states(root: Path, today: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["--repo", str(root), "status", "--today", today, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return {d["dossier"].removeprefix("dossiers/"): d["cycle"]["etat"] for d in data}


def test_the_examples_show_every_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert set(STATES_ON_28_NOVEMBER.values()) == set(Etat)
    assert _states(ROOT, "2026-11-28", capsys) == {
        k: v.value for k, v in STATES_ON_28_NOVEMBER.items()
    }


def _copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("rem", "dossiers"):
        shutil.copytree(ROOT / name, target / name)
    return target


def test_the_same_states_from_a_fresh_clone_and_outside_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = {k: v.value for k, v in STATES_ON_28_NOVEMBER.items()}
    plain = _copy(tmp_path / "copie")
    assert _states(plain, "2026-11-28", capsys) == expected
    # Every example arrives in one commit, on the day of the fiction's "today".
    origin = GitRepo.create(_copy(tmp_path / "origine"))
    origin.commit("exemples", date="2026-11-28T04:00:00+01:00")
    clone = origin.clone(tmp_path / "clone")
    assert _states(clone.root, "2026-11-28", capsys) == expected
    assert main(["--repo", str(clone.root), "status", "--today", "2026-12-24"]) == 0
    assert "exemple-partage-images/db-4-0" in capsys.readouterr().out


def test_the_examples_move_on_by_christmas(capsys: pytest.CaptureFixture[str]) -> None:
    states = _states(ROOT, "2026-12-24", capsys)
    assert states["exemple-teleradiologie-sud/db-3-1"] == Etat.SOUS_SOLLICITATION.value
    assert states["exemple-radiologie-conseil/ris-2024-2"] == Etat.INS_A_PLANIFIER.value
    assert states["exemple-partage-images/db-4-0"] == Etat.REFERENCEE.value


def test_the_queue_of_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--repo", str(ROOT), "queue", "--today", "2026-11-28", "--format", "json"]
    assert main(args) == 0
    queue = [
        (e["dossier"].split("/", 1)[1], e["chapitre"]) for e in json.loads(capsys.readouterr().out)
    ]
    dossiers = {d for d, _ in queue}
    # Closed candidatures and chapters with a verdict are out; the oldest arrival is first.
    assert not dossiers & {"exemple-cabinet-numerique/lgc-3-0-1", "exemple-sante-logiciels/dpi-5-2"}
    assert ("exemple-sante-logiciels/dpi-5-3", "INS") not in queue
    assert queue[0][0] == "exemple-sante-logiciels/dpi-5-3"
    assert queue[-1][0] == "exemple-radiologie-conseil/ris-2024-2"


def test_documentation_of_the_states_is_generated_from_the_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = (ROOT / "docs" / "cycle-de-vie.md").read_text(encoding="utf-8")
    assert generated_block() in text, "régénérez : segur etats --doc docs/cycle-de-vie.md"
    assert main(["etats"]) == 0
    out = capsys.readouterr().out
    assert "stateDiagram-v2" in out and "SEG-CYC-009" in out
    reached = {t for s, t, _ in TRANSITIONS} | {s for s, _, _ in TRANSITIONS}
    assert reached - {None} == set(Etat)


def test_event_models_cover_every_journal_type() -> None:
    assert set(EVENT_MODELS) == set(EVENT_OWNERS)
    schema = json.loads(render_all()["evenement.schema.json"])
    assert set(schema["discriminator"]["mapping"]) == set(EVENT_OWNERS)
    decision = schema["$defs"]["DecisionCollege"]
    assert decision["then"] == {"required": ["motifs"], "properties": {"motifs": {"minItems": 1}}}

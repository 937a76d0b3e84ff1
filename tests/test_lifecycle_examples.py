"""The examples show every state of the lifecycle on the demo repository (`segur exemples
--depot`), and only because of its dated history: the same files with another history give other
states. The lifecycle's documentation, event models and schema stay in sync with the code."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from demo_support import build_demo
from gitrepo import GitRepo
from segur.authoring.schemas import render_all
from segur.cli import main
from segur.examples.generator import example_tree
from segur.examples.history import EXAMPLES_GUIDE, EXAMPLES_GUIDE_PATH
from segur.lifecycle.analysis import TRANSITIONS, Etat
from segur.lifecycle.calendar import PARIS
from segur.model.evenements import EVENT_MODELS
from segur.model.journal import EVENT_OWNERS
from segur.publication.cycle_doc import generated_block
from segur.repository.catalogue import load_catalogue
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


def _tree(root: Path) -> str:
    done = subprocess.run(
        ["git", "rev-parse", "HEAD^{tree}"], cwd=root, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_examples_show_every_state(demo_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert set(STATES_ON_28_NOVEMBER.values()) == set(Etat)
    assert _states(demo_repo, "2026-11-28", capsys) == {
        k: v.value for k, v in STATES_ON_28_NOVEMBER.items()
    }


def test_the_demo_repository_holds_the_example_files_on_main(demo_repo: Path) -> None:
    # The work tree is main's last commit, and its dossiers are the generator's examples (with
    # their guide, dossiers/README.md, that comes with the examples' package).
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=demo_repo, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""
    on_main = {
        p.relative_to(demo_repo).as_posix(): p.read_bytes()
        for p in sorted((demo_repo / "dossiers").rglob("*"))
        if p.is_file()
    }
    catalogue, _ = load_catalogue(ROOT / "rem", ROOT)
    expected = {f"dossiers/{path}": data for path, data in example_tree(catalogue).items()}
    expected[EXAMPLES_GUIDE_PATH] = EXAMPLES_GUIDE.read_bytes()
    assert sorted(set(on_main) ^ set(expected)) == []  # no missing, no stray file
    assert [path for path, data in expected.items() if on_main[path] != data] == []


def test_the_demo_history_is_deterministic(demo_repo: Path, tmp_path: Path) -> None:
    again = build_demo(tmp_path / "encore")

    def head(root: Path) -> str:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert head(again) == head(demo_repo)


def test_the_examples_move_on_by_christmas(
    demo_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    states = _states(demo_repo, "2026-12-24", capsys)
    assert states["exemple-teleradiologie-sud/db-3-1"] == Etat.SOUS_SOLLICITATION.value
    assert states["exemple-radiologie-conseil/ris-2024-2"] == Etat.INS_A_PLANIFIER.value
    assert states["exemple-partage-images/db-4-0"] == Etat.REFERENCEE.value
    # The draft of 28 November was merged into main (deposited) on 14 December.
    assert states["exemple-biologie-systemes/sgl-8-1"] == Etat.DEPOSE.value


def _queue(root: Path, today: str, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    args = ["--repo", str(root), "queue", "--today", today, "--format", "json"]
    assert main(args) == 0
    return [
        (e["dossier"].split("/", 1)[1], e["chapitre"]) for e in json.loads(capsys.readouterr().out)
    ]


def test_the_queue_of_the_examples(demo_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    queue = _queue(demo_repo, "2026-11-28", capsys)
    dossiers = {d for d, _ in queue}
    # Closed candidatures and chapters with a verdict are out; the oldest arrival is first.
    assert not dossiers & {"exemple-cabinet-numerique/lgc-3-0-1", "exemple-sante-logiciels/dpi-5-2"}
    assert ("exemple-sante-logiciels/dpi-5-3", "INS") not in queue
    assert queue[0][0] == "exemple-sante-logiciels/dpi-5-3"
    assert queue[-7][0] == "exemple-radiologie-conseil/ris-2024-2"
    # Last: db-3-1's chapters whose requirements have no proof in the REM, received with its
    # administrative dossier on 26 November; they are judged like the others.
    assert queue[-5:] == [
        ("exemple-teleradiologie-sud/db-3-1", code)
        for code in ("DB/CS", "DB/SO", "DB/VI-CO", "DB/VI-CS", "DB/VI-SO")
    ]


def _at(day: str, hour: int) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), PARIS)


def test_changing_the_history_changes_the_derived_state(
    demo_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same files, two merges moved: the state, the deadline and the queue follow."""
    solicitation = "journal/exemple-logiciels-oublies/db-0-9/2026-11-10-instructeur"
    proofs = "depot/exemple-sante-logiciels/dpi-5-3/preuves-1"
    moved = build_demo(
        tmp_path / "autre-histoire",
        {
            # The solicitation of 10 November reaches main on 25 November only: the editor's
            # five working days count from then (to 2 December), so it is not rejected yet.
            solicitation: _at("2026-11-25", 16),
            # dpi-5-3's chapters complete on 24 November, after ris-2024-2's (23 November).
            proofs: _at("2026-11-24", 9),
        },
    )
    assert _tree(moved) == _tree(demo_repo)  # the same files
    db_0_9 = "exemple-logiciels-oublies/db-0-9"
    assert _states(demo_repo, "2026-11-28", capsys)[db_0_9] == Etat.REJETEE.value
    assert _states(moved, "2026-11-28", capsys)[db_0_9] == Etat.SOUS_SOLLICITATION.value

    def deadline(root: Path) -> object:
        args = ["--repo", str(root), "deadlines", "--today", "2026-11-28", "--format", "json"]
        assert main(args) == 0
        items = json.loads(capsys.readouterr().out)["echeances"]
        return next(i["echeance"] for i in items if i["dossier"].endswith(db_0_9))

    assert (deadline(demo_repo), deadline(moved)) == ("2026-11-18", "2026-12-02")

    def order(root: Path) -> list[str]:
        """The candidatures in the order of their last chapter in the queue (the first one
        may be a chapter without proofs, received with the administrative dossier)."""
        last = dict.fromkeys(reversed([d for d, _ in _queue(root, "2026-11-28", capsys)]))
        return list(reversed(last))

    ris, dpi = "exemple-radiologie-conseil/ris-2024-2", "exemple-sante-logiciels/dpi-5-3"
    db = "exemple-teleradiologie-sud/db-3-1"  # chapters without proofs, received on the 26th
    before, after = order(demo_repo), order(moved)
    assert before[0] == dpi and before[-2:] == [ris, db]
    assert after[-3:] == [ris, dpi, db]


def test_the_same_files_with_another_history_give_other_states(
    demo_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every example merged in one commit on 28 November, as in the tool's own repository: the
    files are the demo's, the states are not (nothing was deposited before that day)."""
    flat = GitRepo.create(tmp_path / "un-commit")
    files = {
        p.relative_to(demo_repo).as_posix(): p.read_bytes()
        for p in sorted(demo_repo.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(demo_repo).parts
    }
    flat.commit("tous les exemples", files, date="2026-11-28T04:00:00+01:00")
    assert _tree(flat.root) == _tree(demo_repo)
    states = _states(flat.root, "2026-11-28", capsys)
    expected = {k: v.value for k, v in STATES_ON_28_NOVEMBER.items()}
    changed = {k for k in expected if states[k] != expected[k]}
    assert "exemple-logiciels-oublies/db-0-9" in changed  # deposited on the 28th: not rejected
    assert states["exemple-biologie-systemes/sgl-8-1"] == Etat.DEPOSE.value
    # The events merged before their own date are findings of `segur check` (SEG-CYC-012).
    assert main(["--repo", str(flat.root), "check"]) == 1
    assert "SEG-CYC-012" in capsys.readouterr().out


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

"""The SSI questionnaire is required for completeness but informative only: no other rule may
read the answers, and nothing else may depend on them (§2.1 of the procedure)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from adm_support import answers, dump, write_dossier, write_rem
from segur.check import run as check
from segur.repository.paths import Repository
from segur.repository.questionnaire import QuestionnaireError, load_questionnaire

SRC = Path(__file__).resolve().parents[1] / "src" / "segur"
# The only modules allowed to know the answers file: its model, its question set, its
# completeness rules, the dossier checker that runs them, the scaffold and the schema export.
ALLOWED = {
    "model/questionnaire.py",
    "repository/paths.py",  # names the JSON Schema of the file, for the editors' completion
    "repository/questionnaire.py",
    "rules/questionnaire.py",
    "dossier/administratif.py",
    "authoring/scaffold.py",
    # writes the fictitious examples' answers, like the scaffold; never reads any
    "examples/generator.py",
    "examples/synthetic/files.py",  # writes the synthetic dossiers' answers, like the examples
    "authoring/schemas.py",
    "commands/new.py",  # names the file in its closing message
    "lifecycle/history.py",  # dates the first complete administrative dossier: completeness only
}


def _outside_questionnaire(root: Path) -> list[tuple[str, int, str, str]]:
    findings = check.run(Repository(root))
    return [
        (f.path, f.line, f.rule, f.message)
        for f in findings
        if not f.path.endswith("questionnaire-ssi.yaml")
    ]


def _with_every_answer(index: int) -> dict[str, Any]:
    data = answers()
    for question in load_questionnaire().questions:
        data["reponses"][question.id] = question.reponses[index]
    return data


@pytest.mark.parametrize(
    ("other_answers", "complete"),
    [
        (_with_every_answer(-1), True),
        (_with_every_answer(1), True),
        ({"reponses": {"politique-ssi": "non"}}, False),
    ],
    ids=["autres-reponses", "reponses-intermediaires", "incomplet"],
)
def test_changing_answers_changes_no_other_finding(
    tmp_path: Path, other_answers: dict[str, Any], complete: bool
) -> None:
    write_rem(tmp_path)
    folder = write_dossier(tmp_path)
    before = _outside_questionnaire(tmp_path)
    (folder / "questionnaire-ssi.yaml").write_text(dump(other_answers))
    after = _outside_questionnaire(tmp_path)
    assert after == before
    own = [f for f in check.run(Repository(tmp_path)) if f.path.endswith("questionnaire-ssi.yaml")]
    assert (own == []) == complete
    assert all(f.rule == "SEG-ADM-028" for f in own)


def test_no_other_module_reads_the_answers() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if relative in ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = [node.value] if "questionnaire-ssi" in node.value else []
            if any("questionnaire" in name for name in names):
                offenders.append(f"{relative}:{getattr(node, 'lineno', 0)}")
    assert offenders == [], "le questionnaire SSI est informatif : " + ", ".join(offenders)


def test_question_set_is_valid_and_has_unique_ids() -> None:
    questionnaire = load_questionnaire()
    ids = [q.id for q in questionnaire.questions]
    assert 12 <= len(ids) <= 15 and len(set(ids)) == len(ids)
    assert all(len(set(q.reponses)) == len(q.reponses) for q in questionnaire.questions)


def test_broken_question_file_is_an_internal_error(tmp_path: Path) -> None:
    broken = tmp_path / "questionnaire-ssi.yaml"
    broken.write_text("version: '1'\ntitre: T\nquestions:\n  - id: a\n    intitule: A\n")
    with pytest.raises(QuestionnaireError, match="reponses"):
        load_questionnaire(broken)

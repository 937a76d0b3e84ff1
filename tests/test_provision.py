"""Provisioning an editor's dossier repository (`segur.authoring.provision`): a real local git
repository from the template, its CODEOWNERS read the way the forge reads it (the last matching
pattern wins), the central registry appended with its comments kept, the forge settings as data,
and nothing written at all when anything is wrong."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gitrepo import isolated_env
from segur.authoring.dossier_repository import Author, ProvisionError
from segur.authoring.forge_settings import ANS_FILES, CENTRAL_WORKFLOW, VALIDATION_CHECKS
from segur.authoring.provision import provision_editor
from segur.errors import SegurError
from segur.model.access import Grant
from segur.model.journal import EVENT_OWNERS, Role
from segur.model.registry import DEPOT_FILE, REGISTRY_FILE, DepotEditeur
from segur.repository.access import parse_map
from segur.repository.paths import default_root
from segur.repository.registry import load_depot, load_registry

ROOT = default_root()
SLUG = "exemple-sante-logiciels"
URL = f"https://github.com/ans-segur/dossiers-{SLUG}.git"
CENTRAL_URL = "https://github.com/ans-segur/segur.git"
REVISION = "0123456789abcdef0123456789abcdef01234567"
MOMENT = dt.datetime(2026, 8, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
ADMIN = Author("Administratrice du dépôt (ANS)", "admin@example.invalid")
REGISTRY = """\
# Registre des dépôts de dossiers (commentaire d'en-tête, à garder).
organisation: ans-segur
depot_central: ans-segur/segur
# Les dépôts, un par éditeur.
depots: {}
"""


@pytest.fixture(autouse=True)
def _no_machine_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    # provision_editor runs git with the caller's environment (an administrator's identity and
    # settings); the tests run it without the machine's.
    for key, value in isolated_env().items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def central(tmp_path: Path) -> Path:
    """A central checkout: the access map and the template of this one, an empty registry."""
    root = tmp_path / "central"
    root.mkdir()
    shutil.copy(ROOT / "acces.yaml", root / "acces.yaml")
    shutil.copytree(ROOT / "gabarits", root / "gabarits")
    (root / REGISTRY_FILE).write_text(REGISTRY, encoding="utf-8")
    return root


def _provision(central: Path, target: Path, slug: str = SLUG, url: str = URL) -> Path:
    provision_editor(central, slug, url, target, CENTRAL_URL, REVISION, author=ADMIN, moment=MOMENT)
    return target


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=isolated_env(), capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _logins(grant: Grant) -> set[str]:
    carte = parse_map((ROOT / "acces.yaml").read_bytes()).carte
    assert carte is not None
    return {login for login in carte.logins_with(grant) if not login.endswith("[bot]")}


# --- CODEOWNERS as the forge reads it -----------------------------------------------------------


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A CODEOWNERS pattern (gitignore syntax, without negation or character classes)."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    directory = pattern.endswith("/")
    parts: list[str] = []
    index = 0
    while index < len(body):
        if body.startswith("**", index):
            parts.append(".*")
            index += 2
        elif body[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif body[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(body[index]))
            index += 1
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if directory else "(?:/.*)?"
    return re.compile(f"^{prefix}{''.join(parts)}{suffix}$")


def _owners(codeowners: str, path: str) -> set[str]:
    """The owners of `path`: those of the last matching line."""
    owners: set[str] = set()
    for line in codeowners.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, *names = line.split()
        if _pattern_regex(pattern).match(path):
            owners = {name.removeprefix("@") for name in names}
    return owners


# --- the repository -------------------------------------------------------------------------


def test_the_new_repository_holds_the_template_and_one_first_commit(
    central: Path, tmp_path: Path
) -> None:
    target = _provision(central, tmp_path / "dossiers-editeur")
    tracked = set(_git(target, "ls-files").splitlines())
    template = {
        p.relative_to(central / "gabarits" / "depot-dossiers").as_posix()
        for p in (central / "gabarits" / "depot-dossiers").rglob("*")
        if p.is_file()
    }
    assert template <= tracked
    expected = {
        ".gitattributes",
        ".gitignore",
        ".pre-commit-config.yaml",
        "README.md",
        DEPOT_FILE,
        ".github/CODEOWNERS",
        f"dossiers/{SLUG}/.gitkeep",
    }
    assert expected <= tracked
    assert tracked - template - expected == set()
    assert _git(target, "rev-list", "--count", "HEAD") == "1"
    assert _git(target, "branch", "--show-current") == "main"
    assert _git(target, "status", "--porcelain") == ""
    assert _git(target, "log", "-1", "--format=%an <%ae>|%aI|%cI") == (
        f"{ADMIN.name} <{ADMIN.email}>|2026-08-03T09:00:00+02:00|2026-08-03T09:00:00+02:00"
    )
    # Every placeholder of the template is filled in.
    for path in tracked:
        data = (target / path).read_bytes()
        assert not re.search(rb"(?<!\$)\{\{", data), path
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert SLUG in readme and CENTRAL_URL in readme and REVISION in readme
    hooks = (target / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"repo: {CENTRAL_URL}" in hooks and f"rev: {REVISION}" in hooks
    assert "id: segur-check" in hooks


def test_depot_yaml_pins_the_central_revision(central: Path, tmp_path: Path) -> None:
    target = _provision(central, tmp_path / "dossiers-editeur")
    loaded = load_depot(target)
    assert loaded.findings == []
    assert loaded.depot == DepotEditeur.model_validate(
        {"editeur": SLUG, "central": {"url": CENTRAL_URL, "revision": REVISION}}
    )


def test_the_caller_workflow_is_pinned_to_the_central_revision(
    central: Path, tmp_path: Path
) -> None:
    workflows = central / "gabarits" / "depot-dossiers" / ".github" / "workflows"
    workflows.mkdir(parents=True, exist_ok=True)
    (workflows / "validation.yml").write_text(
        "jobs:\n  validation:\n    uses: ans-segur/segur/"
        f"{CENTRAL_WORKFLOW}@{'0' * 40} # révision du dépôt central\n",
        encoding="utf-8",
    )
    target = _provision(central, tmp_path / "dossiers-editeur")
    text = (target / ".github" / "workflows" / "validation.yml").read_text(encoding="utf-8")
    assert f"uses: ans-segur/segur/{CENTRAL_WORKFLOW}@{REVISION}" in text
    assert "0" * 40 not in text


# --- CODEOWNERS -------------------------------------------------------------------------------


@pytest.fixture
def codeowners(central: Path, tmp_path: Path) -> str:
    target = _provision(central, tmp_path / "dossiers-editeur")
    return (target / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def test_the_editor_owns_its_folder_with_the_instruction(codeowners: str) -> None:
    editors = _logins(Grant(Role.EDITEUR, SLUG))
    instructeurs = _logins(Grant(Role.INSTRUCTEUR))
    for path in (
        f"dossiers/{SLUG}/dpi-5-3/candidature.yaml",
        f"dossiers/{SLUG}/dpi-5-3/preuves/INS/capture.png",
        f"dossiers/{SLUG}/dpi-5-3/documents/journee-test-ins.mp4",
    ):
        assert _owners(codeowners, path) == editors | instructeurs, path


@pytest.mark.parametrize("event", sorted(EVENT_OWNERS))
@pytest.mark.parametrize("suffix", ["", "-dmp", "-reponse", "-signature-editeur"])
def test_each_journal_event_is_owned_by_its_role_only(
    codeowners: str, event: str, suffix: str
) -> None:
    path = f"dossiers/{SLUG}/dpi-5-3/journal/2026-11-24-{event}{suffix}.yaml"
    owners = _owners(codeowners, path)
    editors = _logins(Grant(Role.EDITEUR, SLUG))
    ans = _logins(Grant(Role.INSTRUCTEUR)) | _logins(Grant(Role.DIRECTION))
    role = EVENT_OWNERS[event]
    assert owners, path
    if role is Role.EDITEUR:
        assert editors <= owners
    else:
        # An editor's approval never counts as the review of an ANS act, whatever the suffix.
        assert not owners & editors, path
    if role is Role.COLLEGE:
        assert owners == _logins(Grant(Role.COLLEGE))
    elif role is Role.DIRECTION:
        assert owners == _logins(Grant(Role.DIRECTION))
    elif role in (Role.INSTRUCTEUR, Role.BOT):
        assert owners == ans


def test_everything_else_is_the_administration(codeowners: str) -> None:
    admins = _logins(Grant(Role.ADMIN))
    for path in (
        DEPOT_FILE,
        ".github/CODEOWNERS",
        ".github/workflows/validation.yml",
        ".gitattributes",
        "README.md",
        "dossiers/un-autre-editeur/x/candidature.yaml",
        "dossiers/README.md",
    ):
        assert _owners(codeowners, path) == admins, path


# --- registry and forge settings ----------------------------------------------------------------


def test_the_registry_gains_one_entry_and_keeps_its_comments(central: Path, tmp_path: Path) -> None:
    _provision(central, tmp_path / "a")
    text = (central / REGISTRY_FILE).read_text(encoding="utf-8")
    for line in REGISTRY.splitlines():
        if line.startswith("#"):
            assert line in text.splitlines()
    loaded = load_registry(central)
    assert loaded.registre is not None and loaded.findings == []
    assert {s: d.url for s, d in loaded.registre.depots.items()} == {SLUG: URL}

    other = "exemple-plateforme-sante"
    other_url = f"https://github.com/ans-segur/dossiers-{other}.git"
    _provision(central, tmp_path / "b", other, other_url)
    again = load_registry(central).registre
    assert again is not None
    assert {s: d.url for s, d in again.depots.items()} == {SLUG: URL, other: other_url}
    assert (central / REGISTRY_FILE).read_text(encoding="utf-8").startswith(text.rstrip("\n"))


def test_the_registry_entry_goes_into_a_block_followed_by_other_keys(
    central: Path, tmp_path: Path
) -> None:
    (central / REGISTRY_FILE).write_text(
        "depots:\n    deja-la:\n        url: /srv/deja-la.git\n\n"
        "# L'organisation.\norganisation: ans-segur\ndepot_central: ans-segur/segur\n",
        encoding="utf-8",
    )
    _provision(central, tmp_path / "a")
    registre = load_registry(central).registre
    assert registre is not None
    assert set(registre.depots) == {"deja-la", SLUG}
    assert "# L'organisation." in (central / REGISTRY_FILE).read_text(encoding="utf-8")


def test_the_forge_settings_are_data_with_the_expected_permissions(
    central: Path, tmp_path: Path
) -> None:
    _provision(central, tmp_path / "a")
    settings = json.loads((central / "forge" / f"{SLUG}.json").read_text(encoding="utf-8"))
    assert settings["organisation"] == "ans-segur"
    assert settings["depot"] == f"dossiers-{SLUG}"
    creation = settings["creation"]
    assert creation["private"] is True and creation["visibility"] == "private"
    assert creation["allow_forking"] is False
    teams = {team["role"]: team for team in settings["equipes"]}
    assert set(teams) == {f"editeur:{SLUG}", "instructeur", "college", "direction", "admin"}
    for role in (f"editeur:{SLUG}", "instructeur", "college", "direction"):
        assert teams[role]["permission"] == "push"
    assert teams["admin"]["permission"] == "admin"
    assert set(teams[f"editeur:{SLUG}"]["membres"]) == _logins(Grant(Role.EDITEUR, SLUG))
    assert set(teams["college"]["membres"]) == _logins(Grant(Role.COLLEGE))
    # No other editor, and no bot, in any team.
    members = {m for team in settings["equipes"] for m in team["membres"]}
    assert not any(m.endswith("[bot]") for m in members)
    other_editors = {
        login
        for slug in ("exemple-plateforme-sante", "exemple-radiologie-conseil")
        for login in _logins(Grant(Role.EDITEUR, slug))
    }
    assert not members & other_editors
    rules = {rule["type"]: rule for rule in settings["regles"]["rules"]}
    review = rules["pull_request"]["parameters"]
    assert review["require_code_owner_review"] is True
    assert review["required_approving_review_count"] >= 1
    assert settings["regles"]["bypass_actors"] == []

    checks = rules["required_status_checks"]["parameters"]["required_status_checks"]
    assert {c["context"] for c in checks} == set(VALIDATION_CHECKS)
    assert settings["creation"]["custom_properties"] == {"segur-depot": "dossiers"}

    organisation = json.loads((central / "forge" / "organisation.json").read_text("utf-8"))
    assert organisation["depots"] == [f"dossiers-{SLUG}"]
    branch = organisation["regles_branche"]
    (wanted,) = branch["conditions"]["repository_property"]["include"]
    assert wanted == {"name": "segur-depot", "property_values": ["dossiers"]}
    assert branch["bypass_actors"] == []
    kinds = {rule["type"]: rule for rule in branch["rules"]}
    assert kinds["pull_request"]["parameters"]["require_code_owner_review"] is True
    required = kinds["required_status_checks"]["parameters"]["required_status_checks"]
    assert {c["context"] for c in required} == set(VALIDATION_CHECKS)
    push = organisation["regles_poussee"]
    (restriction,) = push["rules"]
    assert restriction["parameters"]["restricted_file_paths"] == list(ANS_FILES)


# --- errors: nothing written ----------------------------------------------------------------


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _without_editor(central: Path) -> None:
    text = (central / "acces.yaml").read_text(encoding="utf-8")
    (central / "acces.yaml").write_text(
        text.replace(f'"editeur:{SLUG}"', '"editeur:exemple-autre"'), encoding="utf-8"
    )


def _already_registered(central: Path) -> None:
    (central / REGISTRY_FILE).write_text(
        REGISTRY.replace("depots: {}", f"depots:\n  {SLUG}:\n    url: /srv/{SLUG}.git"),
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    ("case", "slug", "url", "revision", "prepare"),
    [
        ("identifiant invalide", "Exemple_Sante", URL, REVISION, None),
        ("adresse invalide", SLUG, "ftp://example.invalid/depot.git", REVISION, None),
        ("adresse comme option", SLUG, "--upload-pack=touch", REVISION, None),
        ("autre organisation", SLUG, f"https://github.com/editeur/{SLUG}.git", REVISION, None),
        ("révision courte", SLUG, URL, "0123456", None),
        ("déjà enregistré", SLUG, URL, REVISION, _already_registered),
        ("éditeur sans identité", SLUG, URL, REVISION, _without_editor),
        ("registre absent", SLUG, URL, REVISION, lambda c: (c / REGISTRY_FILE).unlink()),
    ],
    ids=lambda value: value if isinstance(value, str) and " " in value else "",
)
def test_an_error_writes_nothing(
    central: Path,
    tmp_path: Path,
    case: str,
    slug: str,
    url: str,
    revision: str,
    prepare: object,
) -> None:
    if callable(prepare):
        prepare(central)
    before = _snapshot(central)
    target = tmp_path / "dossiers-editeur"
    with pytest.raises(SegurError) as raised:
        provision_editor(
            central, slug, url, target, CENTRAL_URL, revision, author=ADMIN, moment=MOMENT
        )
    assert raised.value.exit_code in (1, 2), case
    assert _snapshot(central) == before, case
    assert not target.exists(), case
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_existing_slug_is_a_french_usage_error(central: Path, tmp_path: Path) -> None:
    _provision(central, tmp_path / "a")
    before = _snapshot(central)
    with pytest.raises(ProvisionError, match="a déjà un dépôt de dossiers"):
        _provision(central, tmp_path / "b")
    assert _snapshot(central) == before and not (tmp_path / "b").exists()


def test_a_target_that_is_not_empty_writes_nothing(central: Path, tmp_path: Path) -> None:
    target = tmp_path / "occupe"
    target.mkdir()
    (target / "fichier.txt").write_text("déjà là", encoding="utf-8")
    before = _snapshot(central)
    with pytest.raises(ProvisionError, match="n'est pas un dossier vide"):
        _provision(central, target)
    assert _snapshot(central) == before
    assert [p.name for p in target.iterdir()] == ["fichier.txt"]


def test_a_git_failure_writes_nothing(
    central: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No identity anywhere: git refuses to commit, after the repository was begun.
    monkeypatch.setenv("HOME", str(tmp_path / "maison-vide"))
    monkeypatch.delenv("EMAIL", raising=False)
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "user.useConfigOnly")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "true")
    before = _snapshot(central)
    target = tmp_path / "dossiers-editeur"
    with pytest.raises(SegurError, match="git commit"):
        provision_editor(central, SLUG, URL, target, CENTRAL_URL, REVISION, moment=MOMENT)
    assert _snapshot(central) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["central"]

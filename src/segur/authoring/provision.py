"""Provisioning an editor's dossier repository (`segur depots ajouter`).

Confidentiality between editors (§3.7) rests on the forge's read rights, which stop at the
repository: each editor gets one private dossier repository, owned by the ANS organisation
(`segur.model.registry`). Provisioning one, from the central checkout:
- creates the repository locally, as a new git repository with one commit: the template
  `gabarits/depot-dossiers/`, its `depot.yaml` (the editor, and the central revision its
  dossiers are checked against), its `.github/CODEOWNERS` made from the central access map, and
  an empty `dossiers/<editeur>/`;
- registers it in the central `depots.yaml`, appended to the text so that its comments stay;
- writes the forge settings it needs, as data checked into the central repository
  (`forge/<editeur>.json`, and `forge/organisation.json`, the organisation ruleset that makes
  the central validation workflow required on every dossier repository). An administrator
  applies them with the forge's own CLI (README, « Fédération »): nothing here calls the forge.

Everything is computed and validated before anything is written: an error leaves no repository,
no registry entry and no settings file behind. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from segur.errors import DataError, GitError, UsageError
from segur.load.document import parse
from segur.load.validation import validate
from segur.model.access import ACCESS_FILE, SLUG, CarteAcces, Grant
from segur.model.journal import EVENT_OWNERS, JOURNAL_DIR, Role
from segur.model.registry import (
    DEPOT_FILE,
    REGISTRY_FILE,
    Central,
    DepotDossiers,
    DepotEditeur,
    Registre,
)
from segur.repository.access import CODEOWNERS_FILE, parse_map
from segur.repository.paths import DOSSIERS_DIR

TEMPLATE_DIR = Path("gabarits") / "depot-dossiers"
FORGE_DIR = "forge"
ORGANISATION_SETTINGS = "organisation.json"
# The reusable workflow of the central repository that every dossier repository's caller
# workflow runs; its checks, named `<caller job> / <reusable job>`, are required on `main`.
CENTRAL_WORKFLOW = ".github/workflows/validation-dossiers.yml"
VALIDATION_CHECKS = (
    "Validation / Révision de l'outil",
    "Validation / Vérification des dossiers modifiés",
    "Validation / Contrôle d'accès",
)
# GitHub Actions' app: a required check reported by anything else does not count.
GITHUB_ACTIONS_APP = 15368
# The custom property that ties a repository to the organisation rulesets (docs/forge.md).
PROPERTY = "segur-depot"
PROPERTY_VALUE = "dossiers"
FORGE_FORMAT = 1
# The files of a dossier repository that only the ANS administration may push.
ANS_FILES = (".github/**", DEPOT_FILE, ".gitattributes")
# The caller workflow of the template names the central reusable workflow at a commit of zeros:
# provisioning pins it to the central revision of `depot.yaml`.
_WORKFLOW_PIN = re.compile(
    r"(uses:\s*)[A-Za-z0-9._-]+/[A-Za-z0-9._-]+(/\.github/workflows/[A-Za-z0-9._-]+\.ya?ml)@0{40}"
)
# Git keeps no empty folder: the editor's folder exists through this file.
KEEP_FILE = ".gitkeep"
FIRST_COMMIT_MESSAGE = "Dépôt de dossiers de {editeur} : gabarit, depot.yaml et CODEOWNERS"

Files = dict[str, bytes]
_Model = TypeVar("_Model")

# `{{nom}}` in the template's text files, replaced by `_render`.
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
# The forge addresses whose owner and name can be read: HTTPS, SSH and scp-like.
_FORGE_URL = re.compile(
    r"^(?:https://[^/]+/|ssh://(?:[^@/]+@)?[^/]+/|git@[^:]+:)"
    r"(?P<owner>[^/]+)/(?P<name>[^/]+?)(?:\.git)?/?$"
)

# Team of each ANS role on every dossier repository, and its permission (GitHub's names: `push`
# is write). The bot is an app installed on the organisation, not a team.
_ANS_TEAMS: tuple[tuple[Role, str, str, str], ...] = (
    (Role.INSTRUCTEUR, "segur-instructeurs", "Ségur : instruction (ANS)", "push"),
    (Role.COLLEGE, "segur-college", "Ségur : collège technique (ANS)", "push"),
    (Role.DIRECTION, "segur-direction", "Ségur : direction (ANS)", "push"),
    (Role.ADMIN, "segur-administration", "Ségur : administration des dépôts (ANS)", "admin"),
)
# The roles a dossier repository's CODEOWNERS names: each must have at least one person, or
# the paths it owns would need no review at all.
_REQUIRED_ROLES = (Role.ADMIN, Role.INSTRUCTEUR, Role.COLLEGE, Role.DIRECTION)


class ProvisionError(UsageError):
    """The repository cannot be provisioned as asked; the message is French."""


@dataclass(frozen=True, slots=True)
class Author:
    """Who signs the first commit; None in `provision_editor` means git's configured identity."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class EditorPlan:
    """Everything provisioning writes, computed and validated, nothing written yet."""

    slug: str
    url: str
    files: Files  # the dossier repository's first commit, by POSIX path
    registry_text: str  # the new central depots.yaml
    settings: Mapping[str, Any]  # forge/<slug>.json
    organisation: Mapping[str, Any]  # forge/organisation.json

    @property
    def settings_path(self) -> str:
        return f"{FORGE_DIR}/{self.slug}.json"

    @property
    def organisation_path(self) -> str:
        return f"{FORGE_DIR}/{ORGANISATION_SETTINGS}"


@dataclass(frozen=True, slots=True)
class Provisioned:
    """What `provision_editor` created."""

    slug: str
    target: Path  # the new dossier repository
    commit: str  # its first commit
    files: tuple[str, ...]  # the files of that commit
    registry: Path  # the central depots.yaml, with the new entry
    settings: Path  # forge/<slug>.json in the central checkout
    organisation: Path  # forge/organisation.json in the central checkout


# --- reading and validating ---------------------------------------------------------------


def _check_slug(slug: str) -> None:
    if not SLUG.match(slug):
        raise ProvisionError(
            f"« {slug} » n'est pas un identifiant d'éditeur : minuscules, chiffres et tirets "
            "simples (par exemple exemple-sante-logiciels)"
        )


def _validated(build: type[_Model], what: str, **values: object) -> _Model:
    try:
        return build(**values)
    except ValidationError as error:
        reasons = "; ".join(str(e.get("ctx", {}).get("error", e["msg"])) for e in error.errors())
        raise ProvisionError(f"{what} invalide : {reasons}") from None


def _registry(central: Path) -> tuple[Registre, str]:
    file = central / REGISTRY_FILE
    if not file.is_file():
        raise ProvisionError(
            f"{REGISTRY_FILE} absent de {central} : le dépôt central déclare son organisation "
            "et ses dépôts de dossiers dans ce fichier"
        )
    text = file.read_text(encoding="utf-8")
    registre = parse_registry_text(text)
    if registre is None:
        raise DataError(f"{REGISTRY_FILE} invalide : « segur check » dit pourquoi")
    return registre, text


def parse_registry_text(text: str) -> Registre | None:
    """The registry in `text`, through the positional loader; None when it is not valid."""
    loaded = parse(text.encode("utf-8"), REGISTRY_FILE)
    if loaded.document is None or any(f.is_error for f in loaded.findings):
        return None
    registre, errors = validate(loaded.document, Registre)
    return None if errors else registre


def _access_map(central: Path) -> CarteAcces:
    file = central / ACCESS_FILE
    if not file.is_file():
        raise ProvisionError(f"{ACCESS_FILE} absent de {central} : impossible de nommer les accès")
    carte = parse_map(file.read_bytes()).carte
    if carte is None:
        raise DataError(f"{ACCESS_FILE} invalide : « segur check » dit pourquoi")
    return carte


def _people(carte: CarteAcces, grant: Grant) -> list[str]:
    # An app's bot identity can neither own code nor belong to a team.
    return [login for login in carte.logins_with(grant) if not login.endswith("[bot]")]


def _check_people(carte: CarteAcces, slug: str) -> None:
    if not _people(carte, Grant(Role.EDITEUR, slug)):
        raise ProvisionError(
            f"aucune identité « editeur:{slug} » dans {ACCESS_FILE} : ajoutez-y d'abord les "
            "identifiants de forge de l'éditeur, qui relisent son dossier"
        )
    missing = [r.value for r in _REQUIRED_ROLES if not _people(carte, Grant(r))]
    if missing:
        raise ProvisionError(
            f"aucune identité de rôle {', '.join(missing)} dans {ACCESS_FILE} : les chemins "
            "qu'ils possèdent dans le dépôt de dossiers n'auraient aucun relecteur"
        )


def repository_name(registre: Registre, slug: str, url: str) -> str:
    """The repository's name on the forge: read from a forge address, which must belong to the
    organisation; `dossiers-<editeur>` for a local path or file:// address (demo, tests)."""
    match = _FORGE_URL.match(url)
    if match is None:
        return f"dossiers-{slug}"
    if match["owner"].casefold() != registre.organisation.casefold():
        raise ProvisionError(
            f"{url} n'appartient pas à l'organisation {registre.organisation} : un dépôt de "
            "dossiers est la propriété de l'ANS, jamais celle de l'éditeur"
        )
    return match["name"]


# --- what the repository holds --------------------------------------------------------------


def template_files(template: Path) -> Files:
    """Every file of the template folder, by POSIX path (its workflows included)."""
    if not template.is_dir():
        raise ProvisionError(f"gabarit introuvable : {template}")
    return {
        item.relative_to(template).as_posix(): item.read_bytes()
        for item in sorted(template.rglob("*"))
        if item.is_file() and "__pycache__" not in item.parts
    }


def _render(path: str, data: bytes, values: Mapping[str, str]) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # a binary file of the template is copied as it is

    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise DataError(f"gabarit {path} : variable inconnue « {match[0]} »")
        return values[match[1]]

    # GitHub's own `${{ ... }}` expressions in the template's workflows are not ours.
    text = re.sub(r"(?<!\$)" + _PLACEHOLDER.pattern, value, text)
    if path.startswith(".github/workflows/"):
        pin = f"\\g<1>{values['depot_central']}\\g<2>@{values['revision_centrale']}"
        text = _WORKFLOW_PIN.sub(pin, text)
    return text.encode("utf-8")


def depot_text(depot: DepotEditeur) -> str:
    """`depot.yaml` of the dossier repository."""
    return (
        "# Dépôt de dossiers d'un éditeur (référencement Ségur sans financement). Créé par\n"
        "# « segur depots ajouter » ; seule l'ANS le modifie (CODEOWNERS). La révision est celle\n"
        "# du dépôt central (outil, REM, règles) contre laquelle les dossiers sont vérifiés.\n"
        f"editeur: {depot.editeur}\n"
        "central:\n"
        f"  url: {json.dumps(depot.central.url)}\n"
        f"  revision: {depot.central.revision}\n"
    )


def _owners(logins: list[str]) -> str:
    return " ".join(f"@{login}" for login in logins)


def _event_patterns(folder: str, event: str) -> list[str]:
    # `????-??-??-` is the date, so that a suffix naming another type (`…-verdict-reponse.yaml`)
    # never hands a verdict to the editor; CODEOWNERS has no character classes.
    return [f"{folder}????-??-??-{event}.yaml", f"{folder}????-??-??-{event}-*.yaml"]


def editor_codeowners(carte: CarteAcces, slug: str) -> str:
    """`.github/CODEOWNERS` of the editor's dossier repository: a pure function of the access map.

    The last matching line wins. The editor's folder is the editor's, with the instruction (the
    review of a submission is the instruction, and an editor alone must be able to get one);
    its journal is the ANS's only, each event type to the role that owns it
    (`EVENT_OWNERS`): an editor's approval never counts as the review of an ANS act, and the
    instruction never approves the collège's decision or the direction's signature.
    """
    admins = _people(carte, Grant(Role.ADMIN))
    instructeurs = _people(carte, Grant(Role.INSTRUCTEUR))
    direction = _people(carte, Grant(Role.DIRECTION))
    editors = _people(carte, Grant(Role.EDITEUR, slug))
    by_role = {
        Role.EDITEUR: [*editors, *instructeurs],
        Role.COLLEGE: _people(carte, Grant(Role.COLLEGE)),
        Role.DIRECTION: direction,
    }
    folder = f"/{DOSSIERS_DIR}/{slug}/"
    journal = f"{folder}*/{JOURNAL_DIR}/"
    rules: list[tuple[str, str]] = [("*", _owners(admins))]
    rules.extend(
        (path, _owners(admins)) for path in (f"/{DEPOT_FILE}", "/.github/", "/.gitattributes")
    )
    rules.append((folder, _owners([*editors, *instructeurs])))
    rules.append((journal, _owners([*instructeurs, *direction])))
    # Longest types last: should one type's name start another's (`x` and `x-y`), the
    # pattern of `x-*` must not take `x-y`'s files.
    for event in sorted(EVENT_OWNERS, key=len):
        owners = by_role.get(EVENT_OWNERS[event])
        if owners is not None:
            rules.extend((pattern, _owners(owners)) for pattern in _event_patterns(journal, event))
    width = max(len(pattern) for pattern, _ in rules) + 1
    lines = [
        f"# Fichier généré par « segur depots ajouter » depuis {ACCESS_FILE} du dépôt central : ne",
        "# pas le modifier à la main. La dernière règle qui correspond l'emporte.",
        "#",
        "# Le dossier de l'éditeur est à l'éditeur, relu par l'instruction. Son journal est à",
        "# l'ANS : l'instruction et la direction ; la décision du collège au seul collège, la",
        "# signature de l'ANS à la seule direction ; les actes de l'éditeur (réponse, confirmation",
        "# de la journée de test INS, signature de l'éditeur) à l'éditeur. L'approbation d'un",
        "# éditeur ne vaut jamais revue d'un acte de l'ANS. Tout le reste : l'administration.",
        "",
    ]
    lines.extend(f"{pattern:<{width}}{owners}".rstrip() for pattern, owners in rules)
    return "\n".join(lines) + "\n"


def editor_files(
    template: Files, carte: CarteAcces, registre: Registre, depot: DepotEditeur
) -> Files:
    """The first commit of the dossier repository: the rendered template, `depot.yaml`,
    CODEOWNERS and the editor's empty folder."""
    values = {
        "editeur": depot.editeur,
        "organisation": registre.organisation,
        "depot_central": registre.depot_central,
        "url_central": depot.central.url,
        "revision_centrale": depot.central.revision,
    }
    files = {path: _render(path, data, values) for path, data in template.items()}
    files[DEPOT_FILE] = depot_text(depot).encode("utf-8")
    files[CODEOWNERS_FILE] = editor_codeowners(carte, depot.editeur).encode("utf-8")
    files[f"{DOSSIERS_DIR}/{depot.editeur}/{KEEP_FILE}"] = b""
    return dict(sorted(files.items()))


# --- forge settings ---------------------------------------------------------------------------


def forge_settings(registre: Registre, carte: CarteAcces, slug: str, url: str) -> dict[str, Any]:
    """`forge/<slug>.json`: the repository, its teams and its branch ruleset, as bodies of the
    forge's REST API (GitHub's names), for an administrator to apply."""
    name = repository_name(registre, slug, url)
    teams = [
        {
            "slug": f"segur-editeur-{slug}",
            "nom": f"Ségur : éditeur {slug}",
            "role": str(Grant(Role.EDITEUR, slug)),
            "permission": "push",
            "membres": _people(carte, Grant(Role.EDITEUR, slug)),
        },
        *(
            {
                "slug": team,
                "nom": label,
                "role": role.value,
                "permission": permission,
                "membres": _people(carte, Grant(role)),
            }
            for role, team, label, permission in _ANS_TEAMS
        ),
    ]
    return {
        "format": FORGE_FORMAT,
        "editeur": slug,
        "organisation": registre.organisation,
        "depot": name,
        "url": url,
        # POST /orgs/{organisation}/repos
        "creation": {
            "name": name,
            "description": f"Dossiers de candidature Ségur de {slug} (confidentiel)",
            "private": True,
            "visibility": "private",
            "has_issues": False,
            "has_projects": False,
            "has_wiki": False,
            "has_discussions": False,
            "allow_forking": False,
            # One merge commit per pull request: its date is the arrival on main.
            "allow_merge_commit": True,
            "allow_squash_merge": False,
            "allow_rebase_merge": False,
            "delete_branch_on_merge": True,
            # Ties the repository to the organisation rulesets (organisation.json).
            "custom_properties": {PROPERTY: PROPERTY_VALUE},
        },
        # PUT /orgs/{organisation}/teams/{slug}/repos/{organisation}/{depot}, and nobody else:
        # the organisation's base permission must be « none ».
        "equipes": teams,
        # POST /repos/{organisation}/{depot}/rulesets
        "regles": {
            "name": "main : revue des propriétaires",
            "target": "branch",
            "enforcement": "active",
            "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
            "bypass_actors": [],
            "rules": _branch_rules(),
        },
    }


def _branch_rules() -> list[dict[str, Any]]:
    """The rules of `main` (docs/forge.md): a pull request reviewed by the code owners, and the
    checks of the central validation workflow, reported by GitHub Actions only."""
    return [
        {"type": "deletion"},
        {"type": "non_fast_forward"},
        {
            "type": "pull_request",
            "parameters": {
                "required_approving_review_count": 1,
                "require_code_owner_review": True,
                "require_last_push_approval": True,
                "dismiss_stale_reviews_on_push": True,
                "required_review_thread_resolution": True,
                "allowed_merge_methods": ["merge"],
            },
        },
        {
            "type": "required_status_checks",
            "parameters": {
                "strict_required_status_checks_policy": True,
                "do_not_enforce_on_create": False,
                "required_status_checks": [
                    {"context": context, "integration_id": GITHUB_ACTIONS_APP}
                    for context in VALIDATION_CHECKS
                ],
            },
        },
    ]


def organisation_ruleset(registre: Registre) -> dict[str, Any]:
    """`forge/organisation.json`: the organisation rulesets « Dépôts de dossiers » (docs/forge.md)
    over every repository whose custom property `segur-depot` is `dossiers`, as `creation` sets
    it. They live outside the dossier repositories, so none of their pull requests can weaken
    them:
    - on `main`, a code-owner review and the central validation checks;
    - no push may touch `.github/`, `depot.yaml` or `.gitattributes`, except by the ANS
      administration team (its `actor_id`, a number of the forge, is added when applied).
    `depots` lists the registered repositories, for the administrator's review."""
    names = sorted(
        repository_name(registre, slug, depot.url) for slug, depot in registre.depots.items()
    )
    repositories = {
        "repository_property": {
            "include": [{"name": PROPERTY, "property_values": [PROPERTY_VALUE]}],
            "exclude": [],
        }
    }
    administration = next(team for role, team, _, _ in _ANS_TEAMS if role is Role.ADMIN)
    return {
        "format": FORGE_FORMAT,
        "organisation": registre.organisation,
        "depot_central": registre.depot_central,
        "depots": names,
        "equipe_administration": administration,
        # POST /orgs/{organisation}/rulesets (PUT …/rulesets/{id} once they exist)
        "regles_branche": {
            "name": "Dépôts de dossiers : main",
            "target": "branch",
            "enforcement": "active",
            "conditions": {
                "ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []},
                **repositories,
            },
            "bypass_actors": [],
            "rules": _branch_rules(),
        },
        "regles_poussee": {
            "name": "Dépôts de dossiers : fichiers de l'ANS",
            "target": "push",
            "enforcement": "active",
            "conditions": repositories,
            "bypass_actors": [{"actor_type": "Team", "bypass_mode": "always"}],
            "rules": [
                {
                    "type": "file_path_restriction",
                    "parameters": {"restricted_file_paths": list(ANS_FILES)},
                }
            ],
        },
    }


def settings_text(settings: Mapping[str, Any]) -> str:
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"


# --- the registry ---------------------------------------------------------------------------


def registry_with(text: str, registre: Registre, slug: str, url: str) -> str:
    """`depots.yaml` with `slug: {url: …}` added under `depots`, every other line kept as it is
    (comments included). The result is parsed again: it must be the old registry plus exactly
    that entry."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"^depots\s*:", line)]
    if len(starts) != 1:
        raise DataError(f"{REGISTRY_FILE} : clé « depots » introuvable au premier niveau")
    start = starts[0]
    head = lines[start]
    value = head.split(":", 1)[1].split("#", 1)[0].strip()
    if value == "{}":
        lines[start] = re.sub(r"\{\}\s*", "", head, count=1).rstrip()
    elif value:
        raise DataError(f"{REGISTRY_FILE} : « depots » doit être un bloc (une entrée par ligne)")
    # The block ends at the next top-level line that is not a comment; its entries keep the
    # indentation of the first one.
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "#")):
        end += 1
    entries = [line for line in lines[start + 1 : end] if line.strip() and line[:1] == " "]
    indent = entries[0][: len(entries[0]) - len(entries[0].lstrip())] if entries else "  "
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # the blank lines before the next key stay after the new entry
    entry = [f"{indent}{slug}:", f"{indent}{indent}url: {json.dumps(url)}"]
    result = "\n".join([*lines[:end], *entry, *lines[end:]]) + "\n"
    expected = registre.model_copy(
        update={"depots": {**registre.depots, slug: DepotDossiers(url=url)}}
    )
    if parse_registry_text(result) != expected:
        raise DataError(
            f"{REGISTRY_FILE} : impossible d'y ajouter {slug} sans réécrire le fichier ; "
            "ajoutez l'entrée à la main"
        )
    return result


# --- planning and writing -------------------------------------------------------------------


def plan_editor(
    central: Path, slug: str, url: str, central_url: str, central_revision: str
) -> EditorPlan:
    """Everything `provision_editor` writes, validated; nothing is written. Raises a
    `ProvisionError` (usage) or a `DataError` (the central files) with a French message."""
    _check_slug(slug)
    _validated(DepotDossiers, f"adresse du dépôt de {slug}", url=url)
    depot = _validated(
        DepotEditeur,
        "dépôt central",
        editeur=slug,
        central=_validated(Central, "dépôt central", url=central_url, revision=central_revision),
    )
    registre, text = _registry(central)
    if slug in registre.depots:
        raise ProvisionError(
            f"l'éditeur {slug} a déjà un dépôt de dossiers : {registre.depots[slug].url}"
        )
    for other, known in registre.depots.items():
        if known.url == url:
            raise ProvisionError(f"{url} est déjà le dépôt de dossiers de {other}")
    carte = _access_map(central)
    _check_people(carte, slug)
    settings = forge_settings(registre, carte, slug, url)
    new_text = registry_with(text, registre, slug, url)
    extended = parse_registry_text(new_text)
    assert extended is not None  # registry_with checked it
    files = editor_files(template_files(central / TEMPLATE_DIR), carte, registre, depot)
    return EditorPlan(slug, url, files, new_text, settings, organisation_ruleset(extended))


def _git_environment(author: Author | None, moment: dt.datetime | None) -> dict[str, str]:
    # Variables that would point git at another repository (a run from a git hook sets them).
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY")
    }
    if author is not None:
        env |= {
            "GIT_AUTHOR_NAME": author.name,
            "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": author.name,
            "GIT_COMMITTER_EMAIL": author.email,
        }
    if moment is not None:
        stamp = moment.isoformat()
        env |= {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    return env


def _git(cwd: Path, env: Mapping[str, str], *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=dict(env), capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise GitError(f"git introuvable : {error}") from None
    if done.returncode != 0:
        raise GitError(f"git {' '.join(args)} a échoué : {done.stderr.strip()}")
    return done.stdout.strip()


def create_repository(
    target: Path, files: Files, message: str, author: Author | None, moment: dt.datetime | None
) -> str:
    """A new git repository in `target` (absent or empty) on `main`, with `files` in one commit;
    built in a hidden folder beside it and renamed, so that a failure leaves nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.en-cours-{secrets.token_hex(4)}"
    env = _git_environment(author, moment)
    try:
        staging.mkdir()
        _git(staging, env, "init", "-q", "-b", "main")
        for path, data in files.items():
            file = staging / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_bytes(data)
        _git(staging, env, "add", "--all")
        _git(staging, env, "commit", "-q", "--no-verify", "-m", message)
        commit = _git(staging, env, "rev-parse", "HEAD")
        if target.exists():
            target.rmdir()  # empty: checked by the caller
        staging.rename(target)
        return commit
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def provision_editor(
    central: Path,
    slug: str,
    url: str,
    target: Path,
    central_url: str,
    central_revision: str,
    *,
    author: Author | None = None,
    moment: dt.datetime | None = None,
) -> Provisioned:
    """Create the dossier repository of editor `slug` in `target` (absent or an empty folder),
    register it as `url` in the central `depots.yaml` of the checkout `central`, and write its
    forge settings under `central/forge/`. `depot.yaml` pins `central_revision` of
    `central_url`. `author` and `moment` sign the first commit (default: git's configured
    identity, now). Nothing is written unless everything is valid."""
    plan = plan_editor(central, slug, url, central_url, central_revision)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ProvisionError(f"{target} existe et n'est pas un dossier vide")
    settings = central / plan.settings_path
    if settings.exists():
        raise ProvisionError(f"{settings} existe déjà : l'éditeur {slug} a-t-il déjà un dépôt ?")
    organisation = central / plan.organisation_path
    registry = central / REGISTRY_FILE
    previous = registry.read_bytes()
    previous_organisation = organisation.read_bytes() if organisation.is_file() else None
    message = FIRST_COMMIT_MESSAGE.format(editeur=slug)
    commit = create_repository(target, plan.files, message, author, moment)
    try:
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(settings_text(plan.settings), encoding="utf-8")
        organisation.write_text(settings_text(plan.organisation), encoding="utf-8")
        registry.write_text(plan.registry_text, encoding="utf-8")
    except BaseException:
        # Undo the whole provisioning: a repository absent from the registry would be lost.
        shutil.rmtree(target, ignore_errors=True)
        settings.unlink(missing_ok=True)
        if previous_organisation is None:
            organisation.unlink(missing_ok=True)
        else:
            organisation.write_bytes(previous_organisation)
        registry.write_bytes(previous)
        raise
    return Provisioned(
        slug,
        target,
        commit,
        tuple(plan.files),
        registry,
        settings,
        organisation,
    )

"""The forge settings of a dossier repository and of the organisation, as data.

What `segur depots ajouter` writes under the central checkout's `forge/`: `forge/<editeur>.json`
(the repository, its teams and its branch ruleset) and `forge/organisation.json` (the
organisation rulesets that make the central validation workflow required on every dossier
repository), as bodies of the forge's REST API for an administrator to apply with the forge's
own CLI (README, « Fédération »). They are separate from the repository's content
(`segur.authoring.dossier_repository`) because nothing of them is committed there: they live
outside the dossier repositories, so that none of their pull requests can weaken them. Nothing
here calls the forge.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from segur.authoring.dossier_repository import ProvisionError, people
from segur.model.access import CarteAcces, Grant
from segur.model.journal import Role
from segur.model.registry import DEPOT_FILE, Registre

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
            "membres": people(carte, Grant(Role.EDITEUR, slug)),
        },
        *(
            {
                "slug": team,
                "nom": label,
                "role": role.value,
                "permission": permission,
                "membres": people(carte, Grant(role)),
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

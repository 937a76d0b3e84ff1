"""What an editor's new dossier repository holds, and its writing as a git repository.

The first commit of a dossier repository (`segur depots ajouter`): the template
`gabarits/depot-dossiers/` rendered for the editor (its caller workflow pinned to the central
revision), its `depot.yaml`, its `.github/CODEOWNERS` made from the central access map, and an
empty `dossiers/<editeur>/`; then that commit written as a new git repository, all or nothing.
These are pure functions of the central files plus one git call, kept apart from the reading of
the central checkout (`segur.authoring.provision`) and from the forge settings
(`segur.authoring.forge_settings`). `ProvisionError` and `people` live here, the lowest of the
three provisioning modules, so that each of them can use them. Nothing here prints.
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

from segur.errors import DataError, GitError, UsageError
from segur.model.access import ACCESS_FILE, CarteAcces, Grant
from segur.model.journal import EVENT_OWNERS, JOURNAL_DIR, Role
from segur.model.registry import DEPOT_FILE, DepotEditeur, Registre
from segur.repository.access import CODEOWNERS_FILE
from segur.repository.paths import DOSSIERS_DIR

TEMPLATE_DIR = Path("gabarits") / "depot-dossiers"
# The caller workflow of the template names the central reusable workflow at a commit of zeros:
# provisioning pins it to the central revision of `depot.yaml`.
_WORKFLOW_PIN = re.compile(
    r"(uses:\s*)[A-Za-z0-9._-]+/[A-Za-z0-9._-]+(/\.github/workflows/[A-Za-z0-9._-]+\.ya?ml)@0{40}"
)
# Git keeps no empty folder: the editor's folder exists through this file.
KEEP_FILE = ".gitkeep"

Files = dict[str, bytes]

# `{{nom}}` in the template's text files, replaced by `_render`.
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


class ProvisionError(UsageError):
    """The repository cannot be provisioned as asked; the message is French."""


@dataclass(frozen=True, slots=True)
class Author:
    """Who signs the first commit; None in `provision_editor` means git's configured identity."""

    name: str
    email: str


def people(carte: CarteAcces, grant: Grant) -> list[str]:
    """The forge identities of `grant` in the access map that can own code and join a team."""
    # An app's bot identity can neither own code nor belong to a team.
    return [login for login in carte.logins_with(grant) if not login.endswith("[bot]")]


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
    admins = people(carte, Grant(Role.ADMIN))
    instructeurs = people(carte, Grant(Role.INSTRUCTEUR))
    direction = people(carte, Grant(Role.DIRECTION))
    editors = people(carte, Grant(Role.EDITEUR, slug))
    by_role = {
        Role.EDITEUR: [*editors, *instructeurs],
        Role.COLLEGE: people(carte, Grant(Role.COLLEGE)),
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


# --- writing ----------------------------------------------------------------------------------


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

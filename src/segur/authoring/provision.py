"""Provisioning an editor's dossier repository (`segur depots ajouter`).

Confidentiality between editors (§3.7) rests on the forge's read rights, which stop at the
repository: each editor gets one private dossier repository, owned by the ANS organisation
(`segur.model.registry`). Provisioning one, from the central checkout:
- creates the repository locally, as a new git repository with one commit: the template
  `gabarits/depot-dossiers/`, its `depot.yaml` (the editor, and the central revision its
  dossiers are checked against), its `.github/CODEOWNERS` made from the central access map, and
  an empty `dossiers/<editeur>/` (`segur.authoring.dossier_repository`);
- registers it in the central `depots.yaml`, appended to the text so that its comments stay;
- writes the forge settings it needs, as data checked into the central repository
  (`forge/<editeur>.json`, and `forge/organisation.json`, the organisation ruleset that makes
  the central validation workflow required on every dossier repository;
  `segur.authoring.forge_settings`). An administrator applies them with the forge's own CLI
  (README, « Fédération »): nothing here calls the forge.

This module holds the reading and validation of the central checkout, the registry entry, the
plan and the act; what is written is computed by the two modules above. Everything is computed
and validated before anything is written: an error leaves no repository, no registry entry and
no settings file behind. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from segur.authoring.dossier_repository import (
    TEMPLATE_DIR,
    Author,
    Files,
    ProvisionError,
    create_repository,
    editor_files,
    people,
    template_files,
)
from segur.authoring.forge_settings import (
    FORGE_DIR,
    ORGANISATION_SETTINGS,
    forge_settings,
    organisation_ruleset,
    settings_text,
)
from segur.errors import DataError
from segur.load.document import parse
from segur.load.validation import error_text, validate
from segur.model.access import ACCESS_FILE, SLUG, CarteAcces, Grant
from segur.model.journal import Role
from segur.model.registry import (
    REGISTRY_FILE,
    Central,
    DepotDossiers,
    DepotEditeur,
    Registre,
)
from segur.repository.access import parse_map

FIRST_COMMIT_MESSAGE = "Dépôt de dossiers de {editeur} : gabarit, depot.yaml et CODEOWNERS"
_Model = TypeVar("_Model")
# The roles a dossier repository's CODEOWNERS names: each must have at least one person, or
# the paths it owns would need no review at all.
_REQUIRED_ROLES = (Role.ADMIN, Role.INSTRUCTEUR, Role.COLLEGE, Role.DIRECTION)


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
        reasons = "; ".join(error_text(e) for e in error.errors(include_url=False))
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


def _checkpeople(carte: CarteAcces, slug: str) -> None:
    if not people(carte, Grant(Role.EDITEUR, slug)):
        raise ProvisionError(
            f"aucune identité « editeur:{slug} » dans {ACCESS_FILE} : ajoutez-y d'abord les "
            "identifiants de forge de l'éditeur, qui relisent son dossier"
        )
    missing = [r.value for r in _REQUIRED_ROLES if not people(carte, Grant(r))]
    if missing:
        raise ProvisionError(
            f"aucune identité de rôle {', '.join(missing)} dans {ACCESS_FILE} : les chemins "
            "qu'ils possèdent dans le dépôt de dossiers n'auraient aucun relecteur"
        )


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
    _checkpeople(carte, slug)
    settings = forge_settings(registre, carte, slug, url)
    new_text = registry_with(text, registre, slug, url)
    extended = parse_registry_text(new_text)
    assert extended is not None  # registry_with checked it
    files = editor_files(template_files(central / TEMPLATE_DIR), carte, registre, depot)
    return EditorPlan(slug, url, files, new_text, settings, organisation_ruleset(extended))


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

"""The registry of dossier repositories, and the marker of a dossier repository.

Confidentiality between editors (§3.7) rests on the forge's read rights, which stop at the
repository: each editor has one private dossier repository, owned by the ANS organisation. The
central repository keeps their list, `depots.yaml`:

    organisation: ans-segur
    depot_central: ans-segur/segur
    depots:
      exemple-sante-logiciels:
        url: https://github.com/ans-segur/dossiers-exemple-sante-logiciels.git

and each dossier repository names its editor and the central revision it is checked against,
`depot.yaml`:

    editeur: exemple-sante-logiciels
    central:
      url: https://github.com/ans-segur/segur.git
      revision: 0123456789abcdef0123456789abcdef01234567

A repository without `depots.yaml` that holds `dossiers/` itself is a registry of one.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from segur.model.access import SLUG
from segur.model.base import Model

REGISTRY_FILE = "depots.yaml"
DEPOT_FILE = "depot.yaml"

_REVISION = re.compile(r"^[0-9a-f]{40}$")
# Where git may fetch from: the forge over HTTPS or SSH, or a local path or file:// URL (the
# demonstration and the tests). Nothing that git would read as an option or a command.
_URL = re.compile(r"^(?:https://|ssh://|git@|file://|/)[^\s'\"\\]+$")
_FORGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def _check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(
            f"« {value} » n'est pas un identifiant d'éditeur : minuscules, chiffres et tirets"
        )
    return value


def _check_url(value: str) -> str:
    if not _URL.match(value) or value.startswith("-"):
        raise ValueError(
            f"« {value} » n'est pas une adresse de dépôt git acceptée : https://, ssh://, "
            "git@, file:// ou un chemin absolu"
        )
    return value


def _check_revision(value: str) -> str:
    if not _REVISION.match(value):
        raise ValueError(f"« {value} » n'est pas un identifiant de commit complet (40 caractères)")
    return value


def _check_forge_name(value: str) -> str:
    owner, _, name = value.partition("/")
    if not _FORGE_NAME.match(owner) or (name and not _FORGE_NAME.match(name)):
        raise ValueError(f"« {value} » n'est pas un nom de la forge")
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
Url = Annotated[str, AfterValidator(_check_url)]
Revision = Annotated[str, AfterValidator(_check_revision)]
ForgeName = Annotated[str, AfterValidator(_check_forge_name)]


class DepotDossiers(Model):
    """One editor's private dossier repository, as the ANS registered it."""

    url: Url = Field(description="adresse git du dépôt de dossiers de l'éditeur")


class Registre(Model):
    """`depots.yaml`: every dossier repository the ANS aggregates."""

    organisation: ForgeName = Field(description="organisation de la forge qui possède les dépôts")
    depot_central: ForgeName = Field(description="le dépôt central, « organisation/nom »")
    depots: dict[Slug, DepotDossiers] = Field(
        default_factory=dict, description="un dépôt de dossiers par éditeur"
    )


class Central(Model):
    url: Url = Field(description="adresse git du dépôt central de l'ANS")
    revision: Revision = Field(description="commit du dépôt central contre lequel vérifier")


class DepotEditeur(Model):
    """`depot.yaml`, at the root of a dossier repository."""

    editeur: Slug = Field(description="l'éditeur à qui appartient ce dépôt")
    central: Central

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

from segur.model.access import MAX_IDENTITES, SLUG
from segur.model.base import IDENTIFIER_MAX, PATH_MAX, Model, text_checker

REGISTRY_FILE = "depots.yaml"
DEPOT_FILE = "depot.yaml"

_REVISION = re.compile(r"^[0-9a-f]{40}$")
# Where git may fetch from: the forge over HTTPS or SSH, or a local path or file:// URL (the
# demonstration and the tests). Nothing that git would read as an option or a command.
_URL = re.compile(r"^(?:https://|ssh://|git@|file://|/)[^\s'\"\\]+$")
_FORGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# A git URL is a path on a server: a local path or an HTTPS address of the forge fits in a
# path's bound, with room for the organisation and repository names.
URL_MAX = 2 * PATH_MAX
FORGE_NAME_MAX = 2 * 100 + 1  # "organisation/dépôt", 100 characters each
_check_line = text_checker(multiline=False)


def _check_slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        raise ValueError("un identifiant d'éditeur est attendu : minuscules, chiffres et tirets")
    return value


def _check_url(value: str) -> str:
    # `fullmatch`: with `match`, the final `$` would also accept a trailing newline. Control
    # and bidirectional characters are refused first, with their own message.
    _check_line(value)
    if not _URL.fullmatch(value) or value.startswith("-"):
        raise ValueError(
            "une adresse de dépôt git est attendue : https://, ssh://, git@, file:// ou un "
            "chemin absolu, sans espace ni guillemet"
        )
    return value


def _check_revision(value: str) -> str:
    if not _REVISION.fullmatch(value):
        raise ValueError("un identifiant de commit complet est attendu (40 chiffres hexadécimaux)")
    return value


def _check_forge_name(value: str) -> str:
    owner, _, name = value.partition("/")
    if not _FORGE_NAME.fullmatch(owner) or (name and not _FORGE_NAME.fullmatch(name)):
        raise ValueError(
            "un nom de la forge est attendu : « organisation » ou « organisation/dépôt », en "
            "lettres, chiffres, points, tirets et soulignés"
        )
    return value


Slug = Annotated[str, Field(max_length=IDENTIFIER_MAX), AfterValidator(_check_slug)]
Url = Annotated[str, Field(max_length=URL_MAX), AfterValidator(_check_url)]
Revision = Annotated[str, Field(max_length=40), AfterValidator(_check_revision)]
ForgeName = Annotated[str, Field(max_length=FORGE_NAME_MAX), AfterValidator(_check_forge_name)]


class DepotDossiers(Model):
    """One editor's private dossier repository, as the ANS registered it."""

    url: Url = Field(description="adresse git du dépôt de dossiers de l'éditeur")


class Registre(Model):
    """`depots.yaml`: every dossier repository the ANS aggregates."""

    organisation: ForgeName = Field(description="organisation de la forge qui possède les dépôts")
    depot_central: ForgeName = Field(description="le dépôt central, « organisation/nom »")
    depots: dict[Slug, DepotDossiers] = Field(
        default_factory=dict,
        max_length=MAX_IDENTITES,
        description="un dépôt de dossiers par éditeur",
    )


class Central(Model):
    url: Url = Field(description="adresse git du dépôt central de l'ANS")
    revision: Revision = Field(description="commit du dépôt central contre lequel vérifier")


class DepotEditeur(Model):
    """`depot.yaml`, at the root of a dossier repository."""

    editeur: Slug = Field(description="l'éditeur à qui appartient ce dépôt")
    central: Central

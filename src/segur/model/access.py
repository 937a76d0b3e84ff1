"""The access map: `acces.yaml` at the repository root.

It maps each forge identity (login) to its roles. Access control reads it from the base branch
of a pull request, never from the pull request itself, so a submission cannot grant itself
rights; `.github/CODEOWNERS` is generated from it.

    identites:
      marie-curie-ans:
        nom: Marie Curie (instructrice ANS)
        roles: [instructeur, college]
      jdupont-sante:
        roles: ["editeur:exemple-sante-logiciels"]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated

from pydantic import AfterValidator, Field

from segur.model.base import IDENTIFIER_MAX, Model, Nom
from segur.model.journal import Role

ACCESS_FILE = "acces.yaml"
EDITEUR_PREFIX = "editeur:"

# A forge login (GitHub's rules: letters, digits and single inner hyphens, 39 characters at
# most), or an app's bot identity such as `segur-publication[bot]`.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}(?:\[bot\])?$")
# The slug of an editor is its folder name under `dossiers/`; it also goes into CODEOWNERS
# patterns, so it is kept to characters that mean nothing there.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ANS_ROLES = tuple(r.value for r in Role if r is not Role.EDITEUR)
# Bounds: the ANS gives access to a few thousand people (every editor's team and its own
# instructors); an identity holds a few roles (one per editor it acts for).
MAX_IDENTITES = 20_000
MAX_ROLES = 100


def _check_login(value: str) -> str:
    # `fullmatch`: with `match`, the final `$` would also accept a trailing newline.
    if not _LOGIN.fullmatch(value):
        raise ValueError(
            "un identifiant de forge est attendu : lettres, chiffres et tirets simples "
            "(39 caractères au plus), suivis de [bot] pour un robot"
        )
    return value


@dataclass(frozen=True, slots=True)
class Grant:
    """One role of an identity; `editeur` carries the slug of the editor's folder."""

    role: Role
    slug: str | None = None

    def __str__(self) -> str:
        return f"{EDITEUR_PREFIX}{self.slug}" if self.role is Role.EDITEUR else self.role.value


def parse_grant(value: str) -> Grant:
    if value.startswith(EDITEUR_PREFIX):
        slug = value[len(EDITEUR_PREFIX) :]
        if SLUG.fullmatch(slug):
            return Grant(Role.EDITEUR, slug)
    elif value in ANS_ROLES:
        return Grant(Role(value))
    raise ValueError(
        f"rôle « {value} » inconnu : rôles acceptés : editeur:<dossier> (nom du dossier de "
        f"l'éditeur sous dossiers/, en minuscules et tirets), {', '.join(ANS_ROLES)}"
    )


def _check_grant(value: str) -> str:
    parse_grant(value)
    return value


def _unique(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("chaque rôle ne doit figurer qu'une fois")
    return values


Login = Annotated[str, Field(max_length=IDENTIFIER_MAX), AfterValidator(_check_login)]
RoleAcces = Annotated[str, Field(max_length=IDENTIFIER_MAX), AfterValidator(_check_grant)]


class Identite(Model):
    nom: Nom | None = Field(default=None, title="Qui est-ce (texte libre, pour les relecteurs)")
    roles: Annotated[list[RoleAcces], AfterValidator(_unique)] = Field(
        min_length=1,
        max_length=MAX_ROLES,
        title="Rôles",
        description="editeur:<dossier>, instructeur, college, direction, admin ou bot",
    )

    # Cached (the model is frozen): every candidature's maintainers are looked up in the map.
    @cached_property
    def grants(self) -> tuple[Grant, ...]:
        return tuple(parse_grant(r) for r in self.roles)


class CarteAcces(Model):
    identites: dict[Login, Identite] = Field(
        max_length=MAX_IDENTITES, title="Identités de forge et leurs rôles"
    )

    # Indexes built once per map (the model is frozen): with thousands of editors, scanning
    # every identity for each maintainer, or for each folder of CODEOWNERS, is quadratic.
    @cached_property
    def _by_folded_login(self) -> dict[str, Identite]:
        index: dict[str, Identite] = {}
        for name, identite in self.identites.items():
            index.setdefault(name.casefold(), identite)  # the first one declared wins
        return index

    @cached_property
    def _logins_by_grant(self) -> dict[Grant, list[str]]:
        index: dict[Grant, list[str]] = {}
        for name, identite in self.identites.items():
            for grant in dict.fromkeys(identite.grants):
                index.setdefault(grant, []).append(name)
        return {grant: sorted(names, key=str.casefold) for grant, names in index.items()}

    def identity(self, login: str) -> Identite | None:
        """Forge logins are case-insensitive: `JDupont` and `jdupont` are the same person."""
        return self._by_folded_login.get(login.casefold())

    def logins_with(self, grant: Grant) -> list[str]:
        return list(self._logins_by_grant.get(grant, ()))

    def editor_slugs(self) -> list[str]:
        return sorted(
            {g.slug for i in self.identites.values() for g in i.grants if g.slug is not None}
        )

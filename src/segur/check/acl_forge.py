"""The commits of a pull request as the forge lists them: which account made each commit.

Git's author and committer are free text that anyone can set; only the forge links a commit to
an account. The validation workflow asks the forge's API for the pull request's commits
(`gh api repos/{owner}/{repo}/pulls/{n}/commits --paginate`) and writes them to a JSON file,
which `segur acl check --commits FICHIER` reads here. The file has the API's shape: a list of
commit objects, of which only `sha`, `author.login` and `committer.login` are read (the rest of
the API's fields are ignored). A workflow step writes it, so it is validated strictly before any
use, with bounded sizes: a malformed file is a usage error, never a partial check.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
)

from segur.errors import UsageError
from segur.load.validation import error_text, visible
from segur.model.access import Login

# The API lists at most 250 commits per pull request; the margin costs nothing and a longer
# list is certainly not the API's.
MAX_COMMITS = 1000
# A commit object of the API weighs a few kilobytes (message, URLs, signature included).
MAX_COMMITS_BYTES = 16 * 1024 * 1024
# A full SHA-1 object name, or a SHA-256 one: the API never abbreviates.
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
# GitHub's own identity as the committer of what is made in its web interface (an edit, the
# "Update branch" button): it says nothing of the person, who is the commit's author.
FORGE_COMMITTER = "web-flow"
# Longer than any login (39 characters, and "[bot]"): refused before being shown.
_MAX_LOGIN = 64


def _check_sha(value: str) -> str:
    if not _SHA.match(value):
        raise ValueError(
            f"« {visible(value[:80])} » n'est pas un identifiant de commit complet "
            "(40 ou 64 caractères hexadécimaux en minuscules)"
        )
    return value


class _ApiObject(BaseModel):
    # The API's objects carry many fields segur does not read: they are ignored, but what is
    # read is strict (no number taken for a string).
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


def _shown_safely(value: object) -> object:
    # Checked before the login's own rule, whose message repeats the value as it is: a value
    # written by a workflow step must not forge a line or an annotation in the error shown.
    if isinstance(value, str) and (len(value) > _MAX_LOGIN or visible(value) != value):
        raise ValueError(
            f"« {visible(value[:_MAX_LOGIN])} » n'est pas un identifiant de forge : caractère "
            f"de contrôle ou de format, ou plus de {_MAX_LOGIN} caractères"
        )
    return value


class ForgeAccount(_ApiObject):
    login: Annotated[Login, BeforeValidator(_shown_safely)]


class ForgeCommit(_ApiObject):
    sha: Annotated[str, AfterValidator(_check_sha)]
    # None when the commit's e-mail address is linked to no account of the forge.
    author: ForgeAccount | None
    committer: ForgeAccount | None = None

    @property
    def login(self) -> str | None:
        """The account the commit is judged as: its author's; when the forge knows no author
        account, its committer's, unless that is the forge itself."""
        if self.author is not None:
            return self.author.login
        if self.committer is not None and self.committer.login != FORGE_COMMITTER:
            return self.committer.login
        return None


_COMMITS: TypeAdapter[list[ForgeCommit]] = TypeAdapter(
    Annotated[list[ForgeCommit], Field(max_length=MAX_COMMITS)]
)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise ValueError(f"clé « {visible(twice[0][:80])} » répétée dans un même objet")
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise ValueError(f"« {name} » n'est pas une valeur JSON")


def _where(loc: tuple[int | str, ...]) -> str:
    if not loc:
        return "la liste des commits"
    head, rest = loc[0], loc[1:]
    field = ".".join(str(p) for p in rest if not str(p).startswith("function-"))
    place = f"commit n° {head + 1}" if isinstance(head, int) else str(head)
    return f"{place}, champ {field}" if field else place


def parse_commits(raw: bytes, display: str) -> dict[str, str | None]:
    """Each commit of the list -> the login it is judged as (None when the forge knows none).

    Raises `UsageError` (French, naming `display`) on anything that is not the API's list.
    """
    if len(raw) > MAX_COMMITS_BYTES:
        raise UsageError(
            f"{display} : fichier trop gros ({len(raw)} octets, au plus {MAX_COMMITS_BYTES})"
        )
    try:
        data = json.loads(
            raw.decode("utf-8"),
            object_pairs_hook=_no_duplicate_keys,
            parse_constant=_no_constant,
        )
    except UnicodeDecodeError as exc:
        raise UsageError(f"{display} : octet {exc.start + 1} n'est pas de l'UTF-8") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{display}:{exc.lineno}:{exc.colno} : JSON illisible ; la liste des commits de la "
            "pull request renvoyée par l'API de la forge est attendue"
        ) from None
    except ValueError as exc:
        raise UsageError(f"{display} : {exc}") from None
    except RecursionError:
        raise UsageError(f"{display} : imbrication trop profonde") from None
    try:
        commits = _COMMITS.validate_python(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        more = f" (et {len(errors) - 1} autre(s) erreur(s))" if len(errors) > 1 else ""
        where = _where(tuple(first["loc"]))
        text = "champ absent" if first["type"] == "missing" else error_text(first)
        raise UsageError(f"{display} : {where} : {text}{more}") from None
    logins: dict[str, str | None] = {}
    for commit in commits:
        if commit.sha in logins:
            raise UsageError(f"{display} : le commit {commit.sha} figure deux fois")
        logins[commit.sha] = commit.login
    return logins


def read_commits(file: Path) -> dict[str, str | None]:
    """`parse_commits` of the file `file`, read without ever taking more than the bound."""
    if not file.is_file():
        raise UsageError(f"{file} : fichier introuvable (ou pas un fichier ordinaire)")
    try:
        with file.open("rb") as stream:
            raw = stream.read(MAX_COMMITS_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"{file} : lecture impossible ({exc.strerror})") from None
    return parse_commits(raw, str(file))

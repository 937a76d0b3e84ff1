"""Which repository a command works on, and where its REM catalogue and access map come from.

Never another repository than the one the user stands in (or names): an editor's dossier
repository has no `rem/`, and checking it against the catalogue of whatever checkout segur was
installed from would report nothing wrong while nothing was checked. The catalogue of an
editor's repository comes from a checkout of the central repository (`--central`), at the
revision its `depot.yaml` pins, so that every editor is checked against the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from segur.errors import GitError, UsageError
from segur.load import git_history as gitlog
from segur.model.registry import DEPOT_FILE
from segur.repository.paths import REM_DIR, Repository, containing_root
from segur.repository.registry import load_depot


@dataclass(frozen=True, slots=True)
class Location:
    root: Path
    central: Path | None

    @property
    def repository(self) -> Repository:
        return Repository(self.root, self.central)


def _root(given: Path | None, paths: Sequence[Path]) -> Path:
    if given is not None:
        if not given.is_dir():
            raise UsageError(f"dépôt introuvable : {given}")
        return given
    roots = {r.resolve(): r for r in (containing_root(p) for p in paths) if r is not None}
    if len(roots) > 1:
        shown = ", ".join(str(r) for r in roots.values())
        raise UsageError(
            f"les chemins donnés appartiennent à plusieurs dépôts ({shown}) : "
            "vérifiez-les un dépôt à la fois"
        )
    if roots:
        return next(iter(roots.values()))
    cwd = Path.cwd()
    return containing_root(cwd) or cwd


def _check_pin(root: Path, central: Path) -> None:
    """The central checkout must be at the revision that `depot.yaml` pins, if it pins one."""
    loaded = load_depot(root)
    if loaded.depot is None:
        errors = [f for f in loaded.findings if f.is_error]
        if errors:
            first = errors[0]
            raise UsageError(
                f"{DEPOT_FILE}:{first.line}:{first.col} invalide ({first.message}) : "
                "impossible de savoir à quelle révision du dépôt central vérifier ce dépôt"
            )
        return
    pinned = loaded.depot.central.revision
    try:
        head = gitlog.resolve(central, "HEAD")
    except GitError:
        raise UsageError(
            f"le dépôt central {central} n'est pas une copie git : impossible de vérifier qu'il "
            f"est à la révision {pinned} qu'épingle {DEPOT_FILE} "
            f"(git clone {loaded.depot.central.url} puis git checkout {pinned})"
        ) from None
    if head != pinned:
        raise UsageError(
            f"le dépôt central {central} est à la révision {head[:12]}, mais {DEPOT_FILE} "
            f"épingle {pinned} : lancez « git -C {central} fetch && git -C {central} checkout "
            f"{pinned} », ou mettez à jour {DEPOT_FILE}"
        )


def locate(
    repo: Path | None,
    central: Path | None,
    paths: Sequence[Path] = (),
    *,
    needs_catalogue: bool = True,
) -> Location:
    """The repository of the command (`repo`, else the one holding `paths`, else the one holding
    the current directory) and the central checkout its catalogue comes from.

    A usage error, never a silent fallback: a central checkout that is not at the pinned
    revision, or a repository without `rem/` and without a central checkout when the command
    needs the catalogue.
    """
    root = _root(repo, paths)
    if central is not None:
        if not (central / REM_DIR).is_dir():
            raise UsageError(
                f"{central} n'est pas une copie du dépôt central : aucun catalogue REM ({REM_DIR}/)"
            )
        if needs_catalogue:
            # A command that reads the central files as they are checked out needs them at the
            # pinned revision; `acl check` reads the pinned revision from git itself.
            _check_pin(root, central)
        return Location(root, central)
    if needs_catalogue and not (root / REM_DIR).is_dir():
        depot = load_depot(root).depot
        pin = (
            f" à la révision {depot.central.revision} qu'épingle {DEPOT_FILE} ({depot.central.url})"
            if depot is not None
            else ""
        )
        raise UsageError(
            f"{root} ne contient pas de catalogue REM ({REM_DIR}/) : c'est sans doute le dépôt de "
            f"dossiers d'un éditeur ; indiquez une copie du dépôt central{pin} avec "
            "--central CHEMIN ou la variable SEGUR_CENTRAL"
        )
    return Location(root, None)

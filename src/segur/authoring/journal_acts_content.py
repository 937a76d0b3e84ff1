"""The content of the journal acts that depend on the dossier: what nobody should type.

- a verdict starts from every requirement of the chapter that applies to the candidature's
  profiles (`applicable_requirements`, the list `segur check` requires, SEG-CYC-005), all
  `conforme`; the instructor names the exceptions. It carries `empreinte`, the digest of the
  chapter's manifest as it is now (`chapter_digest`): what was judged;
- a reply or an INS confirmation names an event of the journal by its file name;
- an INS result names the recording and its sha256, computed here from the file.

The acts with nothing to look up are built by `act` alone. Nothing here prints; the checks
against the lifecycle are `segur.authoring.journal_acts`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from segur.authoring.journal_acts import Act
from segur.dossier.preuves import Target, target_of
from segur.errors import DataError, UsageError
from segur.load.document import load_file
from segur.load.validation import validate
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.journal import parse_event_name
from segur.model.preuves import (
    MANIFEST_FILE,
    PREUVES_DIR,
    Manifeste,
    chapter_digest,
    chapter_dirname,
)
from segur.repository.catalogue import Catalogue
from segur.repository.paths import Repository
from segur.repository.procedure import procedure_chapter
from segur.rules.preuves.completeness import applicable_requirements

_CHUNK = 1 << 20


def target(repo: Repository, catalogue: Catalogue, folder: Path) -> Target:
    """The REM and the profiles of the candidature, or a French error saying why not."""
    path = folder / CANDIDATURE_FILE
    loaded = load_file(path, repo.display(path))
    found, reason = target_of(loaded.document, catalogue)
    if found is None:
        raise DataError(f"exigences applicables inconnues : {reason}")
    return found


def chapter_code(found: Target, given: str) -> str:
    """The chapter named by the user (`SSI/IAM` or `SSI-IAM`), if some requirement of it
    applies to the candidature."""
    chapters = [*found.rem.chapitres, procedure_chapter()]
    applicable = [
        c.code
        for c in chapters
        if applicable_requirements(found.rem.chapitres, found.profils, c.code)
    ]
    for code in applicable:
        if given in (code, chapter_dirname(code)) or given.upper() in (code, chapter_dirname(code)):
            return code
    rem = f"REM {found.rem.code} {found.rem.version}"
    known = any(given.upper() in (c.code, chapter_dirname(c.code)) for c in chapters)
    why = "aucune de ses exigences ne s'applique aux profils" if known else "chapitre inconnu du"
    raise UsageError(
        f"chapitre « {given} » : {why} {rem} (profils {', '.join(found.profils)}) ; "
        f"chapitres à instruire : {', '.join(applicable)}"
    )


def referenced_version(repo: Repository, folder: Path) -> str:
    """The technical version the candidature submits (`solution.version_technique`): the one
    an audit examines, unless the instructor names another."""
    path = folder / CANDIDATURE_FILE
    loaded = load_file(path, repo.display(path))
    data = loaded.document.data if loaded.document is not None else None
    solution = data.get("solution") if isinstance(data, dict) else None
    version = solution.get("version_technique") if isinstance(solution, dict) else None
    if not isinstance(version, str) or not version:
        raise DataError(
            f"{repo.display(path)} ne donne pas solution.version_technique : précisez la "
            "version auditée (--version)"
        )
    return version


def manifest_digest(folder: Path, code: str) -> str:
    """The digest of the chapter as it is now; a chapter without manifest (no proof to
    deposit) has the digest of an empty one."""
    path = folder / PREUVES_DIR / chapter_dirname(code) / MANIFEST_FILE
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise DataError(f"{path} n'est pas un fichier ordinaire")
    if not path.exists():
        return chapter_digest(Manifeste(chapitre=code))
    loaded = load_file(path)
    manifest = validate(loaded.document, Manifeste)[0] if loaded.document else None
    if manifest is None or manifest.chapitre != code:
        raise DataError(
            f"le manifeste {path} est illisible, invalide ou d'un autre chapitre : son "
            "empreinte ne peut être calculée (segur check le localise)"
        )
    return chapter_digest(manifest)


def verdict(
    repo: Repository,
    catalogue: Catalogue,
    folder: Path,
    chapitre: str,
    non_conformes: Sequence[str],
    commentaires: Mapping[str, str],
    commentaire: str | None,
) -> tuple[str, dict[str, Any]]:
    """The chapter's code and the content of its verdict: every applicable requirement,
    `conforme` unless named in `non_conformes`."""
    found = target(repo, catalogue, folder)
    code = chapter_code(found, chapitre)
    ids = [e.id for e in applicable_requirements(found.rem.chapitres, found.profils, code)]
    unknown = [r for r in [*non_conformes, *commentaires] if r not in ids]
    if unknown:
        raise UsageError(
            f"exigence(s) hors du chapitre {code} pour cette candidature : "
            f"{', '.join(dict.fromkeys(unknown))} ; exigences applicables : {', '.join(ids)}"
        )
    failed = set(non_conformes)
    data: dict[str, Any] = {
        "chapitre": code,
        "empreinte": manifest_digest(folder, code),
        "exigences": {r: "non-conforme" if r in failed else "conforme" for r in ids},
    }
    if commentaires:
        data["commentaires"] = {r: commentaires[r] for r in ids if r in commentaires}
    if commentaire is not None:
        data["commentaire"] = commentaire
    return code, data


def event_name(given: str, expected: str) -> str:
    """The file name of a journal event named by the user (a name or a path), of the type
    `expected` (`sollicitation` also accepts a request for a complement)."""
    name = Path(given).name
    parsed = parse_event_name(name)
    allowed = {expected, "validation-administrative"} if expected == "sollicitation" else {expected}
    if parsed is None or parsed.type not in allowed:
        raise UsageError(
            f"« {given} » ne nomme pas un événement « {expected} » du journal "
            f"(AAAA-MM-JJ-{expected}[-suffixe].yaml)"
        )
    return name


def recording(folder: Path, given: Path) -> dict[str, str]:
    """The recording of the INS test day: its path in the dossier and its sha256, computed."""
    candidates = [given] if given.is_absolute() else [folder / given, Path.cwd() / given]
    path = next((p for p in candidates if p.is_file() and not p.is_symlink()), None)
    if path is None:
        raise UsageError(f"enregistrement introuvable : {given} (un fichier du dossier attendu)")
    try:
        relative = path.resolve().relative_to(folder.resolve())
    except ValueError:
        raise UsageError(
            f"l'enregistrement {given} n'est pas dans le dossier de candidature : l'éditeur le "
            "dépose d'abord (par exemple dans documents/)"
        ) from None
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(_CHUNK):
            digest.update(chunk)
    return {"chemin": relative.as_posix(), "sha256": digest.hexdigest()}


def suffix_of(name: str) -> str | None:
    """The suffix of an event's file name (a reply takes its solicitation's)."""
    parsed = parse_event_name(name)
    return parsed.suffix if parsed else None


def chapter_suffix(code: str) -> str:
    """`SSI/IAM` -> `ssi-iam`: the suffix of a chapter's verdict or solicitation."""
    return chapter_dirname(code).lower()


def act(kind: str, date: dt.date, data: Mapping[str, Any], suffix: str | None = None) -> Act:
    """An act whose content is the given fields, the absent (None) ones left out."""
    return Act(kind, date, {k: v for k, v in data.items() if v is not None}, suffix)

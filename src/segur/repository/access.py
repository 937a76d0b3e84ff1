"""The access map `acces.yaml`: loading it (from the work tree or from a revision), its own
checks in `segur check`, the maintainers' consistency, and the generated `.github/CODEOWNERS`.

Who may change what is decided in `segur.check.acl`; this module only knows the map itself.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from segur.findings import registry
from segur.findings.finding import Finding
from segur.load.document import Document, load_file, parse
from segur.load.validation import validate
from segur.model.access import ACCESS_FILE, CarteAcces, Grant
from segur.model.journal import Role
from segur.repository.paths import Repository

CODEOWNERS_FILE = ".github/CODEOWNERS"
# The files whose change calls for checking the map again.
ACCESS_PATHS = (ACCESS_FILE, CODEOWNERS_FILE)

# Outside the candidature folders, everything is the administrators' (default owner `*`);
# these are listed again so that a reader of CODEOWNERS sees them named.
ADMIN_PATHS = (
    "/acces.yaml",
    "/.github/",
    "/rem/",
    "/src/",
    "/tests/",
    "/schemas/",
    "/site/",
    "/scripts/",
    "/pyproject.toml",
    "/mkdocs.yml",
    "/.pre-commit-config.yaml",
    "/.pre-commit-hooks.yaml",
)


@dataclass(frozen=True, slots=True)
class LoadedMap:
    carte: CarteAcces | None
    document: Document | None
    findings: list[Finding]


def _from_loaded(document: Document | None, findings: list[Finding]) -> LoadedMap:
    if document is None:
        return LoadedMap(None, None, findings)
    carte, errors = validate(document, CarteAcces)
    findings = [*findings, *errors, *_duplicate_logins(document)]
    if any(f.is_error for f in findings):
        return LoadedMap(None, document, findings)
    return LoadedMap(carte, document, findings)


def parse_map(raw: bytes, display: str = ACCESS_FILE) -> LoadedMap:
    """The access map from bytes (read at a revision); `carte` is None unless it is valid."""
    loaded = parse(raw, display)
    return _from_loaded(loaded.document, loaded.findings)


def load_map(repo: Repository) -> LoadedMap | None:
    """The access map of the work tree (the central checkout's, when the repository has one);
    None when there is none."""
    file = repo.access_file
    if not file.is_file():
        return None
    stat = file.stat()
    return _load_cached(str(file), repo.display(file), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load_cached(file: str, display: str, mtime_ns: int, size: int) -> LoadedMap:
    # Every candidature's maintainers are checked against the map: read it once per version.
    del mtime_ns, size
    loaded = load_file(Path(file), display)
    return _from_loaded(loaded.document, loaded.findings)


def _duplicate_logins(document: Document) -> list[Finding]:
    identites = document.data.get("identites")
    if not isinstance(identites, dict):
        return []
    # Positions only for the duplicates: finding every key's position means composing the
    # whole map again, for thousands of identities.
    first: dict[str, str] = {}
    findings: list[Finding] = []
    for login in identites:
        folded = login.casefold()
        if folded in first:
            pos = document.key_at(("identites", login))
            line = document.key_at(("identites", first[folded])).line
            findings.append(
                registry.get("SEG-ACL-010").at(
                    document.path, pos.line, pos.col, login=login, ligne=line
                )
            )
        else:
            first[folded] = login
    return findings


def check_access_map(repo: Repository) -> list[Finding]:
    """The findings of `segur check` on `acces.yaml` and on the CODEOWNERS generated from it.
    Nothing in an editor's dossier repository: the map is the central repository's, checked
    there."""
    if not repo.owns_config:
        return []
    loaded = load_map(repo)
    if loaded is None:
        return []
    findings = list(loaded.findings)
    if loaded.carte is None or loaded.document is None:
        return findings
    if not loaded.carte.logins_with(Grant(Role.ADMIN)):
        findings.append(loaded.document.finding(registry.get("SEG-ACL-011"), ("identites",)))
    if codeowners_stale(repo, loaded.carte):
        findings.append(registry.get("SEG-ACL-013").at(CODEOWNERS_FILE, 1, 1))
    return findings


def _owners(logins: list[str]) -> str:
    # An app's bot identity cannot own code on the forge.
    return " ".join(f"@{login}" for login in logins if not login.endswith("[bot]"))


def codeowners(carte: CarteAcces) -> str:
    """The text of `.github/CODEOWNERS`: a pure function of the access map."""
    admins = carte.logins_with(Grant(Role.ADMIN))
    instructeurs = carte.logins_with(Grant(Role.INSTRUCTEUR))
    rules: list[tuple[str, str]] = [("*", _owners(admins))]
    rules.extend((path, _owners(admins)) for path in ADMIN_PATHS)
    rules.append(("/dossiers/", _owners(instructeurs)))
    for slug in carte.editor_slugs():
        editors = carte.logins_with(Grant(Role.EDITEUR, slug))
        rules.append((f"/dossiers/{slug}/", _owners([*editors, *instructeurs])))
    width = max(len(pattern) for pattern, _ in rules) + 1
    lines = [
        "# Fichier généré par « segur acl codeowners » depuis acces.yaml : ne pas le modifier",
        "# à la main. Modifiez acces.yaml (rôle admin), puis régénérez ce fichier ;",
        "# « segur check » signale un CODEOWNERS périmé (règle SEG-ACL-013).",
        "#",
        "# La dernière règle qui correspond l'emporte : par défaut tout revient aux",
        "# administrateurs, les instructeurs relisent dossiers/, et chaque éditeur relit son",
        "# propre dossier avec eux.",
        "",
    ]
    lines.extend(f"{pattern:<{width}}{owners}".rstrip() for pattern, owners in rules)
    return "\n".join(lines) + "\n"


def codeowners_stale(repo: Repository, carte: CarteAcces) -> bool:
    file = repo.root / CODEOWNERS_FILE
    try:
        current = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    return current != codeowners(carte)

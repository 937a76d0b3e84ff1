"""The succession of versions of one candidature folder (§3.1.1): its `candidature.yaml`
names the candidature of the previous version, a folder of the same editor, read here so that
`segur.rules.succession` can judge the link.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from segur.findings.finding import Finding
from segur.load.document import Document, load_file
from segur.model.candidature import CANDIDATURE_FILE, Candidature
from segur.repository.paths import Repository
from segur.rules.succession import Sibling, check_succession


def _sibling(editor_folder: Path, repo: Repository, name: str) -> Sibling:
    folder = editor_folder / name
    # A link is no candidature folder (the rules of the tree report it): never followed.
    if folder.is_symlink() or not folder.is_dir():
        return Sibling(False)
    file = folder / CANDIDATURE_FILE
    if file.is_symlink() or not file.is_file():
        return Sibling(True)
    loaded = load_file(file, repo.display(file))
    if loaded.document is None:
        return Sibling(True)
    try:
        return Sibling(True, Candidature.model_validate(loaded.document.data))
    except ValidationError:
        return Sibling(True)


def succession_findings(
    folder: Path, repo: Repository, doc: Document, model: Candidature
) -> list[Finding]:
    """The findings of the predecessor named by the candidature of `folder`."""
    if model.solution.version_precedente is None:
        return []
    editor_folder = folder.parent

    def lookup(name: str) -> Sibling:
        return _sibling(editor_folder, repo, name)

    return check_succession(doc, model, folder.name, editor_folder.name, lookup)

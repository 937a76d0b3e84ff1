"""`segur.repository.atomic`: whole-or-nothing writes, and the folder check that keeps the
commands that write into a dossier (instruction acts, notifications) inside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from segur.repository.atomic import real_folder_inside, write_text_atomic


def test_a_real_folder_below_the_root_is_inside(tmp_path: Path) -> None:
    (tmp_path / "dossiers" / "e" / "c" / "journal").mkdir(parents=True)
    assert real_folder_inside(tmp_path, tmp_path / "dossiers" / "e" / "c" / "journal")
    # Not created yet: still inside, the command creates it.
    assert real_folder_inside(tmp_path, tmp_path / "dossiers" / "e" / "c" / "nouveau")
    assert real_folder_inside(tmp_path, tmp_path)


@pytest.mark.parametrize("linked", ["dossiers", "dossiers/e", "dossiers/e/c/journal"])
def test_a_link_anywhere_on_the_way_is_refused(tmp_path: Path, linked: str) -> None:
    root, outside = tmp_path / "depot", tmp_path / "ailleurs"
    outside.mkdir()
    (root / "dossiers" / "e" / "c").mkdir(parents=True)
    target = root / linked
    if target.exists():
        target.rename(outside / "deplace")
    target.symlink_to(outside, target_is_directory=True)
    assert not real_folder_inside(root, root / "dossiers" / "e" / "c" / "journal")


def test_a_file_on_the_way_or_a_folder_elsewhere_is_refused(tmp_path: Path) -> None:
    (tmp_path / "depot" / "dossiers" / "e").mkdir(parents=True)
    (tmp_path / "depot" / "dossiers" / "e" / "c").write_text("un fichier", encoding="utf-8")
    assert not real_folder_inside(tmp_path / "depot", tmp_path / "depot/dossiers/e/c/journal")
    assert not real_folder_inside(tmp_path / "depot", tmp_path / "ailleurs")


def test_a_write_replaces_the_file_whole_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "commentaire.md"
    target.write_text("ancien", encoding="utf-8")
    write_text_atomic(target, "nouveau « texte »\n")
    assert target.read_text(encoding="utf-8") == "nouveau « texte »\n"
    assert [p.name for p in tmp_path.iterdir()] == ["commentaire.md"]

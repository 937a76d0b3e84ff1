"""The editor's everyday acts, end to end on a temporary repository: `segur new` with answers
piped on standard input, `segur preuve ajouter|remplacer|retirer` with real files (no hash typed
by hand), `segur check` and `segur status --editeur`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from adm_support import write_rem
from segur.examples.samples import minimal_pdf

EDITEUR = "exemple-neuf"
FOLDER = f"dossiers/{EDITEUR}/dpi-1"
# dispositif, editor, candidature, profiles, name, confirmation.
ANSWERS = f"DPI\n{EDITEUR}\ndpi-1\niam\nMon DPI\no\n"


def segur(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "segur", "--repo", str(root), *args],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


def _png(path: Path, color: str) -> Path:
    Image.new("RGB", (8, 8), color).save(path, format="PNG")
    return path


def _pdf(path: Path) -> Path:
    path.write_bytes(minimal_pdf("Preuve fictive"))
    return path


def _findings(root: Path) -> list[dict[str, Any]]:
    result = segur(root, "check", "--format", "json", str(root / FOLDER))
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    return findings


def _chapter(root: Path, code: str) -> dict[str, Any]:
    result = segur(root, "status", FOLDER, "--format", "json")
    assert result.returncode == 0, result.stderr
    chapters = json.loads(result.stdout)["chapitres"]
    chapter: dict[str, Any] = next(c for c in chapters if c["chapitre"] == code)
    return chapter


@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    """A repository with a candidature created by `segur new` from piped answers."""
    repo = tmp_path / "depot"
    repo.mkdir()
    write_rem(repo)
    created = segur(repo, "new", stdin=ANSWERS)
    assert created.returncode == 0, created.stderr
    assert "Récapitulatif" in created.stdout and "Candidature créée" in created.stdout
    return repo


def test_first_complete_chapter_needs_no_hand_typed_hash(scaffolded: Path, tmp_path: Path) -> None:
    repo = scaffolded
    manifest = repo / FOLDER / "preuves" / "INS" / "preuves.yaml"
    header = manifest.read_text().split("preuves:\n")[0]
    first = segur(
        repo,
        "preuve",
        "ajouter",
        FOLDER,
        "INS",
        "INS.01.01.01",
        str(_png(tmp_path / "a.png", "red")),
    )
    assert first.returncode == 0, first.stderr
    assert "Chapitre INS : incomplet (1/2)" in first.stdout
    assert "INS.01.01.02" in first.stdout  # the missing proof is named
    second = segur(
        repo,
        "preuve",
        "ajouter",
        FOLDER,
        "INS",
        "INS.01.01.02",
        str(_png(tmp_path / "b.png", "blue")),
    )
    assert second.returncode == 0, second.stderr
    assert "Chapitre INS : complet (2/2)" in second.stdout
    # The header comments are kept; each file is copied and named with its digest.
    text = manifest.read_text()
    assert text.startswith(header)
    data = yaml.safe_load(text)
    deposited = data["preuves"]["INS.01.01.01"]["fichiers"]
    assert deposited[0]["chemin"] == "a.png"
    assert (manifest.parent / "a.png").read_bytes() == (tmp_path / "a.png").read_bytes()
    # `segur check` agrees: no finding on the chapter, and the status says it is complete.
    ins = [f for f in _findings(repo) if "/preuves/INS/" in f["path"]]
    assert ins == []
    assert _chapter(repo, "INS")["etat"] == "complet"

    # A file of the wrong real type is refused and nothing changes, byte for byte.
    before = manifest.read_bytes()
    wrong = segur(
        repo, "preuve", "ajouter", FOLDER, "INS", "INS.01.01.02", str(_pdf(tmp_path / "c.pdf"))
    )
    assert wrong.returncode == 2
    assert "SEG-PRV-005" in wrong.stderr and "rien n'a été écrit" in wrong.stderr
    assert manifest.read_bytes() == before
    assert not (manifest.parent / "c.pdf").exists()
    # A PDF disguised as a PNG is refused too: the type is read from the content.
    disguised = tmp_path / "d.png"
    disguised.write_bytes(minimal_pdf("faux"))
    assert (
        segur(repo, "preuve", "ajouter", FOLDER, "INS", "INS.01.01.02", str(disguised)).returncode
        == 2
    )
    assert manifest.read_bytes() == before

    # Withdrawing a proof deletes its file and makes the chapter incomplete again.
    withdrawn = segur(repo, "preuve", "retirer", FOLDER, "INS", "INS.01.01.01")
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert "Chapitre INS : incomplet (1/2)" in withdrawn.stdout
    assert not (manifest.parent / "a.png").exists()
    assert yaml.safe_load(manifest.read_text())["preuves"]["INS.01.01.01"] == {"fichiers": []}
    incomplete = [f for f in _findings(repo) if f["rule"] == "SEG-PRV-010"]
    assert incomplete and "chapitre INS incomplet (1/2)" in incomplete[0]["message"]

    # The editor's view lists the candidature.
    view = segur(repo, "status", "--editeur", EDITEUR)
    assert view.returncode == 0, view.stderr
    assert "dpi-1" in view.stdout and "Mon DPI" in view.stdout
    same = segur(repo, "status", f"dossiers/{EDITEUR}")
    assert same.returncode == 0 and "dpi-1" in same.stdout


def test_replace_swaps_the_files(scaffolded: Path, tmp_path: Path) -> None:
    repo = scaffolded
    base = repo / FOLDER / "preuves" / "INS"
    old = _png(tmp_path / "ancien.png", "red")
    assert segur(repo, "preuve", "ajouter", FOLDER, "INS", "INS.01.01.01", str(old)).returncode == 0
    new = _png(tmp_path / "nouveau.png", "green")
    replaced = segur(repo, "preuve", "remplacer", FOLDER, "INS", "INS.01.01.01", str(new))
    assert replaced.returncode == 0, replaced.stderr
    assert not (base / "ancien.png").exists() and (base / "nouveau.png").is_file()
    files = yaml.safe_load((base / "preuves.yaml").read_text())["preuves"]["INS.01.01.01"]
    assert [f["chemin"] for f in files["fichiers"]] == ["nouveau.png"]
    # Adding the same name again is refused: `remplacer` is the act for that.
    again = segur(repo, "preuve", "ajouter", FOLDER, "INS", "INS.01.01.01", str(new))
    assert again.returncode == 2 and "remplacer" in again.stderr


def test_a_proof_not_expected_is_refused_and_its_chapter_named(
    scaffolded: Path, tmp_path: Path
) -> None:
    repo = scaffolded
    png = str(_png(tmp_path / "a.png", "red"))
    misplaced = segur(repo, "preuve", "ajouter", FOLDER, "INS", "IAM.01.01.01", png)
    assert misplaced.returncode == 2
    assert "attendue au chapitre IAM" in misplaced.stderr
    unknown = segur(repo, "preuve", "ajouter", FOLDER, "INS", "XYZ.01.01.01", png)
    assert unknown.returncode == 2 and "inconnue du REM" in unknown.stderr
    # DOC belongs to the profile ie-usagers, which the candidature did not ask for.
    chapter = segur(repo, "preuve", "ajouter", FOLDER, "DOC", "DOC.01.01.01", png)
    assert chapter.returncode == 2 and "chapitres attendus" in chapter.stderr
    assert not any((repo / FOLDER / "preuves" / "INS").glob("*.png"))


def test_the_manifest_is_created_when_absent(scaffolded: Path, tmp_path: Path) -> None:
    repo = scaffolded
    base = repo / FOLDER / "preuves" / "IAM"
    (base / "preuves.yaml").unlink()
    added = segur(
        repo,
        "preuve",
        "ajouter",
        FOLDER,
        "IAM",
        "IAM.01.01.01",
        str(_png(tmp_path / "i.png", "red")),
    )
    assert added.returncode == 0, added.stderr
    assert "Chapitre IAM : complet (1/1)" in added.stdout
    assert yaml.safe_load((base / "preuves.yaml").read_text())["chapitre"] == "IAM"


def test_new_asks_again_and_writes_nothing_when_not_confirmed(tmp_path: Path) -> None:
    write_rem(tmp_path)
    answers = f"XYZ\nDPI\nPas Un Slug\n{EDITEUR}\ndpi-1\ninconnu\niam\nMon DPI\nn\n"
    result = segur(tmp_path, "new", stdin=answers)
    assert result.returncode == 2
    assert "dispositif inconnu" in result.stdout
    assert "identifiant invalide" in result.stdout
    assert "profil(s) inconnu(s) : inconnu" in result.stdout
    assert "profils         : general, iam" in result.stdout
    assert "création annulée" in result.stderr
    assert not (tmp_path / "dossiers").exists()


def test_new_with_answers_cut_short_writes_nothing(tmp_path: Path) -> None:
    write_rem(tmp_path)
    result = segur(tmp_path, "new", stdin=f"DPI\n{EDITEUR}\n")
    assert result.returncode == 2
    assert "saisie interrompue" in result.stderr
    assert not (tmp_path / "dossiers").exists()


def test_new_oui_skips_the_confirmation(tmp_path: Path) -> None:
    write_rem(tmp_path)
    result = segur(tmp_path, "new", "--oui", stdin=f"DPI\n{EDITEUR}\ndpi-1\n\nMon DPI\n")
    assert result.returncode == 0, result.stderr
    assert "Créer cette candidature" not in result.stdout
    data = yaml.safe_load((tmp_path / FOLDER / "candidature.yaml").read_text())
    assert data["profils"] == ["general"]


def test_a_failure_midway_leaves_nothing_half_written(
    scaffolded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from segur import cli

    repo = scaffolded
    base = repo / FOLDER / "preuves" / "INS"
    old = _png(tmp_path / "ancien.png", "red")
    assert segur(repo, "preuve", "ajouter", FOLDER, "INS", "INS.01.01.01", str(old)).returncode == 0
    before = {p.name: p.read_bytes() for p in base.iterdir()}
    rename = Path.rename

    def failing(self: Path, target: Path) -> Path:
        # The new manifest is the last file put in place: fail right then.
        if Path(target).name == "preuves.yaml":
            raise OSError("disque plein")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    new = _png(tmp_path / "nouveau.png", "green")
    args = ["--repo", str(repo), "preuve", "remplacer", FOLDER, "INS", "INS.01.01.01", str(new)]
    assert cli.main(args) == 3
    assert {p.name: p.read_bytes() for p in base.iterdir()} == before


@pytest.mark.parametrize("linked", ["preuves/INS", "preuves"])
def test_a_chapter_folder_linked_outside_is_never_written_through(
    scaffolded: Path, tmp_path: Path, linked: str
) -> None:
    """A pull request may turn a chapter's folder into a link to anywhere: depositing a proof
    on that checkout must not copy the file, nor rewrite a manifest, outside the repository."""
    repo = scaffolded
    folder = repo / FOLDER / linked
    outside = tmp_path / "ailleurs"
    folder.rename(outside)
    folder.symlink_to(outside, target_is_directory=True)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    png = str(_png(tmp_path / "a.png", "red"))
    result = segur(repo, "preuve", "ajouter", FOLDER, "INS", "INS.01.01.01", png)
    assert result.returncode == 2, result.stdout
    assert "n'est pas un vrai dossier du dépôt" in result.stderr
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before


def test_new_never_writes_through_an_editor_folder_linked_outside(tmp_path: Path) -> None:
    repo = tmp_path / "depot"
    (repo / "dossiers").mkdir(parents=True)
    write_rem(repo)
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (repo / "dossiers" / EDITEUR).symlink_to(outside, target_is_directory=True)
    created = segur(repo, "new", stdin=ANSWERS)
    assert created.returncode != 0
    assert "n'est pas un vrai dossier du dépôt" in created.stderr
    assert list(outside.iterdir()) == []

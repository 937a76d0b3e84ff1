"""A hostile tree under `dossiers/`: every case is a finding on its path (exit 1), never an
internal error (exit 3) nor a hang, nothing is written outside the repository, and the rest of
the repository is still checked.

Each case is built in a copy of the demo repository (`demo_repo`, never changed itself) by a
function that damages it; `segur check` then runs in a subprocess with a timeout, since a named
pipe opened by mistake would block it forever.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from segur.check.run import _guarded
from segur.load.tree import Entry, Kind, walk
from segur.repository.paths import Repository
from segur.rules.tree import check_entries
from segur.rules.tree_names import escape

EDITOR = "exemple-sante-logiciels"
CANDIDATURE = f"dossiers/{EDITOR}/dpi-5-3"
PROOFS = f"{CANDIDATURE}/preuves/RUM"
PROOF = f"{PROOFS}/RUM.01.01.01.pdf"
OTHER_CANDIDATURE = "dossiers/exemple-imagerie-nord/db-2-5"
TIMEOUT = 120
BILLION_LAUGHS = b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\n'


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path, Path], None]  # (repository, a folder outside it)
    rule: str
    path: str  # the start of the path the finding names (escaped as shown)


def _symlink_self(repo: Path, outside: Path) -> None:
    (repo / PROOF).unlink()
    (repo / PROOF).symlink_to("RUM.01.01.01.pdf")


def _symlink_pair(repo: Path, outside: Path) -> None:
    (repo / PROOF).unlink()
    (repo / PROOF).symlink_to("autre.pdf")
    (repo / PROOFS / "autre.pdf").symlink_to("RUM.01.01.01.pdf")


def _symlink_unreferenced(repo: Path, outside: Path) -> None:
    (repo / CANDIDATURE / "documents" / "boucle").symlink_to("boucle")


def _fifo_candidature(repo: Path, outside: Path) -> None:
    (repo / CANDIDATURE / "candidature.yaml").unlink()
    os.mkfifo(repo / CANDIDATURE / "candidature.yaml")


def _fifo_manifest(repo: Path, outside: Path) -> None:
    (repo / PROOFS / "preuves.yaml").unlink()
    os.mkfifo(repo / PROOFS / "preuves.yaml")


def _linked_candidature(repo: Path, outside: Path) -> None:
    shutil.copytree(repo / CANDIDATURE, outside / "dpi-9-9")
    (repo / "dossiers" / EDITOR / "dpi-9-9").symlink_to(outside / "dpi-9-9")


def _linked_editor(repo: Path, outside: Path) -> None:
    shutil.copytree(repo / "dossiers" / EDITOR, outside / "pirate")
    (repo / "dossiers" / "pirate").symlink_to(outside / "pirate")


def _linked_journal(repo: Path, outside: Path) -> None:
    shutil.copytree(repo / CANDIDATURE / "journal", outside / "journal")
    (outside / "journal" / "2099-01-01-decision-college.yaml").write_text("type: decision\n")
    shutil.rmtree(repo / CANDIDATURE / "journal")
    (repo / CANDIDATURE / "journal").symlink_to(outside / "journal")


def _hard_link(repo: Path, outside: Path) -> None:
    shutil.copy(repo / PROOF, outside / "secret.pdf")
    (repo / PROOF).unlink()
    os.link(outside / "secret.pdf", repo / PROOF)


def _hidden_editor(repo: Path, outside: Path) -> None:
    shutil.copytree(repo / "dossiers" / EDITOR, repo / "dossiers" / ".acme")


def _hidden_candidature(repo: Path, outside: Path) -> None:
    shutil.copytree(repo / CANDIDATURE, repo / "dossiers" / EDITOR / ".db-2-0")


def _newline_name(repo: Path, outside: Path) -> None:
    (repo / CANDIDATURE / "documents" / "x.pdf\nSEG-FAUX-001 injecté").write_bytes(b"%PDF")


def _finding_shaped(repo: Path, outside: Path) -> None:
    name = "x.png:1:1: SEG-ADM-001 faux constat"
    (repo / CANDIDATURE / "documents" / name).write_bytes(b"x")


def _case_collision(repo: Path, outside: Path) -> None:
    documents = repo / CANDIDATURE / "documents"
    shutil.copy(documents / "attestation-depot-cnda.pdf", documents / "Attestation-Depot-CNDA.pdf")


def _reserved_name(repo: Path, outside: Path) -> None:
    (repo / CANDIDATURE / "documents" / "CON.log").write_text("x")


def _not_slug(repo: Path, outside: Path) -> None:
    shutil.copytree(repo / "dossiers" / EDITOR, repo / "dossiers" / "Acme_Corp")


def _not_utf8(repo: Path, outside: Path) -> None:
    folder = os.fsencode(repo / CANDIDATURE / "documents")
    fd = os.open(folder + b"/caf\xe9.pdf", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, b"%PDF")
    os.close(fd)


def _nfc_twins(repo: Path, outside: Path) -> None:
    for form in ("NFC", "NFD"):
        (repo / PROOFS / unicodedata.normalize(form, "capture-é.png")).write_bytes(b"x")


def _homoglyph(repo: Path, outside: Path) -> None:
    shutil.copytree(
        repo / "dossiers" / EDITOR, repo / "dossiers" / EDITOR.replace("e", "\u0435", 1)
    )


def _candidature_at_editor_level(repo: Path, outside: Path) -> None:
    (repo / "dossiers" / EDITOR / "candidature.yaml").write_text("éditeur: [invalide\n")


def _candidature_too_deep(repo: Path, outside: Path) -> None:
    (repo / CANDIDATURE / "documents" / "ancien").mkdir()
    shutil.copy(repo / CANDIDATURE / "candidature.yaml", repo / CANDIDATURE / "documents/ancien")


def _nested_copy(repo: Path, outside: Path) -> None:
    shutil.copytree(repo / CANDIDATURE, outside / "copie")
    shutil.move(outside / "copie", repo / CANDIDATURE / "copie")


def _stray_yaml(repo: Path, outside: Path) -> None:
    (repo / CANDIDATURE / "documents" / "rires.yaml").write_bytes(BILLION_LAUGHS)


def _candidature_is_file(repo: Path, outside: Path) -> None:
    (repo / "dossiers" / EDITOR / "dpi-0-1").write_text("candidature: fichier\n")


def _editor_is_file(repo: Path, outside: Path) -> None:
    (repo / "dossiers" / "acme").write_text("editeur: fichier\n")


def _preuves_is_file(repo: Path, outside: Path) -> None:
    shutil.rmtree(repo / CANDIDATURE / "preuves")
    (repo / CANDIDATURE / "preuves").write_text("")


def _journal_is_file(repo: Path, outside: Path) -> None:
    shutil.rmtree(repo / CANDIDATURE / "journal")
    (repo / CANDIDATURE / "journal").write_text("type: decision-college\ndecision: attribution\n")


def _event_at_root(repo: Path, outside: Path) -> None:
    (repo / CANDIDATURE / "2026-12-30-decision-college.yaml").write_text("type: decision\n")


def _event_in_proofs(repo: Path, outside: Path) -> None:
    (repo / PROOFS / "2026-12-30-decision-college.yaml").write_text("type: decision\n")


def _path_too_long(repo: Path, outside: Path) -> None:
    # Built one folder at a time from a descriptor: the whole path is longer than PATH_MAX.
    fd = os.open(repo / CANDIDATURE / "documents", os.O_RDONLY)
    try:
        for _ in range(18):
            os.mkdir("d" * 250, dir_fd=fd)
            below = os.open("d" * 250, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = below
    finally:
        os.close(fd)


DOCS = f"{CANDIDATURE}/documents"
CASES = [
    Case("lien-sur-lui-meme", _symlink_self, "SEG-ARB-004", PROOF),
    Case("deux-liens-en-boucle", _symlink_pair, "SEG-ARB-004", f"{PROOFS}/autre.pdf"),
    Case("boucle-non-referencee", _symlink_unreferenced, "SEG-ARB-004", f"{DOCS}/boucle"),
    Case("tube-candidature", _fifo_candidature, "SEG-ARB-006", f"{CANDIDATURE}/candidature.yaml"),
    Case("tube-manifeste", _fifo_manifest, "SEG-ARB-006", f"{PROOFS}/preuves.yaml"),
    Case("candidature-liee", _linked_candidature, "SEG-ARB-004", f"dossiers/{EDITOR}/dpi-9-9"),
    Case("editeur-lie", _linked_editor, "SEG-ARB-004", "dossiers/pirate"),
    Case("journal-lie", _linked_journal, "SEG-ARB-004", f"{CANDIDATURE}/journal"),
    Case("lien-physique", _hard_link, "SEG-ARB-005", PROOF),
    Case("editeur-cache", _hidden_editor, "SEG-ARB-003", "dossiers/.acme"),
    Case("candidature-cachee", _hidden_candidature, "SEG-ARB-003", f"dossiers/{EDITOR}/.db-2-0"),
    Case("saut-de-ligne", _newline_name, "SEG-ARB-009", f"{DOCS}/x.pdf\\nSEG-FAUX-001"),
    Case("nom-en-constat", _finding_shaped, "SEG-ARB-011", f"{DOCS}/x.png:1:1: SEG-ADM-001"),
    Case("collision-casse", _case_collision, "SEG-ARB-012", f"{DOCS}/attestation-depot-cnda"),
    Case("nom-reserve", _reserved_name, "SEG-ARB-011", f"{DOCS}/CON.log"),
    Case("editeur-non-slug", _not_slug, "SEG-ARB-013", "dossiers/Acme_Corp"),
    Case("nom-non-utf8", _not_utf8, "SEG-ARB-007", f"{DOCS}/caf\\xe9.pdf"),
    Case("jumeaux-nfd", _nfc_twins, "SEG-ARB-008", f"{PROOFS}/capture-"),
    Case("jumeaux-nfc", _nfc_twins, "SEG-ARB-012", f"{PROOFS}/capture-"),
    Case("homoglyphe", _homoglyph, "SEG-ARB-013", "dossiers/\u0435xemple-sante-logiciels"),
    Case(
        "candidature-niveau-editeur",
        _candidature_at_editor_level,
        "SEG-ARB-002",
        f"dossiers/{EDITOR}/candidature.yaml",
    ),
    Case("candidature-trop-profonde", _candidature_too_deep, "SEG-ARB-001", f"{DOCS}/ancien/"),
    Case("copie-imbriquee", _nested_copy, "SEG-ARB-001", f"{CANDIDATURE}/copie"),
    Case("yaml-egare", _stray_yaml, "SEG-ARB-014", f"{DOCS}/rires.yaml"),
    Case("candidature-fichier", _candidature_is_file, "SEG-ARB-002", f"dossiers/{EDITOR}/dpi-0-1"),
    Case("editeur-fichier", _editor_is_file, "SEG-ARB-002", "dossiers/acme"),
    Case("preuves-fichier", _preuves_is_file, "SEG-ARB-002", f"{CANDIDATURE}/preuves"),
    Case("journal-fichier", _journal_is_file, "SEG-ARB-002", f"{CANDIDATURE}/journal"),
    Case(
        "evenement-a-la-racine",
        _event_at_root,
        "SEG-ARB-015",
        f"{CANDIDATURE}/2026-12-30-decision-college.yaml",
    ),
    Case(
        "evenement-dans-les-preuves",
        _event_in_proofs,
        "SEG-ARB-015",
        f"{PROOFS}/2026-12-30-decision-college.yaml",
    ),
    Case("chemin-trop-long", _path_too_long, "SEG-ARB-016", f"{DOCS}/ddd"),
]


def _segur(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "segur", "--repo", str(repo), "check", *args]
    return subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False)


def _outside(tmp_path: Path, repo: Path) -> dict[str, tuple[int, int]]:
    """Every file of the test's folder but the repository (never entered: its paths may be
    longer than PATH_MAX), with its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    for top in tmp_path.iterdir():
        if top == repo:
            continue
        for path in [top, *top.rglob("*")]:
            status = path.lstat()
            found[str(path)] = (status.st_size, status.st_mtime_ns)
    return found


@pytest.fixture
def work(demo_repo: Path, tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "depot"
    shutil.copytree(demo_repo, repo, symlinks=True)
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    return repo, outside


def test_the_demo_copy_has_no_error(work: tuple[Path, Path]) -> None:
    repo, _ = work
    result = _segur(repo)
    assert result.returncode == 0, result.stdout.decode()
    assert b"SEG-ARB" not in result.stdout


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_hostile_tree_is_a_finding(case: Case, work: tuple[Path, Path], tmp_path: Path) -> None:
    repo, outside = work
    case.build(repo, outside)
    before = _outside(tmp_path, repo)
    result = _segur(repo)
    output = result.stdout.decode("utf-8")
    assert result.returncode == 1, output + result.stderr.decode()
    lines = output.splitlines()
    assert any(case.rule in line and line.startswith(case.path) for line in lines), output
    # Every line of the report is a finding or the summary: a name never forges one.
    assert all(line.startswith("dossiers/") or " erreur" in line for line in lines if line)
    # The other candidatures are still checked, and nothing outside the repository changed.
    after = _outside(tmp_path, repo)
    assert after == before
    github = _segur(repo, "--format", "github").stdout.decode("utf-8")
    assert all(line.startswith("::") or " erreur" in line for line in github.splitlines() if line)


def test_the_other_candidatures_are_still_checked(work: tuple[Path, Path]) -> None:
    repo, outside = work
    _fifo_candidature(repo, outside)
    broken = repo / OTHER_CANDIDATURE / "candidature.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "champ_inconnu: 1\n", encoding="utf-8")
    output = _segur(repo).stdout.decode("utf-8")
    assert "SEG-ARB-006" in output
    assert any(
        line.startswith(f"{OTHER_CANDIDATURE}/candidature.yaml") for line in output.split("\n")
    )


def test_a_selected_candidature_reports_its_tree(work: tuple[Path, Path]) -> None:
    repo, outside = work
    _event_at_root(repo, outside)
    _stray_yaml(repo, outside)
    result = _segur(repo, str(repo / CANDIDATURE))
    assert result.returncode == 1
    assert b"SEG-ARB-015" in result.stdout and b"SEG-ARB-014" in result.stdout
    other = _segur(repo, str(repo / OTHER_CANDIDATURE)).stdout
    assert b"SEG-ARB" not in other


def test_dossiers_lists_only_real_candidature_folders(work: tuple[Path, Path]) -> None:
    repo, outside = work
    _linked_candidature(repo, outside)
    _hidden_candidature(repo, outside)
    _candidature_is_file(repo, outside)
    listed = Repository(repo).dossiers()
    assert repo / CANDIDATURE in listed
    assert all(not p.is_symlink() and p.is_dir() and not p.name.startswith(".") for p in listed)


def test_walk_never_follows_a_link(work: tuple[Path, Path]) -> None:
    repo, outside = work
    _linked_editor(repo, outside)
    tree = walk(repo / "dossiers")
    linked = [e for e in tree.entries if e.parts[0] == b"pirate"]
    assert [e.kind for e in linked] == [Kind.SYMLINK]


# Pure rule cases: one entry (with its parents) triggers a rule, its valid twin does not.
def _entries(path: str, kind: Kind = Kind.REGULAR, nlink: int = 1) -> list[Entry]:
    parts = tuple(os.fsencode(p) for p in path.split("/"))
    parents = [Entry(parts[:n], Kind.DIRECTORY, 2, 0) for n in range(1, len(parts))]
    return [*parents, Entry(parts, kind, nlink, 1)]


RULE_CASES = [
    ("SEG-ARB-001", "e/c/divers/x.pdf", "e/c/documents/x.pdf"),
    ("SEG-ARB-002", "e/c/preuves/x.pdf", "e/c/preuves/RUM/x.pdf"),
    ("SEG-ARB-003", "e/c/documents/.cache", "e/c/documents/cache"),
    ("SEG-ARB-007", "e/c/documents/caf\udce9.pdf", "e/c/documents/café.pdf"),
    (
        "SEG-ARB-008",
        "e/c/documents/" + unicodedata.normalize("NFD", "é.pdf"),
        "e/c/documents/é.pdf",
    ),
    ("SEG-ARB-009", "e/c/documents/a\u202ep.pdf", "e/c/documents/ap.pdf"),
    ("SEG-ARB-010", "e/c/documents/" + "a" * 256, "e/c/documents/" + "a" * 255),
    ("SEG-ARB-011", "e/c/documents/aux.txt", "e/c/documents/auxiliaire.txt"),
    ("SEG-ARB-013", "Éditeur/c/candidature.yaml", "editeur-1/c/candidature.yaml"),
    ("SEG-ARB-014", "e/c/documents/x.yml", "e/c/preuves/RUM/preuves.yaml"),
    (
        "SEG-ARB-015",
        "e/c/preuves/RUM/2026-01-02-verdict.yaml",
        "e/c/journal/2026-01-02-verdict.yaml",
    ),
]


@pytest.mark.parametrize(("rule", "bad", "good"), RULE_CASES)
def test_each_tree_rule_fires_and_not(rule: str, bad: str, good: str) -> None:
    assert rule in {f.rule for f in check_entries(_entries(bad))}
    assert check_entries(_entries(good)) == []


def test_kind_rules_fire_and_not() -> None:
    path = "e/c/preuves/RUM/x.pdf"
    assert [f.rule for f in check_entries(_entries(path, Kind.SYMLINK))] == ["SEG-ARB-004"]
    assert [f.rule for f in check_entries(_entries(path, nlink=2))] == ["SEG-ARB-005"]
    assert [f.rule for f in check_entries(_entries(path, Kind.FIFO))] == ["SEG-ARB-006"]
    assert check_entries(_entries(path)) == []


def test_collisions_fire_and_not() -> None:
    twins = [
        *_entries("e/c/documents/A.pdf"),
        Entry(tuple(b"e/c/documents/a.pdf".split(b"/")), Kind.REGULAR, 1, 1),
    ]
    assert [f.rule for f in check_entries(twins)] == ["SEG-ARB-012"]
    distinct = [
        *_entries("e/c/documents/a.pdf"),
        Entry(tuple(b"e/c/documents/b.pdf".split(b"/")), Kind.REGULAR, 1, 1),
    ]
    assert check_entries(distinct) == []


def test_an_unreadable_folder_is_a_finding(work: tuple[Path, Path]) -> None:
    repo, outside = work
    _path_too_long(repo, outside)
    rules = {
        f.rule
        for f in check_entries(walk(repo / "dossiers").entries, walk(repo / "dossiers").problems)
    }
    assert "SEG-ARB-016" in rules
    assert "SEG-ARB-016" not in {f.rule for f in check_entries(_entries("e/c/documents/x.pdf"))}


def test_a_file_system_error_in_a_check_is_a_finding(tmp_path: Path) -> None:
    def broken(context: object) -> list[object]:
        raise OSError(40, "Trop de niveaux de liens symboliques")

    def fine(context: object) -> list[object]:
        return []

    found = _guarded(broken, None, "dossiers/e/c")  # type: ignore[arg-type]
    assert [f.rule for f in found] == ["SEG-ARB-017"]
    assert _guarded(fine, None, "dossiers/e/c") == []  # type: ignore[arg-type]


def test_escape_shows_hostile_characters() -> None:
    assert escape("a\nb\x1b\u202e\udce9\\") == "a\\nb\\x1b\\u202e\\xe9\\\\"
    assert escape("café-é.pdf") == "café-é.pdf"

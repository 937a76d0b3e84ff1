"""The access map acces.yaml: its model, its checks in `segur check`, and CODEOWNERS."""

from __future__ import annotations

from pathlib import Path

import pytest

from segur.check import run as check
from segur.cli import main
from segur.examples import generator as examples
from segur.findings.finding import Finding
from segur.model.access import ACCESS_FILE
from segur.repository.access import (
    CODEOWNERS_FILE,
    check_access_map,
    codeowners,
    load_map,
    parse_map,
)
from segur.repository.paths import Repository, default_root

EMBEDDED = Repository(default_root())

MAP = """\
identites:
  admin-1:
    roles: [admin]
  instr-1:
    nom: Instructrice
    roles: [instructeur, college]
  instr-2:
    roles: [instructeur]
  ed-a:
    roles: ["editeur:alpha"]
  ed-a2:
    roles: ["editeur:alpha", "editeur:beta"]
  robot[bot]:
    roles: [bot]
"""


def _repo(tmp_path: Path, files: dict[str, str]) -> Repository:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return Repository(tmp_path)


def _rules(findings: list[Finding]) -> list[tuple[str, int, str]]:
    return [(f.path, f.line, f.rule) for f in findings]


def test_the_embedded_map_is_valid_and_covers_every_example_editor() -> None:
    loaded = load_map(EMBEDDED)
    assert loaded is not None and loaded.carte is not None, loaded and loaded.findings
    assert check_access_map(EMBEDDED) == []
    # The examples live in no checkout: their editors are the generator's.
    editors = {folder.split("/")[0] for folder in examples.example_folders()}
    assert editors and editors <= set(loaded.carte.editor_slugs())
    assert all(login.startswith("exemple-") for login in loaded.carte.identites)


def test_the_committed_codeowners_is_fresh() -> None:
    loaded = load_map(EMBEDDED)
    assert loaded is not None and loaded.carte is not None
    committed = (EMBEDDED.root / CODEOWNERS_FILE).read_text(encoding="utf-8")
    assert committed == codeowners(loaded.carte), "lancez « segur acl codeowners »"


def test_the_embedded_maintainers_are_all_mapped(demo_repo: Path) -> None:
    # The examples' maintainers, on the demo repository, whose map is the embedded one.
    demo = Repository(demo_repo)
    assert (demo_repo / ACCESS_FILE).read_bytes() == (EMBEDDED.root / ACCESS_FILE).read_bytes()
    assert len(demo.dossiers()) == len(examples.example_folders())
    findings = check.run(demo)
    assert [f for f in findings if f.rule == "SEG-ACL-012"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("identites:\n  a:\n    roles: [chef]\n", "rôle « chef » inconnu"),
        ("identites:\n  a:\n    roles: ['editeur:Mauvais Nom']\n", "rôle « editeur:Mauvais"),
        ("identites:\n  a:\n    roles: ['editeur:']\n", "inconnu"),
        ("identites:\n  a:\n    roles: []\n", "au moins 1"),
        ("identites:\n  a:\n    roles: [admin, admin]\n", "qu'une fois"),
        ("identites:\n  'pas un login':\n    roles: [admin]\n", "identifiant de forge"),
        (
            "identites:\n  a:\n    roles: [admin]\n    droits: tout\n",
            "champ « identites.a.droits »",
        ),
    ],
)
def test_invalid_maps(text: str, expected: str) -> None:
    loaded = parse_map(text.encode())
    assert loaded.carte is None
    assert any(expected in f.message for f in loaded.findings), loaded.findings


def test_duplicate_logins_ignore_case(tmp_path: Path) -> None:
    text = "identites:\n  Ed-A:\n    roles: [admin]\n  ed-a:\n    roles: [instructeur]\n"
    repo = _repo(tmp_path, {ACCESS_FILE: text})
    findings = check_access_map(repo)
    assert _rules(findings) == [(ACCESS_FILE, 4, "SEG-ACL-010")]
    assert "ligne 2" in findings[0].message


def test_no_admin_and_stale_codeowners(tmp_path: Path) -> None:
    repo = _repo(tmp_path, {ACCESS_FILE: "identites:\n  a:\n    roles: [instructeur]\n"})
    assert _rules(check_access_map(repo)) == [
        (ACCESS_FILE, 1, "SEG-ACL-011"),
        (CODEOWNERS_FILE, 1, "SEG-ACL-013"),
    ]


def test_no_map_no_findings(tmp_path: Path) -> None:
    assert check_access_map(Repository(tmp_path)) == []


def test_codeowners_text() -> None:
    loaded = parse_map(MAP.encode())
    assert loaded.carte is not None
    lines = [line for line in codeowners(loaded.carte).splitlines() if not line.startswith("#")]
    rules = [line.split() for line in lines if line]
    assert rules[0] == ["*", "@admin-1"]
    assert ["/acces.yaml", "@admin-1"] in rules and ["/.github/", "@admin-1"] in rules
    assert ["/dossiers/", "@instr-1", "@instr-2"] in rules
    # Editors' folders come after /dossiers/: in CODEOWNERS the last match wins.
    assert rules[-2:] == [
        ["/dossiers/alpha/", "@ed-a", "@ed-a2", "@instr-1", "@instr-2"],
        ["/dossiers/beta/", "@ed-a2", "@instr-1", "@instr-2"],
    ]
    assert "robot" not in codeowners(loaded.carte)  # a bot cannot own code
    assert codeowners(loaded.carte).startswith("# Fichier généré par « segur acl codeowners »")


def test_maintainers_must_be_editors_of_their_folder(tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        {
            ACCESS_FILE: MAP,
            "dossiers/alpha/dpi-1/candidature.yaml": "mainteneurs:\n- ED-A\n- instr-1\n- absent\n",
            "dossiers/beta/lgc-1/candidature.yaml": "mainteneurs: [ed-a2]\n",
            "dossiers/gamma/x-1/candidature.yaml": "mainteneurs: pas une liste\n",
        },
    )
    findings = [f for f in check.run(repo) if f.rule == "SEG-ACL-012"]
    assert _rules(findings) == [
        ("dossiers/alpha/dpi-1/candidature.yaml", 3, "SEG-ACL-012"),
        ("dossiers/alpha/dpi-1/candidature.yaml", 4, "SEG-ACL-012"),
    ]
    assert "« instr-1 »" in findings[0].message and "editeur:alpha" in findings[0].message


def test_check_of_the_map_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _repo(tmp_path, {ACCESS_FILE: "identites:\n  a:\n    roles: [chef]\n", "rem/.keep": ""})
    code = main(["--repo", str(tmp_path), "check", str(tmp_path / ACCESS_FILE)])
    out = capsys.readouterr().out
    assert code == 1
    assert "acces.yaml:3:13: erreur SEG-YML-015" in out


def test_cli_codeowners(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _repo(tmp_path, {ACCESS_FILE: MAP})
    args = ["--repo", str(tmp_path), "acl", "codeowners"]
    assert main([*args, "--check"]) == 1
    assert "n'est pas à jour" in capsys.readouterr().out
    assert main(args) == 0
    assert "régénéré" in capsys.readouterr().out
    assert main([*args, "--check"]) == 0
    assert main(args) == 0
    assert "déjà à jour" in capsys.readouterr().out
    (tmp_path / ACCESS_FILE).unlink()
    assert main(args) == 1
    assert "absente" in capsys.readouterr().err

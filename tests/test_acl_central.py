"""In an editor's dossier repository, `acl check --central` reads the access map of the central
repository at the revision that `depot.yaml` pins on the BASE: never a map, nor a pin, that the
pull request brings."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from gitrepo import GitRepo
from segur.cli import main

SLUG = "acme"
MAP = """identites:
  ans-admin:
    roles: [admin]
  ans-lea:
    roles: [instructeur]
  acme-claire:
    roles: ["editeur:acme"]
"""
# The same map with a second editor login: the central repository moved on.
MAP_LATER = MAP + '  acme-hugo:\n    roles: ["editeur:acme"]\n'


def _depot(revision: str) -> str:
    return (
        f"editeur: {SLUG}\ncentral:\n  url: https://github.com/ans-segur/segur.git\n"
        f"  revision: {revision}\n"
    )


def _check(editor: Path, central: Path, actor: str, capsys: object) -> list[str]:
    code = main(
        [
            "--repo",
            str(editor),
            "--central",
            str(central),
            "acl",
            "check",
            "--actor",
            actor,
            "--base",
            "main",
            "--head",
            "pr",
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    rules = [f["rule"] for f in json.loads(out)] if out.strip() else []
    assert code in (0, 1)  # a decision, never a usage or internal error
    assert (code == 0) == (rules == [])
    return rules


def _setup(new_repo: Callable[..., GitRepo]) -> tuple[GitRepo, GitRepo, str, str]:
    central = new_repo("central")
    central.write({"acces.yaml": MAP, "rem/README.md": "catalogue\n"})
    first = central.commit("Carte d'accès", date="2026-09-01")
    central.write({"acces.yaml": MAP_LATER})
    later = central.commit("Nouvel éditeur", date="2026-09-02")
    editor = new_repo("editeur")
    editor.write({"depot.yaml": _depot(first), f"dossiers/{SLUG}/README.md": "dossiers\n"})
    editor.commit("Dépôt créé", date="2026-09-03")
    return central, editor, first, later


def test_the_map_is_the_central_one_at_the_pinned_revision(
    new_repo: Callable[..., GitRepo], capsys: object
) -> None:
    central, editor, _first, _later = _setup(new_repo)
    editor.branch("pr")
    editor.write({f"dossiers/{SLUG}/dpi-1-0/candidature.yaml": "a: 1\n"})
    editor.commit("Candidature", date="2026-09-04")
    editor.checkout("main")
    # Claire is an editor of acme in the pinned map: allowed.
    assert _check(editor.root, central.root, "acme-claire", capsys) == []
    # Hugo appears only in a later revision of the central map: unknown at the pinned one.
    assert _check(editor.root, central.root, "acme-hugo", capsys) != []


def test_a_pull_request_cannot_bring_its_own_map_or_pin(
    new_repo: Callable[..., GitRepo], capsys: object
) -> None:
    central, editor, _first, later = _setup(new_repo)
    editor.branch("pr")
    # The PR moves the pin to the later revision and adds a map granting Hugo: both ignored.
    editor.write(
        {
            "depot.yaml": _depot(later),
            "acces.yaml": MAP_LATER,
            f"dossiers/{SLUG}/dpi-1-0/candidature.yaml": "a: 1\n",
        }
    )
    editor.commit("Je m'accorde des droits", date="2026-09-04")
    editor.checkout("main")
    assert _check(editor.root, central.root, "acme-hugo", capsys) != []


def test_without_a_pin_on_the_base_the_check_is_refused(
    new_repo: Callable[..., GitRepo], capsys: object
) -> None:
    central, editor, _first, _later = _setup(new_repo)
    editor.git("rm", "-q", "depot.yaml")
    editor.commit("Plus d'épinglage", date="2026-09-04")
    editor.branch("pr")
    editor.checkout("main")
    repos = ["--repo", str(editor.root), "--central", str(central.root)]
    code = main(
        [*repos, "acl", "check", "--actor", "acme-claire", "--base", "main", "--head", "pr"]
    )
    assert code == 2
    assert "depot.yaml" in capsys.readouterr().err  # type: ignore[attr-defined]

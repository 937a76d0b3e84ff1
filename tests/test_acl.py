"""Access control of pull requests on real git repositories: the full permission matrix.

One base repository (module fixture) holds two editors' folders, an event already recorded and
the infrastructure files; each kind of change is one branch from `main`, checked for every role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from gitrepo import GitRepo
from segur.check import acl
from segur.cli import main
from segur.load import git_history as gitlog
from segur.model.access import ACCESS_FILE

ACCES = """\
identites:
  ed-a:
    roles: ["editeur:alpha"]
  ed-b:
    roles: ["editeur:beta"]
  instr:
    roles: [instructeur]
  coll:
    roles: [college]
  dir:
    roles: [direction]
  admin:
    roles: [admin]
  robot[bot]:
    roles: [bot]
"""
ALPHA = "dossiers/alpha/dpi-1"
BETA = "dossiers/beta/lgc-2"
EXISTING_EVENT = f"{ALPHA}/journal/2026-01-10-sollicitation.yaml"
BASE_FILES = {
    ACCESS_FILE: ACCES,
    f"{ALPHA}/candidature.yaml": "dispositif: DPI\n",
    f"{ALPHA}/preuves/INS/preuves.yaml": "chapitre: INS\n",
    EXISTING_EVENT: "type: sollicitation\n",
    f"{BETA}/candidature.yaml": "dispositif: LGC\n",
    "rem/DPI/dispositif.yaml": "code: DPI\n",
    "src/segur/module.py": "X = 1\n",
    "tests/test_module.py": "def test(): pass\n",
    ".github/workflows/validation.yml": "name: v\n",
    "pyproject.toml": "[project]\n",
}
ACTORS = ("ed-a", "ed-b", "instr", "coll", "dir", "admin", "robot[bot]", "inconnu")


def _event(kind: str) -> dict[str, str | bytes | None]:
    return {f"{ALPHA}/journal/2026-02-02-{kind}.yaml": f"type: {kind}\n"}


# kind of change -> (files written on the branch, or a function of the repository, whose
# result is ignored)
CHANGES: dict[str, dict[str, str | bytes | None] | Callable[[GitRepo], object]] = {
    "dossier-alpha": {f"{ALPHA}/candidature.yaml": "dispositif: DPI\nprofils: [general]\n"},
    "preuve-alpha": {f"{ALPHA}/preuves/INS/capture.png": b"\x89PNG"},
    "suppression-alpha": {f"{ALPHA}/preuves/INS/preuves.yaml": None},
    "dossier-beta": {f"{BETA}/candidature.yaml": "dispositif: LGC\nprofils: [general]\n"},
    "evenement-reponse": _event("reponse"),
    "evenement-verdict": _event("verdict"),
    "evenement-decision-college": _event("decision-college"),
    "evenement-signature-ans": _event("signature-ans"),
    "evenement-notification": _event("notification"),
    "evenement-existant-modifie": {EXISTING_EVENT: "type: sollicitation\nmodifie: oui\n"},
    "evenement-existant-supprime": {EXISTING_EVENT: None},
    "evenement-existant-renomme": lambda r: r.git(
        "mv", EXISTING_EVENT, f"{ALPHA}/journal/2026-01-10-sollicitation-bis.yaml"
    ),
    "evenement-nom-invalide": {f"{ALPHA}/journal/notes.yaml": "note: x\n"},
    "evenement-casse": {f"{ALPHA}/Journal/2026-02-02-verdict.yaml": "type: verdict\n"},
    "lien-symbolique": lambda r: (r.root / ALPHA / "lien.yaml").symlink_to("../../../acces.yaml"),
    "rem": {"rem/DPI/dispositif.yaml": "code: DPI\nlibelle: x\n"},
    "github": {".github/workflows/validation.yml": "name: pirate\n"},
    "acces": {ACCESS_FILE: ACCES + "  pirate:\n    roles: [admin]\n"},
    "src": {"src/segur/module.py": "X = 2\n"},
    "tests": {"tests/test_module.py": None},
    "pyproject": {"pyproject.toml": "[project]\nname = 'x'\n"},
    "racine": {"notes.md": "# notes\n"},
}

EVERYONE_BUT = dict.fromkeys(ACTORS[:-1])


def _only(allowed: tuple[str, ...], refused: str, **others: str) -> dict[str, str | None]:
    """Expected rule per actor: None for `allowed`, `refused` for the rest (unless in
    `others`), and SEG-ACL-001 for the unknown identity."""
    expected: dict[str, str | None] = {
        a: (None if a in allowed else others.get(a.replace("[bot]", ""), refused))
        for a in EVERYONE_BUT
    }
    expected["inconnu"] = "SEG-ACL-001"
    return expected


ANS = {"instr": "SEG-ACL-005", "coll": "SEG-ACL-005", "dir": "SEG-ACL-005", "robot": "SEG-ACL-005"}
EXPECTED: dict[str, dict[str, str | None]] = {
    "dossier-alpha": _only(("ed-a", "admin"), "SEG-ACL-004", **ANS),
    "preuve-alpha": _only(("ed-a", "admin"), "SEG-ACL-004", **ANS),
    "suppression-alpha": _only(("ed-a", "admin"), "SEG-ACL-004", **ANS),
    "dossier-beta": _only(("ed-b", "admin"), "SEG-ACL-004", **ANS),
    "evenement-reponse": _only(("ed-a",), "SEG-ACL-006", **{"ed-b": "SEG-ACL-004"}),
    "evenement-verdict": _only(("instr",), "SEG-ACL-006"),
    "evenement-decision-college": _only(("coll",), "SEG-ACL-006"),
    "evenement-signature-ans": _only(("dir",), "SEG-ACL-006"),
    "evenement-notification": _only(("robot[bot]",), "SEG-ACL-006"),
    "evenement-existant-modifie": _only((), "SEG-ACL-007"),
    "evenement-existant-supprime": _only((), "SEG-ACL-007"),
    # The source is an existing event; the target, a new event of the instructors' type.
    "evenement-existant-renomme": {
        **_only((), "SEG-ACL-006+SEG-ACL-007"),
        "instr": "SEG-ACL-007",
    },
    "evenement-nom-invalide": _only((), "SEG-ACL-008"),
    "evenement-casse": _only(("instr",), "SEG-ACL-006"),
    "lien-symbolique": _only((), "SEG-ACL-009"),
    **{
        kind: _only(("admin",), "SEG-ACL-003")
        for kind in ("rem", "github", "acces", "src", "tests", "pyproject", "racine")
    },
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitRepo]:
    repo = GitRepo.create(tmp_path_factory.mktemp("acl") / "depot")
    repo.commit("dépôt initial", BASE_FILES, "2026-01-12")
    for kind, change in CHANGES.items():
        repo.branch(kind, "main")
        if callable(change):
            change(repo)
        else:
            repo.write(change)
        repo.commit(f"changement {kind}")
    repo.checkout("main")
    yield repo


def test_the_matrix_covers_every_kind_and_actor() -> None:
    assert set(EXPECTED) == set(CHANGES)
    assert all(set(row) == set(ACTORS) for row in EXPECTED.values())


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("kind", list(CHANGES))
def test_permission_matrix(base: GitRepo, kind: str, actor: str) -> None:
    result = acl.check_pull_request(base.root, actor, "main", kind)
    rules = {f.rule for f in result.findings}
    expected = EXPECTED[kind][actor]
    if expected is None:
        assert result.allowed, [f.message for f in result.findings]
        assert rules == set()
    else:
        assert not result.allowed
        assert rules == set(expected.split("+")), [f.message for f in result.findings]


def test_a_pull_request_cannot_grant_itself_rights(base: GitRepo) -> None:
    base.branch("auto-promotion", "main")
    promoted = ACCES.replace('ed-b:\n    roles: ["editeur:beta"]', "ed-b:\n    roles: [admin]")
    assert promoted != ACCES
    base.commit(
        "je me donne les droits",
        {ACCESS_FILE: promoted, f"{ALPHA}/candidature.yaml": "pirate: oui\n"},
    )
    base.checkout("main")
    result = acl.check_pull_request(base.root, "ed-b", "main", "auto-promotion")
    assert {(f.path, f.rule) for f in result.findings} == {
        (ACCESS_FILE, "SEG-ACL-003"),
        (f"{ALPHA}/candidature.yaml", "SEG-ACL-004"),
    }
    # Even once the branch's map is checked out, only the base's map counts.
    base.checkout("auto-promotion")
    try:
        assert not acl.check_pull_request(base.root, "ed-b", "main").allowed
    finally:
        base.checkout("main")


@pytest.fixture
def initial(git_repo: GitRepo) -> GitRepo:
    """A repository whose main holds BASE_FILES only."""
    git_repo.commit("initial", BASE_FILES)
    return git_repo


def test_roles_add_up_and_logins_ignore_case(git_repo: GitRepo) -> None:
    repo = git_repo
    acces = 'identites:\n  Paul:\n    roles: [instructeur, college, "editeur:alpha"]\n'
    repo.commit("initial", {ACCESS_FILE: acces, f"{ALPHA}/candidature.yaml": "a: 1\n"})
    repo.branch("pr")
    repo.commit(
        "plusieurs rôles",
        {
            **_event("verdict"),
            **_event("decision-college"),
            **_event("reponse"),
            f"{ALPHA}/candidature.yaml": "a: 2\n",
        },
    )
    result = acl.check_pull_request(repo.root, "paul", "main", "pr")
    assert result.allowed and result.findings == []
    assert len(result.changes) == 4


def test_the_base_that_moved_on_is_not_the_pull_requests_doing(initial: GitRepo) -> None:
    repo = initial
    repo.branch("pr")
    repo.commit("réponse", _event("reponse"))
    repo.checkout("main")
    # After the fork, main receives another editor's work and an instructor's verdict.
    repo.commit("beta", {f"{BETA}/candidature.yaml": "dispositif: LGC\nv: 2\n"})
    repo.commit("verdict", {f"{ALPHA}/journal/2026-02-03-verdict.yaml": "type: verdict\n"})
    result = acl.check_pull_request(repo.root, "ed-a", "main", "pr")
    assert result.allowed, result.findings
    assert [c.path for c in result.changes] == [f"{ALPHA}/journal/2026-02-02-reponse.yaml"]


def test_adding_an_event_that_reached_the_base_since_the_fork_is_overwriting(
    initial: GitRepo,
) -> None:
    repo = initial
    repo.branch("pr")
    repo.commit("verdict", {f"{ALPHA}/journal/2026-02-03-verdict.yaml": "verdict: favorable\n"})
    repo.checkout("main")
    repo.commit("verdict", {f"{ALPHA}/journal/2026-02-03-verdict.yaml": "verdict: reserve\n"})
    result = acl.check_pull_request(repo.root, "instr", "main", "pr")
    assert [f.rule for f in result.findings] == ["SEG-ACL-007"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "fichier absent"), ("identites: [pas, un, dictionnaire]\n", "erreur")],
)
def test_an_unusable_map_on_the_base_refuses_everything(
    git_repo: GitRepo, content: str | None, reason: str
) -> None:
    repo = git_repo
    repo.commit("initial", {**BASE_FILES, ACCESS_FILE: content})
    repo.branch("pr")
    repo.commit("changement", {f"{ALPHA}/candidature.yaml": "a: 2\n", ACCESS_FILE: ACCES})
    result = acl.check_pull_request(repo.root, "admin", "main", "pr")
    assert {f.rule for f in result.findings} == {"SEG-ACL-002"}
    assert {f.path for f in result.findings} == {ACCESS_FILE, f"{ALPHA}/candidature.yaml"}
    assert all(reason in f.message for f in result.findings)


def test_unknown_actor_is_refused_even_an_empty_change(initial: GitRepo) -> None:
    repo = initial
    result = acl.check_pull_request(repo.root, "inconnu", "main", "main")
    assert [(f.path, f.rule) for f in result.findings] == [(ACCESS_FILE, "SEG-ACL-001")]
    assert acl.check_pull_request(repo.root, "ed-a", "main", "main").allowed


def test_bad_revision(base: GitRepo) -> None:
    with pytest.raises(gitlog.GitError):
        acl.check_pull_request(base.root, "admin", "origin/main", "HEAD")


def _segur(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_acl_check(base: GitRepo, capsys: pytest.CaptureFixture[str]) -> None:
    check = ["--repo", str(base.root), "acl", "check", "--base", "main"]
    code, out, _ = _segur(capsys, *check, "--actor", "ed-b", "--head", "dossier-alpha")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{ALPHA}/candidature.yaml:1:1: SEG-ACL-004 ")
    assert "« alpha »" in lines[0] and lines[-1].startswith("Refusé")

    code, out, _ = _segur(capsys, *check, "--actor", "ed-a", "--head", "dossier-alpha")
    assert code == 0, out
    assert out.splitlines()[-1].startswith("Autorisé")

    code, out, _ = _segur(
        capsys, *check, "--actor", "inconnu", "--head", "src", "--format", "github"
    )
    assert code == 1
    assert out.startswith("::error file=src/segur/module.py,line=1,col=1,")

    code, _, err = _segur(capsys, *check, "--actor", "admin", "--head", "nulle-part")
    assert code == 2 and "révision introuvable" in err

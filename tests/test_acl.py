"""Access control of pull requests on real git repositories: the rules one by one.

One base repository (module fixture) holds two editors' folders, an event already recorded and
the infrastructure files; the other tests build their own. The full permission matrix, every
role against every kind of change, is in `test_acl_matrix.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from acl_support import ACCES
from gitrepo import GitRepo
from segur.check import acl, acl_decision, acl_paths
from segur.cli import main
from segur.findings.finding import Finding
from segur.load import git_history as gitlog
from segur.model.access import ACCESS_FILE, Grant
from segur.model.journal import Role

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


def _event(kind: str, content: str | None = None) -> dict[str, str | bytes | None]:
    return {f"{ALPHA}/journal/2026-02-02-{kind}.yaml": content or f"type: {kind}\n"}


# kind of change -> files written on its branch. The full permission matrix (every role against
# every kind of change) is in test_acl_matrix.py; these branches serve the tests below.
CHANGES: dict[str, dict[str, str | bytes | None] | Callable[[GitRepo], object]] = {
    "dossier-alpha": {f"{ALPHA}/candidature.yaml": "dispositif: DPI\nprofils: [general]\n"},
    "src": {"src/segur/module.py": "X = 2\n"},
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
            # Not in dpi-1: once decided, its candidature is frozen even for a collège member.
            "dossiers/alpha/dpi-2/candidature.yaml": "a: 2\n",
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
    assert lines[0].startswith(f"{ALPHA}/candidature.yaml:1:1: erreur SEG-ACL-004 ")
    assert "« alpha »" in lines[0] and lines[-1].startswith("Refusé")

    code, out, _ = _segur(capsys, *check, "--actor", "ed-a", "--head", "dossier-alpha")
    assert code == 0, out
    assert out.splitlines()[-1].startswith("Autorisé")

    code, out, _ = _segur(
        capsys, *check, "--actor", "inconnu", "--head", "src", "--format", "github"
    )
    assert code == 1
    # One finding for the whole pull request of an unknown identity, on the access map.
    assert out.startswith("::error file=acces.yaml,line=1,col=1,title=SEG-ACL-001::")
    assert out.count("::error") == 1 and "Obtenir l'accès" in out

    code, _, err = _segur(capsys, *check, "--actor", "admin", "--head", "nulle-part")
    assert code == 2 and "révision introuvable" in err


# --- Paths: checked as git stores them, before any ownership test ----------------------------


def _added(*paths: str) -> list[gitlog.Change]:
    return [gitlog.Change(gitlog.ADDED, p) for p in paths]


def _rules(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.path, f.rule) for f in findings]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("dossiers/alpha/../beta/lgc-2/candidature.yaml", "« .. »"),
        ("dossiers/alpha/./dpi-1/candidature.yaml", "« . »"),
        ("dossiers/alpha//dpi-1/candidature.yaml", "segment vide"),
        ("/dossiers/alpha/dpi-1/candidature.yaml", "segment vide"),
        ("dossiers/alpha/dpi-1/documents/..\\..\\x.pdf", "barre oblique inverse"),
        ("dossiers/alpha/dpi-1/documents/a\nb.pdf", "caractère de contrôle"),
        ("dossiers/alpha/dpi-1/documents/fdp.\u202egnp.pdf", "caractère de contrôle"),
        ("dossiers/alpha/dpi-1/documents/\udcff.pdf", "octet non UTF-8"),
        ("dossiers/alpha/dpi-1/documents/e\u0301te\u0301.pdf", "NFC"),
    ],
)
def test_non_canonical_paths_are_refused_for_everyone(path: str, reason: str) -> None:
    admin = acl_decision.Actor("admin", frozenset({Grant(Role.ADMIN)}))
    editor = acl_decision.Actor("ed-a", frozenset({Grant(Role.EDITEUR, "alpha")}))
    for actor in (admin, editor, None):
        findings = acl_decision.decide(actor, "x", "main", _added(path))
        assert [f.rule for f in findings] == ["SEG-ACL-014"]
        assert reason in findings[0].message
        # The path shown can forge no report line nor annotation.
        assert findings[0].path == acl_paths.shown(path)
        assert not any(c in findings[0].path for c in "\n\x1b\u202e\udcff")


def test_canonical_paths_pass_the_path_check() -> None:
    editor = acl_decision.Actor("ed-a", frozenset({Grant(Role.EDITEUR, "alpha")}))
    paths = ("dossiers/alpha/dpi-1/documents/été.pdf", "dossiers/alpha/dpi-1/candidature.yaml")
    assert all(acl_paths.not_canonical(p) is None for p in paths)
    assert acl_decision.decide(editor, "ed-a", "main", _added(*paths)) == []


def test_names_differing_only_by_case_or_normalisation_collide() -> None:
    docs = "dossiers/alpha/dpi-1/documents"
    existing = {f"{docs}/fiche.pdf", "dossiers/alpha/dpi-1/journal/2026-01-10-verdict.yaml"}
    changed = [
        f"{docs}/Fiche.pdf",  # case
        f"{docs}/\ufb01che.pdf",  # a ligature that folds to "fi"
        f"{docs}/Plan.pdf",  # two paths of the change
        f"{docs}/plan.pdf",
        "dossiers/alpha/dpi-1/Journal/2026-02-02-verdict.yaml",  # a folder of an existing path
        f"{docs}/autre.pdf",  # no collision
    ]
    found = acl_paths.collisions(changed, existing | set(changed))
    assert found == {
        f"{docs}/Fiche.pdf": f"{docs}/fiche.pdf",
        f"{docs}/\ufb01che.pdf": f"{docs}/Fiche.pdf",
        f"{docs}/Plan.pdf": f"{docs}/plan.pdf",
        f"{docs}/plan.pdf": f"{docs}/Plan.pdf",
        "dossiers/alpha/dpi-1/Journal/2026-02-02-verdict.yaml": "dossiers/alpha/dpi-1/journal",
    }
    editor = acl_decision.Actor("ed-a", frozenset({Grant(Role.EDITEUR, "alpha")}))
    evidence = acl_decision.Evidence(existing=frozenset(existing | {f"{docs}/Fiche.pdf"}))
    findings = acl_decision.decide(
        editor, "ed-a", "main", _added(f"{docs}/Fiche.pdf"), evidence=evidence
    )
    assert _rules(findings) == [(f"{docs}/Fiche.pdf", "SEG-ACL-015")]
    evidence = acl_decision.Evidence(existing=frozenset(existing | {f"{docs}/autre.pdf"}))
    assert (
        acl_decision.decide(editor, "ed-a", "main", _added(f"{docs}/autre.pdf"), evidence=evidence)
        == []
    )


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("dossiers/alpha/dpi-1/Journal/2026-02-02-verdict.yaml", "hors d'un dossier journal/"),
        ("dossiers/alpha/dpi-1/Journal/notes.yaml", "dossier « Journal » inconnu"),
        ("dossiers/alpha/journal/2026-02-02-decision-college.yaml", "pas d'une candidature"),
        ("dossiers/alpha/dpi-1/preuves/INS/2026-02-02-verdict.yaml", "nommé comme un événement"),
        ("dossiers/2026-02-02-decision-college.yaml", "nommé comme un événement"),
        ("dossiers/alpha/LISEZMOI.md", "hors de toute candidature"),
        ("dossiers/alpha/dpi-1/notes.md", "racine de la candidature"),
        ("dossiers/alpha/dpi-1/preuves/preuves.yaml", "dossier « preuves » inconnu"),
    ],
)
def test_places_segur_does_not_read_are_refused(path: str, reason: str) -> None:
    assert reason in (acl_paths.place_of(path).unknown or "")
    admin = acl_decision.Actor("admin", frozenset({Grant(Role.ADMIN)}))
    editor = acl_decision.Actor("ed-a", frozenset({Grant(Role.EDITEUR, "alpha")}))
    for actor in (admin, editor):
        assert [f.rule for f in acl_decision.decide(actor, "x", "main", _added(path))] == [
            "SEG-ACL-016"
        ]


@pytest.mark.parametrize(
    "path",
    [
        "dossiers/alpha/dpi-1/candidature.yaml",
        "dossiers/alpha/dpi-1/questionnaire-ssi.yaml",
        "dossiers/alpha/dpi-1/documents/sous-dossier/mandat.pdf",
        "dossiers/alpha/dpi-1/preuves/SSI-IE/preuves.yaml",
        "dossiers/alpha/dpi-1/journal/2026-02-02-reponse.yaml",
    ],
)
def test_places_segur_reads(path: str) -> None:
    place = acl_paths.place_of(path)
    assert place.unknown is None and place.folder == ALPHA and place.slug == "alpha"


# --- Journal: the type is the content's --------------------------------------------------------


def test_an_event_whose_content_says_another_type_is_refused(initial: GitRepo) -> None:
    repo = initial
    repo.branch("deguise")
    repo.commit("réponse ?", _event("reponse", "type: decision-college\ndecision: attribution\n"))
    repo.checkout("main")
    repo.branch("doublon")
    repo.commit("réponse ?", _event("reponse", "type: reponse\ntype: decision-college\n"))
    repo.checkout("main")
    repo.branch("sincere")
    repo.commit("réponse", _event("reponse", "type: reponse\nmessage: voici\n"))
    for actor in ("ed-a", "coll", "admin"):
        result = acl.check_pull_request(repo.root, actor, "main", "deguise")
        assert [f.rule for f in result.findings] == ["SEG-ACL-017"], actor
        assert "« decision-college »" in result.findings[0].message
    # A duplicated key: whichever one a reader keeps, the content is not trusted.
    result = acl.check_pull_request(repo.root, "ed-a", "main", "doublon")
    assert [f.rule for f in result.findings] == ["SEG-ACL-017"]
    assert acl.check_pull_request(repo.root, "ed-a", "main", "sincere").allowed


def test_without_evidence_no_event_is_accepted() -> None:
    """`decide` alone has read no content: it cannot accept an event on its name."""
    editor = acl_decision.Actor("ed-a", frozenset({Grant(Role.EDITEUR, "alpha")}))
    path = f"{ALPHA}/journal/2026-02-02-reponse.yaml"
    assert [f.rule for f in acl_decision.decide(editor, "ed-a", "main", _added(path))] == [
        "SEG-ACL-017"
    ]
    evidence = acl_decision.Evidence(event_types={path: "reponse"})
    assert acl_decision.decide(editor, "ed-a", "main", _added(path), evidence=evidence) == []


# --- A decided candidature is frozen -----------------------------------------------------------

CANDIDATURE = """\
solution: {version_technique: "1.0"}
editeur:
  denomination_sociale: Alpha
  contact_referencement: {email: jean@alpha.example}
  representant_legal: {email: marie@alpha.example}
mainteneurs: [ed-a]
"""


def _decided(repo: GitRepo, decision_name: str = "decision-college") -> None:
    repo.commit(
        "candidature décidée",
        {
            **BASE_FILES,
            f"{ALPHA}/candidature.yaml": CANDIDATURE,
            f"{ALPHA}/journal/2026-01-20-{decision_name}.yaml": "type: decision-college\n",
        },
    )


def _propose(repo: GitRepo, branch: str, files: dict[str, str | bytes | None]) -> None:
    repo.branch(branch, "main")
    repo.commit(branch, files)
    repo.checkout("main")


def test_a_decided_candidature_is_frozen_but_its_contact_data(git_repo: GitRepo) -> None:
    repo = git_repo
    _decided(repo)
    path = f"{ALPHA}/candidature.yaml"
    contact = CANDIDATURE.replace("jean@", "accueil@").replace("[ed-a]", "[ed-a, ed-c]")
    _propose(repo, "contact", {path: contact})
    _propose(repo, "version", {path: CANDIDATURE.replace('"1.0"', '"2.0"')})
    _propose(repo, "illisible", {path: "solution: [\n"})
    _propose(repo, "preuve", {f"{ALPHA}/preuves/INS/preuves.yaml": "chapitre: INS\nx: 1\n"})
    _propose(repo, "reponse", _event("reponse", "type: reponse\nmessage: merci\n"))
    assert acl.check_pull_request(repo.root, "ed-a", "main", "contact").allowed
    assert acl.check_pull_request(repo.root, "ed-a", "main", "reponse").allowed
    for branch, frozen in (
        ("version", path),
        ("illisible", path),
        ("preuve", f"{ALPHA}/preuves/INS/preuves.yaml"),
    ):
        result = acl.check_pull_request(repo.root, "ed-a", "main", branch)
        assert _rules(result.findings) == [(frozen, "SEG-ACL-018")], branch
        assert "2026-01-20-decision-college.yaml" in result.findings[0].message


def test_a_decision_hidden_under_another_name_still_freezes(git_repo: GitRepo) -> None:
    """An event merged before contents were checked: its name says reply, it is a decision."""
    repo = git_repo
    _decided(repo, decision_name="reponse")
    _propose(repo, "version", {f"{ALPHA}/candidature.yaml": CANDIDATURE.replace("1.0", "2.0")})
    result = acl.check_pull_request(repo.root, "ed-a", "main", "version")
    assert [f.rule for f in result.findings] == ["SEG-ACL-018"]


def test_a_decision_in_the_same_pull_request_freezes(git_repo: GitRepo) -> None:
    repo = git_repo
    acces = 'identites:\n  paul:\n    roles: [college, "editeur:alpha"]\n'
    repo.commit("initial", {ACCESS_FILE: acces, f"{ALPHA}/candidature.yaml": CANDIDATURE})
    decision = _event("decision-college", "type: decision-college\n")
    version = {f"{ALPHA}/candidature.yaml": CANDIDATURE.replace("1.0", "2.0")}
    _propose(repo, "les-deux", {**decision, **version})
    _propose(repo, "decision-seule", decision)
    result = acl.check_pull_request(repo.root, "paul", "main", "les-deux")
    assert _rules(result.findings) == [(f"{ALPHA}/candidature.yaml", "SEG-ACL-018")]
    assert acl.check_pull_request(repo.root, "paul", "main", "decision-seule").allowed


def test_an_administrator_does_not_edit_an_editors_content(initial: GitRepo) -> None:
    repo = initial
    _propose(repo, "migration", {f"{ALPHA}/candidature.yaml": "dispositif: DPI\nv: 2\n"})
    _propose(repo, "outillage", {"src/segur/module.py": "X = 3\n", ACCESS_FILE: ACCES + "\n"})
    result = acl.check_pull_request(repo.root, "admin", "main", "migration")
    assert _rules(result.findings) == [(f"{ALPHA}/candidature.yaml", "SEG-ACL-005")]
    assert "pas même un administrateur" in result.findings[0].message
    assert acl.check_pull_request(repo.root, "admin", "main", "outillage").allowed

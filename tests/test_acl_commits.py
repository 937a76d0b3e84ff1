"""Access control of each commit of a pull request, with the roles of the forge account behind
it (`segur acl check --commits`), and the one aggregated refusal of an unknown identity.

Real git repositories, commits made with git identities that say nothing (or lie); the forge's
list of commits is written by hand in the API's shape, as the workflow writes it from
`gh api repos/{owner}/{repo}/pulls/{n}/commits --paginate`: only the forge's API is mocked.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from acl_support import ACCES
from gitrepo import GitRepo
from segur.check import acl_commits
from segur.cli import main
from segur.model.access import ACCESS_FILE
from test_acl_central import SLUG
from test_acl_central import _depot as depot_yaml
from test_acl_central import _setup as central_setup

ALPHA = "dossiers/alpha/dpi-1"
BASE_FILES = {
    ACCESS_FILE: ACCES,
    f"{ALPHA}/candidature.yaml": "dispositif: DPI\n",
    f"{ALPHA}/journal/2026-01-10-sollicitation.yaml": "type: sollicitation\n",
    "rem/DPI/dispositif.yaml": "code: DPI\n",
}
# Git identities are free text: these say who the commit CLAIMS to be.
GIT_IDENTITIES = {
    "ed-a": "Éditrice A <ed-a@alpha.invalid>",
    "instr": "Instructrice ANS <instr@ans.invalid>",
    "admin": "Admin ANS <admin@ans.invalid>",
}


def _commit(repo: GitRepo, message: str, files: Mapping[str, str | None], who: str) -> str:
    """A commit whose git author and committer are `who`'s claimed identity."""
    repo.write(files)
    repo.git("add", "-A")
    name, email = GIT_IDENTITIES[who].rstrip(">").split(" <")
    repo.git(
        "-c",
        f"user.name={name}",
        "-c",
        f"user.email={email}",
        "commit",
        "-q",
        "-m",
        message,
    )
    return repo.head()


def _api_commit(sha: str, author: str | None, committer: str | None = "web-flow") -> Any:
    """One commit as the forge's API lists it (the fields segur ignores included)."""

    def account(login: str | None) -> Any:
        if login is None:
            return None
        return {"login": login, "id": 1234, "type": "User", "site_admin": False}

    return {
        "sha": sha,
        "node_id": "C_kwDOAbc",
        "commit": {
            "author": {"name": "X", "email": "x@example.invalid", "date": "2026-02-02T09:00:00Z"},
            "message": "un commit",
            "verification": {"verified": False, "reason": "unsigned"},
        },
        "url": f"https://api.github.com/repos/ans-segur/dossiers/commits/{sha}",
        "author": account(author),
        "committer": account(committer),
        "parents": [],
    }


def _write_commits(tmp_path: Path, commits: list[Any] | str) -> Path:
    target = tmp_path / "commits.json"
    text = commits if isinstance(commits, str) else json.dumps(commits, indent=2)
    target.write_text(text, encoding="utf-8")
    return target


def _acl(
    capsys: pytest.CaptureFixture[str], repo: GitRepo, actor: str, *extra: str
) -> tuple[int, list[dict[str, Any]], str]:
    args = ["--repo", str(repo.root), "acl", "check", "--actor", actor, "--base", "main"]
    code = main([*args, "--head", "pr", "--format", "json", *extra])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else []), err


def _verdict(day: str) -> dict[str, str | None]:
    return {f"{ALPHA}/journal/2026-02-{day}-verdict.yaml": "type: verdict\n"}


@pytest.fixture
def repo(git_repo: GitRepo) -> GitRepo:
    git_repo.commit("dépôt initial", BASE_FILES)
    git_repo.branch("pr")
    return git_repo


def test_an_editors_verdict_in_an_ans_pull_request_is_refused_as_the_editors(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = _commit(repo, "verdict de l'instruction", _verdict("02"), "instr")
    pushed = _commit(repo, "verdict glissé par l'éditeur", _verdict("03"), "ed-a")
    # The pull request as a whole is the instructor's: alone, its check lets the verdict in.
    code, findings, _ = _acl(capsys, repo, "instr")
    assert (code, findings) == (0, [])
    listed = _write_commits(tmp_path, [_api_commit(own, "instr"), _api_commit(pushed, "ed-a")])
    code, findings, _ = _acl(capsys, repo, "instr", "--commits", str(listed))
    assert code == 1
    assert [(f["path"], f["rule"]) for f in findings] == [
        (f"{ALPHA}/journal/2026-02-03-verdict.yaml", "SEG-ACL-006")
    ]
    assert findings[0]["message"].startswith(f"commit {pushed[:12]} de « ed-a » : ")


def test_an_instructors_verdict_in_an_editors_pull_request_passes_for_its_commit(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = {f"{ALPHA}/journal/2026-02-02-reponse.yaml": "type: reponse\n"}
    own = _commit(repo, "réponse de l'éditeur", answer, "ed-a")
    pushed = _commit(repo, "verdict de l'instruction", _verdict("03"), "instr")
    logins = {own: "ed-a", pushed: "instr"}
    # Each commit is within its own account's rights.
    assert acl_commits.check_commits(repo.root, "main", "pr", logins, "commits.json") == []
    # The pull request as a whole is still judged as its author's: the editor does not add a
    # verdict by carrying an instructor's commit; that refusal names no commit.
    listed = _write_commits(tmp_path, [_api_commit(own, "ed-a"), _api_commit(pushed, "instr")])
    code, findings, _ = _acl(capsys, repo, "ed-a", "--commits", str(listed))
    assert code == 1
    assert [(f["path"], f["rule"]) for f in findings] == [
        (f"{ALPHA}/journal/2026-02-03-verdict.yaml", "SEG-ACL-006")
    ]
    assert "« ed-a »" in findings[0]["message"]
    assert not findings[0]["message"].startswith("commit ")


@pytest.mark.parametrize(
    ("author", "committer", "expected"),
    [
        (None, None, ["SEG-ACL-019"]),
        # The forge's own identity, committer of what is made in its web interface.
        (None, "web-flow", ["SEG-ACL-019"]),
        # No author account: the committer's account answers for the commit.
        (None, "instr", []),
        (None, "ed-a", ["SEG-ACL-006"]),
    ],
)
def test_a_commit_without_a_forge_account_cannot_be_checked(
    repo: GitRepo,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    author: str | None,
    committer: str | None,
    expected: list[str],
) -> None:
    sha = _commit(repo, "verdict", _verdict("02"), "instr")
    listed = _write_commits(tmp_path, [_api_commit(sha, author, committer)])
    code, findings, _ = _acl(capsys, repo, "instr", "--commits", str(listed))
    assert [f["rule"] for f in findings] == expected
    assert code == (1 if expected else 0)
    if expected == ["SEG-ACL-019"]:
        assert f"commit {sha[:12]} sans compte de la forge" in findings[0]["message"]


def test_a_commit_the_forge_did_not_list_is_refused(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed_sha = _commit(repo, "verdict", _verdict("02"), "instr")
    unlisted = _commit(repo, "autre verdict", _verdict("03"), "instr")
    listed = _write_commits(tmp_path, [_api_commit(listed_sha, "instr")])
    code, findings, _ = _acl(capsys, repo, "instr", "--commits", str(listed))
    assert code == 1
    assert [f["rule"] for f in findings] == ["SEG-ACL-020"]
    assert unlisted[:12] in findings[0]["message"]


def test_only_the_forge_login_counts_not_the_git_identity(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The editor writes the instructor's name and e-mail into its commit: git believes it.
    forged = _commit(repo, "faux verdict", _verdict("02"), "instr")
    assert repo.git("log", "-1", "--format=%ae", forged) == "instr@ans.invalid"
    listed = _write_commits(tmp_path, [_api_commit(forged, "ed-a", "ed-a")])
    code, findings, _ = _acl(capsys, repo, "instr", "--commits", str(listed))
    assert code == 1
    assert [f["rule"] for f in findings] == ["SEG-ACL-006"]
    assert findings[0]["message"].startswith(f"commit {forged[:12]} de « ed-a »")


def test_a_merge_of_the_base_is_judged_on_its_own_changes_only(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = {f"{ALPHA}/journal/2026-02-02-reponse.yaml": "type: reponse\n"}
    own = _commit(repo, "réponse", answer, "ed-a")
    repo.checkout("main")
    _commit(repo, "le REM change", {"rem/DPI/dispositif.yaml": "code: DPI\nv: 2\n"}, "admin")
    repo.checkout("pr")
    repo.git("merge", "-q", "--no-ff", "-m", "mise à jour depuis main", "main")
    merge = repo.head()
    listed = [_api_commit(own, "ed-a"), _api_commit(merge, "ed-a")]
    # The REM change the merge brings is the base's, not the editor's.
    code, findings, _ = _acl(
        capsys, repo, "ed-a", "--commits", str(_write_commits(tmp_path, listed))
    )
    assert (code, findings) == (0, [])
    # A merge that also changes the REM itself (an "evil merge") is judged on that change.
    repo.git("reset", "-q", "--hard", own)
    repo.checkout("main")
    _commit(repo, "autre changement", {"rem/DPI/autre.yaml": "a: 1\n"}, "admin")
    repo.checkout("pr")
    repo.git("merge", "-q", "--no-ff", "--no-commit", "main")
    repo.write({"rem/DPI/autre.yaml": "a: 2\n"})
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "fusion modifiée")
    evil = repo.head()
    listed = [_api_commit(own, "ed-a"), _api_commit(evil, "ed-a")]
    code, findings, _ = _acl(
        capsys, repo, "ed-a", "--commits", str(_write_commits(tmp_path, listed))
    )
    assert code == 1
    by_commit = [f for f in findings if f["message"].startswith(f"commit {evil[:12]}")]
    assert [(f["path"], f["rule"]) for f in by_commit] == [("rem/DPI/autre.yaml", "SEG-ACL-003")]


def test_an_event_of_the_pull_request_may_be_corrected_before_it_is_merged(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _commit(repo, "verdict", _verdict("02"), "instr")
    fixed = _commit(
        repo,
        "verdict corrigé",
        {f"{ALPHA}/journal/2026-02-02-verdict.yaml": "type: verdict\n# x\n"},
        "instr",
    )
    listed = _write_commits(tmp_path, [_api_commit(first, "instr"), _api_commit(fixed, "instr")])
    code, findings, _ = _acl(capsys, repo, "instr", "--commits", str(listed))
    assert (code, findings) == (0, [])
    # Corrected into another type by an editor: judged on its new content, as the editor's.
    turned = _commit(
        repo,
        "détourné",
        {f"{ALPHA}/journal/2026-02-02-verdict.yaml": "type: decision-college\n"},
        "ed-a",
    )
    listed = _write_commits(
        tmp_path,
        [_api_commit(first, "instr"), _api_commit(fixed, "instr"), _api_commit(turned, "ed-a")],
    )
    code, findings, _ = _acl(capsys, repo, "instr", "--commits", str(listed))
    assert code == 1
    mine = [f["rule"] for f in findings if f["message"].startswith(f"commit {turned[:12]}")]
    assert mine == ["SEG-ACL-017"]


def test_a_commit_without_parent_is_refused(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = _commit(
        repo, "réponse", {f"{ALPHA}/journal/2026-02-02-reponse.yaml": "type: reponse\n"}, "ed-a"
    )
    repo.git("checkout", "-q", "--orphan", "ailleurs")
    repo.git("rm", "-rqf", ".")
    root = _commit(
        repo, "histoire sans lien", {"dossiers/alpha/dpi-2/candidature.yaml": "a: 1\n"}, "ed-a"
    )
    repo.checkout("pr")
    repo.git("merge", "-q", "--no-ff", "--allow-unrelated-histories", "-m", "fusion", "ailleurs")
    merge = repo.head()
    listed = [_api_commit(sha, "ed-a") for sha in (own, root, merge)]
    code, findings, _ = _acl(
        capsys, repo, "ed-a", "--commits", str(_write_commits(tmp_path, listed))
    )
    assert code == 1
    assert [f["rule"] for f in findings] == ["SEG-ACL-021"]
    assert root[:12] in findings[0]["message"]


def test_in_a_dossier_repository_each_commit_meets_the_pinned_central_map(
    new_repo: Callable[..., GitRepo], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A commit that moves the pin to a later central map grants nothing to the next commit."""
    central, editor, _first, later = central_setup(new_repo)
    editor.branch("pr")
    folder = f"dossiers/{SLUG}/dpi-1-0"
    editor.write({"depot.yaml": depot_yaml(later), f"{folder}/candidature.yaml": "a: 1\n"})
    moved = editor.commit("candidature et épinglage")
    pushed = editor.commit("complément", {f"{folder}/documents/plan.pdf": "%PDF-1.4\n"})
    listed = _write_commits(
        tmp_path, [_api_commit(moved, "acme-claire"), _api_commit(pushed, "acme-hugo")]
    )
    args = ["--repo", str(editor.root), "--central", str(central.root), "acl", "check"]
    args += ["--actor", "acme-claire", "--base", "main", "--head", "pr", "--format", "json"]
    code = main([*args, "--commits", str(listed)])
    findings = json.loads(capsys.readouterr().out)
    assert code == 1
    found = {
        (
            f["rule"],
            f["path"],
            f["message"].split(" : ")[0] if f["message"][:7] == "commit " else "",
        )
        for f in findings
    }
    assert found == {
        # The PR's author may not move the pin (an administrators' file), in the PR or in its
        # own commit...
        ("SEG-ACL-003", "depot.yaml", ""),
        ("SEG-ACL-003", "depot.yaml", f"commit {moved[:12]} de « acme-claire »"),
        # ...and Hugo, known only to the later map, is unknown for his own commit.
        ("SEG-ACL-001", "acces.yaml", f"commit {pushed[:12]} de « acme-hugo »"),
    }


def test_an_event_recorded_on_the_base_since_the_fork_stays_append_only(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = f"{ALPHA}/journal/2026-02-02-reponse.yaml"
    repo.checkout("main")
    _commit(repo, "réponse enregistrée", {answer: "type: reponse\n"}, "ed-a")
    repo.checkout("pr")
    repo.git("merge", "-q", "--no-ff", "-m", "mise à jour depuis main", "main")
    merge = repo.head()
    changed = _commit(repo, "réponse réécrite", {answer: "type: reponse\n# autre\n"}, "ed-a")
    listed = [_api_commit(merge, "ed-a"), _api_commit(changed, "ed-a")]
    code, findings, _ = _acl(
        capsys, repo, "ed-a", "--commits", str(_write_commits(tmp_path, listed))
    )
    assert code == 1
    mine = [f for f in findings if f["message"].startswith(f"commit {changed[:12]} de « ed-a »")]
    assert [(f["path"], f["rule"]) for f in mine] == [(answer, "SEG-ACL-007")]


SHA = "a" * 40


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('[{"sha": ', "JSON illisible"),
        ('{"sha": "' + SHA + '"}', "une liste est attendue"),
        (json.dumps([_api_commit("abc123", "ed-a")]), "identifiant de commit complet"),
        (json.dumps([_api_commit(SHA.upper(), "ed-a")]), "identifiant de commit complet"),
        (json.dumps([_api_commit(SHA, "ed a")]), "identifiant de forge"),
        (json.dumps([_api_commit(SHA, "ed-a\n::error ")]), "identifiant de forge"),
        (json.dumps([_api_commit(SHA, "x" * 900_000)]), "plus de 64 caractères"),
        (json.dumps([{"sha": SHA, "author": {"login": 7}}]), "commit n° 1, champ author.login"),
        (json.dumps([{"sha": SHA}]), "champ author : champ absent"),
        (json.dumps([_api_commit(SHA, "ed-a"), _api_commit(SHA, "ed-a")]), "figure deux fois"),
        (json.dumps([_api_commit(SHA, "ed-a")] * 1001), "au plus 1000 élément(s)"),
        ('[{"sha": "' + SHA + '", "sha": "' + SHA + '", "author": null}]', "répétée"),
        ("[NaN]", "n'est pas une valeur JSON"),
        ("[" * 100_000 + "]" * 100_000, "imbrication"),
    ],
)
def test_a_malformed_commits_file_is_a_french_usage_error(
    repo: GitRepo,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    said: str,
) -> None:
    _commit(repo, "verdict", _verdict("02"), "instr")
    listed = _write_commits(tmp_path, content)
    code, findings, err = _acl(capsys, repo, "instr", "--commits", str(listed))
    assert (code, findings) == (2, [])
    assert err.startswith("segur : ") and str(listed) in err
    assert said in err, err
    assert "Traceback" not in err and "\n::" not in err


def test_the_commits_file_is_bounded_and_must_exist(
    repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "gros.json"
    big.write_bytes(b" " * (16 * 1024 * 1024 + 1))
    for path, said in ((big, "trop gros"), (tmp_path / "absent.json", "introuvable")):
        code, findings, err = _acl(capsys, repo, "instr", "--commits", str(path))
        assert (code, findings) == (2, []) and said in err, err


# --- A newcomer's first pull request ----------------------------------------------------------

SEVENTEEN = {
    **{f"{ALPHA}/documents/piece-{i:02}.pdf": f"%PDF-1.4 {i}\n" for i in range(14)},
    f"{ALPHA}/candidature.yaml": "dispositif: DPI\nprofils: [general]\n",
    f"{ALPHA}/preuves/INS/preuves.yaml": "chapitre: INS\n",
    f"{ALPHA}/questionnaire-ssi.yaml": "a: 1\n",
}


def test_an_unknown_identity_gets_one_finding_with_the_remedy(
    repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    _commit(repo, "première pull request", dict(SEVENTEEN), "ed-a")
    code, findings, _ = _acl(capsys, repo, "nouvelle-editrice")
    assert code == 1
    assert [(f["path"], f["rule"]) for f in findings] == [(ACCESS_FILE, "SEG-ACL-001")]
    message = findings[0]["message"]
    assert "« nouvelle-editrice »" in message and "17 fichier(s) refusé(s) : " in message
    # The first files, in order, name the pull request; the rest is counted.
    first = sorted(SEVENTEEN)[:5]
    assert f"refusé(s) : {', '.join(first)} … et 12 autre(s))" in message
    assert "demandez à l'ANS de vous ajouter à la carte d'accès" in message
    assert "section « Obtenir l'accès »" in message
    # The section the remedy points to is there.
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "\n### Obtenir l'accès\n" in readme
    # A known identity without the right still gets one line per file: each one is useful.
    code, findings, _ = _acl(capsys, repo, "ed-b")
    assert code == 1
    assert len(findings) == 17 and {f["rule"] for f in findings} == {"SEG-ACL-004"}
    assert len({f["path"] for f in findings}) == 17

"""The CLI speaks French (argparse's own texts included), and maps every failure to one message
shape and one exit code: `segur : <message>`, 1 data, 2 usage or git, 3 internal, 130 Ctrl+C."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

import segur.check.run
from gitrepo import GitRepo
from segur import errors
from segur.cli import EXIT_INTERRUPTED, build_parser, main
from segur.findings.finding import Finding
from segur.repository.paths import Repository

ROOT = Path(__file__).resolve().parents[1]
CLEAN_REPO = Path(__file__).parent / "fixtures" / "rem" / "depot"

# What argparse says when it is left in English.
ENGLISH = (
    "usage:",
    "positional arguments",
    "options:",
    "optional arguments",
    "show this help",
    "show program's version",
    "subcommands",
    "invalid choice",
    "invalid ",
    "required",
    "unrecognized",
    "expected",
    "error:",
    "not allowed with",
    "ambiguous option",
    "choose from",
)
# "argument" is French too ("sans argument"): only argparse's English forms of it are refused.
ENGLISH_ARGUMENT = re.compile(r"\barguments?:|\bargument \S+: |positional argument")


def _english(text: str) -> list[str]:
    found = [phrase for phrase in ENGLISH if phrase in text]
    return found + ENGLISH_ARGUMENT.findall(text)


def _subparsers(
    parser: argparse.ArgumentParser,
) -> list[argparse._SubParsersAction[argparse.ArgumentParser]]:
    return [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]


def _walk(
    parser: argparse.ArgumentParser, name: str = "segur"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """The parser and every command and sub-command under it, with its command line."""
    yield name, parser
    for action in _subparsers(parser):
        for sub_name, sub in action.choices.items():
            yield from _walk(sub, f"{name} {sub_name}")


PARSERS = dict(_walk(build_parser()))


def test_every_command_and_sub_command_is_walked() -> None:
    # The walk reaches the sub-sub-commands: otherwise the tests below would check little.
    assert {"segur", "segur check", "segur acl check", "segur rem show", "segur site serve"} <= set(
        PARSERS
    )
    assert len(PARSERS) > 20


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_help_is_in_french(name: str) -> None:
    text = PARSERS[name].format_help()
    assert _english(text) == [], text
    assert text.startswith(f"utilisation : {name} ")
    assert "options :" in text and "afficher cette aide et quitter" in text


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_every_argument_and_sub_command_has_a_help_line(name: str) -> None:
    parser = PARSERS[name]
    for action in parser._actions:
        assert action.help and action.help != argparse.SUPPRESS, (name, action.dest)
    for group in _subparsers(parser):
        for choice in group._choices_actions:
            assert choice.help, (name, choice.dest)


def test_help_and_version_through_the_real_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "segur", "rem", "show", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("utilisation : segur rem show")
    assert "arguments positionnels :" in done.stdout and _english(done.stdout) == []
    version = subprocess.run(
        [sys.executable, "-m", "segur", "--version"], capture_output=True, text=True, check=False
    )
    assert version.returncode == 0 and version.stdout.startswith("segur ")


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Parse `argv`: argparse must refuse it, in French, with exit code 2."""
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation : segur"), err
    assert "segur : erreur d'utilisation : " in err
    assert _english(err) == [], err
    return err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "--format", "xml"], "argument --format : choix invalide : « xml »"),
        (["commande-inconnue"], "argument COMMANDE : choix invalide : « commande-inconnue »"),
        (["acl", "check"], "arguments obligatoires manquants : --actor, --base"),
        (["acl"], "arguments obligatoires manquants : SOUS-COMMANDE"),
        ([], "arguments obligatoires manquants : COMMANDE"),
        (["check", "--inconnue"], "arguments non reconnus : --inconnue"),
        (["queue", "--today"], "argument --today : une valeur attendue"),
        (["site", "serve", "--port", "x"], "argument --port : valeur invalide : « x »"),
        (
            ["exemples", "--out", "a", "--depot", "b"],
            "argument --depot : incompatible avec l'argument --out",
        ),
        (["check", "--today", "2026-13-01"], "date invalide : « 2026-13-01 »"),
        (["deadlines", "--today", "demain"], "date invalide : « demain » (format attendu"),
    ],
)
def test_argparse_errors_are_in_french(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert expected in _usage_error(capsys, *argv)


def test_usage_error_of_the_real_command_exits_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "segur", "check", "--format", "xml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "choix invalide : « xml »" in done.stderr and "invalid choice" not in done.stderr


def test_ctrl_c_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(segur.check.run, "run", interrupted)
    (tmp_path / "x.yaml").write_text("a: 1\n")
    assert main(["check", str(tmp_path / "x.yaml")]) == EXIT_INTERRUPTED == 130
    err = capsys.readouterr().err
    assert "segur : interrompu." in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.DataError, 1),
        (errors.UsageError, 2),
        (errors.GitError, 2),
        (errors.InternalError, 3),
    ],
)
def test_each_error_of_the_tree_has_its_exit_code(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    error: type[errors.SegurError],
    code: int,
) -> None:
    def failing(*_args: object, **_kwargs: object) -> None:
        raise error("message en français")

    monkeypatch.setattr(segur.check.run, "run", failing)
    (tmp_path / "x.yaml").write_text("a: 1\n")
    assert main(["check", str(tmp_path / "x.yaml")]) == code
    assert capsys.readouterr().err == "segur : message en français\n"


def test_the_errors_of_the_core_belong_to_the_tree() -> None:
    from segur.authoring.scaffold import ScaffoldError
    from segur.examples.synthetic.git_writer import SyntheticGitError
    from segur.load.git_history import GitError
    from segur.publication.site.engine import SiteError
    from segur.rem_import.workbook import UsageError as ImportUsageError

    assert GitError is errors.GitError
    assert issubclass(SyntheticGitError, errors.GitError)
    assert issubclass(ScaffoldError, errors.UsageError)
    assert issubclass(ImportUsageError, errors.UsageError)
    assert issubclass(SiteError, errors.DataError)


def test_unknown_repository_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--repo", str(tmp_path / "nulle-part"), "rules"]) == 2
    assert capsys.readouterr().err == f"segur : dépôt introuvable : {tmp_path / 'nulle-part'}\n"


GIT_COMMANDS = [
    ["check", "--changed-since", "no-such-rev"],
    ["queue", "--rev", "no-such-rev"],
    ["acl", "check", "--actor", "quelqu-un", "--base", "no-such-rev"],
]


def test_a_git_failure_is_reported_the_same_by_every_command(
    git_repo: GitRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    git_repo.commit("initial", {"LISEZMOI.md": "dépôt\n"})
    # An (empty) catalogue of its own: without one, the repository is refused before git runs.
    (git_repo.root / "rem").mkdir()
    for argv in GIT_COMMANDS:
        assert main(["--repo", str(git_repo.root), *argv]) == 2, argv
        out, err = capsys.readouterr()
        assert err == "segur : révision introuvable : « no-such-rev »\n", argv
        assert out == ""


def test_outside_git_every_command_says_so_the_same_way(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "sans-git"
    (plain / "rem").mkdir(parents=True)
    for argv in GIT_COMMANDS:
        assert main(["--repo", str(plain), *argv]) == 2, argv
        assert capsys.readouterr().err == f"segur : {plain} n'est pas dans un dépôt git\n", argv


def test_check_today_changes_nothing_on_a_clean_repository(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--repo", str(CLEAN_REPO), "check"]) == 0
    without = capsys.readouterr().out
    assert main(["--repo", str(CLEAN_REPO), "check", "--today", "2026-01-05"]) == 0
    assert capsys.readouterr().out == without
    assert "Aucun problème trouvé." in without


def test_check_today_reaches_the_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seen: list[dt.date | None] = []
    real = segur.check.run.run

    def spy(
        repo: Repository, paths: Sequence[Path] | None = None, today: dt.date | None = None
    ) -> list[Finding]:
        seen.append(today)
        return real(repo, paths, today=today)

    monkeypatch.setattr(segur.check.run, "run", spy)
    (tmp_path / "x.yaml").write_text("a: 1\n")
    assert main(["check", str(tmp_path / "x.yaml"), "--today", "2026-01-05"]) == 0
    assert main(["check", str(tmp_path / "x.yaml")]) == 0
    assert seen == [dt.date(2026, 1, 5), None]

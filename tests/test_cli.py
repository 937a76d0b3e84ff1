"""The CLI end to end: output formats, exit codes, the rule registry (issue #2)."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from segur.cli import COMMAND_MODULES, COMMANDS, build_parser, chosen_module, main
from segur.findings.registry import all_rules

ROOT = Path(__file__).resolve().parents[1]


def segur(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real command, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "segur", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_check_on_duplicate_key_reports_position_and_rule(tmp_path: Path) -> None:
    bad = tmp_path / "candidature.yaml"
    bad.write_text("dispositif: DPI\nprofils: [general]\ndispositif: LGC\n")
    done = segur("check", str(bad))
    assert done.returncode == 1
    assert f"{bad.as_posix()}:3:1: erreur SEG-YML-009 clé « dispositif » en double" in done.stdout


def test_json_format(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("a: &x 1\n")
    done = segur("check", "--format", "json", str(bad))
    assert done.returncode == 1
    [finding] = json.loads(done.stdout)
    assert finding == {
        "path": bad.as_posix(),
        "line": 1,
        "col": 4,
        "rule": "SEG-YML-010",
        "severity": "error",
        "message": finding["message"],
    }
    assert "ancre « x »" in finding["message"]


def test_github_format_writes_annotations(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("a: 1\na: 2\n")
    done = segur("check", "--format", "github", str(bad))
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"::error file={bad.as_posix()},line=2,col=1,title=SEG-YML-009::")
    assert "SEG-YML-009 clé « a » en double" in first


def test_every_finding_of_a_run_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("a: 1\na: 2\n")
    (tmp_path / "b.yaml").write_text("- liste\n")
    done = segur("check", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert "SEG-YML-009" in done.stdout and "SEG-YML-007" in done.stdout
    assert "2 erreurs, 0 avertissement." in done.stdout


def test_clean_file_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text("a: 1\n")
    done = segur("check", str(tmp_path / "ok.yaml"))
    assert done.returncode == 0 and "Aucun problème trouvé." in done.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert segur("check", "--format", "xml").returncode == 2
    missing = segur("check", str(tmp_path / "absent.yaml"))
    assert missing.returncode == 2 and "introuvable" in missing.stderr
    assert segur("commande-inconnue").returncode == 2
    assert segur("--repo", str(tmp_path / "nulle-part"), "check").returncode == 2


def test_internal_error_with_debug_prints_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import segur.check.run

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(segur.check.run, "run", boom)
    (tmp_path / "x.yaml").write_text("a: 1\n")
    assert main(["check", str(tmp_path / "x.yaml")]) == 3
    err = capsys.readouterr().err
    assert "erreur interne (RuntimeError : panne simulée)" in err and "Traceback" not in err
    assert main(["--debug", "check", str(tmp_path / "x.yaml")]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_rules_lists_every_rule_with_id_severity_and_description() -> None:
    done = segur("rules")
    assert done.returncode == 0
    rules = all_rules()
    lines = done.stdout.splitlines()
    assert len(lines) == len(rules)
    for rule, line in zip(rules, lines, strict=True):
        assert line.startswith(rule.id)
        assert rule.title in line
    severities = {"erreur", "avertissement"}
    assert all(any(s in line for s in severities) for line in lines)


def test_rule_ids_are_stable_and_unique() -> None:
    ids = [r.id for r in all_rules()]
    assert len(ids) == len(set(ids))
    assert all(r.message and r.title for r in all_rules())


def test_rules_as_json_and_markdown() -> None:
    data = json.loads(segur("rules", "--format", "json").stdout)
    assert {"id", "severity", "title", "message"} <= set(data[0])
    markdown = segur("rules", "--format", "markdown").stdout
    assert markdown.startswith("| Règle | Gravité | Description |")


def test_embedded_repository_is_clean() -> None:
    done = segur("check")
    assert done.returncode == 0, done.stdout
    assert " erreur" not in done.stdout.replace("0 erreur,", "")


def _registered(parser: argparse.ArgumentParser) -> set[str]:
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(action.choices)


def test_command_table_matches_what_each_module_registers() -> None:
    # COMMANDS says which module adds which command: it must say exactly what they do.
    for module in COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        importlib.import_module(module).register(subparsers)
        assert _registered(parser) == {n for n, m in COMMANDS.items() if m == module}


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["check", "x.yaml"], "segur.commands.check"),
        (["--repo", "queue", "rules"], "segur.commands.check"),  # "queue" is the --repo value
        (["--repo=d", "--debug", "queue", "--today", "2026-01-05"], "segur.commands.queue"),
        (["--help"], None),
        (["--version", "check"], None),
        (["inconnue"], None),
        ([], None),
    ],
)
def test_only_the_named_command_is_loaded(argv: list[str], expected: str | None) -> None:
    assert chosen_module(argv) == expected
    registered = _registered(build_parser(argv))
    if expected is None:
        assert registered == set(COMMANDS)
    else:
        assert registered == {n for n, m in COMMANDS.items() if m == expected}


def test_help_and_unknown_command_list_every_command() -> None:
    done = segur("--help")
    assert done.returncode == 0
    assert all(name in done.stdout for name in COMMANDS)
    wrong = segur("inconnue")
    assert wrong.returncode == 2
    assert "synthetique" in wrong.stderr and "check" in wrong.stderr

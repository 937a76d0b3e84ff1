"""Command-line entry point: parses arguments, runs a command, maps the result to an exit code.

Exit codes: 0 clean, 1 findings at error severity, 2 usage error, 3 internal error.
This layer and `segur.commands` are the only places that print.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from segur import __version__
from segur.repository.paths import default_root

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# Each module exposes `register(subparsers)`, which adds the commands named here; the order is
# the order of `segur --help`.
COMMANDS = {
    "check": "segur.commands.check",
    "rules": "segur.commands.check",
    "acl": "segur.commands.acl",
    "new": "segur.commands.new",
    "schema": "segur.commands.schema",
    "rem": "segur.commands.rem",
    "status": "segur.commands.status",
    "queue": "segur.commands.queue",
    "deadlines": "segur.commands.deadlines",
    "college": "segur.commands.college",
    "documents": "segur.commands.documents",
    "notify": "segur.commands.notify",
    "badge": "segur.commands.badge",
    "etats": "segur.commands.etats",
    "exemples": "segur.commands.exemples",
    "site": "segur.commands.site",
    "synthetique": "segur.commands.synthetique",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
# The global options that take a value: the token after them is not the command.
_VALUED_OPTIONS = ("--repo",)


def chosen_module(argv: Sequence[str]) -> str | None:
    """The module of the command named in `argv`; None when none is (help, version, unknown
    command): then every command is registered, for the full help or the usage error.

    Only the chosen command's module is imported: importing all of them (PDF, site, SMTP...)
    would cost more than a small `segur check` itself.
    """
    tokens = iter(argv)
    for token in tokens:
        if token in _VALUED_OPTIONS:
            next(tokens, None)
        elif not token.startswith("-"):
            return COMMANDS.get(token)
        elif token in ("-h", "--help", "--version"):
            return None
    return None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"segur : erreur d'utilisation : {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of the one `argv` names (see `chosen_module`)."""
    parser = _Parser(
        prog="segur",
        description="Référencement Ségur sans financement (SONS) : outils du dépôt de dossiers.",
    )
    parser.add_argument("--version", action="version", version=f"segur {__version__}")
    parser.add_argument(
        "--repo",
        type=Path,
        default=None,
        help="racine du dépôt de dossiers (défaut : le dépôt embarqué)",
    )
    parser.add_argument(
        "--debug", action="store_true", help="afficher la trace complète en cas d'erreur interne"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser)
    subparsers.required = True
    chosen = None if argv is None else chosen_module(argv)
    for name in COMMAND_MODULES if chosen is None else (chosen,):
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    if args.repo is None:
        args.repo = default_root()
    elif not args.repo.is_dir():
        sys.stderr.write(f"segur : erreur d'utilisation : dépôt introuvable : {args.repo}\n")
        return EXIT_USAGE
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        sys.stderr.write("segur : interrompu.\n")
        return EXIT_INTERNAL
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        else:
            sys.stderr.write(
                f"segur : erreur interne ({type(exc).__name__} : {exc}). "
                "Relancez avec --debug pour la trace complète.\n"
            )
        return EXIT_INTERNAL
    return code


def run() -> None:
    sys.exit(main())

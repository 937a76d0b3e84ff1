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
from segur.repository import default_root

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# Each module exposes `register(subparsers)`; the order is the order of `segur --help`.
COMMAND_MODULES = (
    "segur.commands.check",
    "segur.commands.acl",
    "segur.commands.new",
    "segur.commands.schema",
    "segur.commands.rem",
    "segur.commands.status",
    "segur.commands.queue",
    "segur.commands.deadlines",
    "segur.commands.college",
    "segur.commands.documents",
    "segur.commands.notify",
    "segur.commands.badge",
    "segur.commands.etats",
    "segur.commands.exemples",
    "segur.commands.site",
    "segur.commands.synthetique",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"segur : erreur d'utilisation : {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
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
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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

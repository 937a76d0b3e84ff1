"""Command-line entry point: parses arguments, runs a command, maps the result to an exit code.

Exit codes: 0 clean, 1 findings at error severity or unusable data (`DataError`), 2 usage or
git error (`UsageError`, `GitError`), 3 internal error, 130 interrupted (Ctrl+C).
This layer and `segur.commands` are the only places that print. Each command module parses its
options into a typed frozen dataclass (`options`) that its function (`func`) receives; commands
raise `segur.errors.SegurError` and `main` alone turns it into a message and an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from segur import __version__
from segur.errors import SegurError, UsageError
from segur.repository.location import locate

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
# The shells' convention for a process stopped by SIGINT: 128 + 2.
EXIT_INTERRUPTED = 130

# Each module exposes `register(subparsers)`, which adds the commands named here; the order is
# the order of `segur --help`.
COMMANDS = {
    "check": "segur.commands.check",
    "rules": "segur.commands.check",
    "acl": "segur.commands.acl",
    "new": "segur.commands.new",
    "preuve": "segur.commands.preuve",
    "schema": "segur.commands.schema",
    "rem": "segur.commands.rem",
    "status": "segur.commands.status",
    "queue": "segur.commands.queue",
    "deadlines": "segur.commands.deadlines",
    "college": "segur.commands.college",
    "controle-croise": "segur.commands.cross_check",
    "instruction": "segur.commands.instruction",
    "documents": "segur.commands.documents",
    "notify": "segur.commands.notify",
    "badge": "segur.commands.badge",
    "etats": "segur.commands.states",
    "exemples": "segur.commands.examples",
    "site": "segur.commands.site",
    "synthetique": "segur.commands.synthetic",
    "depots": "segur.commands.depots",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
# The global options that take a value: the token after them is not the command.
_VALUED_OPTIONS = ("--repo", "--central", "--miroirs")
# The variable that names the central checkout when --central is not given.
CENTRAL_VARIABLE = "SEGUR_CENTRAL"
# The commands (or `command action`) that read neither the catalogue nor the access map: they
# work in a repository without `rem/` and without a central checkout.
# `acl` reads only the access map: an editor's repository without one gets a DataError saying so.
_WITHOUT_CATALOGUE = {"etats", "rules", "schema", "depots", "acl", "rem import", "site serve"}
# The commands that run across the mirrors of every dossier repository with --miroirs.
_AGGREGATING = {"queue", "deadlines", "college", "status", "site build", "controle-croise"}

# argparse's own texts, in French. argparse looks each one up through the `_` (gettext) and
# `ngettext` it imports into its module namespace; the keys are its msgids in Python 3.11.
FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments positionnels",
    "options": "options",
    "subcommands": "sous-commandes",
    "show this help message and exit": "afficher cette aide et quitter",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur ignorée : « %s »",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "expected at least one argument": "au moins une valeur attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide : « %(value)s »",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : « %(value)s » (choix possibles : %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "sous-commande inconnue : « %(parser_name)s » (choix possibles : %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "cannot have multiple subparser arguments": "un seul groupe de sous-commandes est permis",
    # Programming errors of a command's declaration, kept French all the same.
    "conflicting subparser: %s": "sous-commande en double : %s",
    "conflicting subparser alias: %s": "alias de sous-commande en double : %s",
    "'required' is an invalid argument for positionals": (
        "« required » ne s'applique pas aux arguments positionnels"
    ),
    "mutually exclusive arguments must be optional": (
        "des arguments mutuellement exclusifs doivent être des options"
    ),
    "%r is not callable": "%r n'est pas appelable",
}
FRENCH_PLURALS = {
    "expected %s argument": ("%s valeur attendue", "%s valeurs attendues"),
    "conflicting option string: %s": ("option en double : %s", "options en double : %s"),
}


def _gettext(message: str) -> str:
    # argparse also asks for `None` (a subparsers group without description): given back as is.
    return FRENCH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    french = FRENCH_PLURALS.get(singular)
    if french is None:
        return singular if n == 1 else plural
    # French uses the singular for 0 and 1.
    return french[0] if n <= 1 else french[1]


def install_french() -> None:
    """Make argparse speak French: called before any parser is built, since the help line of
    -h and the section headings are translated when a parser is created."""
    vars(argparse).update(_=_gettext, ngettext=_ngettext)


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


class _Formatter(argparse.HelpFormatter):
    def start_section(self, heading: str | None) -> None:
        # argparse glues the colon to the heading; French typography puts a space before it.
        super().start_section(None if heading is None else f"{heading} ")


class _Parser(argparse.ArgumentParser):
    # Subparsers are built with the class of their parent: every level gets both.
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"segur : erreur d'utilisation : {message}\n")
        raise SystemExit(EXIT_USAGE)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of the one `argv` names (see `chosen_module`)."""
    install_french()
    parser = _Parser(
        prog="segur",
        description="Référencement Ségur sans financement (SONS) : outils du dépôt de dossiers.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"segur {__version__}",
        help="afficher la version de segur et quitter",
    )
    parser.add_argument(
        "--repo",
        type=Path,
        default=None,
        metavar="DÉPÔT",
        help="racine du dépôt (défaut : le dépôt qui contient le dossier courant, ou les "
        "chemins donnés ; jamais un autre)",
    )
    parser.add_argument(
        "--central",
        type=Path,
        default=None,
        metavar="CHEMIN",
        help="copie du dépôt central de l'ANS : dans le dépôt de dossiers d'un éditeur, le "
        "catalogue REM et la carte d'accès viennent de là ; elle doit être à la révision "
        f"qu'épingle depot.yaml (défaut : la variable {CENTRAL_VARIABLE})",
    )
    parser.add_argument(
        "--miroirs",
        type=Path,
        default=None,
        metavar="CHEMIN",
        help="cache des miroirs des dépôts de dossiers (« segur depots miroir ») : queue, "
        "deadlines, college agenda, status, site build et controle-croise portent alors sur "
        "tous les dépôts de depots.yaml, --repo étant le dépôt central",
    )
    parser.add_argument(
        "--debug", action="store_true", help="afficher la trace complète en cas d'erreur"
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMANDE", parser_class=_Parser, help="la commande à lancer"
    )
    subparsers.required = True
    chosen = None if argv is None else chosen_module(argv)
    for name in COMMAND_MODULES if chosen is None else (chosen,):
        importlib.import_module(name).register(subparsers)
    return parser


def _command_name(args: argparse.Namespace) -> str:
    """The command, followed by its action for the commands that have actions."""
    action = next(
        (
            getattr(args, dest)
            for dest in ("rem_command", "site_command", "college_command", "depots_command")
            if getattr(args, dest, None)
        ),
        None,
    )
    return f"{args.command} {action}" if action else str(args.command)


def _locate(args: argparse.Namespace) -> None:
    """Fill `args.repo` and `args.central` (see `segur.repository.location.locate`)."""
    name = _command_name(args)
    if args.miroirs is not None and name not in _AGGREGATING and args.command not in _AGGREGATING:
        raise UsageError(
            "--miroirs ne s'applique qu'à queue, deadlines, college agenda, status, site build "
            "et controle-croise"
        )
    if args.miroirs is not None and not args.miroirs.is_dir():
        raise UsageError(
            f"cache des miroirs introuvable : {args.miroirs} (lancez « segur depots miroir »)"
        )
    central = args.central
    if central is None and os.environ.get(CENTRAL_VARIABLE):
        central = Path(os.environ[CENTRAL_VARIABLE])
    paths = [Path(p) for p in getattr(args, "paths", None) or ()]
    needs = name not in _WITHOUT_CATALOGUE and args.command not in _WITHOUT_CATALOGUE
    location = locate(args.repo, central, paths, needs_catalogue=needs)
    args.repo, args.central = location.root, location.central


def _run(args: argparse.Namespace) -> int:
    """The command named on the command line, given its typed options."""
    _locate(args)
    code: int = args.func(args.options(args))
    return code


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    debug = False
    try:
        args = build_parser(arguments).parse_args(arguments)
        debug = args.debug
        return _run(args)
    except SegurError as exc:
        if debug:
            traceback.print_exc()
        sys.stderr.write(f"segur : {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("\nsegur : interrompu.\n")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if debug:
            traceback.print_exc()
        sys.stderr.write(
            f"segur : erreur interne ({type(exc).__name__} : {exc}). "
            "Relancez avec --debug pour la trace complète.\n"
        )
        return EXIT_INTERNAL


def run() -> None:
    sys.exit(main())

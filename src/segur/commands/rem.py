"""`segur rem`: import ANS's spreadsheets into the REM catalogue, list it, show it, check it.

    segur rem import FICHIER.xlsx [--out rem/] [--dispositif CODE] [--version V]
    segur rem list [DISPOSITIF] [--format text|json]
    segur rem show DISPOSITIF [ID] [--version V] [--format text|json]
    segur rem check

Handlers print and return the exit code: 0 ok, 1 findings at error severity; a usage error is
raised (`segur.errors.UsageError`). Findings go to stderr as `chemin:ligne:colonne: RÈGLE message`.

This module only builds the `rem` command group, the one name in the `COMMANDS` table of
`segur.cli`: the import that writes the catalogue is `segur.commands.rem_workbook`, the browsing
and checking that read it are `segur.commands.rem_catalogue`.
"""

from __future__ import annotations

from typing import Any

from segur.commands import rem_catalogue, rem_workbook


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rem",
        help="importer, lister et afficher le catalogue REM",
        description="Catalogue des exigences (REM) : import depuis les classeurs ANS, "
        "consultation et vérification.",
    )
    sub = parser.add_subparsers(
        dest="rem_command", metavar="ACTION", parser_class=type(parser), help="l'action à faire"
    )
    sub.required = True
    # One `rem` command in the table of `segur.cli`: the actions live in two modules, the import
    # that writes the catalogue and the browsing that reads it; the order is the one of `--help`.
    rem_workbook.register(sub)
    rem_catalogue.register(sub)

"""Argument types and options that several commands share. Light on purpose: every command
module imports it, and only the chosen command's module is imported (see `segur.cli`)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from typing import Any

FORMAT_HELP = "format de sortie (défaut : text)"


def iso_date(text: str) -> dt.date:
    """An `AAAA-MM-JJ` date; argparse shows the message of a refused value as is."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"date invalide : « {text} » (format attendu : AAAA-MM-JJ)"
        ) from None


def add_today(parser: argparse.ArgumentParser, what: str = "jour de référence") -> None:
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="AAAA-MM-JJ",
        help=f"{what} (défaut : aujourd'hui, heure de Paris)",
    )


class DossierPath(argparse.Action):
    """A candidature folder given on the command line also names the repository to work in
    (`paths`, read by `segur.cli._locate`)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.paths = [values]

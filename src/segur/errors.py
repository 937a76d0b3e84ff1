"""The errors a user may meet, each with the exit code the CLI turns it into.

The lowest layer of the package: it imports nothing from segur, so that every stage may raise
these errors and only `segur.cli` decides how they are shown (`segur : <message>` on stderr).
Findings are not errors: they are collected and reported, never raised.
"""

from __future__ import annotations


class SegurError(Exception):
    """A failure the user can understand: a short French message, and an exit code."""

    exit_code = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DataError(SegurError):
    """The data cannot be used: a file the command needs is missing or invalid."""

    exit_code = 1


class UsageError(SegurError):
    """The command line is wrong: a bad option value, an unknown path, no such repository."""

    exit_code = 2


class GitError(SegurError):
    """A git command failed: unknown revision, not a git repository, unexpected output."""

    exit_code = 2


class InternalError(SegurError):
    """A defect of segur or of its installation, not of the user's data."""

    exit_code = 3

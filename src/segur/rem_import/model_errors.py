"""A workbook value that the REM model refuses, said in French.

The importer cleans what a spreadsheet legitimately holds (HTML, non-breaking spaces, invisible
characters); what is left and still refused by `segur.model.rem` (a control character, a
bidirectional override, an oversized text) is a hostile or corrupted workbook: the import stops
with the place and the reason, never with a traceback, and nothing is written (the catalogue is
written only once every REM is built).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from segur import errors
from segur.load.validation import error_text, visible

# A few reasons are enough to fix a row; a hostile row could hold thousands.
MAX_REASONS = 5


@contextmanager
def refused_at(where: str, req_id: str | None) -> Iterator[None]:
    """A workbook value the REM model refuses (a control character, a bidirectional override,
    an oversized text) stops the import with the place and the reason, in French: never a
    traceback, never a half-written catalogue (nothing is written before every REM is built)."""
    try:
        yield
    except ValidationError as exc:
        reasons = "; ".join(
            f"champ « {'.'.join(str(p) for p in e['loc'])} » : {error_text(e)}"
            for e in exc.errors(include_url=False)[:MAX_REASONS]
        )
        what = f"exigence « {visible(req_id)} »" if req_id else "valeur"
        raise errors.DataError(f"{where} : {what} refusée : {reasons}") from None

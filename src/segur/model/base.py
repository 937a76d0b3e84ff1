"""Base of every model: unknown fields are errors, instances are immutable."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Strict, StrictBool


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# The first ANS procedures of the Ségur numérique date from 2021; the oldest dates a dossier
# names are those of past versions of a solution. Year 1, 1900 or a deposit planned in 1970
# are typing mistakes, never history.
EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _plausible(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("une date sans heure AAAA-MM-JJ est attendue")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(
            f"date {value.isoformat()} invraisemblable : une date entre "
            f"{EARLIEST_DATE.year} et {LATEST_DATE.year} est attendue"
        )
    return value


# A date written as a YAML date (AAAA-MM-JJ, unquoted) and nothing else: pydantic's lax mode
# would also take a number of seconds since 1970 or a quoted string.
Date = Annotated[dt.date, Strict(), AfterValidator(_plausible)]
# Only `true` or `false`: lax mode would also take "yes", 1 or "1.0".
Flag = StrictBool

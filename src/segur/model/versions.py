"""Version-aware ordering of version labels ("2.9" < "2.10").

The procedure (§3.1.1) asks that "la succession chronologique des Versions techniques" be
"clairement compréhensible au travers d'une numérotation alphanumérique". We read that as:
sorting the labels naturally gives their chronological order. Natural order here means:
- a label is cut into runs of digits and runs of other characters ("2.10b" -> 2, ".", 10, "b");
- runs are compared one by one: digits as integers (so 9 < 10 and "007" = "7"), other runs as
  case-insensitive text, and a number sorts before text at the same place;
- when one label is a prefix of the other, the shorter one comes first ("2.1" < "2.1.1" and
  "2.10" < "2.10b"). There is no pre-release semantics: "3.0-rc1" sorts after "3.0".
Two labels with the same key ("2.01" and "2.1") are the same version for this order.
"""

from __future__ import annotations

import re
from itertools import groupby

VersionKey = tuple[tuple[int, int, str], ...]


def _is_ascii_digit(char: str) -> bool:
    # str.isdigit() also accepts "²", which int() refuses.
    return char in "0123456789"


def version_key(label: str) -> VersionKey:
    parts: list[tuple[int, int, str]] = []
    for is_digit, run in groupby(label.strip(), key=_is_ascii_digit):
        text = "".join(run)
        parts.append((0, int(text), "") if is_digit else (1, 0, text.casefold()))
    return tuple(parts)


def natural_key(identifier: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key in which `INS.2` comes before `INS.10`."""
    parts = re.split(r"(\d+)", identifier)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p != "")

"""Pausing Python's cyclic garbage collector during a whole-repository pass.

A check or a history replay of thousands of candidatures allocates millions of short-lived
containers (every YAML document becomes dicts and lists). They are freed by reference counting
as soon as a candidature is done, and they form no cycles, but they live long enough to be
promoted to the oldest generation, whose collections walk the whole heap, REM catalogue
included, again and again: measured at 1,000 candidatures, 40 % of `segur check` went to
collections that found nothing to free. Pausing the collector for the duration of the pass
removes that cost; it is switched back on afterwards (if it was on), and collects as usual
from then on anything the pass may have left in a cycle.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def without_cyclic_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with the cyclic garbage collector paused."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused

"""The demo repository of the examples (`segur exemples --depot`), built for the tests: the
example dossiers with the dated history their lifecycle is derived from.

`conftest.py` builds it once per session (`demo_repo`); `build_demo` also builds variants whose
history is changed (`moved`), to show that the derived state follows the history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from segur.examples.history import BASE_MESSAGE, DemoHistory, checkout_files, demo_history
from segur.examples.synthetic.git_writer import build_repository
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import default_root

ROOT = default_root()


def history() -> DemoHistory:
    catalogue, _ = load_catalogue(ROOT / "rem", ROOT)
    return demo_history(catalogue, checkout_files(ROOT))


def build_demo(out: Path, moved: Mapping[str, dt.datetime] | None = None) -> Path:
    """The demo repository in `out`; `moved` merges the pull requests of those branches at
    another moment (their commits keep theirs, so move them later, never earlier)."""
    demo = history()
    requests = demo.requests
    if moved:
        unknown = set(moved) - {r.branch for r in requests}
        assert not unknown, f"branches inconnues : {sorted(unknown)}"
        requests = [
            dataclasses.replace(r, merged=moved[r.branch]) if r.branch in moved else r
            for r in requests
        ]
    build_repository(out, demo.base, demo.base_moment, requests, demo.base_author, BASE_MESSAGE)
    return out

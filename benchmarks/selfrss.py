"""Run segur as `python -m segur` would, and write this process's own peak RSS (KiB) to the
file named by SEGUR_BENCH_RSS when it ends: `os.wait4` only gives the largest process of the
tree, which for `segur queue` is often `git log` rather than segur itself."""

from __future__ import annotations

import atexit
import os
import resource
import runpy
import sys


def _write() -> None:
    target = os.environ.get("SEGUR_BENCH_RSS")
    if target:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with open(target, "w", encoding="ascii") as out:  # noqa: PTH123 - no pathlib import here
            out.write(str(peak))


if __name__ == "__main__":
    atexit.register(_write)
    sys.argv = ["segur", *sys.argv[1:]]
    runpy.run_module("segur", run_name="__main__", alter_sys=True)

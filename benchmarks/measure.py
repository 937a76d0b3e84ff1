"""Running one measured command: wall time and peak memory, repeated, median kept.

Each run is a child process waited for with `os.wait4`, whose resource usage gives the peak
resident set size (`ru_maxrss`, in KiB on Linux) of that child and of every descendant it
waited for, such as the `git` processes that `segur queue` starts: the peak is the largest
single process of the tree, not a sum. A step may be several processes one after the other
(check-jsonschema in batches): its time is their sum and its peak their largest.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Command = Sequence[str]


class CommandFailed(Exception):
    """A measured command ended with an unexpected exit code."""


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_kib: int


@dataclass(frozen=True, slots=True)
class Measure:
    """The runs of one command (or sequence of commands), warm-up excluded."""

    runs: tuple[Run, ...]

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.peak_kib for r in self.runs) / 1024


@dataclass(frozen=True, slots=True)
class Step:
    """Commands run one after the other, counted as one measure."""

    commands: tuple[Command, ...]
    cwd: Path
    ok_codes: frozenset[int] = frozenset({0})
    env: dict[str, str] = field(default_factory=dict)


def run_once(step: Step) -> Run:
    total = 0.0
    peak = 0
    env = {**os.environ, **step.env}
    for command in step.commands:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            cwd=step.cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        total += time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = max(peak, usage.ru_maxrss)
        if process.returncode not in step.ok_codes:
            detail = errors.decode("utf-8", "replace").strip()[-2000:]
            raise CommandFailed(
                f"{' '.join(command)} : code {process.returncode} (attendu "
                f"{sorted(step.ok_codes)}) dans {step.cwd}\n{detail}"
            )
    return Run(total, peak)


def measure(
    step: Step,
    repetitions: int,
    warmup: bool = True,
    before: Callable[[], None] | None = None,
) -> Measure:
    """`repetitions` runs after one warm-up run (which fills the page cache, for every
    measure alike); `before` runs before each of them, outside the timing."""
    if warmup:
        if before is not None:
            before()
        run_once(step)
    runs = []
    for _ in range(repetitions):
        if before is not None:
            before()
        runs.append(run_once(step))
    return Measure(tuple(runs))

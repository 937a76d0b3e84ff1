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
import tempfile
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
    own_kib: int | None = None  # segur's own process, when it reported it (benchmarks/selfrss.py)


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

    @property
    def own_mib(self) -> float | None:
        owns = [r.own_kib for r in self.runs if r.own_kib is not None]
        return max(owns) / 1024 if owns else None


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
    own: int | None = None
    with tempfile.NamedTemporaryFile(prefix="segur-rss-", delete=False) as report:
        report_path = Path(report.name)
    env = {**os.environ, **step.env, "SEGUR_BENCH_RSS": str(report_path)}
    try:
        for command in step.commands:
            total, peak = _run_command(step, command, env, total, peak)
            text = report_path.read_text(encoding="ascii").strip()
            if text:
                own = max(own or 0, int(text))
    finally:
        report_path.unlink(missing_ok=True)
    return Run(total, peak, own)


def _run_command(
    step: Step, command: Command, env: dict[str, str], total: float, peak: int
) -> tuple[float, int]:
    """Run one command; the step's time and peak so far, updated."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=step.cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    total += time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in step.ok_codes:
        detail = errors.decode("utf-8", "replace").strip().splitlines()
        raise CommandFailed(
            f"code {process.returncode} de « {' '.join(command[2:5])}… »"
            + (f" : {detail[-1]}" if detail else "")
        )
    return total, max(peak, usage.ru_maxrss)


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

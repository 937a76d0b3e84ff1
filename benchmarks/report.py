"""The benchmark's table, in French Markdown, with the machine it ran on.

`write` replaces only the part between the two markers of an existing file, so that the
analysis written around the table in `docs/performance.md` survives a new run.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shlex
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import (
    GENERATION,
    INCREMENTAL,
    INCREMENTAL_SCALE,
    MEASURES,
    RSS_LIMIT_MIB,
    Row,
    Session,
)
from benchmarks.measure import Measure

BEGIN = "<!-- debut-mesures : généré par scripts/benchmark.py, ne pas modifier à la main -->"
END = "<!-- fin-mesures -->"


def _number(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _seconds(measure: Measure | None) -> str:
    return "—" if measure is None else f"{_number(measure.seconds)} s"


def _mib(measure: Measure | None) -> str:
    if measure is None:
        return "—"
    own = measure.own_mib
    tail = "" if own is None else f" (segur : {_number(own, 0)})"
    return f"{_number(measure.peak_mib, 0)} Mo{tail}"


def _met(met: bool | None) -> str:
    return {True: "oui", False: "**non**", None: "—"}[met]


def machine() -> list[str]:
    model = "inconnu"
    memory = "inconnue"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} Go"
                break
    except OSError:
        pass
    git = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False)
    return [
        f"- processeur : {model}, {os.cpu_count()} cœurs ;",
        f"- mémoire : {memory} ;",
        f"- Python {platform.python_version()}, {git.stdout.strip()}, {platform.platform()}.",
    ]


def _row(row: Row) -> str:
    ratio = row.ratio
    target = "—" if row.target is None else f"≤ {_number(row.target)}"
    runs = f"{row.runs}" if row.runs else "—"
    return (
        f"| {row.measure} | {row.size} | {_seconds(row.value)} | {row.baseline_name or '—'} "
        f"| {_seconds(row.baseline)} | {'—' if ratio is None else _number(ratio)} | {target} "
        f"| {_met(row.met)} | {runs} | {_mib(row.value)} | {_mib(row.baseline)} "
        f"| {row.note or ''} |"
    )


def _limits(session: Session) -> list[str]:
    """The absolute limits: memory at the largest size, incremental check under a second."""
    largest = max(session.options.sizes)
    lines = ["| Limite | N | Valeur | Cible | Atteinte ? |", "|---|---|---|---|---|"]
    seen: set[int] = set()
    for row in session.rows:
        if row.size != largest or row.value is None or row.measure in (GENERATION,):
            continue
        if row.measure == INCREMENTAL_SCALE or id(row.value) in seen:
            continue
        seen.add(id(row.value))
        peak = row.value.peak_mib
        lines.append(
            f"| RSS pic : {row.measure} | {largest} | {_mib(row.value)} "
            f"| ≤ {_number(RSS_LIMIT_MIB, 0)} Mo | {_met(peak <= RSS_LIMIT_MIB)} |"
        )
        if row.measure == INCREMENTAL:
            seconds = row.value.seconds
            lines.append(
                f"| durée : {row.measure} | {largest} | {_number(seconds)} s | < 1 s "
                f"| {_met(seconds < 1.0)} |"
            )
    return lines


def render(session: Session, argv: list[str]) -> str:
    options = session.options
    command = "python scripts/benchmark.py " + " ".join(shlex.quote(a) for a in argv)
    when = dt.datetime.fromtimestamp(session.started).astimezone().strftime("%Y-%m-%d %H:%M")
    duration = (dt.datetime.now().timestamp() - session.started) / 60
    lines = [
        BEGIN,
        "",
        f"Mesuré le {when} ({_number(duration, 0)} min en tout), graine {options.seed}, "
        f"{options.repetitions} exécution(s) mesurée(s) par mesure"
        + (" (mode smoke : une seule, sans préchauffage)" if options.smoke else "")
        + ", médiane retenue.",
        "",
        *machine(),
        "",
        f"Commande : `{command}`",
        "",
        "| Mesure | N | Valeur | Référence | Valeur de référence | Ratio | Cible | Atteinte ? "
        "| Exécutions | RSS pic | RSS pic référence | Remarque |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    order = {name: index for index, name in enumerate(MEASURES)}
    rows = sorted(session.rows, key=lambda r: (order[r.measure], r.size))
    lines += [_row(row) for row in rows]
    lines += ["", *_limits(session), "", END, ""]
    return "\n".join(lines)


def write(output: Path, text: str) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.is_file():
        current = output.read_text(encoding="utf-8")
        if BEGIN in current and END in current:
            head = current.split(BEGIN, 1)[0]
            tail = current.split(END, 1)[1]
            output.write_text(head + text.rstrip("\n") + tail, encoding="utf-8")
            return
    output.write_text("# Performances à l'échelle\n\n" + text, encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    sys.exit("lancez scripts/benchmark.py")

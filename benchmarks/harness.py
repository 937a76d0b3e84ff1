"""The benchmark: for each size, a synthetic repository and every measure with its baseline,
both run in the same session on the same files.

    python scripts/benchmark.py --tailles 100 1000 5000 --sortie docs/performance.md

Each measure is one warm-up run (it fills the page cache, for segur and baselines alike), then
`--repetitions` runs whose median is kept; a size listed in `--reduire` gets
`--repetitions-reduites` runs of the slowest measures (said in the table). `--smoke` runs every
measure once on tiny repositories: CI checks that the table is complete, not the timings.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import baselines as b
from benchmarks.measure import CommandFailed, Measure, Step, measure, run_once

# Measures, in the order of the table, and their targets (ratio to the baseline).
CHECK, JSONSCHEMA, INCREMENTAL, INCREMENTAL_TREE, QUEUE, SITE = (
    "segur check (complet)",
    "segur check vs check-jsonschema",
    "segur check --changed-since --committed-only (PR d'une candidature)",
    "segur check --changed-since (copie de travail parcourue)",
    "segur queue",
    "segur site build",
)
CHECK_HASH = "segur check (plancher avec hachage)"
GENERATION = "segur synthetique (génération)"
INCREMENTAL_SCALE = "incrémental : plus grande taille / plus petite"
MEASURES = (
    GENERATION,
    CHECK,
    CHECK_HASH,
    JSONSCHEMA,
    INCREMENTAL,
    INCREMENTAL_TREE,
    QUEUE,
    SITE,
    INCREMENTAL_SCALE,
)
RSS_LIMIT_MIB = 500.0
SLOW = (JSONSCHEMA, SITE)  # measures whose runs are reduced at the sizes of --reduire


@dataclass
class Row:
    measure: str
    size: int
    value: Measure | None = None
    baseline_name: str = ""
    baseline: Measure | None = None
    target: float | None = None  # the ratio not to exceed
    note: str = ""
    runs: int = 0

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.baseline is None or self.baseline.seconds == 0:
            return None
        return self.value.seconds / self.baseline.seconds

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        return None if ratio is None or self.target is None else ratio <= self.target


@dataclass
class Options:
    sizes: list[int]
    repetitions: int
    reduced: list[int]
    reduced_repetitions: int
    seed: int
    work: Path
    reuse: bool
    smoke: bool


@dataclass
class Session:
    options: Options
    rows: list[Row] = field(default_factory=list)
    started: float = field(default_factory=time.time)

    def runs_for(self, name: str, size: int) -> int:
        if self.options.smoke:
            return 1
        if name in SLOW and size in self.options.reduced:
            return self.options.reduced_repetitions
        return self.options.repetitions

    def measure(
        self, name: str, size: int, step: Step, before: Callable[[], None] | None = None
    ) -> Measure:
        reduced = name in SLOW and size in self.options.reduced
        warmup = not self.options.smoke and not reduced
        return measure(step, self.runs_for(name, size), warmup, before)


def _attempt(row: Row, action: Callable[[], None]) -> None:
    """Run `action` for `row`; a failing command becomes the row's note, not a crash."""
    try:
        action()
    except CommandFailed as exc:
        row.note = f"échec : {str(exc).splitlines()[0]}"


def generate(session: Session, size: int) -> Path:
    repo = session.options.work / f"depot-{size}"
    row = Row(GENERATION, size, runs=1)
    session.rows.append(row)
    marker = repo / ".git" / "segur-synthetique"
    wanted = f"{size} {session.options.seed}\n"
    if session.options.reuse and marker.is_file() and marker.read_text() == wanted:
        row.note = "dépôt réutilisé (généré lors d'une exécution précédente)"
        return repo
    if repo.exists():
        shutil.rmtree(repo)
    # The REM of this checkout: segur never takes a catalogue from another repository than
    # the one it is told (the work folder has none).
    toolkit = str(b.HERE.parent)
    command = b.segur("--repo", toolkit, "synthetique", "--n", str(size), "--out", str(repo))
    command += ["--graine", str(session.options.seed)]
    step = Step((command,), session.options.work)
    row.value = Measure((run_once(step),))
    marker.write_text(wanted)
    return repo


def measure_size(session: Session, size: int) -> None:
    repo = generate(session, size)
    work = session.options.work
    verdict = subprocess.run(b.check(repo).commands[0], capture_output=True, check=False)
    clean = verdict.returncode == 0
    runs = session.runs_for(CHECK, size)

    check = Row(CHECK, size, baseline_name="plancher YAML (CSafeLoader)", target=2.0, runs=runs)
    hashed = Row(CHECK_HASH, size, baseline_name="plancher YAML + lecture et sha256 des preuves")
    hashed.target, hashed.runs = 2.0, runs
    session.rows += [check, hashed]

    def run_check() -> None:
        check.value = session.measure(CHECK, size, b.check(repo))
        hashed.value = check.value
        check.baseline = session.measure(CHECK, size, b.floor(repo, "yaml"))
        hashed.baseline = session.measure(CHECK, size, b.floor(repo, "yaml+hash"))

    _attempt(check, run_check)
    if not clean:
        check.note = "le dépôt synthétique a des erreurs : " + verdict.stdout.decode()[-300:]

    jsonschema = Row(JSONSCHEMA, size, baseline_name="check-jsonschema (mêmes fichiers)")
    jsonschema.target, jsonschema.runs = 0.33, session.runs_for(JSONSCHEMA, size)
    session.rows.append(jsonschema)
    if not b.check_jsonschema_available():
        jsonschema.note = "non mesuré : check-jsonschema absent (pip install -e '.[bench]')"
    else:
        schemas = work / f"schemas-{size}"
        subprocess.run(b.segur("schema", "--out", str(schemas)), capture_output=True, check=True)

        def run_jsonschema() -> None:
            jsonschema.value = check.value
            jsonschema.baseline = session.measure(
                JSONSCHEMA, size, b.check_jsonschema(repo, schemas)
            )

        _attempt(jsonschema, run_jsonschema)

    incremental = Row(INCREMENTAL, size, runs=session.runs_for(INCREMENTAL, size))
    tree = Row(INCREMENTAL_TREE, size, runs=session.runs_for(INCREMENTAL, size))
    tree.note = "information : ce que coûte en plus le parcours des fichiers par git"
    session.rows += [incremental, tree]

    def run_incremental() -> None:
        with b.one_candidature_changed(repo):
            incremental.value = session.measure(INCREMENTAL, size, b.incremental(repo))
            tree.value = session.measure(INCREMENTAL, size, b.incremental_work_tree(repo))

    _attempt(incremental, run_incremental)

    queue = Row(QUEUE, size, baseline_name="git log --first-parent --name-status", target=1.5)
    queue.runs = session.runs_for(QUEUE, size)
    session.rows.append(queue)

    def run_queue() -> None:
        queue.value = session.measure(QUEUE, size, b.queue(repo))
        queue.baseline = session.measure(QUEUE, size, b.git_log(repo))

    _attempt(queue, run_queue)
    measure_site(session, size, repo)


def measure_site(session: Session, size: int, repo: Path) -> None:
    row = Row(SITE, size, baseline_name="mkdocs-material nu, autant de pages triviales")
    row.target, row.runs = 1.3, session.runs_for(SITE, size)
    session.rows.append(row)
    if not b.site_available():
        row.note = "non mesuré : segur site build absent"
        return
    out = session.options.work / f"site-{size}"

    def run_site() -> None:
        row.value = session.measure(SITE, size, b.site_build(repo, out))
        pages = b.count_pages(out)
        project = b.bare_mkdocs_project(session.options.work / f"mkdocs-{size}", pages)
        row.baseline = session.measure(SITE, size, b.bare_mkdocs(project, project / "site"))
        row.baseline_name += f" ({pages} pages)"

    _attempt(row, run_site)


def incremental_scale(session: Session) -> Row:
    """The incremental check at the largest size against the smallest."""
    found = {r.size: r for r in session.rows if r.measure == INCREMENTAL and r.value}
    row = Row(INCREMENTAL_SCALE, max(session.options.sizes), target=1.5)
    if len(found) < 2:
        row.note = "non mesuré : il faut au moins deux tailles"
        return row
    smallest, largest = found[min(found)], found[max(found)]
    row.size, row.value, row.baseline = largest.size, largest.value, smallest.value
    row.baseline_name = f"segur check --changed-since à N={smallest.size}"
    row.runs = largest.runs
    return row


def parse_options(argv: list[str] | None = None) -> tuple[Options, Path | None]:
    parser = argparse.ArgumentParser(
        prog="benchmark.py",
        description="Mesure segur à l'échelle sur des dépôts synthétiques, avec les "
        "références dans la même exécution, et écrit le tableau des résultats.",
    )
    parser.add_argument("--tailles", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repetitions", type=int, default=3, help="exécutions mesurées")
    parser.add_argument(
        "--reduire", type=int, nargs="*", default=[5000], help="tailles aux mesures lentes réduites"
    )
    parser.add_argument("--repetitions-reduites", type=int, default=1)
    parser.add_argument("--graine", type=int, default=0)
    parser.add_argument("--travail", type=Path, default=None, help="dossier des dépôts générés")
    parser.add_argument("--reutiliser", action="store_true", help="garder les dépôts déjà générés")
    parser.add_argument("--smoke", action="store_true", help="une exécution de chaque mesure")
    parser.add_argument("--sortie", type=Path, default=None, help="fichier Markdown à écrire")
    args = parser.parse_args(argv)
    work = args.travail or Path(tempfile.mkdtemp(prefix="segur-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    options = Options(
        sizes=sorted(set(args.tailles)),
        repetitions=args.repetitions,
        reduced=args.reduire,
        reduced_repetitions=args.repetitions_reduites,
        seed=args.graine,
        work=work.resolve(),
        reuse=args.reutiliser,
        smoke=args.smoke,
    )
    return options, args.sortie


def run(options: Options) -> Session:
    session = Session(options)
    for size in options.sizes:
        sys.stderr.write(f"benchmark : N={size}…\n")
        measure_size(session, size)
    session.rows.append(incremental_scale(session))
    return session


def main(argv: list[str] | None = None) -> int:
    from benchmarks.report import render, write

    options, output = parse_options(argv)
    session = run(options)
    text = render(session, argv if argv is not None else sys.argv[1:])
    if output is None:
        sys.stdout.write(text)
    else:
        write(output, text)
        sys.stderr.write(f"benchmark : tableau écrit dans {output}\n")
    return 0

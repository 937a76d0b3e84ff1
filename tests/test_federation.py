"""The federation of dossier repositories: one private repository per editor, mirrored by the
ANS and aggregated (`segur depots miroir`, then `--miroirs`).

The acceptance criterion: the demo's candidatures split into one real repository per editor
(served as bare repositories over file://, each replaying that editor's pull requests at the
same moments), mirrored, then aggregated, give the SAME queue, deadlines, collège agenda, status
and public site as the single demo repository that holds them all.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from demo_support import ROOT, history
from gitrepo import GitRepo, isolated_env
from segur.cli import main
from segur.examples.history import BASE_MESSAGE
from segur.examples.synthetic.git_writer import build_repository
from segur.examples.synthetic.story import PullRequest
from segur.lifecycle.timeline import Arrival, DossierTimeline, Timeline, interleave
from segur.load.mirror import redact
from segur.repository.federation import load_federation, member_findings
from segur.repository.paths import Repository
from site_support import site_files

# The days compared: early deposits, the middle of the instruction, the end of the fiction.
DAYS = ("2026-09-14", "2026-11-02", "2026-11-28", "2026-12-24")
CENTRAL_FILES = (".gitattributes", ".gitignore", "acces.yaml", "mkdocs.yml", "rem", "site")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, env=isolated_env(), capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _depot_yaml(slug: str, central: GitRepo) -> str:
    return (
        f"editeur: {slug}\ncentral:\n  url: file://{central.root}\n  revision: {central.head()}\n"
    )


def _registry(depots: dict[str, str]) -> str:
    lines = ["organisation: ans-segur", "depot_central: ans-segur/segur"]
    if not depots:
        return "\n".join([*lines, "depots: {}"]) + "\n"
    lines.append("depots:")
    for slug, url in depots.items():
        lines += [f"  {slug}:", f"    url: {url}"]
    return "\n".join(lines) + "\n"


def _central(root: Path, depots: dict[str, str]) -> GitRepo:
    """The central repository: the tool's catalogue, access map and site, the registry, and
    no dossier."""
    central = GitRepo.create(root)
    for name in CENTRAL_FILES:
        source = ROOT / name
        if source.is_dir():
            central.copy_tree(source, name)
        elif source.is_file():
            central.write({name: source.read_bytes()})
    central.commit("Dépôt central", {"depots.yaml": _registry(depots)}, date="2026-08-03")
    return central


def _editor(request: PullRequest) -> str:
    # `depot/<editeur>/<candidature>/...` and `journal/<editeur>/<candidature>/...`
    return request.branch.split("/")[1]


def _bare(work: Path, bare: Path) -> str:
    """`work` served as a bare repository; its file:// URL."""
    bare.parent.mkdir(parents=True, exist_ok=True)
    _git(work.parent, "clone", "-q", "--bare", str(work), str(bare))
    return f"file://{bare}"


@pytest.fixture(scope="module")
def federation(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The central repository and the mirror cache of one dossier repository per editor of the
    demo, each with the editor's pull requests merged at the demo's moments."""
    base = tmp_path_factory.mktemp("federation")
    demo = history()
    slugs = sorted({_editor(r) for r in demo.requests})
    urls = {slug: f"file://{base / 'forge' / f'{slug}.git'}" for slug in slugs}
    central = _central(base / "central", urls)
    for slug in slugs:
        mine = [r for r in demo.requests if _editor(r) == slug]
        work = base / "editeurs" / slug
        files = {"depot.yaml": _depot_yaml(slug, central).encode()}
        build_repository(work, files, demo.base_moment, mine, demo.base_author, BASE_MESSAGE)
        _bare(work, base / "forge" / f"{slug}.git")
    cache = base / "miroirs"
    assert main(["--repo", str(central.root), "depots", "miroir", "--cache", str(cache)]) == 0
    return central.root, cache


def _subjects(*roots: Path) -> dict[str, str]:
    """Each commit of these repositories, by SHA, named by its subject line: a commit of the
    single repository and the one of an editor's repository that merged the same pull request
    have different IDs (other parents), the same subject and moment."""
    found: dict[str, str] = {}
    for root in roots:
        for line in _git(root, "log", "--all", "--format=%H %cI %s").splitlines():
            sha, _, subject = line.partition(" ")
            # Pull requests are numbered per repository: the number is not compared.
            found[sha] = re.sub(r"#\d+", "#", subject)
    return found


def _normalised(text: str, subjects: dict[str, str]) -> str:
    """`text` with each commit ID, whole or shortened (`0aceb74ae3…` in a narrow column),
    replaced by its subject."""
    by_prefix = {sha[:n]: subject for sha, subject in subjects.items() for n in range(7, 13)}

    def name(match: re.Match[str]) -> str:
        sha = match.group(1)
        subject = subjects.get(sha) or by_prefix.get(sha[:12])
        return sha if subject is None else f"<{subject}>"  # a number, not a commit

    return re.sub(r"\b([0-9a-f]{40}|[0-9a-f]{7,12})(?:\b|(?=…))", name, text)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0, argv
    return capsys.readouterr().out


# Each command, in text and json, on days where its output differs: every run replays the
# history of every repository, so the slowest ones (collège, status) run on fewer days.
COMPARED = [
    *[
        (day, command)
        for day in DAYS
        for command in (
            ("queue", "--format", "json"),
            ("queue",),
            ("deadlines", "--format", "json"),
            ("deadlines",),
        )
    ],
    *[
        (day, command)
        for day in (DAYS[1], DAYS[2])
        for command in (("college", "agenda", "--format", "json"), ("college", "agenda"))
    ],
    (DAYS[2], ("deadlines", "--format", "markdown")),
    (DAYS[2], ("status", "--format", "json")),
]


@pytest.mark.parametrize(("day", "command"), COMPARED)
def test_the_aggregation_equals_the_single_repository(
    day: str,
    command: tuple[str, ...],
    demo_repo: Path,
    federation: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    central, cache = federation
    subjects = _subjects(demo_repo, *(p for p in cache.iterdir() if p.suffix != ".git"))
    single = _run(capsys, "--repo", str(demo_repo), *command, "--today", day)
    aggregated = _run(
        capsys, "--repo", str(central), "--miroirs", str(cache), *command, "--today", day
    )
    assert single.strip()
    assert _normalised(aggregated, subjects) == _normalised(single, subjects)


def test_the_queue_is_not_empty_on_a_compared_day(
    demo_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The comparison above means something only if the queue holds chapters of several editors.
    out = _run(capsys, "--repo", str(demo_repo), "queue", "--format", "json", "--today", DAYS[1])
    editors = set(re.findall(r'"dossier": "dossiers/([^/]+)/', out))
    assert len(editors) >= 2, out


def test_the_site_of_the_aggregation_equals_the_single_repository(
    demo_repo: Path, federation: tuple[Path, Path], tmp_path: Path
) -> None:
    central, cache = federation
    single, aggregated = tmp_path / "seul", tmp_path / "federation"
    day = DAYS[-1]
    assert (
        main(["--repo", str(demo_repo), "site", "build", "--out", str(single), "--date", day]) == 0
    )
    argv = ["--repo", str(central), "--miroirs", str(cache), "site", "build"]
    assert main([*argv, "--out", str(aggregated), "--date", day]) == 0
    first, second = site_files(single), site_files(aggregated)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    # The generated pages and the open data (their sources, before the engine) too.
    docs_single = site_files(demo_repo / "build" / "site-docs")
    docs_aggregated = site_files(central / "build" / "site-docs")
    assert docs_single == docs_aggregated
    assert any(name.startswith("donnees/") and name.endswith(".csv") for name in second)
    assert "Exemple Dossier Patient" in second["donnees/solutions-referencees.csv"].decode()


def test_each_mirror_holds_only_its_editor(federation: tuple[Path, Path]) -> None:
    _, cache = federation
    bares = sorted(cache.glob("*.git"))
    assert len(bares) >= 3
    for bare in bares:
        slug = bare.name.removesuffix(".git")
        paths = set(_git(bare, "log", "--all", "--name-only", "--format=").split())
        dossiers = {p for p in paths if p.startswith("dossiers/")}
        assert dossiers, slug
        assert all(p.startswith(f"dossiers/{slug}/") for p in dossiers), slug
        assert paths - dossiers == {"depot.yaml"}, slug
        assert member_findings(slug, cache / slug) == []


def test_the_mirror_keeps_the_whole_history(federation: tuple[Path, Path]) -> None:
    _, cache = federation
    for checkout in (p for p in cache.iterdir() if p.suffix != ".git"):
        assert _git(checkout, "rev-parse", "--is-shallow-repository") == "false"
        assert _git(checkout, "rev-parse", "HEAD") == _git(
            cache / f"{checkout.name}.git", "rev-parse", "main"
        )


# --- mirroring: failures, updates ------------------------------------------------------------


def _editor_repo(
    new_repo_root: Path, slug: str, central: GitRepo, files: dict[str, str]
) -> GitRepo:
    repo = GitRepo.create(new_repo_root)
    repo.commit("dépôt initial", {"depot.yaml": _depot_yaml(slug, central), **files})
    return repo


def test_an_unreachable_repository_is_reported_and_the_others_mirrored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = _central(tmp_path / "vide", {})
    editor = _editor_repo(tmp_path / "a", "editeur-a", empty, {"dossiers/editeur-a/c/x.txt": "x"})
    url = _bare(editor.root, tmp_path / "forge" / "editeur-a.git")
    secret = "https://jeton:motdepasse-secret@127.0.0.1:9/ans/dossiers-b.git"
    depots = {"editeur-a": url, "editeur-b": secret, "editeur-c": "file:///nulle/part.git"}
    central = _central(tmp_path / "central", depots)
    cache = tmp_path / "cache"
    argv = ["--repo", str(central.root), "depots", "miroir", "--cache", str(cache)]
    assert main([*argv, "--taches", "3"]) == 1
    out, err = capsys.readouterr()
    assert "editeur-a : miroir créé" in out
    assert "1 dépôt(s) en miroir" in out and "2 en échec" in out
    failures = err.splitlines()
    assert len(failures) == 2
    assert any("« editeur-b »" in line for line in failures)
    assert any("« editeur-c »" in line for line in failures)
    assert "motdepasse-secret" not in out + err and "jeton" not in out + err
    assert (cache / "editeur-a" / "dossiers" / "editeur-a" / "c" / "x.txt").is_file()
    assert not (cache / "editeur-b").exists() and not (cache / "editeur-b.git").exists()


def test_redact_removes_credentials() -> None:
    assert redact("https://u:p@forge.example/x.git") == "https://forge.example/x.git"
    assert redact("échec : https://jeton@forge.example/x") == "échec : https://forge.example/x"
    assert redact("git@forge.example:ans/x.git") == "git@forge.example:ans/x.git"


def test_a_second_run_fetches_new_commits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = _central(tmp_path / "vide", {})
    editor = _editor_repo(tmp_path / "a", "editeur-a", empty, {"dossiers/editeur-a/c/x.txt": "1"})
    bare = tmp_path / "forge" / "editeur-a.git"
    central = _central(tmp_path / "central", {"editeur-a": _bare(editor.root, bare)})
    cache = tmp_path / "cache"
    argv = ["--repo", str(central.root), "depots", "miroir", "--cache", str(cache)]
    assert main(argv) == 0
    first = _git(cache / "editeur-a", "rev-parse", "HEAD")
    pushed = editor.commit("nouveau", {"dossiers/editeur-a/c/y.txt": "2"})
    editor.git("push", "-q", str(bare), "main")
    assert main(argv) == 0
    assert "editeur-a : miroir à jour" in capsys.readouterr().out
    assert _git(cache / "editeur-a", "rev-parse", "HEAD") == pushed != first
    assert _git(cache / "editeur-a.git", "rev-parse", "main") == pushed
    assert (cache / "editeur-a" / "dossiers" / "editeur-a" / "c" / "y.txt").read_text() == "2"


def test_lfs_files_stay_pointers(tmp_path: Path) -> None:
    empty = _central(tmp_path / "vide", {})
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "0" * 64 + "\nsize 12\n"
    editor = _editor_repo(
        tmp_path / "a",
        "editeur-a",
        empty,
        {
            ".gitattributes": "*.pdf filter=lfs diff=lfs merge=lfs -text\n",
            "dossiers/editeur-a/c/preuve.pdf": pointer,
        },
    )
    url = _bare(editor.root, tmp_path / "forge" / "editeur-a.git")
    central = _central(tmp_path / "central", {"editeur-a": url})
    cache = tmp_path / "cache"
    assert main(["--repo", str(central.root), "depots", "miroir", "--cache", str(cache)]) == 0
    mirrored = cache / "editeur-a" / "dossiers" / "editeur-a" / "c" / "preuve.pdf"
    assert mirrored.read_text() == pointer
    assert not (cache / "editeur-a.git" / "lfs").exists()


# --- the rules of the federation -------------------------------------------------------------


def test_a_mirror_holding_another_editors_folder_is_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = _central(tmp_path / "vide", {})
    good = _editor_repo(tmp_path / "a", "editeur-a", empty, {"dossiers/editeur-a/c/x.txt": "a"})
    intruder = _editor_repo(
        tmp_path / "b",
        "editeur-b",
        empty,
        {"dossiers/editeur-b/c/x.txt": "b", "dossiers/editeur-a/vol/x.txt": "a"},
    )
    depots = {
        "editeur-a": _bare(good.root, tmp_path / "forge" / "a.git"),
        "editeur-b": _bare(intruder.root, tmp_path / "forge" / "b.git"),
    }
    central = _central(tmp_path / "central", depots)
    cache = tmp_path / "cache"
    assert main(["--repo", str(central.root), "depots", "miroir", "--cache", str(cache)]) == 1
    out = capsys.readouterr().out
    assert "SEG-FED-001" in out and "dossiers/editeur-a/" in out
    loaded = load_federation(Repository(central.root), cache)
    assert [f.rule for f in loaded.findings] == ["SEG-FED-001"]
    assert [m.root for m in loaded.federation.members] == [cache / "editeur-a"]
    # The aggregation reports it and goes on without that repository.
    argv = ["--repo", str(central.root), "--miroirs", str(cache), "status", "--format", "json"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "SEG-FED-001" in err
    assert "dossiers/editeur-b/c" not in out and "dossiers/editeur-a/vol" not in out


def test_a_depot_yaml_naming_another_editor_is_reported(tmp_path: Path) -> None:
    empty = _central(tmp_path / "vide", {})
    repo = _editor_repo(tmp_path / "b", "editeur-a", empty, {"dossiers/editeur-b/c/x.txt": "b"})
    assert [f.rule for f in member_findings("editeur-b", repo.root)] == ["SEG-FED-002"]
    assert member_findings("editeur-a", repo.root)[0].rule == "SEG-FED-001"


def test_a_repository_without_depot_yaml_is_reported(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "b")
    repo.commit("dossiers seuls", {"dossiers/editeur-b/c/x.txt": "b"})
    assert [f.rule for f in member_findings("editeur-b", repo.root)] == ["SEG-FED-003"]


def test_a_repository_not_yet_mirrored_is_reported(tmp_path: Path) -> None:
    central = _central(tmp_path / "central", {"editeur-a": "file:///nulle/part.git"})
    (tmp_path / "cache").mkdir()
    loaded = load_federation(Repository(central.root), tmp_path / "cache")
    assert [f.rule for f in loaded.findings] == ["SEG-FED-004"]
    assert loaded.federation.members == ()


# --- the CLI ---------------------------------------------------------------------------------


def test_depots_liste_shows_urls_without_credentials(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    depots = {"editeur-a": "https://jeton:secret@forge.example/ans/a.git"}
    central = _central(tmp_path / "central", depots)
    assert main(["--repo", str(central.root), "depots", "liste"]) == 0
    out = capsys.readouterr().out
    assert "editeur-a" in out and "https://forge.example/ans/a.git" in out
    assert "secret" not in out


def test_miroirs_is_refused_by_the_other_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--miroirs", str(tmp_path), "check"]) == 2
    assert "--miroirs ne s'applique qu'à" in capsys.readouterr().err


def test_miroirs_needs_the_registry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "depot"
    (plain / "rem").mkdir(parents=True)
    assert main(["--repo", str(plain), "--miroirs", str(tmp_path), "queue"]) == 2
    assert "depots.yaml" in capsys.readouterr().err


def _segur(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in isolated_env().items() if k != "SEGUR_CENTRAL"}
    return subprocess.run(
        [sys.executable, "-m", "segur", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


INVALID = "dispositif: DPI\nversion_rem: [\n"


def test_check_in_an_editor_repository_never_falls_back_to_another(tmp_path: Path) -> None:
    central = _central(tmp_path / "central", {})
    pinned = central.head()
    editor = _editor_repo(
        tmp_path / "editeur",
        "editeur-a",
        central,
        {"dossiers/editeur-a/dpi-1/candidature.yaml": INVALID},
    )
    # Without the central repository: a usage error that names the remedy.
    done = _segur(editor.root, "check")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Aucun problème trouvé." not in done.stdout
    assert "--central" in done.stderr and pinned in done.stderr
    # Also from a folder below the root, and when the path is given.
    below = editor.root / "dossiers" / "editeur-a"
    assert _segur(below, "check").returncode == 2
    assert _segur(tmp_path, "check", str(below / "dpi-1")).returncode == 2
    # A central checkout at another revision than the one depot.yaml pins.
    central.commit("plus tard", {"LISEZMOI.md": "x\n"})
    done = _segur(editor.root, "--central", str(central.root), "check")
    assert done.returncode == 2
    assert f"épingle {pinned}" in done.stderr and "checkout" in done.stderr
    # At the pinned revision: the invalid file is a finding.
    central.checkout(pinned)
    done = _segur(editor.root, "--central", str(central.root), "check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Aucun problème trouvé." not in done.stdout
    assert "dossiers/editeur-a/dpi-1/candidature.yaml" in done.stdout
    # SEGUR_CENTRAL works as --central.
    env = {**isolated_env(), "SEGUR_CENTRAL": str(central.root)}
    again = subprocess.run(
        [sys.executable, "-m", "segur", "check"],
        cwd=editor.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 1 and again.stdout == done.stdout


def test_interleave_orders_steps_by_time_across_repositories() -> None:
    import datetime as dt

    def at(hour: int, step: int) -> Arrival:
        return Arrival(step, dt.datetime(2026, 9, 1, hour, tzinfo=dt.UTC), f"{step:040d}")

    a = Timeline({"dossiers/a/x": DossierTimeline(at(9, 1), {"C1": at(12, 3)})})
    b = Timeline({"dossiers/b/y": DossierTimeline(at(10, 1), {"C1": at(11, 2)})})
    merged = interleave({"a": a, "b": b})
    ta, tb = merged["a"], merged["b"]
    assert ta is not None and tb is not None
    steps = {
        "a-admin": ta.dossiers["dossiers/a/x"].administratif,
        "b-admin": tb.dossiers["dossiers/b/y"].administratif,
        "b-C1": tb.dossiers["dossiers/b/y"].chapitres["C1"],
        "a-C1": ta.dossiers["dossiers/a/x"].chapitres["C1"],
    }
    order = sorted(steps, key=lambda k: steps[k].step)  # type: ignore[union-attr]
    assert order == ["a-admin", "b-admin", "b-C1", "a-C1"]
    assert interleave({"a": a}) == {"a": a}


def test_depots_ajouter_creates_a_repository_that_the_mirror_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    central = _central(tmp_path / "central", {})
    central.copy_tree(ROOT / "gabarits", "gabarits")
    central.commit("gabarit des dépôts de dossiers")
    target = tmp_path / "nouveau"
    argv = ["--repo", str(central.root), "depots", "ajouter", "exemple-sante-logiciels"]
    url = f"file://{tmp_path / 'forge' / 'exemple-sante-logiciels.git'}"
    options = ["--url", url, "--dossier", str(target), "--url-central", f"file://{central.root}"]
    assert main([*argv, *options]) == 0, capsys.readouterr().err
    assert "« exemple-sante-logiciels »" in capsys.readouterr().out
    assert f"revision: {central.head()}" in (target / "depot.yaml").read_text(encoding="utf-8")
    assert "exemple-sante-logiciels" in (central.root / "depots.yaml").read_text(encoding="utf-8")
    _bare(target, tmp_path / "forge" / "exemple-sante-logiciels.git")
    cache = tmp_path / "cache"
    assert main(["--repo", str(central.root), "depots", "miroir", "--cache", str(cache)]) == 0
    assert member_findings("exemple-sante-logiciels", cache / "exemple-sante-logiciels") == []

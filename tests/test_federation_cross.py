"""The checks across candidatures over the federation (`segur --miroirs DIR controle-croise`).

Each editor's candidatures are in its own repository, served here as a bare repository over
file:// and mirrored by the ANS (`segur depots miroir`): what compares candidatures of two
editors (a groupement member filing alone, SEG-ADM-032; a shared attestation number,
SEG-CYC-015) is found over the mirrors, never by either repository's own `segur check`.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from adm_support import SIRET_MEMBRE, base, write_dossier, write_rem
from gitrepo import GitRepo
from lifecycle_support import VALIDATION, Story, decision, to_the_college
from segur.check.run import run as check_run
from segur.cli import main
from segur.model.cycle import attestation_number
from segur.repository.paths import Repository

ROOT = Path(__file__).resolve().parents[1]
PILOTAGE = ROOT / "gabarits" / "depot-pilotage" / ".github" / "workflows" / "pilotage.yml"
COMMAND = "controle-croise"
CROSS = {"SEG-ADM-031", "SEG-ADM-032", "SEG-CYC-015"}
# Two editors whose candidature folders share the 8 hexadecimal digits of the attestation
# number (sha256 of the folder's path): found once by a birthday search, checked below.
COLLIDING = (("editeur-a64699", "dpi-1"), ("editeur-b18973", "dpi-1"))


def _central(root: Path, depots: dict[str, str]) -> GitRepo:
    """The central repository: the test REM and the registry of the dossier repositories."""
    central = GitRepo.create(root)
    write_rem(central.root)
    lines = ["organisation: ans-segur", "depot_central: ans-segur/segur", "depots:"]
    for slug, url in depots.items():
        lines += [f"  {slug}:", f"    url: {url}"]
    central.commit("Dépôt central", {"depots.yaml": "\n".join(lines) + "\n"}, date="2026-02-20")
    return central


def _depot_yaml(slug: str) -> str:
    # The pinned revision is not read by the aggregation: any full commit ID will do.
    return f"editeur: {slug}\ncentral:\n  url: file:///central\n  revision: {'a' * 40}\n"


def _editor(root: Path, slug: str) -> GitRepo:
    """A dossier repository of one editor: its marker, and the REM so that its own
    `segur check` runs on its own."""
    git = GitRepo.create(root)
    write_rem(git.root)
    git.commit("gabarit", {"depot.yaml": _depot_yaml(slug)}, date="2026-02-26T10:00:00+01:00")
    return git


def _file(git: GitRepo, day: str, data: dict[str, Any], editeur: str, candidature: str) -> None:
    write_dossier(git.root, data, editeur=editeur, candidature=candidature)
    git.commit(f"{editeur}/{candidature}", date=f"{day}T10:00:00+01:00")


def _mirrored(
    tmp_path: Path, editors: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> tuple[Path, Path]:
    """Each editor's repository served bare over file://, registered by a central repository
    and mirrored: the central root and the mirror cache."""
    urls = {}
    for slug, work in editors.items():
        bare = tmp_path / "forge" / f"{slug}.git"
        GitRepo(work).git("clone", "-q", "--bare", str(work), str(bare))
        urls[slug] = f"file://{bare}"
    central = _central(tmp_path / "central", urls)
    cache = tmp_path / "miroirs"
    assert main(["--repo", str(central.root), "depots", "miroir", "--cache", str(cache)]) == 0
    capsys.readouterr()
    return central.root, cache


def _cross(
    capsys: pytest.CaptureFixture[str], central: Path, cache: Path, today: str, code: int
) -> list[dict[str, Any]]:
    argv = ["--repo", str(central), "--miroirs", str(cache), COMMAND]
    assert main([*argv, "--today", today, "--format", "json"]) == code
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return found


def _own(root: Path) -> list[str]:
    """The cross-candidature findings of the repository's own `segur check`."""
    return [f.rule for f in check_run(Repository(root)) if f.rule in CROSS]


def _member_data() -> dict[str, Any]:
    data = copy.deepcopy(base())
    data["editeur"]["siret"] = SIRET_MEMBRE
    data["editeur"]["denomination_sociale"] = "Exemple Partenaire SARL"
    del data["groupement"]
    data["composants_additionnels"] = []
    return data


def test_a_member_filing_alone_in_another_repository_is_found_over_the_mirrors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chef = _editor(tmp_path / "editeurs" / "exemple-editeur", "exemple-editeur")
    _file(chef, "2026-03-02", base(), "exemple-editeur", "dpi-5-10")
    member = _editor(tmp_path / "editeurs" / "exemple-partenaire", "exemple-partenaire")
    _file(member, "2026-03-03", _member_data(), "exemple-partenaire", "dpi-5-10")
    # Each repository alone holds nothing wrong: its own check cannot see the other.
    assert _own(chef.root) == [] and _own(member.root) == []
    central, cache = _mirrored(
        tmp_path, {"exemple-editeur": chef.root, "exemple-partenaire": member.root}, capsys
    )
    (finding,) = _cross(capsys, central, cache, "2026-03-10", 1)
    assert finding["rule"] == "SEG-ADM-032"
    # Prefixed by the editor's repository: the ANS sees whose repository holds it.
    path = "exemple-partenaire/dossiers/exemple-partenaire/dpi-5-10/candidature.yaml"
    assert finding["path"] == path
    lines = (cache / path).read_text(encoding="utf-8").splitlines()
    assert lines[finding["line"] - 1].strip().startswith("siret:")
    assert "membre du groupement de dossiers/exemple-editeur/dpi-5-10" in finding["message"]
    # The text output, as the pilotage workflow writes it.
    argv = ["--repo", str(central), "--miroirs", str(cache), COMMAND, "--today", "2026-03-10"]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert re.search(rf"^{re.escape(path)}:\d+:\d+: erreur SEG-ADM-032 ", out, re.M)
    assert out.endswith("1 erreur, 0 avertissement.\n")


def _referenced(root: Path, editeur: str, candidature: str) -> Story:
    """One candidature of `editeur`, attributed by the collège of 24 March 2026, in the
    editor's own dossier repository."""
    story = Story(root, editeur=editeur, candidature=candidature)
    story.git.commit("gabarit", {"depot.yaml": _depot_yaml(editeur)}, date="2026-02-27")
    story.admin("2026-03-02")
    story.events("2026-03-04", {"2026-03-04-validation-administrative.yaml": VALIDATION})
    story.chapters("2026-03-05")
    to_the_college(story)
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": decision("2026-03-24")})
    return story


def test_an_attestation_number_shared_by_two_repositories_is_found_over_the_mirrors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (a, a_cand), (b, b_cand) = COLLIDING
    seance = dt.date(2026, 3, 24)
    numero = attestation_number("DPI", seance, f"dossiers/{a}/{a_cand}")
    assert numero == attestation_number("DPI", seance, f"dossiers/{b}/{b_cand}")
    first = _referenced(tmp_path / "editeurs" / a, a, a_cand)
    second = _referenced(tmp_path / "editeurs" / b, b, b_cand)
    assert first.analyse("2026-03-25").cycle.numero_attestation == numero
    # Alone, neither repository has a collision.
    assert "SEG-CYC-015" not in _own(first.root) + _own(second.root)
    central, cache = _mirrored(tmp_path, {a: first.root, b: second.root}, capsys)
    found = _cross(capsys, central, cache, "2026-03-25", 1)
    collisions = sorted((f["path"], f["message"]) for f in found if f["rule"] == "SEG-CYC-015")
    decision_file = "journal/2026-03-24-decision-college.yaml"
    assert [p for p, _ in collisions] == [
        f"{a}/dossiers/{a}/{a_cand}/{decision_file}",
        f"{b}/dossiers/{b}/{b_cand}/{decision_file}",
    ]
    assert (
        f"le numéro d'attestation {numero} est aussi celui de dossiers/{b}/{b_cand}"
        in (collisions[0][1])
    )


def test_the_demo_federation_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo federation (`segur exemples --federation`, as `make demo` builds it)."""
    out = tmp_path / "federation"
    assert main(["exemples", "--federation", str(out)]) == 0
    central, cache = out / "central", out / "miroirs"
    assert main(["--repo", str(central), "depots", "miroir", "--cache", str(cache)]) == 0
    capsys.readouterr()
    for today in ("2026-11-02", "2026-12-24"):
        assert _cross(capsys, central, cache, today, 0) == []


def test_the_report_stays_in_the_private_pilotage_repository() -> None:
    """It names several editors: the pilotage template writes it to a file of its private
    artefact; no workflow of the public central repository runs it."""
    for path in sorted((ROOT / ".github" / "workflows").glob("*.y*ml")):
        assert COMMAND not in path.read_text(encoding="utf-8"), path
    for path in sorted((ROOT / "gabarits" / "depot-dossiers").rglob("*.y*ml")):
        assert COMMAND not in path.read_text(encoding="utf-8"), path
    runs = " ".join(PILOTAGE.read_text(encoding="utf-8").split())
    assert (
        f"segur --repo central --miroirs miroirs {COMMAND} > rapports/controle-croise.txt "
        "2> rapports/controle-croise-erreurs.txt" in runs
    )


def test_without_mirrors_it_runs_on_the_repository_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A repository that holds every dossier (a registry of one) keeps its paths."""
    git = _editor(tmp_path / "depot", "exemple-editeur")
    _file(git, "2026-03-02", base(), "exemple-editeur", "dpi-5-10")
    _file(git, "2026-03-03", _member_data(), "exemple-partenaire", "dpi-5-10")
    argv = ["--repo", str(git.root), COMMAND, "--today", "2026-03-10", "--format", "json"]
    assert main(argv) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding["rule"] == "SEG-ADM-032"
    assert finding["path"] == "dossiers/exemple-partenaire/dpi-5-10/candidature.yaml"

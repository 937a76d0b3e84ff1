"""Consistency across candidatures (§3.2), on real git repositories: a version candidate is filed
once (SEG-ADM-031, on the later filing), and a member of a groupement does not file alone for
the groupement's solution while its candidature is open (SEG-ADM-032)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from adm_support import SIRET_MEMBRE, base, write_dossier, write_rem
from gitrepo import GitRepo
from segur.check.run import run as check_run
from segur.findings.finding import Finding
from segur.lifecycle.analysis import analyse_federation
from segur.lifecycle.duplicates import duplicate_findings, solution_key
from segur.repository.catalogue import load_catalogue
from segur.repository.federation import Federation
from segur.repository.paths import Repository

CROSS = {"SEG-ADM-031", "SEG-ADM-032"}


def _repo(tmp_path: Path) -> GitRepo:
    git = GitRepo.create(tmp_path / "depot")
    write_rem(git.root)
    git.commit("catalogue REM", date="2026-02-26T10:00:00+01:00")
    return git


def _file(git: GitRepo, day: str, data: dict[str, Any], editeur: str, candidature: str) -> None:
    write_dossier(git.root, data, editeur=editeur, candidature=candidature)
    git.commit(f"{editeur}/{candidature}", date=f"{day}T10:00:00+01:00")


def _cross(git: GitRepo) -> list[Finding]:
    return [f for f in check_run(Repository(git.root)) if f.rule in CROSS]


def _line_of(git: GitRepo, dossier: str, key: str) -> int:
    lines = (git.root / dossier / "candidature.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(f"{key}:"))


def test_the_later_of_two_filings_of_one_version_is_a_duplicate(tmp_path: Path) -> None:
    git = _repo(tmp_path)
    _file(git, "2026-03-02", base(), "exemple-editeur", "dpi-5-10")
    again = base()
    # Same solution, typed differently: case, accents and spaces do not make another one.
    again["version_candidate"]["denomination_commerciale"] = "  exemple   DPÎ "
    _file(git, "2026-03-03", again, "exemple-editeur", "dpi-5-10-bis")
    (finding,) = _cross(git)
    assert finding.rule == "SEG-ADM-031"
    assert finding.path == "dossiers/exemple-editeur/dpi-5-10-bis/candidature.yaml"
    dossier = "dossiers/exemple-editeur/dpi-5-10-bis"
    assert finding.line == _line_of(git, dossier, "version_technique")
    assert "dossiers/exemple-editeur/dpi-5-10," in finding.message
    assert "version technique 5.10" in finding.message


def test_another_version_or_another_editor_is_not_a_duplicate(tmp_path: Path) -> None:
    git = _repo(tmp_path)
    _file(git, "2026-03-02", base(), "exemple-editeur", "dpi-5-10")
    newer = base()
    newer["solution"]["version_technique"] = "5.11"
    newer["solution"]["versions"].append(
        {"version_technique": "5.11", "version_commerciale": "Exemple DPI 2025"}
    )
    _file(git, "2026-03-03", newer, "exemple-editeur", "dpi-5-11")
    other = base()
    other["version_candidate"]["denomination_commerciale"] = "Exemple DPI Pro"
    _file(git, "2026-03-04", other, "exemple-editeur", "dpi-pro-5-10")
    assert _cross(git) == []


def test_a_rejected_candidature_can_be_filed_again(tmp_path: Path) -> None:
    """§3.2: unanswered within 5 jours ouvrés, the request is rejected; a new candidature for
    the same version is then the way forward, not a duplicate."""
    git = _repo(tmp_path)
    _file(git, "2026-03-02", base(), "exemple-editeur", "dpi-5-10")
    request = {"type": "validation-administrative", "resultat": "complement-demande"}
    request["message"] = "Joignez le mandat signé."
    journal = "dossiers/exemple-editeur/dpi-5-10/journal/2026-03-03-validation-administrative.yaml"
    git.commit("complément", {journal: yaml.safe_dump(request)}, date="2026-03-03T10:00:00+01:00")
    _file(git, "2026-04-01", base(), "exemple-editeur", "dpi-5-10-bis")
    assert _cross(git) == []


def _member_data() -> dict[str, Any]:
    data = copy.deepcopy(base())
    data["editeur"]["siret"] = SIRET_MEMBRE
    data["editeur"]["denomination_sociale"] = "Exemple Partenaire SARL"
    del data["groupement"]
    data["composants_additionnels"] = []
    return data


def test_a_groupement_member_filing_alone_for_the_same_solution(tmp_path: Path) -> None:
    git = _repo(tmp_path)
    _file(git, "2026-03-02", base(), "exemple-editeur", "dpi-5-10")
    _file(git, "2026-03-03", _member_data(), "exemple-partenaire", "dpi-5-10")
    (finding,) = _cross(git)
    assert finding.rule == "SEG-ADM-032"
    dossier = "dossiers/exemple-partenaire/dpi-5-10"
    assert finding.path == f"{dossier}/candidature.yaml"
    assert finding.line == _line_of(git, dossier, "siret")
    assert "membre du groupement de dossiers/exemple-editeur/dpi-5-10" in finding.message
    assert "une candidature unique au référencement est portée pour le groupement" in (
        finding.message
    )


def test_a_member_filing_for_another_solution_is_free(tmp_path: Path) -> None:
    git = _repo(tmp_path)
    _file(git, "2026-03-02", base(), "exemple-editeur", "dpi-5-10")
    own = _member_data()
    own["version_candidate"]["denomination_commerciale"] = "Exemple Agenda"
    _file(git, "2026-03-03", own, "exemple-partenaire", "agenda-2-1")
    assert _cross(git) == []


def test_a_member_filing_alone_in_its_own_repository_of_the_federation(tmp_path: Path) -> None:
    """Each editor's candidatures live in its own repository (§3.7): the check runs over the
    members of the federation (their mirrors) as over one repository."""
    central = _repo(tmp_path / "central")
    chef = _repo(tmp_path / "chef")
    _file(chef, "2026-03-02", base(), "exemple-editeur", "dpi-5-10")
    member = _repo(tmp_path / "membre")
    _file(member, "2026-03-03", _member_data(), "exemple-partenaire", "dpi-5-10")
    members = (Repository(chef.root), Repository(member.root))
    federation = Federation(Repository(central.root), members)
    catalogue, _ = load_catalogue(federation.central.rem_dir, federation.central.root)
    analyses = analyse_federation(federation, catalogue, dt.date(2026, 3, 10))
    (finding,) = duplicate_findings(analyses)
    assert finding.rule == "SEG-ADM-032"
    assert finding.path == "dossiers/exemple-partenaire/dpi-5-10/candidature.yaml"
    # Each repository alone holds nothing wrong.
    assert _cross(chef) == [] and _cross(member) == []


def test_solution_key_ignores_case_accents_and_spaces() -> None:
    assert solution_key(" Éxemple  DPI ") == solution_key("exemple dpi")
    assert solution_key("Exemple DPI") != solution_key("Exemple DPI Pro")

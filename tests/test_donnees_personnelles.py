"""No personal data in the forge's annotations and job summaries.

An invalid candidature whose people carry canary values (a telephone number, an e-mail address,
a first name): the text report on the editor's machine quotes them, to help the fix; the GitHub
annotations (`--format github`) and the Markdown summary (`--summary-markdown`) never do, but
keep the rule, the field and the position.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from adm_support import TODAY, base, write_dossier, write_rem
from gitrepo import GitRepo
from segur.dossier.administratif import load_candidature
from segur.findings.finding import Finding, Severity
from segur.publication import report, summary
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository

PHONE = "07 99 42"  # too short: SEG-ADM-004 would quote it
EMAIL = "canari.secret@@exemple"  # two @: SEG-ADM-003 would quote it
FIRST_NAME = "Canarina"  # the charter's signatory, not the legal representative: SEG-ADM-007
CANARIES = (PHONE, EMAIL, FIRST_NAME)


def _write(root: Path) -> list[Path]:
    """Two candidatures: the charter's signatory is compared with the legal representative
    only when the `editeur` section is valid."""
    contact = base()
    contact["editeur"]["contact_referencement"]["telephone"] = PHONE
    contact["editeur"]["contact_referencement"]["email"] = EMAIL
    charte = base()
    charte["charte"]["signataire"]["prenom"] = FIRST_NAME
    write_rem(root)
    return [
        write_dossier(root, contact, candidature="dpi-5-10"),
        write_dossier(root, charte, candidature="dpi-5-11"),
    ]


def _findings(root: Path, folders: list[Path]) -> list[Finding]:
    repo = Repository(root)
    catalogue, _ = load_catalogue(repo.rem_dir, root)
    return [f for d in folders for f in load_candidature(d, repo, catalogue, TODAY).findings]


def test_reporters_hide_personal_values(tmp_path: Path) -> None:
    findings = _findings(tmp_path, _write(tmp_path))
    rules = {f.rule for f in findings}
    assert {"SEG-ADM-003", "SEG-ADM-004", "SEG-ADM-007"} <= rules
    text = report.as_text(findings)
    assert all(canary in text for canary in CANARIES)  # the editor's own terminal

    github = report.as_github(findings)
    markdown = summary.markdown(findings, "Vérification")
    for output in (github, markdown):
        for canary in CANARIES:
            assert canary not in output
        assert "Claire" not in output  # the legal representative named in SEG-ADM-007
        # The rule, the field and the position stay.
        assert "SEG-ADM-004" in output and "editeur.contact_referencement.telephone" in output
        assert "editeur.contact_referencement.email" in output
        assert "charte.signataire" in output and "editeur.representant_legal" in output
        assert report.HIDDEN in output
    phone = next(f for f in findings if f.rule == "SEG-ADM-004")
    assert f"line={phone.line},col={phone.col},title=SEG-ADM-004" in github


def test_cli_github_format_and_summary_hide_personal_values(tmp_path: Path) -> None:
    folders = _write(tmp_path)
    out = tmp_path / "resume.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "segur",
            "--repo",
            str(tmp_path),
            "check",
            "--format",
            "github",
            "--summary-markdown",
            str(out),
            *(str(folder) for folder in folders),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "::error " in done.stdout and "SEG-ADM-004" in done.stdout
    for output in (done.stdout, done.stderr, out.read_text(encoding="utf-8")):
        for canary in CANARIES:
            assert canary not in output


def test_pull_request_summary_and_comment_hide_personal_values(git_repo: GitRepo) -> None:
    """The pull request's summary (`--resume-pr`) and its comment (`--commentaire-pr`) are as
    public as the annotations."""
    git_repo.commit("dépôt vide", {"README.md": "dépôt de test\n"})
    git_repo.branch("pr")
    _write(git_repo.root)
    git_repo.commit("deux candidatures")
    out = git_repo.root.parent / "sortie"
    out.mkdir()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "segur",
            "--repo",
            str(git_repo.root),
            "check",
            "--changed-since",
            "main",
            "--format",
            "github",
            "--resume-pr",
            str(out / "resume.md"),
            "--commentaire-pr",
            str(out / "commentaire"),
            "--numero-pr",
            "4",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    summary_text = (out / "resume.md").read_text(encoding="utf-8")
    comment = (out / "commentaire" / "commentaire.md").read_text(encoding="utf-8")
    for output in (summary_text, comment):
        assert "SEG-ADM-004" in output and "exemple-editeur/dpi-5-10" in output
        for canary in CANARIES:
            assert canary not in output
        assert "Claire" not in output


def _finding(rule: str, message: str) -> Finding:
    return Finding("dossiers/e/c/candidature.yaml", 3, 5, rule, Severity.ERROR, message)


def test_public_message_keeps_field_paths_and_other_findings() -> None:
    hidden = _finding(
        "SEG-YML-015",
        "champ « editeur.representant_legal.prenom » : valeur « 12345 » invalide : texte",
    )
    assert report.public_message(hidden) == (
        "champ « editeur.representant_legal.prenom » : valeur « … » invalide : texte"
    )
    login = _finding("SEG-ADM-005", "champ « mainteneurs[1] » : identifiant « a--b » invalide")
    assert report.public_message(login) == "champ « mainteneurs[1] » : identifiant « … » invalide"
    # An e-mail address is hidden whatever the field.
    mail = _finding("SEG-TST-001", "champ « objet » : « jean@example.fr » inattendu")
    assert report.public_message(mail) == "champ « objet » : « … » inattendu"
    # A finding on another field keeps its values: they help the editor and are not personal.
    siret = _finding("SEG-ADM-002", "champ « editeur.siret » : SIRET « 123 » invalide : 14")
    assert report.public_message(siret) == siret.message
    assert report.public_message(_finding("SEG-YML-009", "clé « a » en double")) == (
        "clé « a » en double"
    )

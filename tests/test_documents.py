"""Convention, attestation and conformity report: HTML and PDF (WeasyPrint), read back with
pdftotext (poppler-utils)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from lifecycle_support import (
    SIGNATURE_ANS,
    Story,
    admitted,
    decision,
    pdftotext,
    to_the_college,
)
from segur.cli import main
from segur.lifecycle.analysis import analyse_all
from segur.publication.documents import render
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository


@pytest.fixture(scope="module")
def referenced(tmp_path_factory: pytest.TempPathFactory) -> Story:
    story = admitted(tmp_path_factory.mktemp("documents") / "depot")
    to_the_college(story)
    story.events("2026-03-24", {"2026-03-24-decision-college.yaml": decision("2026-03-24")})
    story.events("2026-03-25", {"2026-03-25-signature-ans.yaml": SIGNATURE_ANS})
    return story


@pytest.fixture(scope="module")
def produced(referenced: Story, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sortie")
    args = ["--repo", str(referenced.root), "documents", referenced.dossier, "--out", str(out)]
    assert main([*args, "--today", "2026-03-26"]) == 0
    return out


def test_three_documents_in_html_and_pdf(produced: Path) -> None:
    assert sorted(p.name for p in produced.iterdir()) == [
        "attestation-de-referencement.html",
        "attestation-de-referencement.pdf",
        "convention-de-referencement.html",
        "convention-de-referencement.pdf",
        "rapport-de-conformite.html",
        "rapport-de-conformite.pdf",
    ]
    for pdf in produced.glob("*.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF-")


def test_the_attestation_names_everything_the_editor_needs(
    produced: Path, referenced: Story
) -> None:
    text = pdftotext(produced / "attestation-de-referencement.pdf")
    numero = referenced.analyse("2026-03-26").cycle.numero_attestation
    assert numero and re.fullmatch(r"SEGUR-DPI-20260324-[0-9A-F]{8}", numero)
    for expected in (
        f"Numéro d'attestation : {numero}",
        "Exemple Santé Logiciels SAS (SIRET 73282932000074)",
        "Exemple DPI, version technique 5.10",
        "DPI - Dispositif de test",
        "Profils Général, IAM",
        "séance du 24/03/2026",
        "du 25/03/2026 au 25/03/2029",
    ):
        assert expected in text, expected
    assert "FICTIF" not in text  # not an example dossier


def test_the_convention_and_the_report(produced: Path) -> None:
    convention = pdftotext(produced / "convention-de-referencement.pdf")
    assert "Convention de référencement Ségur sans financement" in convention
    assert "durée de 36 mois" in convention
    # The signatory's position, then the quality in words, never the YAML value (the PDF
    # wraps this table cell: the HTML source of the PDF holds it on one line).
    html = (produced / "convention-de-referencement.html").read_text(encoding="utf-8")
    assert "Claire Exemple, Présidente (représentant légal)" in html
    assert "representant_legal" not in html and "representant_legal" not in convention
    assert "signé le 23/03/2026" in convention
    assert "Anne Direction, Directrice" in convention and "signé le 25/03/2026" in convention
    assert "groupement solidaire formé avec : Exemple Partenaire SARL" in convention
    rapport = pdftotext(produced / "rapport-de-conformite.pdf")
    for requirement in (
        "INS.01",
        "INS.02",
        "APCV.01",
        "MSS.01",
        "SSI/IAM.01",
        "PROC.01",
        "PROC.02",
    ):
        assert re.search(re.escape(requirement) + r" exigence .*? conforme", rapport), requirement
    assert "Journée de test INS du 16/03/2026 : conforme" in rapport
    assert "non-conforme" not in rapport and "non instruit" not in rapport


def test_output_is_deterministic(referenced: Story, produced: Path, tmp_path: Path) -> None:
    args = ["--repo", str(referenced.root), "documents", referenced.dossier, "--out", str(tmp_path)]
    assert main([*args, "--today", "2026-03-27"]) == 0
    for path in produced.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_only_the_documents_of_the_stage_are_produced(
    referenced: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--repo", str(referenced.root), "documents", referenced.dossier]
    assert main([*base, "--out", str(tmp_path / "conforme"), "--today", "2026-03-18"]) == 0
    out = capsys.readouterr().out
    assert "Attestation de référencement Ségur : non produite" in out
    assert sorted(p.stem for p in (tmp_path / "conforme").glob("*.pdf")) == [
        "convention-de-referencement",
        "rapport-de-conformite",
    ]
    assert main([*base, "--out", str(tmp_path / "rien"), "--today", "2026-03-06"]) == 1
    assert "aucun document ne peut encore être produit" in capsys.readouterr().err
    assert main([*base[:-1], "dossiers/inconnu/x", "--out", str(tmp_path)]) == 2


def test_example_documents_carry_the_fictitious_banner(demo_repo: Path, tmp_path: Path) -> None:
    repo = Repository(demo_repo)
    catalogue, _ = load_catalogue(repo.rem_dir, demo_repo)
    analyses = {a.cycle.dossier: a for a in analyse_all(repo, catalogue, dt.date(2026, 11, 28))}
    attestation = render(analyses["dossiers/exemple-sante-logiciels/dpi-5-2"], "attestation")
    assert "DOCUMENT FICTIF GÉNÉRÉ" in attestation.html
    (tmp_path / "a.pdf").write_bytes(attestation.pdf)
    text = pdftotext(tmp_path / "a.pdf")
    assert "DOCUMENT FICTIF GÉNÉRÉ à partir d'un dossier d'exemple" in text
    assert "SEGUR-DPI-20261027-" in text
    with pytest.raises(ValueError, match="l'attestation suit la signature"):
        render(analyses["dossiers/exemple-imagerie-nord/db-2-5"], "attestation")

"""The Markdown summary of `segur check --summary-markdown`, per candidature and per part."""

from __future__ import annotations

from segur.findings.finding import Finding, Severity
from segur.publication.summary import MAX_LISTED, locate, markdown

FOLDER = "dossiers/exemple-sante-logiciels/dpi-5-3"


def _finding(path: str, severity: Severity = Severity.ERROR, line: int = 1) -> Finding:
    return Finding(path, line, 1, "SEG-TST-001", severity, "message | avec barre")


def test_locate() -> None:
    assert locate(f"{FOLDER}/candidature.yaml") == (
        "exemple-sante-logiciels/dpi-5-3",
        "Dossier administratif",
    )
    assert locate(f"{FOLDER}/preuves/INS/preuves.yaml")[1] == "Chapitre INS"
    assert locate(f"{FOLDER}/journal/2026-01-05-reponse.yaml")[1] == "Journal d'instruction"
    assert locate("rem/DPI/dispositif.yaml") == ("Fichiers communs", "rem")
    assert locate("acces.yaml") == ("Fichiers communs", "acces.yaml")


def test_markdown_groups_by_candidature_and_chapter() -> None:
    findings = [
        _finding(f"{FOLDER}/candidature.yaml"),
        _finding(f"{FOLDER}/preuves/INS/preuves.yaml", Severity.WARNING),
        *[_finding(f"{FOLDER}/preuves/SSI-IE/preuves.yaml", line=n) for n in range(25)],
    ]
    text = markdown(findings, "Titre", scope=["exemple-sante-logiciels/dpi-5-3", "autre/propre"])
    assert text.startswith("## Titre\n\n**26 erreur(s)**, 1 avertissement(s).")
    assert "| Chapitre INS | 0 | 1 | à vérifier |" in text
    assert "| Chapitre SSI-IE | 25 | 0 | à corriger |" in text
    assert "### autre/propre\n\nAucun problème trouvé." in text
    assert f"… et {25 - MAX_LISTED} autre(s)" in text


def test_markdown_without_findings() -> None:
    assert markdown([], "Titre") == "## Titre\n\nAucun problème trouvé.\n"

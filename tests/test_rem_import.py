"""`segur rem import` on ANS's real spreadsheets: facts checked against the sheets themselves."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from segur.findings.finding import Severity
from segur.model.rem import Exigence, ProofKind
from segur.rem_import import write as rem_import_write
from segur.rem_import.proofs import Origin, parse_proofs
from segur.rem_import.text import clean_id, clean_text, infer_kinds, infer_nature, slugify
from segur.rem_import.workbook import (
    ImportResult,
    UsageError,
    import_workbook,
    write_catalogue,
)
from segur.repository.catalogue import load_catalogue
from segur.rules.rem import check_catalogue

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO.parent / "shared" / "data" / "rem-sources"
GSHEET = SOURCES / "import_gsheet_sans_modele.xlsx"
TEMPLATE = SOURCES / "template-export-convergence.xlsx"
EXPECTED = SOURCES / "expectedGenerateExcelFile.xlsx"
VA2, VA1 = "prepub_va2_avec_scenarios", "prepub_avec_scenarios"
REMS = ("BIO", "DB", "DPI", "LGC", "PFI", "RIS")


# --- Reading the sheets directly, independently of the importer -----------------------------


def _sheet(name: str) -> list[dict[str, Any]]:
    workbook = openpyxl.load_workbook(GSHEET, read_only=True, data_only=True)
    try:
        rows = list(workbook[name].iter_rows(values_only=True))
    finally:
        workbook.close()
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


@pytest.fixture(scope="module")
def sheets() -> dict[str, list[dict[str, Any]]]:
    return {VA2: _sheet(VA2), VA1: _sheet(VA1)}


def _ids(rows: list[dict[str, Any]], rem: str, approved: bool) -> set[str]:
    return {
        str(r["reference"]).replace("\xa0", " ").strip()
        for r in rows
        if r["REM"] == rem and r["reference"] and (r["arbitrage"] == "Approuvée") == approved
    }


# --- One import of the real workbook for the whole module -----------------------------------


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return import_workbook(GSHEET)


@pytest.fixture(scope="module")
def out(result: ImportResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("depot")
    write_catalogue(result, root / "rem")
    return root


def _exigences(result: ImportResult, rem: str) -> dict[str, Exigence]:
    return {e.id: e for c in result.rems[rem].chapitres for e in c.exigences}


def _yaml_files(root: Path) -> Iterator[Path]:
    return iter(sorted(p for p in root.rglob("*.yaml")))


def test_every_rem_is_imported_without_error(result: ImportResult) -> None:
    assert sorted(result.rems) == list(REMS)
    assert result.ok
    assert all(f.severity is Severity.WARNING for f in result.warnings)


def test_dispositif_header(result: ImportResult) -> None:
    header = result.rems["BIO"].dispositif
    assert header.libelle == "Système de gestion de laboratoire de biologie médicale (SGL)"
    assert (header.vague, header.duree_convention_mois) == (2, 36)
    assert header.version_rem == "va2-prepub-2023"
    assert header.profils[0].id == "general" and header.profils[0].libelle == "Général"
    others = [p.id for p in header.profils[1:]]
    assert others == sorted(others)
    assert "ie-usagers" in others
    assert header.source.startswith("import_gsheet_sans_modele.xlsx")
    assert VA2 in header.source and VA1 in header.source
    assert result.rems["DB"].dispositif.libelle == "DRIMbox"


def test_psc_01_in_dpi_with_its_scenarios_and_proofs(result: ImportResult) -> None:
    psc = _exigences(result, "DPI")["PSC.01"]
    assert psc.chapitre == "PSC"
    assert psc.nature == "exigence"
    assert psc.profil == "general"
    assert psc.criticite is None
    assert psc.enonce.startswith("Le système DOIT implémenter PSC")
    assert [s.id for s in psc.scenarios] == ["PSC.01.01", "PSC.01.02", "PSC.01.03", "PSC.01.04"]
    first = psc.scenarios[0].preuves[0]
    assert first.id == "PSC.01.01.01"
    assert first.types == [ProofKind.VIDEO]
    # A libellé spanning several lines of the cell stays one proof.
    assert "veuillez déposer la preuve PSC 04.01." in first.libelle
    assert len(psc.scenarios[3].preuves) >= 3


def test_vague_2_approved_requirements_match_the_sheet(
    result: ImportResult, sheets: dict[str, list[dict[str, Any]]]
) -> None:
    for rem in REMS:
        imported = set(_exigences(result, rem))
        va2 = _ids(sheets[VA2], rem, approved=True)
        va1 = _ids(sheets[VA1], rem, approved=True)
        # Two RIS IDs name two distinct requirements each: the second one gets a suffix.
        split = {"MSS/va1.30-2", "MSS/va1.31-2"} if rem == "RIS" else set()
        assert va2 <= imported, rem
        assert imported == va2 | va1 | split, rem
    counts = {rem: len(_ids(sheets[VA2], rem, approved=True)) for rem in REMS}
    assert counts == {"BIO": 100, "DB": 146, "DPI": 103, "LGC": 121, "PFI": 77, "RIS": 142}


def test_no_draft_requirement_is_imported(
    result: ImportResult, sheets: dict[str, list[dict[str, Any]]]
) -> None:
    checked = 0
    for rem in REMS:
        imported = set(_exigences(result, rem))
        for sheet in (VA2, VA1):
            drafts = _ids(sheets[sheet], rem, approved=False) - _ids(
                sheets[sheet], rem, approved=True
            )
            checked += len(drafts)
            assert not drafts & imported, (rem, sorted(drafts & imported))
    assert checked > 500  # Obsolète and A retravailler rows are many


def test_counts_per_dispositif(result: ImportResult) -> None:
    counts = {code: rem.count() for code, rem in result.rems.items()}
    # Distinct IDs: a scenario or proof that ANS lists under several requirements
    # (HOP/va1.02.01 four times in DPI, DMP/UX.15.01.01 twice…) is counted once. RIS has two
    # more requirements than IDs: MSS/va1.30 and MSS/va1.31 each name two (SEG-IMP-026).
    assert counts == {
        "BIO": (222, 261, 351),
        "DB": (146, 73, 86),
        "DPI": (146, 167, 204),
        "LGC": (227, 235, 302),
        "PFI": (100, 121, 167),
        "RIS": (248, 272, 354),
    }


def test_internal_notes_never_reach_the_catalogue(
    out: Path, sheets: dict[str, list[dict[str, Any]]]
) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in _yaml_files(out))
    notes = [
        str(row[column]).strip().split("\n")[0].strip()
        for sheet in sheets.values()
        for row in sheet
        for column in row
        if isinstance(column, str) and column.lower().startswith("note interne") and row[column]
    ]
    samples = [n for n in notes if len(n) >= 30]
    assert len(samples) > 1000
    assert [n for n in samples if n in text] == []
    for marker in ("[ IT3 BIO SOFTWAY", "--[import gsheet", "[Comité arbitrage]", "Pyxbio"):
        assert marker not in text


def test_non_breaking_spaces_are_cleaned(result: ImportResult, out: Path) -> None:
    assert "DMP/HISTO.07" in _exigences(result, "BIO")  # '\xa0DMP/HISTO.07' in the sheet
    for path in _yaml_files(out):
        assert "\xa0" not in path.read_text(encoding="utf-8"), path
    apcv = _exigences(result, "BIO")["APCV.01"].scenarios[0]
    assert apcv.libelle.startswith("Vérifier que le système est homologué CNDA selon")
    assert apcv.preuves[0].types == [ProofKind.HOMOLOGATION_CNDA]


def test_placeholders_between_angle_brackets_are_text(result: ImportResult) -> None:
    scenario = _exigences(result, "BIO")["MSS/CONF.25"].scenarios[0]
    assert "XDM/1.0/DDM+<libellé> <NOM> <prénom> <date de naissance>" in scenario.libelle


def test_nature_from_socle_and_text(result: ImportResult) -> None:
    exigences = _exigences(result, "LGC")
    assert exigences["MSS/CONF.02"].nature == "preconisation"  # socle: Préconisée
    # No DOIT/PEUT in this énoncé: only the socle sheet (Obligatoire) gives the nature.
    assert infer_nature(exigences["SSI/GEN.15"].enonce) is None
    assert exigences["SSI/GEN.15"].nature == "exigence"
    assert _exigences(result, "BIO")["ApCV/va1.01"].nature == "preconisation"  # "PEUT"
    assert _exigences(result, "BIO")["SSI/GEN.01"].nature == "exigence"  # "DOIVENT"


def test_unusable_rows_are_warnings_naming_sheet_and_row(result: ImportResult) -> None:
    by_rule = {(f.rule, f.path, f.line) for f in result.warnings}
    sheet = f"import_gsheet_sans_modele.xlsx#{VA1}"
    # Two distinct requirements share the reference MSS/va1.31 in RIS: the second is reported.
    assert ("SEG-IMP-026", sheet, 557) in by_rule
    # A proof line without an identifier (" : Lister toutes les méthodes…").
    assert ("SEG-IMP-009", f"import_gsheet_sans_modele.xlsx#{VA2}", 239) in by_rule
    # A proof whose ID does not nest under its scenario is kept and reported.
    assert ("SEG-IMP-013", f"import_gsheet_sans_modele.xlsx#{VA2}", 44) in by_rule
    assert "07.01.01" in [
        p.id for s in _exigences(result, "BIO")["DMP/HISTO.07"].scenarios for p in s.preuves
    ]


def test_proofs_sharing_an_id_in_one_scenario_are_merged(result: ImportResult) -> None:
    # The cell lists two different proofs, both numbered SSI/IAM.80.03.
    scenario = _exigences(result, "DPI")["SSI/IAM.80"].scenarios[2]
    (preuve,) = scenario.preuves
    assert preuve.id == "SSI/IAM.80.03"
    assert preuve.libelle.startswith("Capture vidéo montrant le bon déroulé")
    assert "Document présentant le contrat d'interface" in preuve.libelle
    assert preuve.types == [ProofKind.VIDEO, ProofKind.DOCUMENT]
    assert ("SEG-IMP-025", 200) in {(f.rule, f.line) for f in result.warnings}


def test_case_variants_of_a_chapter_share_one_file(result: ImportResult) -> None:
    codes = [c.code for c in result.rems["BIO"].chapitres]
    assert "APCV" in codes and "ApCV" not in codes
    assert _exigences(result, "BIO")["ApCV/va1.01"].chapitre == "APCV"


def test_written_layout_and_generated_header(out: Path) -> None:
    folder = out / "rem" / "DPI" / "va2-prepub-2023"
    assert (folder / "dispositif.yaml").is_file()
    assert (folder / "chapitres" / "PSC.yaml").is_file()
    assert (folder / "chapitres" / "DMP-UX.yaml").is_file()
    for path in _yaml_files(out):
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first.startswith("# Fichier généré par « segur rem import » depuis ")
        assert "import_gsheet_sans_modele.xlsx" in first and "ne pas le modifier" in first
    assert not list((out / "rem").glob(".rem-import-*"))


def test_written_catalogue_loads_and_has_no_integrity_error(out: Path) -> None:
    catalogue, findings = load_catalogue(out / "rem", out)
    assert findings == []
    assert catalogue.codes() == list(REMS)
    integrity = check_catalogue(catalogue)
    assert [f for f in integrity if f.severity is Severity.ERROR] == []
    assert {f.rule for f in integrity} >= {"SEG-REM-002", "SEG-REM-003", "SEG-REM-005"}


def test_import_is_deterministic(result: ImportResult, tmp_path: Path) -> None:
    write_catalogue(result, tmp_path / "a")
    write_catalogue(import_workbook(GSHEET), tmp_path / "b")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.yaml"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.yaml"))
    assert files_a == files_b and len(files_a) > 100
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_committed_catalogue_is_up_to_date(out: Path) -> None:
    """`rem/` in the repository is exactly what the importer produces from ANS's workbook."""
    committed = REPO / "rem"
    for code in REMS:
        generated = sorted((out / "rem" / code).rglob("*.yaml"))
        assert generated
        for path in generated:
            rel = path.relative_to(out / "rem")
            assert (committed / rel).read_bytes() == path.read_bytes(), rel
    catalogue, findings = load_catalogue(committed, REPO)
    assert findings == []
    assert [f for f in check_catalogue(catalogue) if f.is_error] == []


def _only(result: ImportResult, *codes: str) -> ImportResult:
    rems = {code: result.rems[code] for code in codes}
    return ImportResult(rems, [], result.source, result.version)


def test_failed_write_leaves_previous_catalogue(
    result: ImportResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _only(result, "DPI", "PFI")
    rem = tmp_path / "rem"
    write_catalogue(result, rem)
    before = {p: p.read_bytes() for p in rem.rglob("*.yaml")}
    calls = {"n": 0}
    original = rem_import_write._write

    def failing(path: Path, text: str) -> None:
        calls["n"] += 1
        if calls["n"] == 30:  # in the second REM: the first one is already complete
            raise OSError("disque plein")
        original(path, text)

    monkeypatch.setattr(rem_import_write, "_write", failing)
    with pytest.raises(OSError, match="disque plein"):
        write_catalogue(result, rem)
    assert {p: p.read_bytes() for p in rem.rglob("*.yaml")} == before
    assert [p.name for p in rem.iterdir() if p.name.startswith(".")] == []


def test_rewrite_removes_stale_chapter_files(result: ImportResult, tmp_path: Path) -> None:
    result = _only(result, "DPI")
    rem = tmp_path / "rem"
    write_catalogue(result, rem)
    stale = rem / "DPI" / "va2-prepub-2023" / "chapitres" / "OLD.yaml"
    stale.write_text("code: OLD\n", encoding="utf-8")
    write_catalogue(result, rem)
    assert not stale.exists()


# --- Overrides of proof kinds ---------------------------------------------------------------


def test_overrides_replace_inferred_kinds(tmp_path: Path) -> None:
    overrides = tmp_path / "surcharges-types-preuves.yaml"
    overrides.write_text(
        "PSC.01.01.01: [capture, video]\nINCONNUE.01.01.01: [document]\n", encoding="utf-8"
    )
    result = import_workbook(GSHEET, dispositif="DPI", overrides=overrides)
    assert list(result.rems) == ["DPI"]
    preuve = _exigences(result, "DPI")["PSC.01"].scenarios[0].preuves[0]
    assert preuve.types == [ProofKind.CAPTURE, ProofKind.VIDEO]
    unused = [f for f in result.warnings if f.rule == "SEG-IMP-021"]
    assert [(Path(f.path).name, f.line) for f in unused] == [("surcharges-types-preuves.yaml", 2)]


def test_invalid_overrides_stop_the_import(tmp_path: Path) -> None:
    overrides = tmp_path / "surcharges-types-preuves.yaml"
    overrides.write_text("PSC.01.01.01: [photo]\n", encoding="utf-8")
    result = import_workbook(GSHEET, dispositif="DPI", overrides=overrides)
    assert not result.ok
    assert [(f.rule, f.line) for f in result.warnings if f.is_error] == [("SEG-YML-015", 1)]


# --- Convergence export layout ---------------------------------------------------------------


def test_convergence_layout_is_detected_from_the_header(tmp_path: Path) -> None:
    renamed = tmp_path / "nimporte-quoi.xlsx"
    shutil.copy(TEMPLATE, renamed)
    result = import_workbook(renamed, dispositif="DPI", version="convergence")
    exigence = _exigences(result, "DPI")["MSS/CDA.01"]
    assert exigence.chapitre == "MSS/CDA"
    assert exigence.criticite == "Mineure"
    assert exigence.fonction == "Intégration d'un document CDA reçu"
    assert [p.id for p in exigence.scenarios[0].preuves] == ["MSS/CDA.01.01.01"]
    chapitre = result.rems["DPI"].chapitres[0]
    assert chapitre.libelle == "Modalités d'intégration d'un document au format CDA"


def test_convergence_layout_requires_a_dispositif() -> None:
    with pytest.raises(UsageError, match="--dispositif"):
        import_workbook(TEMPLATE)
    with pytest.raises(UsageError, match="inconnu"):
        import_workbook(TEMPLATE, dispositif="XYZ")


def test_convergence_html_is_cleaned(tmp_path: Path) -> None:
    result = import_workbook(EXPECTED, dispositif="DPI", version="test")
    exigences = _exigences(result, "DPI")
    assert set(exigences) == {"PSC.03", "SC.INS.01.01"}
    enonce = exigences["SC.INS.01.01"].enonce
    assert enonce.startswith("Lorsqu'une BAL est bloquée par un administrateur global, des ")
    assert '"traces fonctionnelles"' in enonce
    assert "\n- type d'action ;\n- identité de son auteur ;" in enonce
    scenario = exigences["PSC.03"].scenarios[0]
    assert "ligne 1\nligne 2\nligne 3" in scenario.libelle
    libelles = [p.libelle for p in scenario.preuves]
    assert "résultat attendu avec paragraphe (order 2) & (ampersand) ou > (supérieur)" in libelles
    ordered = exigences["SC.INS.01.01"].scenarios[0].libelle
    assert "3. element ordonné" in ordered and "4. element ordonné" in ordered
    write_catalogue(result, tmp_path / "rem")
    for path in _yaml_files(tmp_path):
        text = path.read_text(encoding="utf-8")
        for fragment in ("<p>", "</p>", "<br", "<BR", "<li>", "&amp;", "&nbsp;", "&#39;", "\r"):
            assert fragment not in text, (path, fragment)


def test_convergence_inconsistencies_are_imported_and_reported(tmp_path: Path) -> None:
    result = import_workbook(EXPECTED, dispositif="DPI", version="test")
    assert result.ok
    rules = {f.rule for f in result.warnings}
    assert {"SEG-IMP-012", "SEG-IMP-013", "SEG-IMP-016"} <= rules
    write_catalogue(result, tmp_path / "rem")
    catalogue, findings = load_catalogue(tmp_path / "rem", tmp_path)
    assert findings == []
    integrity = check_catalogue(catalogue)
    messages = [f.message for f in integrity]
    # PSC.03 has scenario INS.01.01: reported, as a warning.
    assert any(
        m.startswith("scénario INS.01.01 : identifiant attendu de la forme PSC.03.NN")
        for m in messages
    )
    assert not [f for f in integrity if f.is_error]


# --- Cell helpers ----------------------------------------------------------------------------


def test_clean_helpers() -> None:
    assert clean_id("\xa0DMP/HISTO.07 ") == "DMP/HISTO.07"
    assert clean_text("a\xa0 b  \r\n\r\n\r\n c ") == "a b\n\nc"
    assert clean_text("<p>x &amp; y</p><p>z</p>") == "x & y\n\nz"
    assert clean_text("URL du type : https://x/show/<identifiant>") == (
        "URL du type : https://x/show/<identifiant>"
    )
    assert slugify("Général") == "general"
    assert slugify("Prestations d'hébergement ou Saas") == "prestations-d-hebergement-ou-saas"
    assert infer_nature("Le système NE DOIT PAS …") == "exigence"
    assert infer_nature("Le système PEUT …") == "preconisation"
    assert infer_nature("Texte sans mot-clé") is None


@pytest.mark.parametrize(
    ("libelle", "kinds"),
    [
        ("Copies d'écran ou vidéo de la séquence", ["capture", "video"]),
        ("Démonstration (vidéo ou copies d'écran) montrant le déroulé", ["video", "capture"]),
        ("Justificatif\xa0de l'homologation CNDA pour le DMP", ["homologation_cnda"]),
        ("Attestation CNDA de pré-examen", ["homologation_cnda"]),
        ("Logs de connexion TLS", ["rapport"]),
        ("Message SOAP contenant le jeton VIHF", ["rapport"]),
        ("Attestation sur l'honneur décrivant le processus", ["document"]),
        ("Le compte rendu au format PDF/A-1", ["document"]),
        ("Identifiant de l'exécution du cas de test MSS-LPS-SEGUR-GEN", ["identifiant"]),
        ("Capture vidéo montrant le bon déroulé du scénario", ["video"]),
    ],
)
def test_proof_kinds_are_inferred_from_the_libelle(libelle: str, kinds: list[str]) -> None:
    assert [k.value for k in infer_kinds(libelle) or []] == kinds


def test_unknown_proof_kind_accepts_the_default_kinds_with_a_warning(result: ImportResult) -> None:
    assert infer_kinds("Le TYPE_DE_DOCUMENT correspondant") is None
    preuve = next(
        p
        for s in _exigences(result, "BIO")["MSS/CONF.15"].scenarios
        for p in s.preuves
        if p.id == "MSS/CONF.15.01.03"
    )
    assert preuve.types == ["capture", "video", "document", "rapport"]
    assert any(
        f.rule == "SEG-IMP-019" and "MSS/CONF.15.01.03" in f.message for f in result.warnings
    )


def test_parse_proofs_cell() -> None:
    origin = Origin("x.xlsx#feuille", 7, 17)
    cell = (
        " : sans identifiant\nsuite ignorée\n"
        "A.01.01.01 : Première\xa0preuve\nsur deux lignes\n\nA.01.01.02 : Seconde\nA.01.01.03 : "
    )
    proofs, findings = parse_proofs(cell, origin)
    assert [(p.id, p.libelle) for p in proofs] == [
        ("A.01.01.01", "Première preuve\nsur deux lignes"),
        ("A.01.01.02", "Seconde"),
    ]
    assert [(f.rule, f.path, f.line) for f in findings] == [
        ("SEG-IMP-009", "x.xlsx#feuille", 7),
        ("SEG-IMP-011", "x.xlsx#feuille", 7),
    ]

"""`segur new`: scaffold a candidature, then `segur check` lists what remains to fill in."""

from __future__ import annotations

import copy
import io
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from adm_support import write_rem
from segur import cli
from segur.authoring import scaffold
from segur.authoring.schemas import write_schemas
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import expected_chapters


def segur(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "segur", "--repo", str(root), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )


NEW = (
    "new",
    "--dispositif",
    "DPI",
    "--editeur",
    "exemple-neuf",
    "--candidature",
    "dpi-1",
    "--profil",
    "iam",
    "--denomination",
    "Mon DPI",
)
FOLDER = "dossiers/exemple-neuf/dpi-1"

# Every mandatory field the scaffold leaves empty, as `segur check` must name it.
EMPTY_FIELDS = [
    "editeur.denomination_sociale",
    "editeur.siret",
    "editeur.forme_juridique",
    "editeur.fonction_dirigeant",
    "editeur.adresse_siege",
    "editeur.representant_legal.nom",
    "editeur.representant_legal.prenom",
    "editeur.representant_legal.email",
    "editeur.representant_legal.telephone",
    "editeur.contact_referencement.nom",
    "editeur.contact_referencement.prenom",
    "editeur.contact_referencement.email",
    "editeur.contact_referencement.telephone",
    "charte.signataire.nom",
    "charte.signataire.prenom",
    "charte.qualite",
    "charte.date_acceptation",
    "charte.version_charte",
    "version_candidate.nie",
    "version_candidate.nil",
    "version_candidate.attestation_depot_cnda",
    "solution.version_technique",
    "solution.versions[0].version_technique",
    "solution.versions[0].version_commerciale",
    "mainteneurs[0]",
]


def _line_of(text: str, needle: str, after: str = "") -> int:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and line.startswith(needle)) + 1


def test_new_then_check_lists_each_missing_field_once(tmp_path: Path) -> None:
    write_rem(tmp_path)
    created = segur(tmp_path, *NEW)
    assert created.returncode == 0, created.stderr
    assert f"Candidature créée : {FOLDER}/" in created.stdout

    checked = segur(tmp_path, "check", str(tmp_path / FOLDER))
    assert checked.returncode == 1, checked.stderr
    text = (tmp_path / FOLDER / "candidature.yaml").read_text()
    output = checked.stdout.splitlines()
    candidature = [line for line in output if line.startswith(f"{FOLDER}/candidature.yaml:")]
    empty = [line for line in candidature if " SEG-ADM-001 " in line]
    named = [line.split("« ")[1].split(" »")[0] for line in empty]
    assert named == EMPTY_FIELDS  # each once, in file order
    siret = _line_of(text, "  siret:")
    assert (
        f"{FOLDER}/candidature.yaml:{siret}:3: erreur SEG-ADM-001 champ obligatoire "
        "« editeur.siret » vide : à renseigner (Numéro SIRET de l'entreprise)"
    ) in output
    mainteneur = _line_of(text, "  -", after="mainteneurs:")
    assert any(
        line.startswith(f"{FOLDER}/candidature.yaml:{mainteneur}:4: erreur SEG-ADM-001")
        for line in empty
    )
    # Besides the empty fields, only the charter gate: the dossier is not depositable yet.
    others = [line for line in candidature if " SEG-ADM-001 " not in line]
    charte = _line_of(text, "charte:")
    assert [line.split(" ")[0:3] for line in others] == [
        [f"{FOLDER}/candidature.yaml:{charte}:1:", "erreur", "SEG-ADM-006"]
    ]
    questionnaire = [line for line in output if "questionnaire-ssi.yaml:" in line]
    assert questionnaire and all(" SEG-ADM-028 " in line for line in questionnaire)


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    write_rem(tmp_path)
    assert segur(tmp_path, *NEW).returncode == 0
    candidature = tmp_path / FOLDER / "candidature.yaml"
    candidature.write_text("modifié à la main\n")
    again = segur(tmp_path, *NEW)
    assert again.returncode == 2
    assert "existe déjà" in again.stderr
    assert candidature.read_text() == "modifié à la main\n"


def test_new_without_answers_outside_a_terminal_is_a_usage_error(tmp_path: Path) -> None:
    write_rem(tmp_path)
    result = segur(tmp_path, "new", "--dispositif", "DPI")
    assert result.returncode == 2
    assert "saisie interrompue" in result.stderr
    assert not (tmp_path / "dossiers").exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--profil", "inexistant", "profil(s) inconnu(s)"),
        ("--dispositif", "XYZ", "dispositif « XYZ » absent du catalogue"),
        ("--candidature", "Avec Espaces", "identifiant de candidature « Avec Espaces » invalide"),
        ("--version-rem", "va0", "version « va0 » du REM DPI inconnue"),
    ],
)
def test_new_rejects_bad_requests_and_creates_nothing(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    write_rem(tmp_path)
    args = list(NEW)
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    result = segur(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "dossiers").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_new_asks_for_missing_options_in_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_rem(tmp_path)
    answers = "dpi\nexemple-neuf\ndpi-1\niam, ie-usagers\nMon DPI\no\n"
    monkeypatch.setattr(sys, "stdin", _Terminal(answers))
    assert cli.main(["--repo", str(tmp_path), "new"]) == 0
    out = capsys.readouterr().out
    assert "Dispositif (DPI) : " in out and "iam : IAM" in out
    data = yaml.safe_load((tmp_path / FOLDER / "candidature.yaml").read_text())
    assert data["profils"] == ["general", "iam", "ie-usagers"]
    assert data["version_candidate"]["denomination_commerciale"] == "Mon DPI"


def test_interrupted_prompt_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_rem(tmp_path)
    monkeypatch.setattr(sys, "stdin", _Terminal("DPI\n"))
    assert cli.main(["--repo", str(tmp_path), "new"]) == 2
    assert "rien n'a été créé" in capsys.readouterr().err
    assert not (tmp_path / "dossiers").exists()


def _request(**changes: object) -> scaffold.Request:
    values: dict[str, object] = {
        "dispositif": "DPI",
        "editeur": "exemple-neuf",
        "candidature": "dpi-1",
        "profils": ("iam",),
        "denomination": "Mon DPI",
    }
    values.update(changes)
    return scaffold.Request(**values)  # type: ignore[arg-type]


def test_manifests_list_every_applicable_proof(tmp_path: Path) -> None:
    write_rem(tmp_path)
    repo = Repository(tmp_path)
    catalogue, _ = load_catalogue(repo.rem_dir, tmp_path)
    result = scaffold.scaffold(repo, catalogue, _request())
    manifests = sorted(p.as_posix() for p in result.files if p.name == "preuves.yaml")
    # DOC only has a requirement of profile ie-usagers, which was not chosen; the procedure's
    # own proofs (version screenshot, documentation) are a chapter of every candidature.
    assert manifests == [
        "preuves/IAM/preuves.yaml",
        "preuves/INS/preuves.yaml",
        "preuves/PROCEDURE/preuves.yaml",
    ]
    ins_text = (result.folder / "preuves/INS/preuves.yaml").read_text()
    ins = yaml.safe_load(ins_text)
    assert ins == {
        "chapitre": "INS",
        "preuves": {"INS.01.01.01": {"fichiers": []}, "INS.01.01.02": {"fichiers": []}},
    }
    assert "# Preuve 2 de INS.01 (exigence INS.01, profil general" in ins_text
    rem = result.rem
    expected = {ref.preuve.id for ref in rem.proofs_for(result.profils)}
    listed = set(ins["preuves"]) | set(
        yaml.safe_load((result.folder / "preuves/IAM/preuves.yaml").read_text())["preuves"]
    )
    assert listed == expected
    procedure_text = (result.folder / "preuves/PROCEDURE/preuves.yaml").read_text()
    assert yaml.safe_load(procedure_text) == {
        "chapitre": "PROCEDURE",
        "preuves": {"PROC.01.01.01": {"fichiers": []}, "PROC.02.01.01": {"fichiers": []}},
    }
    assert "# Documentation du logiciel fournie par l'Editeur (PDF) (exigence PROC.02" in (
        procedure_text
    )


def test_manifests_are_exactly_the_chapters_the_checks_expect(tmp_path: Path) -> None:
    # One source of truth: the scaffold lists what `segur check` will require, no more.
    write_rem(tmp_path)
    repo = Repository(tmp_path)
    catalogue, _ = load_catalogue(repo.rem_dir, tmp_path)
    result = scaffold.scaffold(repo, catalogue, _request(profils=("iam", "ie-usagers")))
    listed = {}
    for relative in result.files:
        if relative.name == "preuves.yaml":
            data = yaml.safe_load((result.folder / relative).read_text())
            listed[data["chapitre"]] = list(data["preuves"])
    expected = expected_chapters(result.rem.chapitres, result.profils)
    assert listed == {c.code: [p.id for p in c.proofs] for c in expected}


def test_documentation_is_a_procedure_proof_not_a_field(tmp_path: Path) -> None:
    write_rem(tmp_path)
    repo = Repository(tmp_path)
    catalogue, _ = load_catalogue(repo.rem_dir, tmp_path)
    result = scaffold.scaffold(repo, catalogue, _request())
    text = (result.folder / "candidature.yaml").read_text()
    assert "documentation" not in yaml.safe_load(text)
    assert "PROC.02.01.01 dans preuves/PROCEDURE/preuves.yaml" in text


def test_questionnaire_scaffold_lists_every_question(tmp_path: Path) -> None:
    write_rem(tmp_path)
    repo = Repository(tmp_path)
    catalogue, _ = load_catalogue(repo.rem_dir, tmp_path)
    result = scaffold.scaffold(repo, catalogue, _request())
    text = (result.folder / "questionnaire-ssi.yaml").read_text()
    data = yaml.safe_load(text)
    from segur.repository.questionnaire import load_questionnaire

    questions = load_questionnaire().questions
    assert data == {"reponses": {q.id: None for q in questions}}
    for question in questions:
        assert f"# Réponses possibles : {', '.join(question.reponses)}" in text


def test_failed_scaffold_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_rem(tmp_path)
    repo = Repository(tmp_path)
    catalogue, _ = load_catalogue(repo.rem_dir, tmp_path)
    written: list[Path] = []
    original = Path.write_text

    def failing_write(self: Path, *args: object, **kwargs: object) -> int:
        if written:
            raise OSError(28, "plus de place sur le disque")
        written.append(self)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing_write)
    with pytest.raises(OSError, match="plus de place"):
        scaffold.scaffold(repo, catalogue, _request())
    assert written  # the first file was written, in the staging folder
    assert not (tmp_path / "dossiers" / "exemple-neuf").exists()
    assert (tmp_path / "dossiers").is_dir() and not any((tmp_path / "dossiers").iterdir())


def test_default_rem_version_is_the_latest(tmp_path: Path) -> None:
    write_rem(tmp_path, version="va2-test")
    write_rem(tmp_path, version="va10-test")
    repo = Repository(tmp_path)
    catalogue, _ = load_catalogue(repo.rem_dir, tmp_path)
    result = scaffold.scaffold(repo, catalogue, _request())
    assert result.rem.version == "va10-test"


def test_schema_comments_point_at_the_exported_schemas(tmp_path: Path) -> None:
    write_rem(tmp_path)
    write_schemas(tmp_path / "schemas")
    repo = Repository(tmp_path)
    catalogue, _ = load_catalogue(repo.rem_dir, tmp_path)
    result = scaffold.scaffold(repo, catalogue, _request())
    for relative in result.files:
        first = (result.folder / relative).read_text().splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix)
        target = (result.folder / relative).parent / first.removeprefix(prefix)
        assert target.resolve().is_file(), (relative, target)


def test_a_proof_id_repeated_by_the_rem_is_listed_once(tmp_path: Path) -> None:
    # The imported spreadsheets repeat some proof IDs under several scenarios.
    write_rem(tmp_path)
    chapter = tmp_path / "rem/DPI/va2-test/chapitres/INS.yaml"
    data = yaml.safe_load(chapter.read_text())
    scenario = data["exigences"][0]["scenarios"][0]
    twin = copy.deepcopy(scenario)
    twin["id"] = "INS.01.02"
    twin["preuves"] = [{**twin["preuves"][0], "libelle": "Autre"}]
    data["exigences"][0]["scenarios"].append(twin)
    chapter.write_text(yaml.safe_dump(data, allow_unicode=True))
    repo = Repository(tmp_path)
    catalogue, rem_findings = load_catalogue(repo.rem_dir, tmp_path)
    assert rem_findings == []
    result = scaffold.scaffold(repo, catalogue, _request())
    text = (result.folder / "preuves/INS/preuves.yaml").read_text()
    assert text.count('"INS.01.01.01":') == 1
    assert "# Preuve 1 de INS.01 (exigence" in text and "# Autre (exigence" in text
    assert segur(tmp_path, "check", str(result.folder / "preuves")).stdout.count("SEG-YML-009") == 0

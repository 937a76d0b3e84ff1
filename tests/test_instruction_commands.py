"""`segur instruction <acte>`: one command per journal act, on a real git repository.

Each act writes the right file (name, date, content pre-filled from the REM and the profiles,
digests computed) and `segur check` stays clean once it is merged; a bad act is refused with a
French message, a non-zero exit, and the journal folder left exactly as it was.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from adm_support import VERSION
from lifecycle_support import RECORDING, REQUIREMENTS, VALIDATION, Story, admitted
from proof_support import SAMPLES, sha
from segur.cli import main
from segur.model.preuves import Manifeste, chapter_digest

TODAY = "2026-03-06"


def segur(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str, stdin: str | None = None
) -> tuple[int, str, str]:
    """Run the real command line in process; returns (exit code, stdout, stderr)."""
    capsys.readouterr()
    if stdin is not None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.stdin", io.StringIO(stdin))
            code = main(["--repo", str(root), *args])
    else:
        code = main(["--repo", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def act(
    capsys: pytest.CaptureFixture[str], story: Story, acte: str, *args: str, **kw: Any
) -> tuple[int, str, str]:
    return segur(capsys, story.root, "instruction", acte, story.dossier, *args, **kw)


def journal(story: Story) -> dict[str, bytes]:
    folder = story.folder / "journal"
    if not folder.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def merge(story: Story, day: str) -> None:
    """What the instruction does next: the written file merged on main by a pull request."""
    story._pr(day, {})


def errors_of_check(capsys: pytest.CaptureFixture[str], story: Story, today: str) -> list[Any]:
    code, out, err = segur(capsys, story.root, "check", "--format", "json", "--today", today)
    findings: list[dict[str, Any]] = json.loads(out)
    errors = [f for f in findings if f["severity"] == "error"]
    assert code == (1 if errors else 0), err
    return errors


def written(out: str, story: Story, name: str) -> dict[str, Any]:
    path = story.folder / "journal" / name
    assert f"Écrit : {story.dossier}/journal/{name}" in out
    assert "Prochaine étape : à " in out and "pull request" in out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../../schemas/")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def digest(story: Story, chapter: str) -> str:
    manifest = story.folder / "preuves" / chapter.replace("/", "-") / "preuves.yaml"
    return chapter_digest(Manifeste.model_validate(yaml.safe_load(manifest.read_text())))


def test_every_act_writes_its_event_and_check_stays_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = Story(tmp_path / "depot")
    story.admin("2026-03-02")

    def step(day: str, acte: str, *args: str, stdin: str | None = None) -> tuple[str, str]:
        code, out, err = act(capsys, story, acte, "--date", day, "--today", day, *args, stdin=stdin)
        assert code == 0, err
        merge(story, day)
        assert errors_of_check(capsys, story, day) == []
        return out, err

    out, _ = step("2026-03-03", "validation", "complement", "--message", "Kbis manquant")
    data = written(out, story, "2026-03-03-validation-administrative.yaml")
    assert data == {
        "type": "validation-administrative",
        "resultat": "complement-demande",
        "message": "Kbis manquant",
    }
    long_text = "Voici le Kbis.\n\nDeuxième paragraphe : « guillemets », #dièse, : deux-points."
    out, _ = step(
        "2026-03-04",
        "reponse",
        "--sollicitation",
        "journal/2026-03-03-validation-administrative.yaml",
        "--message-fichier",
        "-",
        stdin=long_text,
    )
    data = written(out, story, "2026-03-04-reponse.yaml")
    assert data["message"] == long_text  # read from stdin, written and read back intact
    assert data["sollicitation"] == "2026-03-03-validation-administrative.yaml"
    out, _ = step("2026-03-04", "validation", "acceptee", "--suffixe", "finale")
    assert written(out, story, "2026-03-04-validation-administrative-finale.yaml")["resultat"] == (
        "acceptee"
    )
    story.chapters("2026-03-05")
    question = tmp_path / "question.txt"
    question.write_text("Précisez la gestion des comptes.\n\n- comptes nominatifs ?\n", "utf-8")
    out, _ = step(
        "2026-03-06", "sollicitation", "--chapitre", "ssi-iam", "--message-fichier", str(question)
    )
    data = written(out, story, "2026-03-06-sollicitation-ssi-iam.yaml")
    assert data["chapitre"] == "SSI/IAM"
    assert data["message"] == question.read_text("utf-8")
    out, _ = step(
        "2026-03-09",
        "reponse",
        "--sollicitation",
        "2026-03-06-sollicitation-ssi-iam.yaml",
        "--message",
        "-",
        stdin="Précision apportée.",
    )
    assert (
        written(out, story, "2026-03-09-reponse-ssi-iam.yaml")["message"] == "Précision apportée."
    )
    out, _ = step("2026-03-09", "ins-proposition", "--date-proposee", "2026-03-16")
    assert written(out, story, "2026-03-09-ins-proposition.yaml")["date_proposee"].isoformat() == (
        "2026-03-16"
    )
    out, _ = step(
        "2026-03-10", "ins-confirmation", "--proposition", "2026-03-09-ins-proposition.yaml"
    )
    assert written(out, story, "2026-03-10-ins-confirmation.yaml")["proposition"] == (
        "2026-03-09-ins-proposition.yaml"
    )
    story.recording("2026-03-16")
    out, _ = step("2026-03-17", "ins-resultat", "conforme", "--enregistrement", RECORDING)
    data = written(out, story, "2026-03-17-ins-resultat.yaml")
    assert data["enregistrement"] == {"chemin": RECORDING, "sha256": sha(SAMPLES["video"])}
    for code in REQUIREMENTS:
        out, _ = step("2026-03-18", "verdict", code)
        name = f"2026-03-18-verdict-{code.replace('/', '-').lower()}.yaml"
        data = written(out, story, name)
        assert data["exigences"] == {r: "conforme" for r in REQUIREMENTS[code]}
    out, _ = step(
        "2026-03-23",
        "signature-editeur",
        "--nom",
        "Exemple",
        "--prenom",
        "Claire",
        "--qualite",
        "representant_legal",
        "--fonction",
        "Présidente",
    )
    assert written(out, story, "2026-03-23-signature-editeur.yaml")["signataire"] == {
        "nom": "Exemple",
        "prenom": "Claire",
    }
    out, _ = step("2026-03-24", "decision", "attribution", "--seance", "2026-03-24")
    assert written(out, story, "2026-03-24-decision-college.yaml")["decision"] == "attribution"
    out, _ = step(
        "2026-03-25", "signature-ans", "--nom", "Direction", "--prenom", "Anne", "--fonction", "DG"
    )
    assert written(out, story, "2026-03-25-signature-ans.yaml")["fonction"] == "DG"
    out, _ = step("2026-06-02", "audit", "conforme", "--modalite", "a-distance", "--constat", "RAS")
    assert written(out, story, "2026-06-02-audit.yaml") == {
        "type": "audit",
        "version": yaml.safe_load((story.folder / "candidature.yaml").read_text())["solution"][
            "version_technique"
        ],
        "resultat": "conforme",
        "modalite": "a-distance",
        "constats": ["RAS"],
    }
    status, out, err = segur(capsys, story.root, "status", story.dossier, "--today", "2026-06-02")
    assert status == 0, err
    assert "référencée" in out


def test_the_date_defaults_to_the_reference_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = Story(tmp_path / "depot")
    story.admin("2026-03-02")
    code, out, err = act(capsys, story, "validation", "acceptee", "--today", "2026-03-04")
    assert code == 0, err
    written(out, story, "2026-03-04-validation-administrative.yaml")


def test_verdict_lists_every_applicable_requirement_with_the_chapter_digest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = admitted(tmp_path / "depot")
    code, out, err = act(
        capsys,
        story,
        "verdict",
        "PROCEDURE",
        "--non-conforme",
        "PROC.02",
        "--commentaire",
        "PROC.02=La documentation ne couvre pas : « la version 2 ».",
        "--commentaire-general",
        "Instruit sur pièces.",
        "--today",
        TODAY,
    )
    assert code == 0, err
    data = written(out, story, f"{TODAY}-verdict-procedure.yaml")
    assert data == {
        "type": "verdict",
        "chapitre": "PROCEDURE",
        "empreinte": digest(story, "PROCEDURE"),
        "exigences": {"PROC.01": "conforme", "PROC.02": "non-conforme"},
        "commentaires": {"PROC.02": "La documentation ne couvre pas : « la version 2 »."},
        "commentaire": "Instruit sur pièces.",
    }
    assert "2 exigence(s) applicable(s), 1 conforme(s), 1 non conforme(s)" in out
    assert f"Empreinte du chapitre instruit : {digest(story, 'PROCEDURE')}" in out
    # A chapter may be named as its folder is; every requirement of the profile iam is listed.
    code, out, err = act(capsys, story, "verdict", "ssi-iam", "--today", TODAY)
    assert code == 0, err
    data = written(out, story, f"{TODAY}-verdict-ssi-iam.yaml")
    assert data["chapitre"] == "SSI/IAM"
    assert data["exigences"] == {r: "conforme" for r in REQUIREMENTS["SSI/IAM"]}
    assert data["empreinte"] == digest(story, "SSI/IAM")
    merge(story, TODAY)
    assert errors_of_check(capsys, story, TODAY) == []


def _incomplete(root: Path) -> Story:
    story = Story(root)
    story.admin("2026-03-02")
    story.events("2026-03-04", {"2026-03-04-validation-administrative.yaml": VALIDATION})
    return story


# name -> (story builder, act and arguments, exit code, words of the French message)
BAD: dict[str, tuple[Any, tuple[str, ...], int, tuple[str, ...]]] = {
    "chapitre inconnu": (admitted, ("verdict", "XYZ"), 2, ("chapitre « XYZ »", "inconnu")),
    "verdict sur un chapitre incomplet": (
        _incomplete,
        ("verdict", "INS"),
        1,
        ("rien n'a été écrit", "SEG-CYC-004"),
    ),
    "exigence hors du chapitre": (
        admitted,
        ("verdict", "INS", "--non-conforme", "MSS.01"),
        2,
        ("hors du chapitre INS", "MSS.01"),
    ),
    "réponse à une sollicitation inconnue": (
        admitted,
        ("reponse", "--sollicitation", "2026-03-05-sollicitation.yaml", "--message", "ok"),
        1,
        ("SEG-CYC-003", "rien n'a été écrit"),
    ),
    "date dans le futur": (
        admitted,
        ("validation", "acceptee", "--date", "2026-03-10"),
        2,
        ("dans le futur",),
    ),
    "complément sans message": (
        admitted,
        ("validation", "complement"),
        2,
        ("--message obligatoire",),
    ),
    "décision sans signature ni motif": (
        admitted,
        ("decision", "reserves-bloquantes", "--seance", "2026-03-03"),
        1,
        ("SEG-CYC-007", "SEG-CYC-009", "rien n'a été écrit"),
    ),
    "enregistrement hors du dossier": (
        admitted,
        ("ins-resultat", "conforme", "--enregistrement", "/etc/hostname"),
        2,
        ("n'est pas dans le dossier",),
    ),
    "message vide": (admitted, ("sollicitation", "--message", ""), 2, ("rien n'a été écrit",)),
    "caractère de contrôle dans un message": (
        admitted,
        ("sollicitation", "--message", "texte\x1b[31m coloré"),
        2,
        ("champ « message »", "rien n'a été écrit"),
    ),
    "message sans fichier": (
        admitted,
        ("sollicitation", "--message-fichier", "/nonexistent/question.txt"),
        2,
        ("message illisible",),
    ),
    "suffixe impossible": (
        admitted,
        ("validation", "acceptee", "--suffixe", "Deux Mots"),
        2,
        ("suffixe",),
    ),
    "fichier déjà présent": (
        admitted,
        ("validation", "acceptee", "--date", "2026-03-04"),
        2,
        ("existe déjà", "--suffixe"),
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_refused_in_french_and_nothing_is_written(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build, (acte, *args), expected_code, words = BAD[name]
    story: Story = build(tmp_path / "depot")
    before = journal(story)
    code, out, err = act(capsys, story, acte, *args, "--today", TODAY)
    assert code == expected_code, err
    assert err.startswith("segur : "), err
    for word in words:
        assert word in err
    assert out == ""
    assert journal(story) == before
    assert not list((story.folder / "journal").glob(".*"))  # no temporary file left behind


def test_rem_show_filtered_by_a_candidature(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = admitted(tmp_path / "depot")
    code, out, err = segur(
        capsys, story.root, "rem", "show", "DPI", "--candidature", story.dossier, "--format", "json"
    )
    assert code == 0, err
    shown = json.loads(out)
    assert {c["code"]: [e["id"] for e in c["exigences"]] for c in shown["chapitres"]} == {
        code: ids for code, ids in REQUIREMENTS.items()
    }


def test_a_requirement_without_proof_is_marked_and_judged_on_the_empty_chapter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = admitted(tmp_path / "depot")
    rem = story.root / "rem" / "DPI" / VERSION / "chapitres"
    gouvernance = {
        "code": "GOUV",
        "libelle": "Gouvernance",
        "exigences": [
            {
                "id": "GOUV.01",
                "chapitre": "GOUV",
                "nature": "exigence",
                "profil": "general",
                "enonce": "L'éditeur DOIT tenir un registre.",
            }
        ],
    }
    story.git.commit(
        "REM : chapitre sans preuve", {str(rem / "GOUV.yaml"): yaml.safe_dump(gouvernance)}
    )
    code, out, err = segur(
        capsys, story.root, "rem", "show", "DPI", "--candidature", story.dossier, "--format", "json"
    )
    assert code == 0, err
    marks = {
        e["id"]: e["sans_preuve"] for c in json.loads(out)["chapitres"] for e in c["exigences"]
    }
    assert marks["GOUV.01"] is True and marks["INS.01"] is False
    code, out, err = segur(
        capsys, story.root, "rem", "show", "DPI", "GOUV", "--candidature", story.dossier
    )
    assert code == 0, err
    assert "GOUV.01" in out and "aucune preuve" in out and "INS.01" not in out
    # Nothing to deposit: the verdict pins the digest of the empty chapter.
    code, out, err = act(capsys, story, "verdict", "GOUV", "--today", TODAY)
    assert code == 0, err
    data = written(out, story, f"{TODAY}-verdict-gouv.yaml")
    assert data["exigences"] == {"GOUV.01": "conforme"}
    assert data["empreinte"] == chapter_digest(Manifeste(chapitre="GOUV"))
    merge(story, TODAY)
    assert errors_of_check(capsys, story, TODAY) == []


def test_a_journal_linked_outside_the_dossier_is_never_written_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An editor's pull request may turn `journal/` into a link to anywhere: the instructor
    who runs a command on that checkout must not write outside the repository."""
    story = admitted(tmp_path / "depot")
    outside = tmp_path / "ailleurs"
    (story.folder / "journal").rename(outside)
    (story.folder / "journal").symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    code, out, err = act(capsys, story, "sollicitation", "--message", "?", "--today", TODAY)
    assert code == 2, err
    assert "n'est pas un vrai dossier du dépôt" in err and out == ""
    assert sorted(p.name for p in outside.iterdir()) == before

"""An incomplete chapter, end to end: `segur status` and `segur check` on a tiny repository.

An incomplete chapter is an error by design (it blocks the merge), so it cannot be among the
embedded examples, whose `segur check` must stay clean. It lives in
`tests/fixtures/dossier-incomplet/`: a hand-written REM (`rem/`) and one candidature generated
from it with the building blocks of `segur.examples.generator`:
- INS: complete;
- MSS/CONF: incomplete, the execution ID deposited, MSS/CONF.02.01.01 and .02 missing;
- DMP and PROCEDURE: not deposited.
To regenerate the candidature after changing the REM or the generator:
`python tests/test_dossier_incomplet.py`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from segur.examples.dossiers import SANTE_LOGICIELS
from segur.examples.generator import dossier_files
from segur.examples.spec import ExampleDossier
from segur.repository.catalogue import load_catalogue

FIXTURE = Path(__file__).parent / "fixtures" / "dossier-incomplet"
FOLDER = "dossiers/exemple-sante-logiciels/dpi-6-0"
MISSING = ["MSS/CONF.02.01.01", "MSS/CONF.02.01.02"]

EXAMPLE = ExampleDossier(
    editeur="exemple-sante-logiciels",
    candidature="dpi-6-0",
    role="fixture de test : chapitre MSS/CONF incomplet",
    answers=1,
    data={
        "dispositif": "DPI",
        "version_rem": "va-fixture",
        "profils": ["general"],
        "editeur": SANTE_LOGICIELS,
        "charte": {
            "signataire": {"nom": "Martin-Exemple", "prenom": "Claire"},
            "qualite": "representant_legal",
            "date_acceptation": dt.date(2025, 9, 1),
            "version_charte": "V1.1",
        },
        "version_candidate": {
            "denomination_commerciale": "Exemple Dossier Patient",
            "date_previsionnelle_depot_preuves": dt.date(2025, 11, 3),
            "nie": "NIE-EXEMPLE-0001",
            "nil": "NIL-EXEMPLE-0103",
            "attestation_depot_cnda": "documents/attestation-depot-cnda.pdf",
        },
        "solution": {
            "version_technique": "6.0",
            "versions": [
                {"version_technique": "5.3", "version_commerciale": "Exemple Dossier Patient"},
                {"version_technique": "6.0", "version_commerciale": "Exemple Dossier Patient"},
            ],
        },
        "composants_additionnels": [],
        "mainteneurs": ["exemple-claire-martin"],
    },
    documents={
        "documents/attestation-depot-cnda.pdf": "Attestation de dépôt CNDA - Exemple DPI 6.0",
    },
    documentation={"documentation.pdf": "Documentation - Exemple Dossier Patient 6.0"},
    deposited=("INS", "MSS/CONF"),
    omitted=tuple(MISSING),
)


def build() -> dict[str, bytes]:
    """The candidature folder of the fixture, generated from the fixture's REM."""
    catalogue, findings = load_catalogue(FIXTURE / "rem", FIXTURE)
    assert findings == []
    rem = catalogue.get("DPI", "va-fixture")
    assert rem is not None
    return dossier_files(EXAMPLE, rem)


def segur(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "segur", "--repo", str(FIXTURE), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_fixture_is_what_the_generator_gives() -> None:
    folder = FIXTURE / FOLDER
    on_disk = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    assert on_disk == build()


def test_status_shows_the_incomplete_chapter_and_its_missing_proofs() -> None:
    result = segur("status", FOLDER, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["administratif_complet"] is True
    states = {c["chapitre"]: c["etat"] for c in data["chapitres"]}
    assert states == {
        "DMP": "non déposé",
        "INS": "complet",
        "MSS/CONF": "incomplet",
        "PROCEDURE": "non déposé",
    }
    [mss] = [c for c in data["chapitres"] if c["chapitre"] == "MSS/CONF"]
    assert (mss["preuves_deposees"], mss["preuves_attendues"]) == (1, 3)
    assert [p["id"] for p in mss["manquantes"]] == MISSING

    text = segur("status", FOLDER)
    assert text.returncode == 0, text.stderr
    assert "Preuves manquantes du chapitre MSS/CONF" in text.stdout
    assert all(f"- {proof} :" in text.stdout for proof in MISSING)


def test_check_blocks_the_incomplete_chapter_and_names_each_missing_proof() -> None:
    result = segur("check")
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stdout.splitlines() if re.search(r" SEG-\w+-\d+ ", line)]
    manifest = f"{FOLDER}/preuves/MSS-CONF/preuves.yaml"
    assert all(line.startswith(f"{manifest}:") and " SEG-PRV-010 " in line for line in lines)
    named = [re.search(r"preuve (\S+) manquante", line) for line in lines]
    assert [m.group(1) for m in named if m] == MISSING
    assert all("chapitre MSS/CONF incomplet (1/3)" in line for line in lines)
    assert "2 erreurs, 0 avertissement." in result.stdout


def _regenerate() -> None:
    folder = FIXTURE / FOLDER
    shutil.rmtree(folder, ignore_errors=True)
    for relative, data in build().items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


if __name__ == "__main__":
    _regenerate()

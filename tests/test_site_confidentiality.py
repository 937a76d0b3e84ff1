"""Nothing confidential reaches the public site (§3.7 and §3.8 of the procedure).

A copy of the example repository (referenced, refused and in-progress candidatures, with their
journals) gets a DISTINCT canary string in every confidential field: contacts of the legal
representative and of the referencing contact, charter signatory, maintainers, the SSI
questionnaire's comment, proof file names and contents, every free text of the journal (verdict
comments, solicitation and answer messages, reasons of a refusal, signatories, e-mail
recipients...). `segur site build` runs end to end; then every file of the output (pages, search
index, sitemap, feed, open data, 404 page, compressed sitemap included) is decoded and searched.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import itertools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from segur.cli import main
from segur.dossier.administratif import load_candidature
from segur.examples import generator as examples
from segur.lifecycle.analysis import Etat, derive_all
from segur.repository.catalogue import Catalogue, load_catalogue
from segur.repository.paths import Repository, default_root

ROOT = default_root()
DATE = "2027-01-15"  # after every example event: the whole journal counts
_counter = itertools.count(1)
# Journal fields that hold free text or personal data; `chemin`/`sha256` of a recording and the
# names of other journal files are references the lifecycle checks, not content.
_TEXT_KEYS = {
    "message",
    "commentaire",
    "motifs",
    "constats",
    "nom",
    "prenom",
    "qualite",
    "fonction",
    "objet",
    "pieces_jointes",
}


class Canaries:
    def __init__(self) -> None:
        self.values: list[str] = []

    def text(self, what: str) -> str:
        value = f"Canari{what.capitalize()}{next(_counter):03d}x"
        self.values.append(value)
        return value

    def email(self, what: str) -> str:
        value = f"canari.{what}.{next(_counter):03d}@example.org"
        self.values.append(value)
        return value

    def phone(self) -> str:
        n = next(_counter)
        value = f"01 99 00 {70 + n // 100:02d} {n % 100:02d}"
        self.values.append(value)
        self.values.append(value.replace(" ", ""))
        return value


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _person(person: dict[str, Any], canaries: Canaries, role: str) -> None:
    person["nom"] = canaries.text(f"nom{role}")
    person["prenom"] = canaries.text(f"prenom{role}")
    person["email"] = canaries.email(role)
    person["telephone"] = canaries.phone()


def _candidature(folder: Path, canaries: Canaries, secrets: list[str]) -> None:
    path = folder / "candidature.yaml"
    data = _yaml(path)
    editeur = data["editeur"]
    _person(editeur["representant_legal"], canaries, "representant")
    _person(editeur["contact_referencement"], canaries, "contact")
    editeur["adresse_siege"] = canaries.text("adresse")
    editeur["fonction_dirigeant"] = canaries.text("fonction")
    # A charter signed by the legal representative names them (a rule checks it): the same
    # canaries; a delegate gets their own.
    representant = editeur["representant_legal"]
    data["charte"]["signataire"] = (
        {"nom": representant["nom"], "prenom": representant["prenom"]}
        if data["charte"]["qualite"] == "representant_legal"
        else {"nom": canaries.text("delegataire"), "prenom": canaries.text("prenomdelegataire")}
    )
    data["version_candidate"]["nie"] = canaries.text("nie")
    data["version_candidate"]["nil"] = canaries.text("nil")
    data["mainteneurs"] = [canaries.text("mainteneur").lower()]
    for membre in (data.get("groupement") or {}).get("membres", []):
        secrets.extend([membre["siret"], membre["denomination_sociale"]])
    for distributeur in data["solution"].get("distributeurs", []):
        secrets.extend([distributeur["siret"], distributeur["denomination_sociale"]])
    secrets.append(editeur["siret"])
    _write(path, data)


def _questionnaire(folder: Path, canaries: Canaries, secrets: list[str]) -> None:
    path = folder / "questionnaire-ssi.yaml"
    data = _yaml(path)
    data["commentaire"] = canaries.text("commentairessi")
    # Answer values are words of a fixed list; the compound ones are distinctive enough.
    secrets.extend(v for v in data["reponses"].values() if v and len(v) > 12)
    _write(path, data)


def _proofs(folder: Path, canaries: Canaries) -> None:
    """Rename one proof file per manifest, and put a canary in the content of text proofs."""
    for manifest in sorted(folder.glob("preuves/*/preuves.yaml")):
        text = manifest.read_text(encoding="utf-8")
        names = re.findall(r'chemin: "([^"]+)"', text)
        if not names:
            continue
        old = names[0]
        new = f"{canaries.text('fichierpreuve').lower()}{Path(old).suffix}"
        (manifest.parent / old).rename(manifest.parent / new)
        text = text.replace(f'chemin: "{old}"', f'chemin: "{new}"', 1)
        for name in names[1:]:
            proof = manifest.parent / name
            if proof.suffix not in (".txt", ".log", ".json", ".xml"):
                continue
            before = hashlib.sha256(proof.read_bytes()).hexdigest()
            data = proof.read_bytes()
            marker = canaries.text("contenupreuve").encode()
            if proof.suffix == ".json":
                data = data.replace(b"{", b'{"canari": "' + marker + b'", ', 1)
            elif proof.suffix == ".xml":
                data = data.replace(b"</journal>", b"<!-- " + marker + b" --></journal>")
            else:
                data += marker + b"\n"
            proof.write_bytes(data)
            text = text.replace(before, hashlib.sha256(data).hexdigest())
        manifest.write_text(text, encoding="utf-8")


def _canary_tree(value: Any, key: str, canaries: Canaries) -> Any:
    if isinstance(value, dict):
        return {k: _canary_tree(v, k, canaries) for k, v in value.items()}
    if isinstance(value, list):
        return [_canary_tree(v, key, canaries) for v in value]
    if key == "destinataires" and isinstance(value, str):
        return canaries.email("destinataire")
    if key in _TEXT_KEYS and isinstance(value, str):
        return canaries.text(key)
    return value


def _journal(folder: Path, canaries: Canaries) -> int:
    count = 0
    for event in sorted(folder.glob("journal/*.yaml")):
        data = _yaml(event)
        if "commentaires" in data:  # per requirement: the values are free text
            data["commentaires"] = {
                k: canaries.text("commentaireexigence") for k in data["commentaires"]
            }
        _write(event, _canary_tree(data, "", canaries))
        count += 1
    return count


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], str]:
    tmp = tmp_path_factory.mktemp("confidentialite")
    repo = tmp / "depot"
    shutil.copytree(ROOT / "rem", repo / "rem")
    catalogue, _ = load_catalogue(repo / "rem", repo)
    for relative, data in examples.example_tree(catalogue).items():
        path = repo / "dossiers" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    canaries = Canaries()
    secrets: list[str] = []
    events = 0
    for folder in sorted((repo / "dossiers").glob("*/*")):
        if not folder.is_dir():
            continue
        _candidature(folder, canaries, secrets)
        _questionnaire(folder, canaries, secrets)
        _proofs(folder, canaries)
        events += _journal(folder, canaries)
    assert events > 0, "les dossiers d'exemple ont un journal d'instruction"
    secrets.extend(_unpublished_editors(repo, catalogue))
    out = tmp / "public"
    code = main(["--repo", str(repo), "site", "build", "--out", str(out), "--date", DATE])
    assert code == 0
    return out, [*canaries.values, *secrets], (repo / "dossiers").as_posix()


def _unpublished_editors(repo_root: Path, catalogue: Catalogue) -> list[str]:
    """Editors none of whose candidatures is in progress or referenced (refused, rejected,
    drafts): their name must not appear, nor the fact that they applied."""
    repo = Repository(repo_root)
    day = dt.date.fromisoformat(DATE)
    names: dict[str, bool] = {}
    states = set()
    for cycle in derive_all(repo, catalogue, day):
        states.add(cycle.etat)
        model = load_candidature(repo.root / cycle.dossier, repo, catalogue, day).model
        assert model is not None, cycle.dossier
        name = model.editeur.denomination_sociale
        names[name] = names.get(name, False) or cycle.en_cours or cycle.reference
    assert {Etat.REFUSEE, Etat.REJETEE, Etat.REFERENCEE} <= states
    hidden = [name for name, published in names.items() if not published]
    assert hidden, "au moins un éditeur sans candidature publiée"
    return hidden


def _output_texts(out: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        # Search indexes may escape non-ASCII characters: compare on the unescaped text too.
        texts[path.relative_to(out).as_posix()] = text + "\n" + _unescape(text)
    return texts


def _unescape(text: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)


def test_the_site_shows_the_public_lists(built: tuple[Path, list[str], str]) -> None:
    out, _, _ = built
    texts = _output_texts(out)
    assert any("Exemple Santé Logiciels SAS" in t for t in texts.values())  # positive control
    solutions = (out / "donnees" / "solutions-referencees.csv").read_text(encoding="utf-8")
    candidats = (out / "donnees" / "candidats-en-cours.csv").read_text(encoding="utf-8")
    assert len(solutions.splitlines()) >= 2, "au moins une solution référencée"
    assert len(candidats.splitlines()) >= 2, "au moins un candidat en cours"


def test_no_confidential_value_anywhere(built: tuple[Path, list[str], str]) -> None:
    out, secrets, dossiers = built
    texts = _output_texts(out)
    assert len(secrets) > 50
    leaks = [(secret, name) for secret in secrets for name, text in texts.items() if secret in text]
    assert leaks == []
    # No path of the repository either (file names of dossiers, proofs, journal).
    assert not [name for name, text in texts.items() if dossiers in text or "preuves/" in text]

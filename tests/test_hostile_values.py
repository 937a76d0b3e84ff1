"""Hostile values written as YAML escapes ("\\x1b", "\\u202e" in a double-quoted string) pass the
loader's character check (SEG-YML-019 reads the file, not the values): the models refuse them,
each at its field's line and column, with a French message; unusual but honest values pass."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from adm_support import base
from segur.findings.finding import Finding
from segur.load.composer import Loc
from segur.load.document import Document, parse
from segur.load.validation import _EXPECTED, validate
from segur.model.base import NAME_MAX, TEXT_ERRORS
from segur.model.evenements import Reponse, Verdict
from segur.model.preuves import Manifeste
from segur.model.valeurs import CUSTOM_ERRORS
from segur.rules.administratif import validate_candidature

Case = tuple[Loc, Any]

# (field, hostile value): each must be refused at that field.
HOSTILE_CANDIDATURE: dict[str, Case] = {
    "ansi-dans-un-nom": (("editeur", "representant_legal", "nom"), "Dupont\x1b[2J\x1b[31m"),
    "controle-c1": (("editeur", "fonction_dirigeant"), "Président\x9b31m"),
    "del": (("editeur", "representant_legal", "prenom"), "Jean\x7f"),
    "retour-ligne-dans-un-nom": (("editeur", "denomination_sociale"), "Exemple\nSanté SAS"),
    "u2028": (("editeur", "adresse_siege"), "1 rue de Paris\u2028Lyon"),
    "nom-de-900000-caracteres": (("editeur", "denomination_sociale"), "A" * 900_000),
    "inversion-rtl-nom-publie": (
        ("version_candidate", "denomination_commerciale"),
        "Exemple \u202egpj.exe",
    ),
    "isolat-bidi": (("solution", "versions", 0, "version_commerciale"), "Nova \u2067x\u2069"),
    "marque-ltr": (("charte", "signataire", "nom"), "Martin\u200e"),
    "homoglyphe-cyrillique": (("editeur", "denomination_sociale"), "Ex\u0430mple Santé"),
    "homoglyphe-grec": (("version_candidate", "denomination_commerciale"), "D\u03bfssier"),
    "latin-pleine-chasse": (("editeur", "denomination_sociale"), "Ex\uff41mple"),
    "chasse-zero-nie": (("version_candidate", "nie"), "NIE-EXEMPLE\u200b-0001"),
    "zwj-nil": (("version_candidate", "nil"), "NIL-\u200d0101"),
    "word-joiner-nil": (("version_candidate", "nil"), "NIL\u20600101"),
    "bom-nie": (("version_candidate", "nie"), "NIE\ufeff-0001"),
    "espace-dans-un-nie": (("version_candidate", "nie"), "NIE EXEMPLE"),
    "espace-dans-une-version": (("solution", "version_technique"), "5 .2"),
    "espace-insecable-profil": (("profils", 0), "gene\u00a0ral"),
    "siret-de-zeros": (("editeur", "siret"), "00000000000000"),
    "siren-repete": (("groupement", "membres", 0, "siret"), "00000000000018"),
    "email-partie-locale-65": (
        ("editeur", "contact_referencement", "email"),
        "a" * 65 + "@exemple.fr",
    ),
    "email-homoglyphe": (("editeur", "representant_legal", "email"), "jean@ex\u0430mple.fr"),
    "email-echappement": (("editeur", "representant_legal", "email"), "jean\x1b@exemple.fr"),
    "telephone-lettres": (("editeur", "contact_referencement", "telephone"), "01 99 00 FLEUR"),
    "telephone-pleine-chasse": (
        ("editeur", "representant_legal", "telephone"),
        "\uff10\uff11 \uff19\uff19 \uff10\uff10 \uff11\uff12 \uff13\uff14",
    ),
    # A control character in a SIRET, a telephone or a login is reported as a character (and
    # escaped), not echoed by the format rule.
    "siret-echappement": (("editeur", "siret"), "73282932000074\x1b[2J"),
    "telephone-echappement": (("editeur", "representant_legal", "telephone"), "01 99\x1b[2J"),
    "login-echappement": (("mainteneurs", 0), "claire\x1b[2J"),
    "chemin-rtl": (("version_candidate", "attestation_depot_cnda"), "documents/\u202efdp.exe"),
    "chemin-chasse-zero": (("charte", "delegation_pouvoir"), "documents/deleg\u200bation.pdf"),
}


def _candidature() -> dict[str, Any]:
    data = base()
    data["groupement"] = {
        "chef_de_file": data["editeur"]["siret"],
        "membres": [
            {
                "denomination_sociale": "Membre SAS",
                "siret": "55208131766522",
                "mandat": "documents/mandat.pdf",
            }
        ],
    }
    data["solution"]["distributeurs"] = [
        {
            "denomination_sociale": "Distributeur SARL",
            "siret": "44306184100047",
            "date_signature_mandat": dt.date(2024, 1, 1),
            "date_fin_mandat": dt.date(2027, 1, 1),
        }
    ]
    return data


def _set(data: Any, loc: Loc, value: Any) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _document(data: Any) -> Document:
    # allow_unicode=False: every non-ASCII character is written as an escape in a double-quoted
    # string, exactly what an attacker writes to get past the loader's character check.
    text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10**7)
    loaded = parse(text.encode("ascii"), "candidature.yaml")
    assert loaded.findings == [], [f.message for f in loaded.findings]
    assert loaded.document is not None
    return loaded.document


def _at(doc: Document, loc: Loc, findings: list[Finding]) -> list[Finding]:
    """The findings placed on the key or the value of `loc`."""
    places = {(p.line, p.col) for p in (doc.keys.get(loc), doc.values.get(loc)) if p}
    return [f for f in findings if (f.line, f.col) in places]


def test_the_base_candidature_is_valid() -> None:
    _, _, findings = validate_candidature(_document(_candidature()))
    assert findings == []


@pytest.mark.parametrize("case", HOSTILE_CANDIDATURE)
def test_a_hostile_value_is_refused_at_its_field(case: str) -> None:
    loc, value = HOSTILE_CANDIDATURE[case]
    data = _candidature()
    if loc[0] == "charte" and loc[-1] == "delegation_pouvoir":
        data["charte"]["qualite"] = "delegataire"
    _set(data, loc, value)
    doc = _document(data)
    model, _, findings = validate_candidature(doc)
    assert model is None
    placed = _at(doc, loc, findings)
    assert placed, [(f.line, f.col, f.message) for f in findings]
    message = placed[0].message
    name = [p for p in loc if isinstance(p, str)][-1]
    assert name in message, message  # the field is named
    assert "attendu" in message, message  # the expected value is named
    # A hostile value is never echoed raw to a terminal or a CI log.
    assert not any(ch in message for ch in "\x1b\x9b\x7f\u202e\u2067\u2028\u200b\u200d\n")


def test_the_refusal_names_the_character_and_the_field() -> None:
    data = _candidature()
    data["editeur"]["representant_legal"]["nom"] = "Dupont\x1b[2J"
    _, _, findings = validate_candidature(_document(data))
    [finding] = findings
    assert finding.rule == "SEG-YML-015"
    assert "editeur.representant_legal.nom" in finding.message
    assert "U+001B (caractère de contrôle) en position 7" in finding.message
    assert "\\u001b" in finding.message and "\x1b" not in finding.message


def test_the_homoglyph_refusal_names_the_scripts() -> None:
    data = _candidature()
    data["editeur"]["denomination_sociale"] = "Ex\u0430mple Santé"
    _, _, findings = validate_candidature(_document(data))
    [finding] = findings
    assert "cyrillique et latine" in finding.message


def test_the_placeholder_siret_is_refused_by_its_rule() -> None:
    data = _candidature()
    data["editeur"]["siret"] = "00000000000000"
    _, _, findings = validate_candidature(_document(data))
    assert [(f.rule, "fictif" in f.message) for f in findings] == [("SEG-ADM-002", True)]


@pytest.mark.parametrize("digit", "0123456789")
def test_a_siret_of_one_repeated_digit_is_refused(digit: str) -> None:
    data = _candidature()
    data["solution"]["distributeurs"][0]["siret"] = digit * 14
    _, _, findings = validate_candidature(_document(data))
    assert [f.rule for f in findings] == ["SEG-ADM-002"]


@pytest.mark.parametrize(
    ("field", "count"),
    [(("mainteneurs",), 51), (("profils",), 21), (("solution", "versions"), 201)],
    ids=["50000-mainteneurs", "profils", "versions"],
)
def test_a_list_is_bounded(field: Loc, count: int) -> None:
    data = _candidature()
    if field == ("mainteneurs",):
        values: list[Any] = [f"mainteneur-{n}" for n in range(50_000)]
    elif field == ("profils",):
        values = [f"profil-{n}" for n in range(count)]
    else:
        values = [
            {"version_technique": f"1.{n}", "version_commerciale": "Nova"} for n in range(count)
        ]
    _set(data, field, values)
    doc = _document(data)
    _, _, findings = validate_candidature(doc)
    assert any("au plus" in f.message for f in _at(doc, field, findings)), findings


# Unusual but honest values: each must pass.
ACCEPTED: dict[str, Case] = {
    "accents-apostrophe": (
        ("editeur", "denomination_sociale"),
        "Société d'Édition Médicale Française — « Santé & Cie »",
    ),
    "apostrophe-typographique": (("editeur", "representant_legal", "nom"), "N’Diaye-Lefèvre"),
    "nom-grec-et-mot-latin": (
        ("version_candidate", "denomination_commerciale"),
        "Ωμέγα Santé",
    ),
    "emoji-nom": (("version_candidate", "denomination_commerciale"), "Nova Santé 🩺"),
    "raison-sociale-longue": (
        ("editeur", "denomination_sociale"),
        ("Société Coopérative d'Intérêt Collectif des Éditeurs de Logiciels " * 4)[:NAME_MAX],
    ),
    "adresse-sur-deux-lignes": (("editeur", "adresse_siege"), "1 rue de Paris\r\n69001 Lyon"),
    "domaine-unicode": (("editeur", "contact_referencement", "email"), "jean@exemple-santé.fr"),
    "domaine-cyrillique": (("editeur", "contact_referencement", "email"), "ivan@пример.рф"),
    "telephone-international": (
        ("editeur", "representant_legal", "telephone"),
        "+33 (0)1 99.00.12.34",
    ),
    "siret-avec-espaces": (("editeur", "siret"), "732 829 320 00074"),
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_an_unusual_honest_value_is_accepted(case: str) -> None:
    loc, value = ACCEPTED[case]
    data = _candidature()
    _set(data, loc, value)
    _, _, findings = validate_candidature(_document(data))
    assert findings == [], [f.message for f in findings]


def _validate(model: type[BaseModel], data: dict[str, Any]) -> tuple[Document, list[Finding]]:
    doc = _document(data)
    _, findings = validate(doc, model)
    return doc, findings


def test_a_message_may_hold_lines_tabs_crlf_and_emoji() -> None:
    message = "Bonjour,\r\n\r\nVoici la réponse\t✅ 👍\nCordialement,\n— L'équipe"
    data = {"type": "reponse", "sollicitation": "2026-01-05-sollicitation.yaml", "message": message}
    assert _validate(Reponse, data)[1] == []


@pytest.mark.parametrize(
    "message",
    ["ok\x1b]0;titre\x07", "ok\u2029suite", "ok\u202d", "x" * 10_001],
    ids=["osc", "u2029", "lro", "trop-long"],
)
def test_a_hostile_message_is_refused(message: str) -> None:
    data = {"type": "reponse", "sollicitation": "2026-01-05-sollicitation.yaml", "message": message}
    doc, findings = _validate(Reponse, data)
    assert _at(doc, ("message",), findings), findings


def test_a_verdict_refuses_invisible_requirement_ids_and_is_bounded() -> None:
    data = {"type": "verdict", "chapitre": "INS", "exigences": {"INS.\u200b01": "conforme"}}
    _, findings = _validate(Verdict, data)
    assert findings and "U+200B" in findings[0].message
    data["exigences"] = {f"INS.{n}": "conforme" for n in range(2001)}
    doc, findings = _validate(Verdict, data)
    assert any("au plus 2000" in f.message for f in _at(doc, ("exigences",), findings))


def test_a_manifest_refuses_a_rtl_file_name_and_too_many_files() -> None:
    fichier = {"chemin": "capture\u202egnp.exe", "sha256": "0" * 64}
    data: dict[str, Any] = {"chapitre": "INS", "preuves": {"INS.01.01.01": {"fichiers": [fichier]}}}
    loc: Loc = ("preuves", "INS.01.01.01", "fichiers", 0, "chemin")
    doc, findings = _validate(Manifeste, data)
    assert _at(doc, loc, findings), findings
    fichier["chemin"] = "capture.png"
    data["preuves"]["INS.01.01.01"]["fichiers"] = [dict(fichier) for _ in range(101)]
    doc, findings = _validate(Manifeste, data)
    assert _at(doc, ("preuves", "INS.01.01.01", "fichiers"), findings), findings
    assert "au plus 100" in findings[0].message


def test_every_segur_error_type_has_a_french_wording() -> None:
    for kind in (*TEXT_ERRORS, *CUSTOM_ERRORS):
        assert kind in _EXPECTED, kind

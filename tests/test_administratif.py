"""Rules of the administrative dossier: a valid base candidature, then one mutation per rule.

Each case names the findings it must produce, as (rule, location in the YAML); the test checks
the exact set of (rule, line), so a case fails both when its rule is silent and when it brings
unrelated findings along.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from stdnum.fr import siret as stdnum_siret

from adm_support import (
    SIRET_EDITEUR,
    SIRET_MEMBRE,
    TODAY,
    answers,
    base,
    dump,
    write_dossier,
    write_rem,
)
from segur.dossier.administratif import check_questionnaire, load_candidature
from segur.findings.finding import Finding
from segur.findings.registry import all_rules
from segur.load.composer import Loc
from segur.load.document import parse
from segur.model.versions import version_key
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository

Mutation = Callable[[dict[str, Any], Path], None]


def run_rules(root: Path, folder: Path, today: dt.date = TODAY) -> list[Finding]:
    repo = Repository(root)
    catalogue, rem_findings = load_catalogue(repo.rem_dir, root)
    assert rem_findings == []
    findings = load_candidature(folder, repo, catalogue, today).findings
    return findings + check_questionnaire(folder, repo)


def lines_of(folder: Path, expected: list[tuple[str, Loc]]) -> set[tuple[str, int]]:
    """The (rule, line) of each expected finding, from the positions of the written YAML."""
    text = (folder / "candidature.yaml").read_bytes()
    loaded = parse(text, "candidature.yaml")
    assert loaded.document is not None
    return {(rule, loaded.document.key_at(loc).line) for rule, loc in expected}


def found(findings: list[Finding]) -> set[tuple[str, int]]:
    return {(f.rule, f.line) for f in findings}


def test_valid_base_has_no_finding(tmp_path: Path) -> None:
    write_rem(tmp_path)
    folder = write_dossier(tmp_path)
    assert run_rules(tmp_path, folder) == []


def _set(path: Loc, value: Any) -> Mutation:
    def mutate(data: dict[str, Any], folder: Path) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value

    return mutate


def _delete(path: Loc) -> Mutation:
    def mutate(data: dict[str, Any], folder: Path) -> None:
        target: Any = data
        for part in path[:-1]:
            target = target[part]
        del target[path[-1]]

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any], folder: Path) -> None:
        for mutation in mutations:
            mutation(data, folder)

    return mutate


def _empty_file(data: dict[str, Any], folder: Path) -> None:
    (folder / "documents" / "vide.pdf").write_bytes(b"")
    data["groupement"]["membres"][0]["mandat"] = "documents/vide.pdf"


def _symlink_outside(data: dict[str, Any], folder: Path) -> None:
    outside = folder.parent / "secret.pdf"
    outside.write_bytes(b"%PDF-1.4 secret")
    (folder / "documents" / "lien.pdf").symlink_to(outside)
    data["groupement"]["membres"][0]["mandat"] = "documents/lien.pdf"


def _symlinked_folder(data: dict[str, Any], folder: Path) -> None:
    (folder / "annexes").symlink_to(folder / "documents")
    data["groupement"]["membres"][0]["mandat"] = "annexes/mandat-partenaire.pdf"


def _folder_instead_of_file(data: dict[str, Any], folder: Path) -> None:
    (folder / "documents" / "dossier.pdf").mkdir()
    data["groupement"]["membres"][0]["mandat"] = "documents/dossier.pdf"


CNDA = ("version_candidate", "attestation_depot_cnda")
COMPOSANT = ("composants_additionnels", 0)
MANDAT = ("groupement", "membres", 0, "mandat")
BAD_SIRET = SIRET_EDITEUR[:-1] + str((int(SIRET_EDITEUR[-1]) + 1) % 10)

CASES: list[tuple[str, Mutation, list[tuple[str, Loc]]]] = [
    (
        "siret vide",
        _set(("editeur", "siret"), None),
        [("SEG-ADM-001", ("editeur", "siret"))],
    ),
    (
        "historique des versions vide",
        _set(("solution", "versions"), []),
        [("SEG-ADM-001", ("solution", "versions"))],
    ),
    (
        "nom du représentant vide",
        _set(("editeur", "representant_legal", "nom"), "  "),
        [("SEG-ADM-001", ("editeur", "representant_legal", "nom"))],
    ),
    (
        "clé SIRET fausse",
        _set(("editeur", "siret"), BAD_SIRET),
        [("SEG-ADM-002", ("editeur", "siret"))],
    ),
    (
        "SIRET trop court",
        _both(_set(("editeur", "siret"), "1234"), _delete(("groupement",))),
        [("SEG-ADM-002", ("editeur", "siret"))],
    ),
    (
        "SIRET de membre non numérique",
        _set(("groupement", "membres", 0, "siret"), "ABCDEFGHIJKLMN"),
        [("SEG-ADM-002", ("groupement", "membres", 0, "siret"))],
    ),
    (
        "e-mail invalide",
        _set(("editeur", "representant_legal", "email"), "claire.exemple@"),
        [("SEG-ADM-003", ("editeur", "representant_legal", "email"))],
    ),
    (
        "téléphone invalide",
        _set(("editeur", "contact_referencement", "telephone"), "01 23"),
        [("SEG-ADM-004", ("editeur", "contact_referencement", "telephone"))],
    ),
    (
        "identifiant de forge invalide",
        _set(("mainteneurs", 1), "-pas--valide"),
        [("SEG-ADM-005", ("mainteneurs", 1))],
    ),
    (
        "mainteneur en double",
        _set(("mainteneurs",), ["claire-exemple", "Claire-Exemple"]),
        [("SEG-ADM-005", ("mainteneurs",))],
    ),
    (
        "forme juridique hors liste",
        _set(("editeur", "forme_juridique"), "SCI"),
        [("SEG-YML-015", ("editeur", "forme_juridique"))],
    ),
    (
        "date non réelle",
        _set(("charte", "date_acceptation"), "15/01/2025"),
        [("SEG-YML-015", ("charte", "date_acceptation")), ("SEG-ADM-006", ("charte",))],
    ),
    (
        "charte absente",
        _delete(("charte",)),
        [("SEG-YML-013", ()), ("SEG-ADM-006", ())],
    ),
    (
        "signataire qui n'est pas le représentant légal",
        _set(("charte", "signataire", "nom"), "Autre"),
        [("SEG-ADM-007", ("charte", "signataire")), ("SEG-ADM-006", ("charte",))],
    ),
    (
        "délégataire sans délégation",
        _set(("charte", "qualite"), "delegataire"),
        [("SEG-ADM-008", ("charte", "qualite")), ("SEG-ADM-006", ("charte",))],
    ),
    (
        "charte acceptée dans le futur",
        _set(("charte", "date_acceptation"), TODAY + dt.timedelta(days=1)),
        [("SEG-ADM-009", ("charte", "date_acceptation")), ("SEG-ADM-006", ("charte",))],
    ),
    (
        "dispositif inconnu",
        _set(("dispositif",), "XYZ"),
        [("SEG-ADM-010", ("dispositif",))],
    ),
    (
        "version du REM inconnue",
        _set(("version_rem",), "va9"),
        [("SEG-ADM-011", ("version_rem",))],
    ),
    (
        "profil général absent",
        _set(("profils",), ["iam"]),
        [("SEG-ADM-012", ("profils",))],
    ),
    (
        "profil inconnu",
        _set(("profils",), ["general", "inconnu"]),
        [("SEG-ADM-013", ("profils", 1))],
    ),
    (
        "profil en double",
        _set(("profils",), ["general", "iam", "iam"]),
        [("SEG-ADM-013", ("profils", 2))],
    ),
    (
        "chapitre de composant inconnu",
        _set((*COMPOSANT, "chapitre"), "ZZZ"),
        [("SEG-ADM-014", (*COMPOSANT, "chapitre"))],
    ),
    (
        "NIL d'un composant qui ne se substitue pas",
        _set((*COMPOSANT, "substitue_composant_principal"), False),
        [("SEG-ADM-015", (*COMPOSANT, "nil"))],
    ),
    (
        "NIL absent d'un composant qui se substitue",
        _delete((*COMPOSANT, "nil")),
        [("SEG-ADM-016", COMPOSANT)],
    ),
    (
        "SIRET invalide de l'éditeur d'un composant",
        _set((*COMPOSANT, "siret"), BAD_SIRET),
        [("SEG-ADM-002", (*COMPOSANT, "siret"))],
    ),
    (
        "composant additionnel édité par l'éditeur candidat",
        _set((*COMPOSANT, "siret"), SIRET_EDITEUR),
        [("SEG-ADM-033", (*COMPOSANT, "siret"))],
    ),
    (
        "chef de file qui n'est pas l'éditeur",
        _set(("groupement", "chef_de_file"), SIRET_MEMBRE),
        [
            ("SEG-ADM-017", ("groupement", "chef_de_file")),
            ("SEG-ADM-018", ("groupement", "membres", 0, "siret")),
        ],
    ),
    (
        "membre qui est le chef de file",
        _set(("groupement", "membres", 0, "siret"), SIRET_EDITEUR),
        [("SEG-ADM-018", ("groupement", "membres", 0, "siret"))],
    ),
    (
        "membre sans mandat",
        _delete(("groupement", "membres", 0, "mandat")),
        [("SEG-YML-013", ("groupement", "membres", 0))],
    ),
    (
        "mandat de distribution qui finit avant de commencer",
        _set(("solution", "distributeurs", 0, "date_fin_mandat"), dt.date(2023, 12, 31)),
        [("SEG-ADM-019", ("solution", "distributeurs", 0, "date_fin_mandat"))],
    ),
    (
        "historique non chronologique (5.10 avant 5.9)",
        _set(
            ("solution", "versions"),
            [
                {"version_technique": "5.10", "version_commerciale": "B"},
                {"version_technique": "5.9", "version_commerciale": "A"},
            ],
        ),
        [("SEG-ADM-020", ("solution", "versions", 1, "version_technique"))],
    ),
    (
        "version candidate absente de l'historique",
        _set(("solution", "version_technique"), "6.0"),
        [("SEG-ADM-021", ("solution", "version_technique"))],
    ),
    (
        "version candidate qui n'est pas la plus récente",
        _set(("solution", "version_technique"), "5.9"),
        [("SEG-ADM-022", ("solution", "version_technique"))],
    ),
    (
        "chemin absolu",
        _set(CNDA, "/etc/hostname"),
        [("SEG-ADM-023", CNDA)],
    ),
    (
        "chemin qui sort du dossier",
        _set(CNDA, "documents/../../autre/attestation.pdf"),
        [("SEG-ADM-023", CNDA)],
    ),
    (
        "séparateur Windows",
        _set(CNDA, "documents\\attestation-cnda.pdf"),
        [("SEG-ADM-023", CNDA)],
    ),
    (
        "lien symbolique vers l'extérieur",
        _symlink_outside,
        [("SEG-ADM-023", MANDAT)],
    ),
    (
        "dossier intermédiaire en lien symbolique",
        _symlinked_folder,
        [("SEG-ADM-023", MANDAT)],
    ),
    (
        "fichier introuvable",
        _set(CNDA, "documents/absent.pdf"),
        [("SEG-ADM-024", CNDA)],
    ),
    (
        "dossier à la place d'un fichier",
        _folder_instead_of_file,
        [("SEG-ADM-024", MANDAT)],
    ),
    (
        "fichier vide",
        _empty_file,
        [("SEG-ADM-025", MANDAT)],
    ),
    (
        "champ inconnu",
        _set(("editeur", "capital_social"), "10000"),
        [("SEG-YML-014", ("editeur", "capital_social"))],
    ),
]


@pytest.mark.parametrize(
    ("mutation", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_rule_reports_on_its_line(
    tmp_path: Path, mutation: Mutation, expected: list[tuple[str, Loc]]
) -> None:
    write_rem(tmp_path)
    folder = write_dossier(tmp_path)
    data = base()
    mutation(data, folder)
    (folder / "candidature.yaml").write_text(dump(data))
    findings = run_rules(tmp_path, folder)
    assert found(findings) == lines_of(folder, expected), [f.message for f in findings]


def test_messages_name_the_field_the_value_and_what_is_expected(tmp_path: Path) -> None:
    write_rem(tmp_path)
    data = base()
    data["editeur"]["siret"] = BAD_SIRET
    data["profils"] = ["general", "inconnu"]
    data["editeur"]["representant_legal"]["telephone"] = "01 23"
    folder = write_dossier(tmp_path, data)
    messages = {f.rule: f.message for f in run_rules(tmp_path, folder)}
    assert messages["SEG-ADM-002"] == (
        f"champ « editeur.siret » : SIRET « {BAD_SIRET} » invalide : "
        "la clé de contrôle est fausse (faute de frappe ?)"
    )
    assert "« profils[1] »" in messages["SEG-ADM-013"] and "« inconnu »" in messages["SEG-ADM-013"]
    assert "general, iam, ie-usagers" in messages["SEG-ADM-013"]
    assert "« editeur.representant_legal.telephone »" in messages["SEG-ADM-004"]
    assert "« 01 23 »" in messages["SEG-ADM-004"]


def test_unknown_profile_is_reported_even_when_another_section_is_invalid(tmp_path: Path) -> None:
    # Coherence rules run on every valid section: a bad e-mail does not hide a bad profile.
    write_rem(tmp_path)
    data = base()
    data["editeur"]["contact_referencement"]["email"] = "pas-une-adresse"
    data["profils"] = ["general", "inconnu"]
    folder = write_dossier(tmp_path, data)
    assert {f.rule for f in run_rules(tmp_path, folder)} == {"SEG-ADM-003", "SEG-ADM-013"}


@pytest.mark.parametrize(
    "variant",
    [
        ("editeur", "forme_juridique", "sarl"),
        ("editeur", "forme_juridique", "Etablissement public"),
        ("editeur", "representant_legal", "telephone", "+33 1 99 00 12 34"),
        ("editeur", "siret", "732 829 320 00074"),
    ],
    ids=["forme-minuscule", "forme-sans-accent", "telephone-international", "siret-espaces"],
)
def test_accepted_spellings(tmp_path: Path, variant: tuple[Any, ...]) -> None:
    write_rem(tmp_path)
    data = base()
    data.pop("groupement")
    _set(variant[:-1], variant[-1])(data, tmp_path)
    folder = write_dossier(tmp_path, data)
    assert run_rules(tmp_path, folder) == []


def test_la_poste_siret_is_accepted(tmp_path: Path) -> None:
    # La Poste's establishments (SIREN 356000000) do not follow Luhn: stdnum knows it.
    la_poste = "35600000000048"
    assert stdnum_siret.is_valid(la_poste)
    write_rem(tmp_path)
    data = base()
    data["solution"]["distributeurs"][0]["siret"] = la_poste
    folder = write_dossier(tmp_path, data)
    assert run_rules(tmp_path, folder) == []


def test_delegataire_with_delegation_is_valid(tmp_path: Path) -> None:
    write_rem(tmp_path)
    data = base()
    data["charte"].update(
        signataire={"nom": "Autre", "prenom": "Personne"},
        qualite="delegataire",
        delegation_pouvoir="documents/mandat-partenaire.pdf",
    )
    folder = write_dossier(tmp_path, data)
    assert run_rules(tmp_path, folder) == []


def test_duplicate_key_is_reported_with_its_line(tmp_path: Path) -> None:
    write_rem(tmp_path)
    folder = write_dossier(tmp_path)
    text = dump(base())
    text = text.replace("dispositif: DPI\n", "dispositif: DPI\ndispositif: LGC\n", 1)
    (folder / "candidature.yaml").write_text(text)
    findings = run_rules(tmp_path, folder)
    assert [(f.rule, f.line) for f in findings] == [("SEG-YML-009", 2)]
    assert "« dispositif »" in findings[0].message


def test_impossible_date_is_reported_once(tmp_path: Path) -> None:
    write_rem(tmp_path)
    folder = write_dossier(tmp_path)
    text = dump(base()).replace("date_fin_mandat: 2026-12-31", "date_fin_mandat: 2026-02-30")
    (folder / "candidature.yaml").write_text(text)
    line = text.splitlines().index("    date_fin_mandat: 2026-02-30") + 1
    findings = run_rules(tmp_path, folder)
    # The loader reports it; the model's "not a date" error on the same node is dropped.
    assert [(f.rule[:8], f.line) for f in findings] == [("SEG-YML-", line)]


def test_missing_files_are_reported(tmp_path: Path) -> None:
    write_rem(tmp_path)
    folder = write_dossier(tmp_path)
    (folder / "candidature.yaml").unlink()
    (folder / "questionnaire-ssi.yaml").unlink()
    findings = run_rules(tmp_path, folder)
    assert [(f.rule, f.path, f.line) for f in findings] == [
        ("SEG-ADM-026", "dossiers/exemple-editeur/dpi-5-10/candidature.yaml", 1),
        ("SEG-ADM-027", "dossiers/exemple-editeur/dpi-5-10/questionnaire-ssi.yaml", 1),
    ]


def _answers_with(question: str, value: Any) -> dict[str, Any]:
    data = answers()
    data["reponses"][question] = value
    return data


def _answers_without(question: str) -> dict[str, Any]:
    data = answers()
    del data["reponses"][question]
    return data


@pytest.mark.parametrize(
    ("reponses", "rule", "line"),
    [
        (_answers_with("rssi", None), "SEG-ADM-028", 3),
        (_answers_without("rssi"), "SEG-ADM-028", 1),
        (_answers_with("rssi", "peut-etre"), "SEG-ADM-029", 3),
        (_answers_with("question-inventee", "oui"), "SEG-ADM-030", 17),
        ({"reponse": {}}, "SEG-YML-014", 1),
    ],
    ids=["vide", "absente", "non-autorisee", "inconnue", "mauvaise-cle"],
)
def test_questionnaire_completeness(
    tmp_path: Path, reponses: dict[str, Any], rule: str, line: int
) -> None:
    write_rem(tmp_path)
    folder = write_dossier(tmp_path, reponses=reponses)
    findings = run_rules(tmp_path, folder)
    assert rule in {f.rule for f in findings}
    assert {(f.rule, f.line) for f in findings if f.rule == rule} == {(rule, line)}
    assert all(f.path.endswith("questionnaire-ssi.yaml") for f in findings)


def test_version_order_is_natural() -> None:
    labels = ["2.10", "2.9", "2.10b", "2.1.1", "2.1", "10", "3.0-rc1", "3.0"]
    assert sorted(labels, key=version_key) == [
        "2.1",
        "2.1.1",
        "2.9",
        "2.10",
        "2.10b",
        "3.0",
        "3.0-rc1",
        "10",
    ]
    assert version_key("2.01") == version_key("2.1")
    assert version_key("V2") == version_key("v2")


def test_every_administrative_rule_has_a_failing_case() -> None:
    # Rules checked by the dedicated tests above rather than by a mutation of the base.
    elsewhere = {"SEG-ADM-026", "SEG-ADM-027", "SEG-ADM-028", "SEG-ADM-029", "SEG-ADM-030"}
    # Across candidatures: tests/test_duplicates.py.
    elsewhere |= {"SEG-ADM-031", "SEG-ADM-032"}
    # The succession of versions, across candidatures: tests/test_succession.py.
    elsewhere |= {"SEG-ADM-036", "SEG-ADM-037", "SEG-ADM-038", "SEG-ADM-039"}
    in_cases = {rule for _, _, expected in CASES for rule, _ in expected}
    declared = {rule.id for rule in all_rules() if rule.id.startswith("SEG-ADM-")}
    assert sorted(declared - in_cases - elsewhere) == []

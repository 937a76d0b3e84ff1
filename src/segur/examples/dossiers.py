"""The fictitious example dossiers of `dossiers/exemple-*`: data only (the first four here,
the others in `segur.examples.dossiers_instruction`).

Each entry is one candidature: its administrative content (`data` becomes `candidature.yaml`),
the small PDF documents that content names, the software documentation (deposited as proof
PROC.02.01.01 of the procedure chapter), and which chapters it deposits, according to the role
it plays in the lifecycle (see dossiers/README.md). `segur.examples.generator` turns this into
files.

Everything is invented: SIRETs have a valid key but made-up numbers, e-mail addresses use
reserved `example` domains and telephone numbers come from the ranges kept for fiction.
"""

from __future__ import annotations

import datetime as dt

from segur.examples.dossiers_instruction import MORE_DOSSIERS
from segur.examples.spec import ExampleDossier, personne
from segur.model.preuves import NatureCnda
from segur.rules.preuves.completeness import PROCEDURE_CHAPTER

SANTE_LOGICIELS = {
    "denomination_sociale": "Exemple Santé Logiciels SAS",
    "siret": "90100001800019",
    "forme_juridique": "SAS",
    "fonction_dirigeant": "Présidente",
    "adresse_siege": "12 rue de l'Exemple, 75015 Paris",
    "representant_legal": personne(
        "Claire", "Martin-Exemple", "claire.martin@exemple-sante.example.fr", "01 99 00 10 01"
    ),
    "contact_referencement": personne(
        "Hugo", "Bernard-Exemple", "referencement@exemple-sante.example.fr", "01 99 00 10 02"
    ),
}
DISTRIBUTEUR_SANTE = {
    "denomination_sociale": "Exemple Distribution Santé SA",
    "siret": "90100002600012",
    "date_signature_mandat": dt.date(2023, 1, 2),
    "date_fin_mandat": dt.date(2027, 12, 31),
}
DPI_VERSIONS = [
    {"version_technique": "5.0", "version_commerciale": "Exemple Dossier Patient 2023"},
    {"version_technique": "5.1", "version_commerciale": "Exemple Dossier Patient 2023"},
    {"version_technique": "5.2", "version_commerciale": "Exemple Dossier Patient 2024"},
]

_FIRST: tuple[ExampleDossier, ...] = (
    ExampleDossier(
        editeur="exemple-sante-logiciels",
        candidature="dpi-5-2",
        role="référencé",
        answers=0,
        data={
            "dispositif": "DPI",
            "version_rem": "va2-prepub-2023",
            "profils": ["general", "iam"],
            "editeur": SANTE_LOGICIELS,
            "charte": {
                "signataire": {"nom": "Martin-Exemple", "prenom": "Claire"},
                "qualite": "representant_legal",
                "date_acceptation": dt.date(2024, 9, 16),
                "version_charte": "V1.1",
            },
            "version_candidate": {
                "denomination_commerciale": "Exemple Dossier Patient",
                "date_previsionnelle_depot_preuves": dt.date(2024, 11, 4),
                "nie": "NIE-EXEMPLE-0001",
                "nil": "NIL-EXEMPLE-0101",
                "attestation_depot_cnda": "documents/attestation-depot-cnda.pdf",
            },
            "solution": {
                "version_technique": "5.2",
                "versions": DPI_VERSIONS,
                "distributeurs": [DISTRIBUTEUR_SANTE],
            },
            "composants_additionnels": [],
            "mainteneurs": ["exemple-claire-martin", "exemple-hugo-bernard"],
        },
        documents={
            "documents/attestation-depot-cnda.pdf": (
                "Attestation de dépôt CNDA - Exemple Dossier Patient 5.2"
            ),
        },
        documentation={
            "documentation-fonctionnelle.pdf": (
                "Documentation fonctionnelle - Exemple Dossier Patient 5.2"
            ),
        },
        # Referenced: every chapter complete, every CNDA homologation attested.
        deposited=None,
    ),
    ExampleDossier(
        editeur="exemple-sante-logiciels",
        candidature="dpi-5-3",
        role="complet, en instruction (version suivante de la même solution)",
        answers=0,
        data={
            "dispositif": "DPI",
            "version_rem": "va2-prepub-2023",
            "profils": ["general", "iam", "ie-usagers"],
            "editeur": SANTE_LOGICIELS,
            "charte": {
                "signataire": {"nom": "Martin-Exemple", "prenom": "Claire"},
                "qualite": "representant_legal",
                "date_acceptation": dt.date(2025, 3, 10),
                "version_charte": "V1.1",
            },
            "version_candidate": {
                "denomination_commerciale": "Exemple Dossier Patient",
                "date_previsionnelle_depot_preuves": dt.date(2025, 5, 5),
                "nie": "NIE-EXEMPLE-0001",
                "nil": "NIL-EXEMPLE-0102",
                "attestation_depot_cnda": "documents/attestation-depot-cnda.pdf",
            },
            "solution": {
                "version_technique": "5.3",
                # The new version names the candidature of the referenced 5.2 (§3.1.1).
                "version_precedente": "dpi-5-2",
                "versions": [
                    *DPI_VERSIONS,
                    {
                        "version_technique": "5.3",
                        "version_commerciale": "Exemple Dossier Patient 2025",
                    },
                ],
                "distributeurs": [DISTRIBUTEUR_SANTE],
            },
            "composants_additionnels": [],
            "mainteneurs": ["exemple-claire-martin", "exemple-hugo-bernard"],
        },
        documents={
            "documents/attestation-depot-cnda.pdf": (
                "Attestation de dépôt CNDA - Exemple Dossier Patient 5.3"
            ),
        },
        documentation={
            "documentation-fonctionnelle.pdf": (
                "Documentation fonctionnelle - Exemple Dossier Patient 5.3"
            ),
            "notes-de-version-5-3.pdf": "Notes de version 5.3 - Exemple Dossier Patient",
        },
        # Complete and under instruction; the DMP/AIRS homologation of 5.3 is still at the
        # CNDA: its pre-examination attestation completes the chapter (§3.3), with a warning.
        deposited=None,
        provisional_cnda={"DMP/AIRS": NatureCnda.PRE_EXAMEN},
    ),
    ExampleDossier(
        editeur="exemple-radiologie-conseil",
        candidature="ris-2024-2",
        role="sous sollicitation (groupement avec composants additionnels)",
        answers=1,
        data={
            "dispositif": "RIS",
            "version_rem": "va2-prepub-2023",
            "profils": ["general", "bal-app"],
            "editeur": {
                "denomination_sociale": "Exemple Radiologie Conseil SAS",
                "siret": "90100003400016",
                "forme_juridique": "SAS",
                "fonction_dirigeant": "Directeur général",
                "adresse_siege": "4 avenue du Modèle, 69007 Lyon",
                "representant_legal": personne(
                    "Karim",
                    "Exemple-Haddad",
                    "karim.haddad@exemple-radiologie.example.com",
                    "04 65 71 20 01",
                ),
                "contact_referencement": personne(
                    "Julie",
                    "Exemple-Roux",
                    "julie.roux@exemple-radiologie.example.com",
                    "+33 4 65 71 20 02",
                ),
            },
            "charte": {
                "signataire": {"nom": "Exemple-Haddad", "prenom": "Karim"},
                "qualite": "representant_legal",
                "date_acceptation": dt.date(2025, 1, 20),
                "version_charte": "V1.1",
            },
            "version_candidate": {
                "denomination_commerciale": "Exemple RIS Imagerie",
                "nie": "NIE-EXEMPLE-0003",
                "nil": "NIL-EXEMPLE-0301",
                "attestation_depot_cnda": "documents/attestation-depot-cnda.pdf",
            },
            "groupement": {
                "chef_de_file": "90100003400016",
                "membres": [
                    {
                        "denomination_sociale": "Exemple Imagerie Partenaires SARL",
                        "siret": "90100004200019",
                        "mandat": "documents/mandat-exemple-imagerie-partenaires.pdf",
                    }
                ],
            },
            "solution": {
                "version_technique": "2024.2",
                "versions": [
                    {
                        "version_technique": "2023.4",
                        "version_commerciale": "Exemple RIS Imagerie 2023",
                    },
                    {
                        "version_technique": "2024.1",
                        "version_commerciale": "Exemple RIS Imagerie 2024",
                    },
                    {
                        "version_technique": "2024.2",
                        "version_commerciale": "Exemple RIS Imagerie 2024",
                    },
                ],
            },
            "composants_additionnels": [
                {
                    "editeur": "Exemple Imagerie Partenaires SARL",
                    "siret": "90100004200019",
                    "denomination_commerciale": "Exemple Agenda Imagerie",
                    "version": "3.1",
                    "chapitre": "MSS",
                    "substitue_composant_principal": False,
                },
                {
                    "editeur": "Exemple Imagerie Partenaires SARL",
                    "siret": "90100004200019",
                    "denomination_commerciale": "Exemple Connecteur DMP",
                    "version": "1.8",
                    "chapitre": "DMP",
                    "substitue_composant_principal": True,
                    "nil": "NIL-EXEMPLE-0302",
                },
            ],
            "mainteneurs": ["exemple-julie-roux"],
        },
        documents={
            "documents/attestation-depot-cnda.pdf": (
                "Attestation de dépôt CNDA - Exemple RIS Imagerie 2024.2"
            ),
            "documents/mandat-exemple-imagerie-partenaires.pdf": (
                "Mandat donné au chef de file par Exemple Imagerie Partenaires SARL"
            ),
        },
        documentation={
            "documentation-ris.pdf": "Documentation - Exemple RIS Imagerie 2024.2",
        },
        # Deposited chapter by chapter; ANS is instructing (and soliciting on) these ones.
        deposited=("INS", "DMP", "MSS", "MSS/CONF", "SSI/GEN", PROCEDURE_CHAPTER),
    ),
    ExampleDossier(
        editeur="exemple-cabinet-numerique",
        candidature="lgc-3-0-1",
        role="refusé (réserves bloquantes du collège)",
        answers=2,
        data={
            "dispositif": "LGC",
            "version_rem": "va2-prepub-2023",
            "profils": ["general", "medecin-traitant"],
            "editeur": {
                "denomination_sociale": "Exemple Cabinet Numérique SASU",
                "siret": "90100005900013",
                "forme_juridique": "SASU",
                "fonction_dirigeant": "Président",
                "adresse_siege": "8 place de la Démonstration, 33000 Bordeaux",
                "representant_legal": personne(
                    "Marc",
                    "Exemple-Dubois",
                    "marc.dubois@exemple-cabinet.example.fr",
                    "05 36 49 30 01",
                ),
                "contact_referencement": personne(
                    "Marc",
                    "Exemple-Dubois",
                    "marc.dubois@exemple-cabinet.example.fr",
                    "05 36 49 30 01",
                ),
            },
            "charte": {
                "signataire": {"nom": "Exemple-Dubois", "prenom": "Marc"},
                "qualite": "representant_legal",
                "date_acceptation": dt.date(2024, 10, 7),
                "version_charte": "V1.1",
            },
            "version_candidate": {
                "denomination_commerciale": "Exemple Cabinet",
                "date_previsionnelle_depot_preuves": dt.date(2024, 12, 16),
                "nie": "NIE-EXEMPLE-0005",
                "nil": "NIL-EXEMPLE-0501",
                "attestation_depot_cnda": "documents/attestation-depot-cnda.pdf",
            },
            "solution": {
                "version_technique": "3.0.1",
                "versions": [
                    {"version_technique": "2.9", "version_commerciale": "Exemple Cabinet 2"},
                    {"version_technique": "2.10", "version_commerciale": "Exemple Cabinet 2"},
                    {"version_technique": "3.0.1", "version_commerciale": "Exemple Cabinet 3"},
                ],
            },
            "composants_additionnels": [],
            "mainteneurs": ["exemple-marc-dubois"],
        },
        documents={
            "documents/attestation-depot-cnda.pdf": (
                "Attestation de dépôt CNDA - Exemple Cabinet 3.0.1"
            ),
        },
        documentation={
            "documentation-cabinet.pdf": "Documentation - Exemple Cabinet 3.0.1",
        },
        # Went to the collège (hence complete, final attestations), which refused it.
        deposited=None,
    ),
)

DOSSIERS: tuple[ExampleDossier, ...] = (*_FIRST, *MORE_DOSSIERS)

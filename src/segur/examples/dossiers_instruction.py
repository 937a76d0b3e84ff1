"""More fictitious example dossiers (data only): a draft, candidatures deposited chapter by
chapter, and small DRIMbox (DB) and PFI candidatures added so that, together with
`segur.examples.dossiers`, the examples show every state of the lifecycle (their journals are in
`segur.examples.journal`). Everything is invented, as in `segur.examples.dossiers`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from segur.examples.spec import ExampleDossier, personne
from segur.model.preuves import NatureCnda
from segur.rules.preuves.completeness import PROCEDURE_CHAPTER

_CHARTE = "V1.1"


def _ascii(text: str) -> str:
    """Lower-case ASCII for e-mail addresses and forge logins: "Léa" -> "lea"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.lower()


def _solo(
    slug: str,
    candidature: str,
    role: str,
    *,
    societe: tuple[str, str, str, str, str],
    dirigeant: tuple[str, str, str],
    contact: tuple[str, str, str] | None,
    solution: tuple[str, str, tuple[str, ...]],
    depot: tuple[dt.date, dt.date],
    numero: int,
    dispositif: str = "DB",
    deposited: tuple[str, ...] | None = None,
) -> ExampleDossier:
    """A single-editor candidature: `societe` is (dénomination, SIRET, forme, fonction du
    dirigeant, siège); `dirigeant` and `contact` are (prénom, nom, téléphone); `solution` is
    (dénomination commerciale, version technique, earlier versions); `depot` is (charter
    acceptance, planned complete deposit)."""
    denomination, siret, forme, fonction, siege = societe
    domain = f"{slug}.example.fr"

    def person(who: tuple[str, str, str]) -> dict[str, str]:
        prenom, nom, tel = who
        login = _ascii(f"{prenom}.{nom}").replace("exemple-", "")
        return personne(prenom, nom, f"{login}@{domain}", tel)

    commercial, version, earlier = solution
    label = f"{commercial} {version}"
    data: dict[str, Any] = {
        "dispositif": dispositif,
        "version_rem": "va2-prepub-2023",
        "profils": ["general"],
        "editeur": {
            "denomination_sociale": denomination,
            "siret": siret,
            "forme_juridique": forme,
            "fonction_dirigeant": fonction,
            "adresse_siege": siege,
            "representant_legal": person(dirigeant),
            "contact_referencement": person(contact or dirigeant),
        },
        "charte": {
            "signataire": {"nom": dirigeant[1], "prenom": dirigeant[0]},
            "qualite": "representant_legal",
            "date_acceptation": depot[0],
            "version_charte": _CHARTE,
        },
        "version_candidate": {
            "denomination_commerciale": commercial,
            "date_previsionnelle_depot_preuves": depot[1],
            "nie": f"NIE-EXEMPLE-{numero:04d}",
            "nil": f"NIL-EXEMPLE-{numero:02d}01",
            "attestation_depot_cnda": "documents/attestation-depot-cnda.pdf",
        },
        "solution": {
            "version_technique": version,
            "versions": [
                {"version_technique": v, "version_commerciale": commercial}
                for v in (*earlier, version)
            ],
        },
        "composants_additionnels": [],
        "mainteneurs": [_ascii(f"exemple-{dirigeant[0]}-{slug.split('-')[-1]}")],
    }
    return ExampleDossier(
        editeur=f"exemple-{slug}",
        candidature=candidature,
        role=role,
        answers=numero % 3,
        data=data,
        documents={"documents/attestation-depot-cnda.pdf": f"Attestation de dépôt CNDA - {label}"},
        documentation={f"documentation-{slug}.pdf": f"Documentation - {label}"},
        deposited=deposited,
    )


MORE_DOSSIERS: tuple[ExampleDossier, ...] = (
    ExampleDossier(
        editeur="exemple-biologie-systemes",
        candidature="sgl-8-1",
        role="brouillon (dossier administratif rempli, aucune preuve déposée)",
        answers=1,
        data={
            "dispositif": "BIO",
            "version_rem": "va2-prepub-2023",
            "profils": ["general"],
            "editeur": {
                "denomination_sociale": "Exemple Biologie Systèmes SA",
                "siret": "90100006700016",
                "forme_juridique": "SA",
                "fonction_dirigeant": "Directrice générale",
                "adresse_siege": "3 quai de l'Exemple, 59000 Lille",
                "representant_legal": personne(
                    "Sophie",
                    "Exemple-Lambert",
                    "sophie.lambert@exemple-bio.example.fr",
                    "03 53 01 40 01",
                ),
                "contact_referencement": personne(
                    "Nicolas",
                    "Exemple-Petit",
                    "nicolas.petit@exemple-bio.example.fr",
                    "03 53 01 40 02",
                ),
            },
            "charte": {
                "signataire": {"nom": "Exemple-Lambert", "prenom": "Sophie"},
                "qualite": "representant_legal",
                "date_acceptation": dt.date(2025, 4, 1),
                "version_charte": "V1.1",
            },
            "version_candidate": {
                "denomination_commerciale": "Exemple SGL",
                "date_previsionnelle_depot_preuves": dt.date(2025, 10, 1),
                "nie": "NIE-EXEMPLE-0006",
                "nil": "NIL-EXEMPLE-0601",
                "attestation_depot_cnda": "documents/attestation-depot-cnda.pdf",
            },
            "solution": {
                "version_technique": "8.1",
                "versions": [
                    {"version_technique": "7.4", "version_commerciale": "Exemple SGL 7"},
                    {"version_technique": "8.0", "version_commerciale": "Exemple SGL 8"},
                    {"version_technique": "8.1", "version_commerciale": "Exemple SGL 8"},
                ],
            },
            "composants_additionnels": [],
            "mainteneurs": ["exemple-nicolas-petit"],
        },
        documents={
            "documents/attestation-depot-cnda.pdf": "Attestation de dépôt CNDA - Exemple SGL 8.1",
        },
        documentation={
            "documentation-sgl.pdf": "Documentation - Exemple SGL 8.1",
        },
        # Draft: administrative dossier only, every manifest as `segur new` wrote it.
        deposited=(),
    ),
    ExampleDossier(
        editeur="exemple-plateforme-sante",
        candidature="pfi-1-4",
        role="journée de test INS à planifier (dépôt par chapitre, signataire délégataire)",
        answers=2,
        data={
            "dispositif": "PFI",
            "version_rem": "va2-prepub-2023",
            "profils": ["general", "bal-app"],
            "editeur": {
                "denomination_sociale": "Association Exemple Plateforme Santé",
                "siret": "90100007500019",
                "forme_juridique": "association",
                "fonction_dirigeant": "Président",
                "adresse_siege": "21 boulevard de la Fiction, 13008 Marseille",
                "representant_legal": personne(
                    "Louis",
                    "Exemple-Garcia",
                    "louis.garcia@exemple-plateforme.example.org",
                    "04 65 71 50 01",
                ),
                "contact_referencement": personne(
                    "Inès",
                    "Exemple-Moreau",
                    "ines.moreau@exemple-plateforme.example.org",
                    "04 65 71 50 02",
                ),
            },
            "charte": {
                "signataire": {"nom": "Exemple-Moreau", "prenom": "Inès"},
                "qualite": "delegataire",
                "date_acceptation": dt.date(2025, 2, 3),
                "version_charte": "V1.1",
                "delegation_pouvoir": "documents/delegation-de-pouvoir.pdf",
            },
            "version_candidate": {
                "denomination_commerciale": "Exemple Intermédiation",
                "date_previsionnelle_depot_preuves": dt.date(2025, 6, 30),
                "nie": "NIE-EXEMPLE-0007",
                "nil": "NIL-EXEMPLE-0701",
                "attestation_depot_cnda": "documents/attestation-depot-cnda.pdf",
            },
            "solution": {
                "version_technique": "1.4",
                "versions": [
                    {"version_technique": "1.2", "version_commerciale": "Exemple Intermédiation"},
                    {"version_technique": "1.3", "version_commerciale": "Exemple Intermédiation"},
                    {"version_technique": "1.4", "version_commerciale": "Exemple Intermédiation"},
                ],
            },
            "composants_additionnels": [],
            "mainteneurs": ["exemple-ines-moreau"],
        },
        documents={
            "documents/attestation-depot-cnda.pdf": (
                "Attestation de dépôt CNDA - Exemple Intermédiation 1.4"
            ),
            "documents/delegation-de-pouvoir.pdf": (
                "Délégation de pouvoir du président à Inès Exemple-Moreau"
            ),
        },
        documentation={
            "documentation-plateforme.pdf": "Documentation - Exemple Intermédiation 1.4",
        },
        # Chapter by chapter: a few complete chapters, the others not deposited yet; the DMP
        # homologation is shown by a screenshot of the CNDA personal space (§3.3).
        deposited=(PROCEDURE_CHAPTER, "INS", "MSS/CONF", "DMP"),
        provisional_cnda={"DMP": NatureCnda.ESPACE_CNDA},
    ),
    _solo(
        "teleradiologie-sud",
        "db-3-1",
        "dossier administratif déposé, en attente de validation",
        societe=(
            "Exemple Téléradiologie Sud SAS",
            "90100008300005",
            "SAS",
            "Président",
            "4 allée de l'Exemple, 31000 Toulouse",
        ),
        dirigeant=("Julien", "Exemple-Blanc", "05 36 49 31 01"),
        contact=("Emma", "Exemple-Noir", "05 36 49 31 02"),
        solution=("Exemple Passerelle Images", "3.1", ("2.8", "3.0")),
        depot=(dt.date(2026, 10, 12), dt.date(2027, 2, 1)),
        numero=8,
        deposited=(),
    ),
    _solo(
        "logiciels-oublies",
        "db-0-9",
        "rejetée (sollicitation sans réponse sous 5 jours ouvrés)",
        societe=(
            "Exemple Logiciels Oubliés SARL",
            "90100008300013",
            "SARL",
            "Gérant",
            "9 impasse de la Fiction, 44000 Nantes",
        ),
        dirigeant=("Bruno", "Exemple-Leroy", "02 61 91 10 01"),
        contact=None,
        solution=("Exemple Visionneuse", "0.9", ("0.7", "0.8")),
        depot=(dt.date(2026, 9, 28), dt.date(2027, 1, 15)),
        numero=9,
        deposited=(),
    ),
    _solo(
        "messagerie-citoyenne",
        "pfi-2-0",
        "journée de test INS planifiée (chapitres PROCEDURE et INS déposés)",
        societe=(
            "Exemple Messagerie Citoyenne SAS",
            "90100008300021",
            "SAS",
            "Présidente",
            "15 rue du Modèle, 67000 Strasbourg",
        ),
        dirigeant=("Alice", "Exemple-Meyer", "03 53 01 41 01"),
        contact=("Thomas", "Exemple-Weber", "03 53 01 41 02"),
        solution=("Exemple Messagerie", "2.0", ("1.8", "1.9")),
        depot=(dt.date(2026, 9, 21), dt.date(2026, 10, 26)),
        numero=10,
        dispositif="PFI",
        deposited=(PROCEDURE_CHAPTER, "INS"),
    ),
    _solo(
        "imagerie-ouest",
        "db-1-2",
        "conforme, convention à signer",
        societe=(
            "Exemple Imagerie Ouest SAS",
            "90100008300039",
            "SAS",
            "Président",
            "2 quai de l'Exemple, 35000 Rennes",
        ),
        dirigeant=("Yann", "Exemple-Legall", "02 61 91 20 01"),
        contact=("Nolwenn", "Exemple-Morvan", "02 61 91 20 02"),
        solution=("Exemple DRIMbox Ouest", "1.2", ("1.0", "1.1")),
        depot=(dt.date(2026, 8, 24), dt.date(2026, 9, 28)),
        numero=11,
    ),
    _solo(
        "partage-images",
        "db-4-0",
        "convention signée par l'éditeur, prête pour le collège",
        societe=(
            "Exemple Partage Images SARL",
            "90100008300047",
            "SARL",
            "Gérante",
            "30 cours de l'Exemple, 69003 Lyon",
        ),
        dirigeant=("Léa", "Exemple-Roux", "04 65 71 60 01"),
        contact=("Karim", "Exemple-Haddad", "04 65 71 60 02"),
        solution=("Exemple Partage DRIMbox", "4.0", ("3.5", "3.6")),
        depot=(dt.date(2026, 8, 17), dt.date(2026, 9, 21)),
        numero=12,
    ),
    _solo(
        "imagerie-nord",
        "db-2-5",
        "attribuée par le collège, en attente de la signature de l'ANS",
        societe=(
            "Exemple Imagerie Nord SA",
            "90100008300054",
            "SA",
            "Président",
            "6 place de la Démonstration, 59800 Lille",
        ),
        dirigeant=("Paul", "Exemple-Fontaine", "03 53 01 42 01"),
        contact=("Chloé", "Exemple-Dupuis", "03 53 01 42 02"),
        solution=("Exemple DRIMbox Nord", "2.5", ("2.3", "2.4")),
        depot=(dt.date(2026, 8, 3), dt.date(2026, 9, 7)),
        numero=13,
    ),
)

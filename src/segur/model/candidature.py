"""The administrative candidature: `dossiers/<editeur>/<candidature>/candidature.yaml`.

Every field of §3.2 of the procedure is here, the fields marked (*) in the procedure being
required, with one exception: the software documentation (§3.2, "Documentation logiciel (*)") is
not a field. It is proof PROC.02.01.01 of the procedure chapter, deposited in
`preuves/PROCEDURE/preuves.yaml` beside the screenshot of the technical version (PROC.01.01.01,
§3.1.1). As a proof it has its sha256 in the manifest and appears in the deposit receipt (§3.9,
convention de preuve), which a file path typed here would not; and the same documentation typed
in two places could disagree.

This module holds the models, what a `candidature.yaml` is made of; the values they are built
from (SIRET, e-mail, telephone, forge login, legal form) and how each is judged on its own are
in `segur.model.valeurs`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from segur.model.base import (
    Date,
    Flag,
    Identifiant,
    IdentifiantLong,
    Model,
    Nom,
    NomPublie,
    Texte,
    TexteMultiligne,
)
from segur.model.valeurs import CheminFichier, Email, FormeJuridiqueLue, Logins, Siret, Telephone

CANDIDATURE_FILE = "candidature.yaml"
# The comment that opens the header of a fictitious dossier's files (`segur exemples` writes
# it): documents, badge and e-mails made from such a dossier carry a "fictitious" banner.
FICTITIOUS_MARK = "# Dossier fictif d'exemple"


class Personne(Model):
    nom: Nom = Field(title="Nom")
    prenom: Nom = Field(title="Prénom")
    email: Email = Field(title="Adresse électronique")
    telephone: Telephone = Field(title="Numéro de téléphone")


class Editeur(Model):
    denomination_sociale: NomPublie = Field(title="Dénomination sociale de l'entreprise")
    siret: Siret = Field(title="Numéro SIRET de l'entreprise")
    forme_juridique: FormeJuridiqueLue = Field(title="Forme juridique de l'entreprise")
    fonction_dirigeant: Texte = Field(
        title="Fonction du dirigeant ou responsable légal", examples=["Président", "CEO", "DG"]
    )
    adresse_siege: TexteMultiligne = Field(title="Adresse du siège social")
    representant_legal: Personne = Field(title="Représentant légal de l'entreprise")
    contact_referencement: Personne = Field(
        title="Personne à contacter dans le cadre du référencement"
    )
    deja_reference_vague_1: Flag = Field(
        default=False,
        title="Éditeur déjà référencé en vague 1 du Ségur",
        description="true si l'éditeur a obtenu un référencement en vague 1 : la journée de "
        "test INS (§3.4) ne concerne que les éditeurs non référencés en vague 1",
    )


class Signataire(Model):
    nom: Nom = Field(title="Nom du signataire")
    prenom: Nom = Field(title="Prénom du signataire")


QualiteSignataire = Literal["representant_legal", "delegataire"]
# A quality as people read it: the convention, the status, the e-mails print these words, never
# the YAML value.
QUALITE_WORDS: dict[str, str] = {
    "representant_legal": "représentant légal",
    "delegataire": "délégataire",
}


def quality_words(qualite: str) -> str:
    """`representant_legal` -> `représentant légal`; any other text is returned as written."""
    return QUALITE_WORDS.get(qualite, qualite)


class Charte(Model):
    """Acceptance of the Charte de référencement Ségur: it opens the administrative dossier."""

    signataire: Signataire = Field(title="Personne qui accepte la charte")
    qualite: QualiteSignataire = Field(
        title="Qualité du signataire",
        description="representant_legal : le représentant légal déclaré dans « editeur » ; "
        "delegataire : titulaire d'une délégation de pouvoir (fichier « delegation_pouvoir »)",
    )
    date_acceptation: Date = Field(title="Date d'acceptation de la charte (AAAA-MM-JJ)")
    version_charte: Identifiant = Field(title="Version de la charte acceptée")
    delegation_pouvoir: CheminFichier | None = Field(
        default=None, title="Délégation de pouvoir du signataire (si délégataire)"
    )


class VersionCandidate(Model):
    denomination_commerciale: NomPublie = Field(title="Dénomination commerciale")
    date_previsionnelle_depot_preuves: Date | None = Field(
        default=None, title="Date prévisionnelle du dépôt du dossier de preuves complet"
    )
    nie: Identifiant = Field(title="Numéro d'identification éditeur (NIE, délivré par le CNDA)")
    nil: Identifiant = Field(title="Numéro d'identification logiciel (NIL, délivré par le CNDA)")
    attestation_depot_cnda: CheminFichier = Field(
        title="Attestation de dépôt d'une demande de labellisation CNDA"
    )


class MembreGroupement(Model):
    denomination_sociale: NomPublie = Field(title="Dénomination sociale du membre")
    siret: Siret = Field(title="SIRET du membre")
    mandat: CheminFichier = Field(title="Mandat donné au chef de file")


class Groupement(Model):
    chef_de_file: Siret = Field(title="SIRET du chef de file (l'éditeur candidat)")
    # A groupement solidaire gathers a few companies; 50 is far above any known one.
    membres: list[MembreGroupement] = Field(
        min_length=1, max_length=50, title="Membres du groupement (hors chef de file)"
    )


class VersionSolution(Model):
    version_technique: Identifiant = Field(title="Numéro de version technique")
    version_commerciale: NomPublie = Field(
        title="Nom de version commerciale",
        description="plusieurs versions techniques peuvent partager un nom commercial",
    )


class Distributeur(Model):
    denomination_sociale: NomPublie = Field(title="Dénomination sociale du distributeur")
    siret: Siret = Field(title="SIRET du distributeur")
    date_signature_mandat: Date = Field(title="Date de signature du mandat de distribution")
    date_fin_mandat: Date = Field(title="Date de fin du mandat de distribution")


class Solution(Model):
    version_technique: Identifiant = Field(
        title="Numéro de version technique soumise au référencement"
    )
    # Bounds: a solution released monthly for 16 years has 200 versions; a network of
    # distributors counts tens of resellers, 200 leaves room.
    versions: list[VersionSolution] = Field(
        min_length=1,
        max_length=200,
        title="Historique des versions",
        description="chaque version existante, de la plus ancienne à la plus récente",
    )
    distributeurs: list[Distributeur] = Field(
        default_factory=list, max_length=200, title="Distributeurs mandatés (le cas échéant)"
    )
    # §3.1.1 and DESIGN §6: a new version is a new candidature that names its predecessor;
    # the public page of the solution shows the succession. Checked by
    # `segur.rules.succession` (SEG-ADM-036 to 039).
    version_precedente: Identifiant | None = Field(
        default=None,
        title="Candidature de la version précédente (nouvelle version d'une solution)",
        description="nom du dossier de la candidature précédente de la même solution, dans le "
        "dossier du même éditeur (par exemple « dpi-5-2 ») ; sa version technique doit précéder "
        "celle-ci. À omettre pour une première candidature",
    )


class ComposantAdditionnel(Model):
    editeur: NomPublie = Field(title="Éditeur du composant additionnel")
    # The name alone is free text: the SIRET identifies the editor, so that a component
    # edited by the chef de file itself is seen (SEG-ADM-033).
    siret: Siret = Field(
        title="SIRET de l'éditeur du composant additionnel",
        description="un membre du groupement ou un éditeur tiers, jamais le chef de file",
    )
    denomination_commerciale: NomPublie = Field(title="Dénomination commerciale du composant")
    version: Identifiant = Field(title="Version du composant")
    chapitre: Identifiant = Field(title="Chapitre du REM concerné (code)")
    substitue_composant_principal: Flag = Field(
        title="Se substitue au composant principal pour une homologation CNDA"
    )
    nil: Identifiant | None = Field(
        default=None, title="NIL du composant (seulement s'il se substitue)"
    )


class Candidature(Model):
    """One version candidate of one solution, for one dispositif (§3.2 of the procedure)."""

    dispositif: Identifiant = Field(title="Code du dispositif", examples=["DPI"])
    version_rem: Identifiant = Field(title="Version du REM", examples=["va2-prepub-2023"])
    # Bounds of the lists: a REM has a handful of profiles and a solution a few additional
    # components; a dossier is kept by a team, not by an organisation's whole directory.
    profils: list[IdentifiantLong] = Field(
        min_length=1,
        max_length=20,
        title="Profils demandés",
        description="« general » est obligatoire",
    )
    editeur: Editeur = Field(title="Informations relatives à l'éditeur")
    charte: Charte = Field(
        title="Acceptation de la charte de référencement",
        description="sans acceptation valable de la charte, le dossier n'est pas déposable",
    )
    version_candidate: VersionCandidate = Field(
        title="Informations relatives à la version candidate"
    )
    groupement: Groupement | None = Field(
        default=None, title="Groupement solidaire (le cas échéant)"
    )
    solution: Solution = Field(title="Informations sur la solution logicielle")
    composants_additionnels: list[ComposantAdditionnel] = Field(
        max_length=100, title="Composants additionnels", description="[] si la solution n'en a pas"
    )
    mainteneurs: Logins = Field(
        min_length=1,
        max_length=50,
        title="Mainteneurs",
        description="identifiants de forge autorisés à agir pour l'éditeur sur ce dossier",
    )

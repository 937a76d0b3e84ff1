"""The administrative candidature: `dossiers/<editeur>/<candidature>/candidature.yaml`.

Every field of §3.2 of the procedure is here, the fields marked (*) in the procedure being
required, with one exception: the software documentation (§3.2, "Documentation logiciel (*)") is
not a field. It is proof PROC.02.01.01 of the procedure chapter, deposited in
`preuves/PROCEDURE/preuves.yaml` beside the screenshot of the technical version (PROC.01.01.01,
§3.1.1). As a proof it has its sha256 in the manifest and appears in the deposit receipt (§3.9,
convention de preuve), which a file path typed here would not; and the same documentation typed
in two places could disagree.

Format checks that only need the value itself (SIRET, e-mail, telephone, forge login) live in
the model, so that any code that holds a `Candidature` holds valid values; they raise
`PydanticCustomError` with a stable type (see `CUSTOM_ERRORS`) so that the administrative rules
can report them under their own rule ID. Checks that need another field, the REM catalogue or
the file system are rules (`segur.rules.administratif`, `segur.rules.fichiers`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.fr import siret as stdnum_siret

from segur.model.base import (
    PATH_MAX,
    Chemin,
    Date,
    Flag,
    Identifiant,
    Model,
    Nom,
    NomPublie,
    Texte,
    TexteMultiligne,
    mixed_scripts,
    text_checker,
)

CANDIDATURE_FILE = "candidature.yaml"
# The comment that opens the header of a fictitious dossier's files (`segur exemples` writes
# it): documents, badge and e-mails made from such a dossier carry a "fictitious" banner.
FICTITIOUS_MARK = "# Dossier fictif d'exemple"

# Error types raised by the validators below; each has its own rule in the rules module.
SIRET_ERROR = "segur_siret"
EMAIL_ERROR = "segur_email"
PHONE_ERROR = "segur_telephone"
LOGIN_ERROR = "segur_login"
CUSTOM_ERRORS = (SIRET_ERROR, EMAIL_ERROR, PHONE_ERROR, LOGIN_ERROR)

FormeJuridique = Literal[
    "SA",
    "SAS",
    "SASU",
    "SARL",
    "EURL",
    "SNC",
    "SCS",
    "SCA",
    "SCOP",
    "SCIC",
    "SEL",
    "SEM",
    "SPL",
    "GIE",
    "GIP",
    "EI",
    "association",
    "fondation",
    "mutuelle",
    "établissement public",
]
FORMES_JURIDIQUES: tuple[str, ...] = get_args(FormeJuridique)
_FORMES_BY_FOLDED = {forme.casefold(): forme for forme in FORMES_JURIDIQUES}
# Common spellings that are not the canonical value.
_FORMES_BY_FOLDED.update(
    {
        "etablissement public": "établissement public",
        "entreprise individuelle": "EI",
        "micro-entreprise": "EI",
    }
)


def _canonical_forme(value: Any) -> Any:
    # "Sarl" is how the procedure itself spells it: accept any case, keep the canonical form.
    if isinstance(value, str):
        return _FORMES_BY_FOLDED.get(" ".join(value.split()).casefold(), value)
    return value


def _check_siret(value: str) -> str:
    # stdnum checks the length, the digits, the Luhn key of the SIREN and of the SIRET, and
    # knows La Poste's establishments (SIREN 356000000), whose SIRETs do not follow Luhn.
    try:
        siret = str(stdnum_siret.validate(value))
    except InvalidLength:
        detail = "un SIRET de 14 chiffres est attendu"
    except InvalidFormat:
        detail = "un SIRET de 14 chiffres, sans lettre, est attendu"
    except InvalidChecksum:
        detail = "la clé de contrôle est fausse (faute de frappe ?)"
    except ValidationError:
        detail = "numéro non reconnu : le SIRET exact de l'entreprise est attendu"
    else:
        # The Luhn key of 000000000 is valid, and the scaffold writes 00000000000000 as a
        # placeholder: a SIREN made of one repeated digit is never a real company.
        if len(set(siret[:9])) == 1:
            detail = (
                "numéro fictif (un seul chiffre répété) : le SIRET réel de l'entreprise est attendu"
            )
        else:
            return siret
    raise PydanticCustomError(SIRET_ERROR, "{detail}", {"detail": detail})


# RFC 5321 §4.5.3.1: 64 octets before the @, 254 in all (the limit of a forward path).
EMAIL_LOCAL_MAX = 64
EMAIL_MAX = 254
_check_line = text_checker(multiline=False)


def _check_email(value: str) -> str:
    expected = "une adresse de la forme prenom.nom@domaine.fr est attendue"
    _check_line(value)
    try:
        email = validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise PydanticCustomError(EMAIL_ERROR, "{detail}", {"detail": expected}) from None
    local_length = len(email.local_part.encode())
    if local_length > EMAIL_LOCAL_MAX:
        detail = (
            f"partie avant @ trop longue ({local_length} octets) : {EMAIL_LOCAL_MAX} octets au "
            "plus sont attendus"
        )
        raise PydanticCustomError(EMAIL_ERROR, "{detail}", {"detail": detail})
    # A domain is ASCII or written in one script: "exаmple.fr" with a Cyrillic "а" is another
    # domain than the one it imitates (an IDN homograph). The message shows the ASCII form,
    # which reveals the imitation.
    if mixed_scripts(email.domain):
        detail = (
            f"le domaine {email.ascii_domain} mêle plusieurs écritures (une lettre cyrillique ou "
            "grecque imite une lettre latine) : un domaine écrit dans une seule écriture est "
            "attendu"
        )
        raise PydanticCustomError(EMAIL_ERROR, "{detail}", {"detail": detail})
    return value


# "+33 (0)1 99 00 12 34" with its separators fits in 30 characters; a longer value is not a number.
PHONE_MAX = 30
_PHONE_CHARACTERS = frozenset("0123456789 +-.()")


def _check_phone(value: str) -> str:
    # phonenumbers reads letters as a keypad ("01 99 00 FLEUR") and full-width digits as digits:
    # only the ASCII digits and separators of a written French number are accepted.
    if not set(value) <= _PHONE_CHARACTERS:
        detail = (
            "seuls les chiffres 0 à 9, les espaces, les points, les tirets, les parenthèses et "
            "le signe + sont attendus, par exemple 01 99 00 12 34"
        )
        raise PydanticCustomError(PHONE_ERROR, "{detail}", {"detail": detail})
    # Region FR by default: "01 99 00 12 34" and "+33 1 99 00 12 34" are the same number.
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        detail = (
            "un numéro attribuable est attendu, par exemple 01 99 00 12 34 ou +33 1 99 00 12 34"
        )
        raise PydanticCustomError(PHONE_ERROR, "{detail}", {"detail": detail})
    return value


def _check_login(value: str) -> str:
    # GitHub's rules for a login: 1 to 39 ASCII letters, digits or single inner hyphens.
    parts = value.split("-")
    valid = (
        0 < len(value) <= 39
        and value.isascii()
        and all(part.isalnum() for part in parts)
        and all(parts)
    )
    if not valid:
        detail = (
            "un identifiant de forge est attendu (lettres, chiffres et tirets simples, "
            "39 caractères au plus)"
        )
        raise PydanticCustomError(LOGIN_ERROR, "{detail}", {"detail": detail})
    return value


def _unique_logins(value: list[str]) -> list[str]:
    seen: set[str] = set()
    for login in value:
        if login.casefold() in seen:
            detail = f"identifiant « {login} » en double : chaque mainteneur une seule fois"
            raise PydanticCustomError(LOGIN_ERROR, "{detail}", {"detail": detail})
        seen.add(login.casefold())
    return value


Siret = Annotated[
    str,
    # 14 digits, with room for the spaces of "732 829 320 00074".
    Field(
        min_length=1, max_length=30, description="SIRET (14 chiffres)", examples=["12345678900017"]
    ),
    AfterValidator(_check_line),
    AfterValidator(_check_siret),
]
Email = Annotated[
    str,
    Field(
        min_length=1,
        max_length=EMAIL_MAX,
        description="adresse électronique",
        examples=["prenom.nom@example.fr"],
    ),
    AfterValidator(_check_email),
]
Telephone = Annotated[
    str,
    Field(
        min_length=1,
        max_length=PHONE_MAX,
        description="numéro de téléphone",
        examples=["01 99 00 12 34"],
    ),
    AfterValidator(_check_line),
    AfterValidator(_check_phone),
]
CheminFichier = Annotated[
    Chemin,
    Field(
        min_length=1,
        max_length=PATH_MAX,
        description="chemin d'un fichier du dossier, relatif au dossier de candidature "
        "(par exemple documents/attestation-cnda.pdf)",
    ),
]
Login = Annotated[
    str,
    Field(min_length=1, max_length=39),
    AfterValidator(_check_line),
    AfterValidator(_check_login),
]


class Personne(Model):
    nom: Nom = Field(title="Nom")
    prenom: Nom = Field(title="Prénom")
    email: Email = Field(title="Adresse électronique")
    telephone: Telephone = Field(title="Numéro de téléphone")


class Editeur(Model):
    denomination_sociale: NomPublie = Field(title="Dénomination sociale de l'entreprise")
    siret: Siret = Field(title="Numéro SIRET de l'entreprise")
    forme_juridique: Annotated[FormeJuridique, BeforeValidator(_canonical_forme)] = Field(
        title="Forme juridique de l'entreprise"
    )
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


class ComposantAdditionnel(Model):
    editeur: NomPublie = Field(title="Éditeur du composant additionnel")
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
    profils: list[Identifiant] = Field(
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
    mainteneurs: Annotated[list[Login], AfterValidator(_unique_logins)] = Field(
        min_length=1,
        max_length=50,
        title="Mainteneurs",
        description="identifiants de forge autorisés à agir pour l'éditeur sur ce dossier",
    )

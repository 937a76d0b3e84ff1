"""The values of a candidature that are checked on their own: SIRET, e-mail, telephone, forge
login, legal form and the path of a dossier file.

Format checks that only need the value itself (SIRET, e-mail, telephone, forge login) live in
the model, so that any code that holds a `Candidature` holds valid values; they raise
`PydanticCustomError` with a stable type (see `CUSTOM_ERRORS`) so that the administrative rules
can report them under their own rule ID. Checks that need another field, the REM catalogue or
the file system are rules (`segur.rules.administratif`, `segur.rules.fichiers`). These types are
kept apart from the models of `segur.model.candidature`, which only assemble them: here is how a
value is judged (with phonenumbers, email-validator and stdnum), there is what a
`candidature.yaml` holds; the journal's events (`segur.model.evenements`) reuse `Email` too.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.fr import siret as stdnum_siret

from segur.model.base import PATH_MAX, Chemin, mixed_scripts, text_checker

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
# Any case of a legal form is accepted and read as its canonical value ("Sarl" is "SARL").
FormeJuridiqueLue = Annotated[FormeJuridique, BeforeValidator(_canonical_forme)]
# Forge logins of the maintainers, each once whatever its case.
Logins = Annotated[list[Login], AfterValidator(_unique_logins)]

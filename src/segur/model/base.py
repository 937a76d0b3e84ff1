"""Base of every model: unknown fields are errors, instances are immutable, and the strict
value types every model uses (dates, flags, texts, identifiers, names)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, StrictBool
from pydantic_core import PydanticCustomError


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# The first ANS procedures of the Ségur numérique date from 2021; the oldest dates a dossier
# names are those of past versions of a solution. Year 1, 1900 or a deposit planned in 1970
# are typing mistakes, never history.
EARLIEST_DATE = dt.date(1990, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _plausible(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("une date sans heure AAAA-MM-JJ est attendue")
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(
            f"date {value.isoformat()} invraisemblable : une date entre "
            f"{EARLIEST_DATE.year} et {LATEST_DATE.year} est attendue"
        )
    return value


# A date written as a YAML date (AAAA-MM-JJ, unquoted) and nothing else: pydantic's lax mode
# would also take a number of seconds since 1970 or a quoted string.
Date = Annotated[dt.date, Strict(), AfterValidator(_plausible)]
# Only `true` or `false`: lax mode would also take "yes", 1 or "1.0".
Flag = StrictBool


# --- Text ------------------------------------------------------------------------------------
# Every string of a dossier is untrusted: it is echoed to terminals and CI logs, published on
# the site and written into documents. The YAML loader refuses raw control characters in a file
# (SEG-YML-019), but a double-quoted YAML string still writes any of them as an escape ("\x1b",
# "\u202e"): the values themselves are checked here. Each refusal is a `PydanticCustomError`
# whose type has a French wording in `segur.load.validation`.
CHARACTER_ERROR = "segur_caractere"
SCRIPTS_ERROR = "segur_ecritures"
TEXT_ERRORS = (CHARACTER_ERROR, SCRIPTS_ERROR)

# Bounds, in characters, per kind of field. They are far above any honest value and far below
# what would slow the tools down or flood a page: the national register of companies (SIRENE)
# stores a company name in 120 characters at most, so 250 leaves room for a long "SAS X venant
# aux droits de Y"; a line of text (a function, a version name, a comment) fits in 500; a path
# of the dossier in 300 (git and most file systems stop at 255 bytes per name); an identifier
# (NIE, NIL, a version number, a requirement or proof ID) in 100; a message to or from the
# ANS, which may quote a procedure, in 10,000 (about four printed pages).
NAME_MAX = 250
LINE_MAX = 500
PATH_MAX = 300
IDENTIFIER_MAX = 100
MESSAGE_MAX = 10_000

# Bidirectional controls reorder what is displayed ("Éditeur \u202egpj.exe" shows as
# "Éditeur exe.jpg"): never legitimate in a dossier, whose languages are written left to right.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that make two identifiers look equal while they differ.
_INVISIBLE = frozenset("\u00ad\u034f\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")
_MULTILINE_ALLOWED = frozenset("\t\n\r")


def _nature(char: str) -> str | None:
    """Why `char` may not appear in any text, or None."""
    category = unicodedata.category(char)
    if char in _BIDI:
        return "inversion du sens d'écriture"
    if char in "\u2028\u2029":
        return "séparateur de ligne Unicode"
    if category == "Cc":  # C0, DEL and C1
        return "caractère de contrôle"
    if category == "Cs":
        return "demi-caractère UTF-16 isolé"
    return None


def _refuse(char: str, position: int, nature: str, expected: str) -> PydanticCustomError:
    return PydanticCustomError(
        CHARACTER_ERROR,
        "caractère {code} ({nature}) en position {position} : {expected}",
        {
            "code": f"U+{ord(char):04X}",
            "nature": nature,
            "position": position,
            "expected": expected,
        },
    )


def text_checker(*, multiline: bool) -> Callable[[str], str]:
    expected = (
        "un texte sans caractère de contrôle (hors tabulation et retour à la ligne) ni "
        "inversion du sens d'écriture est attendu"
        if multiline
        else "un texte sur une ligne, sans caractère de contrôle ni inversion du sens "
        "d'écriture, est attendu"
    )

    def check(value: str) -> str:
        for position, char in enumerate(value, start=1):
            if multiline and char in _MULTILINE_ALLOWED:
                continue
            nature = _nature(char)
            if nature is not None:
                raise _refuse(char, position, nature, expected)
        return value

    return check


def _check_identifier(value: str) -> str:
    # An identifier is compared and looked up: anything invisible makes "NIE-1" and "NIE-\u200b1"
    # two different values that print the same.
    expected = "un identifiant sans espace ni caractère invisible est attendu"
    for position, char in enumerate(value, start=1):
        nature = _nature(char)
        if nature is None and char in _INVISIBLE:
            nature = "caractère invisible"
        if nature is None and (char.isspace() or unicodedata.category(char) in ("Zs", "Cf")):
            nature = "espace" if char.isspace() else "caractère de mise en forme invisible"
        if nature is not None:
            raise _refuse(char, position, nature, expected)
    return value


def _check_path(value: str) -> str:
    text_checker(multiline=False)(value)
    expected = "un chemin sans caractère invisible est attendu"
    for position, char in enumerate(value, start=1):
        if char in _INVISIBLE or unicodedata.category(char) == "Cf":
            raise _refuse(char, position, "caractère invisible", expected)
    return value


# Scripts whose letters imitate each other: a word that mixes them ("exаmple" with a Cyrillic
# "а") is meant to deceive. Other mixes (Latin with accents, emoji, Japanese kana with kanji)
# are ordinary writing. The script of a letter is the first word of its Unicode name ("LATIN
# SMALL LETTER E WITH ACUTE", "CYRILLIC SMALL LETTER A"): the standard library is enough for
# these scripts, where the `confusable_homoglyphs` package would add a dependency whose data
# last changed in 2024 for the same answer.
_FRENCH = {
    "LATIN": "latine",
    "FULLWIDTH LATIN": "latine pleine chasse",
    "CYRILLIC": "cyrillique",
    "GREEK": "grecque",
    "ARMENIAN": "arménienne",
    "CHEROKEE": "cherokee",
    "COPTIC": "copte",
}
_CONFUSABLE_SCRIPTS = frozenset(_FRENCH)


def letter_script(char: str) -> str | None:
    """The script of a letter among the confusable ones, or None (not a letter, other script)."""
    if not unicodedata.category(char).startswith("L"):
        return None
    script = unicodedata.name(char, "").split(" ", 1)[0]
    if script == "FULLWIDTH":  # "FULLWIDTH LATIN CAPITAL LETTER A" is Latin in disguise
        script = "FULLWIDTH LATIN"
    return script if script in _CONFUSABLE_SCRIPTS else None


def mixed_scripts(text: str) -> set[str]:
    """The confusable scripts of `text`'s letters, when there are more than one."""
    scripts = {script for char in text if (script := letter_script(char)) is not None}
    return scripts if len(scripts) > 1 else set()


def _check_scripts(value: str) -> str:
    word: list[str] = []
    for char in [*value, " "]:
        if unicodedata.category(char)[0] in "LM":
            word.append(char)
            continue
        scripts = mixed_scripts("".join(word))
        if scripts:
            raise PydanticCustomError(
                SCRIPTS_ERROR,
                "le mot « {word} » mêle les écritures {scripts} : un nom écrit dans une seule "
                "écriture est attendu (une lettre cyrillique ou grecque imite une lettre latine)",
                {
                    "word": "".join(word),
                    "scripts": " et ".join(sorted(_FRENCH[s] for s in scripts)),
                },
            )
        word = []
    return value


# The schema shows the pattern; the validator says it in French (pydantic's pattern error would
# show the regular expression to the editor).
CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_code(value: str) -> str:
    if CODE_PATTERN.fullmatch(value) is None:
        raise ValueError(
            "un code en minuscules sans accent, chiffres et tirets simples est attendu "
            "(par exemple en-cours)"
        )
    return value


_line = AfterValidator(text_checker(multiline=False))
# A single line of text: a function, a version name, a comment, a chapter code.
Texte = Annotated[str, Field(min_length=1, max_length=LINE_MAX), _line]
# A line of text that may be left empty (`""`), such as the block or function of a REM
# requirement that the ANS workbook leaves blank.
TexteFacultatif = Annotated[str, Field(max_length=LINE_MAX), _line]
# A text of several lines: a postal address.
TexteMultiligne = Annotated[
    str, Field(min_length=1, max_length=LINE_MAX), AfterValidator(text_checker(multiline=True))
]
# A message to or from the ANS: several paragraphs, tabs and CRLF line ends are fine.
Message = Annotated[
    str, Field(min_length=1, max_length=MESSAGE_MAX), AfterValidator(text_checker(multiline=True))
]
# The same, where the source may leave it empty: a scenario of the REM without a description.
MessageFacultatif = Annotated[
    str, Field(max_length=MESSAGE_MAX), AfterValidator(text_checker(multiline=True))
]
# A person's name (never published, but printed in documents and e-mails).
Nom = Annotated[str, Field(min_length=1, max_length=NAME_MAX), _line]
# A name published on the site and in the convention: company, solution, commercial name.
NomPublie = Annotated[
    str, Field(min_length=1, max_length=NAME_MAX), _line, AfterValidator(_check_scripts)
]
# NIE, NIL, version numbers, chapter, requirement and proof IDs, execution IDs.
Identifiant = Annotated[
    str, Field(min_length=1, max_length=IDENTIFIER_MAX), AfterValidator(_check_identifier)
]
# A code made of lowercase ASCII letters, digits and inner hyphens: a question, an answer, a
# profile of the REM. A REM profile's code is its label made a slug, which can be long
# ("authentification-electronique-unipersonnel-avec-utilisation-du-rpps-rang-…", 130
# characters): bounded as a name, not as an identifier.
Code = Annotated[
    str,
    Field(min_length=1, max_length=NAME_MAX, json_schema_extra={"pattern": CODE_PATTERN.pattern}),
    AfterValidator(_check_code),
]
# An identifier that names a REM profile: its code is its label made a slug, 130 characters
# for the longest profile of the RIS REM, over an identifier's bound.
IdentifiantLong = Annotated[
    str, Field(min_length=1, max_length=NAME_MAX), AfterValidator(_check_identifier)
]
# A path inside the dossier, as written by the editor.
Chemin = Annotated[str, Field(min_length=1, max_length=PATH_MAX), AfterValidator(_check_path)]

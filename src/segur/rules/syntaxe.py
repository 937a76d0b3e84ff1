"""Rules of the YAML loader (SEG-YML-001 to 020): what makes a file unreadable or unsafe.

Declared here, checked by the YAML loader (`segur.load.document` and the `screening` and
`composer` modules it calls, the only code that reads YAML), which names them by ID when it
reports one (the loader is a lower stage than the rules).
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import define

SIZE = define(
    "SEG-YML-001",
    Severity.ERROR,
    "Fichier YAML trop volumineux",
    "fichier de {size} octets : la taille maximale d'un fichier YAML est {limit} octets",
)
BOM = define(
    "SEG-YML-002",
    Severity.ERROR,
    "Marque d'ordre des octets (BOM) interdite",
    "le fichier commence par une marque BOM : enregistrez-le en UTF-8 sans BOM",
)
UTF8 = define(
    "SEG-YML-003",
    Severity.ERROR,
    "Encodage UTF-8 invalide",
    "octet {byte} invalide en UTF-8 : le fichier doit être encodé en UTF-8",
)
TAB = define(
    "SEG-YML-004",
    Severity.ERROR,
    "Tabulation dans l'indentation",
    "tabulation dans l'indentation : YAML n'accepte que des espaces pour indenter",
)
EMPTY = define(
    "SEG-YML-005",
    Severity.ERROR,
    "Fichier vide",
    "le fichier est vide : un document YAML (dictionnaire de champs) est attendu",
)
SYNTAX = define(
    "SEG-YML-006",
    Severity.ERROR,
    "Syntaxe YAML invalide",
    "syntaxe YAML invalide : {problem}",
)
NOT_MAPPING = define(
    "SEG-YML-007",
    Severity.ERROR,
    "Le document n'est pas un dictionnaire",
    "le document est {found} : un dictionnaire de champs (clé: valeur) est attendu",
)
MULTI_DOC = define(
    "SEG-YML-008",
    Severity.ERROR,
    "Plusieurs documents dans un fichier",
    "un seul document YAML est attendu par fichier (séparateur « --- » en trop)",
)
DUPLICATE = define(
    "SEG-YML-009",
    Severity.ERROR,
    "Clé en double",
    "clé « {key} » en double (déjà définie ligne {first_line}) : chaque clé doit être unique",
)
ANCHOR = define(
    "SEG-YML-010",
    Severity.ERROR,
    "Ancre ou alias YAML interdit",
    "{what} « {name} » interdit : recopiez la valeur, les ancres et alias ne sont pas acceptés",
)
KEY_TYPE = define(
    "SEG-YML-011",
    Severity.ERROR,
    "Clé qui n'est pas une chaîne",
    "clé {found} : toutes les clés doivent être des chaînes (mettez-la entre guillemets)",
)
TAG = define(
    "SEG-YML-012",
    Severity.ERROR,
    "Étiquette YAML non autorisée",
    "étiquette « {tag} » non autorisée : seuls les types YAML simples sont acceptés",
)
IMPOSSIBLE_DATE = define(
    "SEG-YML-017",
    Severity.ERROR,
    "Date impossible",
    "date « {value} » impossible ({problem}) : une date réelle AAAA-MM-JJ est attendue",
)
SYMLINK = define(
    "SEG-YML-018",
    Severity.ERROR,
    "Lien symbolique refusé",
    "« {name} » est un lien symbolique : un fichier YAML du dépôt doit être un fichier ordinaire",
)
UNREADABLE = define(
    "SEG-YML-016",
    Severity.ERROR,
    "Fichier illisible",
    "fichier illisible : {reason}",
)
FORBIDDEN_CHARACTER = define(
    "SEG-YML-019",
    Severity.ERROR,
    "Caractère interdit",
    "caractère interdit {code} ({name}) : les caractères de contrôle, les inversions du sens "
    "d'écriture et les séparateurs Unicode n'ont pas leur place dans un dossier ; "
    "supprimez-le ou retapez le texte",
)
TOO_DEEP = define(
    "SEG-YML-020",
    Severity.ERROR,
    "Imbrication trop profonde",
    "imbrication trop profonde : plus de {limit} niveaux de listes ou de dictionnaires ; "
    "aucun fichier du dossier n'en demande autant",
)

"""What `segur rem import` reports about ANS's spreadsheets (SEG-IMP-*).

Positions are `<file>#<sheet>:<row>:<column>`: a row the import cannot use is named, never
silently dropped. Severities follow `segur.rules.rem`: ANS's own inconsistencies are warnings.
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import Rule, define
from segur.rules.rem import nested

__all__ = ["Rule", "nested"]

# --- Import of the spreadsheets (positions: `<file>#<sheet>:<row>:<column>`) ----------------

IMP_UNREADABLE = define(
    "SEG-IMP-001",
    Severity.ERROR,
    "Classeur illisible",
    "classeur illisible : {reason} (un fichier .xlsx est attendu)",
)
IMP_LAYOUT = define(
    "SEG-IMP-002",
    Severity.ERROR,
    "Format de classeur non reconnu",
    "aucune feuille reconnue : une ligne d'en-tête du classeur ANS de pré-publication "
    "(arbitrage, REM, ID Section, reference, …) ou de l'export Convergence (ID, Chapitre, "
    "Exigence, Profil, N° scénario, …) est attendue",
)
IMP_ARBITRAGE = define(
    "SEG-IMP-003",
    Severity.WARNING,
    "Arbitrage inconnu",
    "ligne ignorée : arbitrage « {value} » inconnu (attendu : Approuvée, Obsolète ou "
    "A retravailler)",
)
IMP_UNKNOWN_REM = define(
    "SEG-IMP-004",
    Severity.WARNING,
    "REM inconnu",
    "ligne ignorée : REM « {value} » inconnu (attendu : BIO, DB, DPI, LGC, PFI ou RIS)",
)
IMP_NO_ID = define(
    "SEG-IMP-005",
    Severity.WARNING,
    "Exigence sans identifiant",
    "ligne ignorée : l'identifiant de l'exigence est vide",
)
IMP_BAD_ID = define(
    "SEG-IMP-006",
    Severity.WARNING,
    "Identifiant illisible",
    "identifiant {what} « {value} » ignoré : seuls lettres, chiffres, « / », « . », « _ » "
    "et « - » sont attendus",
)
IMP_NO_CHAPTER = define(
    "SEG-IMP-007",
    Severity.WARNING,
    "Chapitre absent",
    "chapitre absent : code « {code} » déduit de l'identifiant de l'exigence",
)
IMP_SCENARIO_NO_ID = define(
    "SEG-IMP-008",
    Severity.WARNING,
    "Scénario sans identifiant",
    "scénario de l'exigence {req} ignoré avec ses preuves : l'identifiant du scénario est vide",
)
IMP_PROOF_NO_ID = define(
    "SEG-IMP-009",
    Severity.WARNING,
    "Preuve sans identifiant",
    "preuve ignorée : « {text} » n'a pas d'identifiant (attendu : « ID : libellé »)",
)
IMP_PROOF_LINE = define(
    "SEG-IMP-010",
    Severity.WARNING,
    "Ligne de preuve illisible",
    "texte ignoré : « {text} » ne commence pas par « ID : libellé »",
)
IMP_PROOF_NO_LABEL = define(
    "SEG-IMP-011",
    Severity.WARNING,
    "Preuve sans libellé",
    "preuve {id} ignorée : son libellé est vide",
)
IMP_SCENARIO_NESTING = define(
    "SEG-IMP-012",
    Severity.WARNING,
    "Scénario mal rattaché",
    "scénario {id} importé tel quel mais son identifiant devrait être {parent}.NN "
    "(exigence {parent})",
)
IMP_PROOF_NESTING = define(
    "SEG-IMP-013",
    Severity.WARNING,
    "Preuve mal rattachée",
    "preuve {id} importée telle quelle mais son identifiant devrait être {parent}.NN "
    "(scénario {parent})",
)
IMP_DUPLICATE_REQ = define(
    "SEG-IMP-014",
    Severity.WARNING,
    "Identifiant d'exigence réutilisé",
    "exigence {id} (id exigence {squash}) : même identifiant, même énoncé et même profil que "
    "l'exigence {other} de la ligne {ligne} ; une seule exigence est importée, avec les "
    "scénarios et preuves des deux",
)
IMP_DIVERGENT = define(
    "SEG-IMP-015",
    Severity.WARNING,
    "Valeurs divergentes pour une exigence",
    "exigence {id} : {field} différent de la ligne {ligne} ; la valeur de la ligne {ligne} "
    "est conservée",
)
IMP_DUPLICATE_PROOF = define(
    "SEG-IMP-016",
    Severity.WARNING,
    "Preuve en double",
    "preuve {id} déjà importée ligne {ligne} avec le même libellé : doublon ignoré",
)
IMP_NATURE = define(
    "SEG-IMP-017",
    Severity.WARNING,
    "Nature indéterminée",
    "exigence {id} : ni « DOIT » ni « PEUT » dans l'énoncé et pas de nature dans le socle ; "
    "nature « exigence » retenue",
)
IMP_CRITICITE = define(
    "SEG-IMP-018",
    Severity.WARNING,
    "Criticité inconnue",
    "exigence {id} : criticité « {value} » ignorée (attendu : Mineure, Majeure ou Critique)",
)
IMP_KINDS = define(
    "SEG-IMP-019",
    Severity.WARNING,
    "Types de preuve non reconnus",
    "preuve {id} : type non reconnu dans le libellé « {text} » ; types acceptés par défaut : "
    "{kinds} (à préciser dans rem/surcharges-types-preuves.yaml)",
)
IMP_CHAPTER_LABEL = define(
    "SEG-IMP-020",
    Severity.WARNING,
    "Libellés divergents pour un chapitre",
    "chapitre {code} du REM {rem} : {count} libellés différents dans la source ; "
    "« {kept} » est retenu",
)
IMP_OVERRIDE_UNUSED = define(
    "SEG-IMP-021",
    Severity.WARNING,
    "Surcharge de types inutilisée",
    "preuve {id} absente des REM importés : cette surcharge de types n'a aucun effet",
)
IMP_SCENARIO_LABEL = define(
    "SEG-IMP-022",
    Severity.WARNING,
    "Scénario sans libellé",
    "scénario {id} de l'exigence {req} importé sans libellé : la cellule est vide",
)
IMP_CHAPTER_CASE = define(
    "SEG-IMP-024",
    Severity.WARNING,
    "Code de chapitre à la casse près",
    "exigence {id} : chapitre « {found} » rangé dans le chapitre « {kept} » (même code à la "
    "casse près ; un seul fichier par chapitre)",
)
IMP_MERGED_PROOF = define(
    "SEG-IMP-025",
    Severity.WARNING,
    "Preuves de même identifiant fusionnées",
    "preuve {id} déjà listée ligne {ligne} dans le même scénario avec un autre libellé : les deux "
    "libellés sont réunis en une seule preuve (un dossier ne peut fournir qu'une preuve par "
    "identifiant)",
)
IMP_SAME_ID = define(
    "SEG-IMP-026",
    Severity.WARNING,
    "Exigences distinctes de même identifiant",
    "l'identifiant {id} désigne deux exigences distinctes ({first} et la ligne {ligne} : "
    "{differs}) ; celle de {first} garde {id}, celle de la ligne {ligne} est importée à part "
    "sous {new} "
    "(suffixe ajouté par l'import ; ses scénarios et preuves gardent leurs identifiants ANS)",
)
IMP_FILE_CLASH = define(
    "SEG-IMP-023",
    Severity.ERROR,
    "Chapitres de même nom de fichier",
    "chapitres {first} et {second} du REM {rem} : même nom de fichier {file}",
)

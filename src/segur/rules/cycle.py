"""The rules of the lifecycle (SEG-CYC-0NN): impossible sequences of the journal, the INS test
day recording, and the uniqueness of attestation numbers.

The sequence rules are applied by `segur.lifecycle.replay` while it replays the journal in the
order of `segur.lifecycle.chronology`; this module declares them (one registry entry each) and
holds the judgement of the INS recording (read by `segur.dossier.recordings`) and the check
that needs several candidatures.
"""

from __future__ import annotations

from collections.abc import Iterable

from segur.findings.finding import Finding, Severity
from segur.findings.registry import define
from segur.load.proof_file import ProofFile
from segur.model.evenements import InsResultat
from segur.model.preuves import Fichier
from segur.model.rem import ProofKind
from segur.repository.journal import JournalEvent
from segur.rules.preuves.completeness import ExpectedProof
from segur.rules.preuves.files import Problem, judge

UNKNOWN_SOLICITATION = define(
    "SEG-CYC-003",
    Severity.ERROR,
    "Réponse à une sollicitation inconnue",
    "la réponse vise « {name} », qui n'est pas une sollicitation (ni une demande de "
    "complément) arrivée avant elle dans le journal de cette candidature",
)
VERDICT_INCOMPLETE_CHAPTER = define(
    "SEG-CYC-004",
    Severity.ERROR,
    "Verdict sur un chapitre non complet",
    "verdict sur le chapitre {chapitre}, qui n'était pas complet sur main à l'arrivée du "
    "verdict : l'instruction ne commence qu'avec un chapitre complet (§3.4)",
)
VERDICT_CONTENT = define(
    "SEG-CYC-005",
    Severity.ERROR,
    "Verdict incomplet ou hors du chapitre",
    "{detail}",
)
EARLY_SIGNATURE = define(
    "SEG-CYC-006",
    Severity.ERROR,
    "Convention signée trop tôt",
    "signature de la convention par l'éditeur alors que {detail} : l'ANS ne soumet la "
    "convention qu'une fois toutes les preuves validées, homologations CNDA définitives "
    "comprises (§3.5)",
)
DECISION_WITHOUT_SIGNATURE = define(
    "SEG-CYC-007",
    Severity.ERROR,
    "Décision du collège avant la signature de l'éditeur",
    "décision du collège sans signature préalable de la convention par l'éditeur : la "
    "signature est un prérequis de la présentation au collège (§3.5)",
)
ATTRIBUTION_NOT_CONFORME = define(
    "SEG-CYC-008",
    Severity.ERROR,
    "Attribution avec un chapitre non conforme",
    "attribution du référencement alors que {detail}",
)
RESERVES_WITHOUT_REASONS = define(
    "SEG-CYC-009",
    Severity.ERROR,
    "Réserves bloquantes sans motif",
    "réserves bloquantes sans motif : la non-attribution est communiquée à l'éditeur avec la "
    "ou les raisons qui l'expliquent (§3.5.1) ; renseignez « motifs »",
)
ANS_SIGNATURE_WITHOUT_ATTRIBUTION = define(
    "SEG-CYC-010",
    Severity.ERROR,
    "Signature de l'ANS sans attribution",
    "signature de la convention par la direction de l'ANS {detail} : elle suit l'attribution "
    "du référencement par le collège (§3.5.2)",
)
DATED_BEFORE_PREREQUISITE = define(
    "SEG-CYC-011",
    Severity.ERROR,
    "Événement daté avant ce qu'il suppose",
    "événement daté du {date}, antérieur à {what} ({when})",
)
DATED_AFTER_ARRIVAL = define(
    "SEG-CYC-012",
    Severity.ERROR,
    "Événement daté après son arrivée sur main",
    "événement daté du {date} mais arrivé sur main le {arrival} : un acte ne peut être "
    "enregistré avant d'avoir eu lieu",
)
INS_SEQUENCE = define(
    "SEG-CYC-013",
    Severity.ERROR,
    "Journée de test INS hors séquence",
    "{detail} (§3.4 : proposition de l'ANS sous deux semaines après le chapitre INS complet, "
    "confirmation par l'éditeur, journée de test, résultat)",
)
INS_RECORDING = define(
    "SEG-CYC-014",
    Severity.ERROR,
    "Enregistrement de la journée de test INS invalide",
    "champ « enregistrement » : {detail}",
)
ATTESTATION_COLLISION = define(
    "SEG-CYC-015",
    Severity.ERROR,
    "Numéro d'attestation en double",
    "le numéro d'attestation {numero} est aussi celui de {other} : deux référencements ne "
    "peuvent partager un numéro",
)
NOTIFICATION_DECISION = define(
    "SEG-CYC-016",
    Severity.ERROR,
    "Notification d'un acte inconnu, déjà notifié ou qui ne demande rien à l'éditeur",
    "{detail}",
)
AFTER_CLOSURE = define(
    "SEG-CYC-017",
    Severity.WARNING,
    "Événement après la clôture de la candidature",
    "événement « {type} » du {date} sur une candidature {closure} : il ne change plus son état",
)
CHAPTER_SOLICITATION = define(
    "SEG-CYC-018",
    Severity.ERROR,
    "Sollicitation sur un chapitre non instruit",
    "sollicitation sur le chapitre {chapitre}, {detail} : l'ANS sollicite l'éditeur sur les "
    "preuves d'un chapitre complet en cours d'instruction (§3.4)",
)
ADMIN_NOT_DEPOSITED = define(
    "SEG-CYC-019",
    Severity.ERROR,
    "Dossier administratif non déposé",
    "« {type} » alors que le dossier administratif complet n'était pas encore sur main",
)
AUDIT_BEFORE_REFERENCING = define(
    "SEG-CYC-020",
    Severity.ERROR,
    "Audit avant le référencement",
    "audit de conformité d'une solution qui n'est pas encore référencée : les audits portent "
    "sur la solution référencée telle qu'elle est commercialisée (§3.1.3)",
)
SECOND_DECISION = define(
    "SEG-CYC-021",
    Severity.ERROR,
    "Seconde décision du collège",
    "le collège a déjà statué sur cette candidature ({first}) : sa décision est définitive ; "
    "une nouvelle demande passe par une nouvelle candidature",
)
SESSION_DAY = define(
    "SEG-CYC-022",
    Severity.WARNING,
    "Séance du collège un autre jour que le jour habituel",
    "séance du {seance} : le collège se réunit chaque semaine le {weekday} (segur college)",
)
INCONSISTENT = define(
    "SEG-CYC-023",
    Severity.ERROR,
    "Contenu d'événement incohérent",
    "{detail}",
)
LATE_REPLY = define(
    "SEG-CYC-024",
    Severity.WARNING,
    "Réponse arrivée après le délai",
    "réponse à la sollicitation « {name} » arrivée sur main le {arrival}, après le délai de 5 "
    "jours ouvrés qui expirait le {deadline} : la demande de référencement est rejetée "
    "(§3.2) et le reste, la date du nom du fichier ne compte pas",
)
LIFECYCLE_SKIPPED = define(
    "SEG-CYC-025",
    Severity.WARNING,
    "Cycle de vie non vérifié : dossier administratif en erreur",
    "le dossier administratif (candidature.yaml, questionnaire SSI) ne se charge pas ou n'est "
    "pas valide : les règles de séquence du journal ({count} événement(s)) ne sont pas "
    "appliquées tant que ses erreurs, signalées par ailleurs, ne sont pas corrigées",
)

# The gates of the procedure (SEG-CYC-030 …), applied by `segur.lifecycle.replay_checks`.
ADMIN_NOT_VALIDATED = define(
    "SEG-CYC-030",
    Severity.ERROR,
    "Dossier administratif non validé",
    "« {type} » alors que l'ANS n'avait pas encore validé le dossier administratif : la "
    "procédure commence par « le dépôt et la validation du dossier administratif » (§3, "
    "première phase ; §3.2) ; enregistrez d'abord une « validation-administrative » avec "
    "« resultat: acceptee »",
)
INS_TEST_FAILED = define(
    "SEG-CYC-031",
    Severity.ERROR,
    "Chapitre INS conforme après une journée de test non conforme",
    "verdict conforme sur le chapitre INS alors que la journée de test INS consignée le "
    "{date} est non conforme : une nouvelle journée de test (proposition de l'ANS, "
    "confirmation de l'éditeur, résultat conforme) doit d'abord avoir lieu (§3.4, cas "
    "particulier de l'INS)",
)
AUDIT_VERSION = define(
    "SEG-CYC-032",
    Severity.ERROR,
    "Audit d'une autre version que la version référencée",
    "audit de la version {audited}, alors que la candidature référence la version technique "
    "{referenced} : un audit contrôle la solution référencée « telle qu'elle est "
    "effectivement commercialisée » (§3.1.3) ; une autre version relève d'une autre "
    "candidature",
)

# Pinned verdicts and frozen candidatures (SEG-CYC-026 … 029): what was instructed is what is
# referenced (§3.4, §3.5.1).
VERDICT_OTHER_CONTENT = define(
    "SEG-CYC-026",
    Severity.ERROR,
    "Verdict sur un autre contenu que le chapitre",
    "le verdict ne porte pas sur le contenu du chapitre {chapitre} : son empreinte {empreinte} "
    "n'est pas celle du chapitre {where} ({actual}) ; il a jugé autre chose que ce qui était "
    "déposé. Recalculez-la avec « segur instruction verdict » sur le chapitre déposé",
)
VERDICT_STALE = define(
    "SEG-CYC-027",
    Severity.WARNING,
    "Verdict périmé : le chapitre a changé depuis",
    "verdict périmé sur le chapitre {chapitre} ({detail}) : il jugeait un contenu qui n'est "
    "plus celui du chapitre ; le chapitre revient dans la file d'instruction et doit être "
    "instruit à nouveau avant la convention (§3.4, §3.5)",
)
FROZEN_CANDIDATURE = define(
    "SEG-CYC-028",
    Severity.ERROR,
    "Candidature décidée modifiée",
    "{file} {how} : candidature décidée le {decided} : figée (§3.5.1, la version est "
    "référencée en l'état) ; une nouvelle version est une nouvelle candidature. Seules les "
    "coordonnées de contact de candidature.yaml peuvent encore changer",
)

_RECORDING_PROBLEMS = {
    Problem.OUTSIDE: "chemin {chemin} interdit : l'enregistrement doit être un fichier du "
    "dossier de candidature",
    Problem.MISSING: "fichier {chemin} introuvable dans le dossier de candidature",
    Problem.NOT_A_FILE: "{chemin} n'est pas un fichier",
    Problem.EMPTY: "le fichier {chemin} est vide",
    Problem.TOO_BIG: "le fichier {chemin} dépasse la taille maximale d'une vidéo",
    Problem.WRONG_TYPE: "le fichier {chemin} n'est pas une vidéo (contenu reconnu : {found})",
    Problem.HASH: "le sha256 de {chemin} ne correspond pas : le fichier a changé depuis "
    "l'examen (sha256 actuel {found})",
    Problem.CORRUPT: "le fichier {chemin} n'est pas une vidéo valide : {reason}",
    Problem.TRAILING: "le fichier {chemin} contient du contenu ajouté après la fin de la vidéo "
    "({reason})",
    Problem.ACTIVE: "le fichier {chemin} contient du contenu actif ({reason})",
    Problem.LFS_POINTER: "{chemin} est un pointeur Git LFS invalide : {reason}",
}
RECORDING = ExpectedProof(
    id="journee-test-ins",
    libelle="Enregistrement de la journée de test INS",
    types=(ProofKind.VIDEO,),
    exigence="INS",
    chapitre="INS",
)


def recording_finding(event: JournalEvent, record: ProofFile) -> Finding | None:
    """An INS test-day result names a real video of the dossier, with its sha256 (§3.9):
    `record` is what the file system says about the file it names (`segur.dossier.recordings`
    reads it)."""
    if not isinstance(event.event, InsResultat):
        return None
    recording = event.event.enregistrement
    fichier = Fichier(chemin=recording.chemin, sha256=recording.sha256)
    verdict = judge(record, fichier, RECORDING)
    if verdict.ok:
        return None
    template = _RECORDING_PROBLEMS[verdict.problem or Problem.MISSING]
    detail = template.format(chemin=f"« {recording.chemin} »", **verdict.detail)
    loc = ("enregistrement", "sha256" if verdict.problem == Problem.HASH else "chemin")
    return event.finding(INS_RECORDING, loc, detail=detail)


def check_attestation_numbers(numbers: Iterable[tuple[str, str, JournalEvent]]) -> list[Finding]:
    """(numero, dossier, decision event) of every attribution: each number is unique."""
    seen: dict[str, list[tuple[str, JournalEvent]]] = {}
    for numero, dossier, event in numbers:
        seen.setdefault(numero, []).append((dossier, event))
    findings: list[Finding] = []
    for numero, owners in seen.items():
        if len(owners) < 2:
            continue
        for dossier, event in owners:
            others = ", ".join(d for d, _ in owners if d != dossier) or dossier
            findings.append(
                event.finding(ATTESTATION_COLLISION, ("decision",), numero=numero, other=others)
            )
    return findings

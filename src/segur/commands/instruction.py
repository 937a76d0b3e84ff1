"""`segur instruction <acte> DOSSIER [options]`: one sub-command per act of the journal.

Each writes ONE event file `DOSSIER/journal/<AAAA-MM-JJ>-<type>[-<suffixe>].yaml`, pre-filled
(a verdict lists every applicable requirement and the chapter's digest, an INS result the
recording's sha256), after checking it as `segur check` will (`segur.authoring.journal_acts`):
on error nothing is written. This module declares the sub-commands; `instruction_run` builds
and writes the act.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, get_args

from segur.commands.arguments import DossierPath, add_today, iso_date
from segur.commands.instruction_run import instruction_options, run_instruction
from segur.model.candidature import QualiteSignataire

_DESCRIPTION = (
    "Écrit un événement du journal d'instruction, journal/<AAAA-MM-JJ>-<type>[-<suffixe>].yaml, "
    "pré-rempli à partir du REM et des profils de la candidature, après l'avoir vérifié comme "
    "« segur check » le fera sur main : en cas d'erreur, rien n'est écrit. Le fichier est "
    "ensuite à fusionner sur main par une pull request."
)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dossier",
        type=Path,
        action=DossierPath,
        metavar="DOSSIER",
        help="dossier de candidature (dossiers/<editeur>/<candidature>)",
    )
    parser.add_argument(
        "--date",
        type=iso_date,
        default=None,
        metavar="AAAA-MM-JJ",
        help="date de l'acte, celle du nom du fichier (défaut : le jour de référence)",
    )
    parser.add_argument(
        "--suffixe",
        default=None,
        metavar="SUFFIXE",
        help="suffixe du nom du fichier (minuscules, chiffres, tirets), pour un second acte "
        "du même type le même jour",
    )
    add_today(parser)


def _message(parser: argparse.ArgumentParser, required: bool, what: str) -> None:
    group = parser.add_mutually_exclusive_group(required=required)
    group.add_argument(
        "--message",
        default=None,
        metavar="TEXTE",
        help=f"{what} (« - » : lu sur l'entrée standard)",
    )
    group.add_argument(
        "--message-fichier",
        default=None,
        metavar="FICHIER",
        help="le message, lu dans ce fichier texte UTF-8 (« - » : l'entrée standard)",
    )


def _signatory(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--nom", required=True, metavar="NOM", help="nom du signataire")
    parser.add_argument("--prenom", required=True, metavar="PRÉNOM", help="prénom du signataire")


def _act(actions: Any, name: str, help: str, description: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(
        name, help=help, description=f"{description} {_DESCRIPTION}"
    )
    _common(parser)
    return parser


def _instructor_acts(actions: Any) -> None:
    validation = _act(
        actions,
        "validation",
        "valider le dossier administratif ou demander un complément (§3.2)",
        "Validation du dossier administratif : acceptee, ou complement (l'éditeur a 5 jours "
        "ouvrés pour répondre, message obligatoire).",
    )
    validation.add_argument(
        "resultat",
        choices=["acceptee", "complement"],
        metavar="RÉSULTAT",
        help="acceptee ou complement (demande de complément)",
    )
    _message(validation, False, "message à l'éditeur (obligatoire pour un complément)")
    sollicitation = _act(
        actions,
        "sollicitation",
        "solliciter l'éditeur (réponse sous 5 jours ouvrés)",
        "Question de l'ANS à l'éditeur, sur un chapitre en cours d'instruction ou, sans "
        "--chapitre, sur le dossier administratif.",
    )
    sollicitation.add_argument(
        "--chapitre", default=None, metavar="CHAPITRE", help="code du chapitre (ex. DMP/UX)"
    )
    _message(sollicitation, True, "message à l'éditeur")
    verdict = _act(
        actions,
        "verdict",
        "instruire un chapitre : toutes ses exigences applicables, conformes sauf exceptions",
        "Verdict d'un chapitre complet : chaque exigence applicable aux profils de la "
        "candidature est écrite conforme, sauf celles données par --non-conforme ; "
        "l'empreinte du chapitre instruit est calculée.",
    )
    verdict.add_argument("chapitre", metavar="CHAPITRE", help="code du chapitre (ex. INS, SSI/IAM)")
    verdict.add_argument(
        "--non-conforme",
        nargs="+",
        action="extend",
        default=[],
        metavar="EXIGENCE",
        help="identifiant d'une exigence non conforme (plusieurs possibles)",
    )
    verdict.add_argument(
        "--commentaire",
        dest="commentaires_exigences",
        action="append",
        default=[],
        metavar="EXIGENCE=TEXTE",
        help="commentaire sur une exigence (option répétable)",
    )
    verdict.add_argument(
        "--commentaire-general", default=None, metavar="TEXTE", help="commentaire général"
    )
    proposition = _act(
        actions,
        "ins-proposition",
        "proposer la date de la journée de test INS (§3.4)",
        "Proposition par l'ANS de la date de la journée de test INS.",
    )
    proposition.add_argument(
        "--date-proposee",
        required=True,
        type=iso_date,
        metavar="AAAA-MM-JJ",
        help="date proposée pour la journée de test",
    )
    _message(proposition, False, "message à l'éditeur")
    resultat = _act(
        actions,
        "ins-resultat",
        "enregistrer le résultat de la journée de test INS",
        "Résultat de la journée de test INS ; l'empreinte sha256 de l'enregistrement vidéo, "
        "déposé dans le dossier, est calculée.",
    )
    resultat.add_argument(
        "resultat",
        choices=["conforme", "non-conforme"],
        metavar="RÉSULTAT",
        help="conforme ou non-conforme (scénarios de test)",
    )
    resultat.add_argument(
        "--enregistrement",
        required=True,
        type=Path,
        metavar="CHEMIN",
        help="vidéo de la journée de test, dans le dossier (ex. documents/journee-test-ins.mp4)",
    )
    resultat.add_argument("--commentaire", default=None, metavar="TEXTE", help="commentaire")
    audit = _act(
        actions,
        "audit",
        "enregistrer un audit de conformité (§3.1.3)",
        "Audit de conformité de la solution référencée.",
    )
    audit.add_argument(
        "resultat",
        choices=["conforme", "non-conforme"],
        metavar="RÉSULTAT",
        help="conforme ou non-conforme",
    )
    audit.add_argument(
        "--constat", action="append", default=[], metavar="TEXTE", help="constat (répétable)"
    )
    audit.add_argument(
        "--modalite", choices=["in-situ", "a-distance"], default=None, help="modalité de l'audit"
    )
    audit.add_argument(
        "--version",
        default=None,
        metavar="VERSION",
        help="version technique auditée (défaut : celle de la candidature, la version référencée)",
    )


def _other_acts(actions: Any) -> None:
    reponse = _act(
        actions,
        "reponse",
        "répondre à une sollicitation (acte de l'éditeur)",
        "Réponse de l'éditeur à une sollicitation ou à une demande de complément.",
    )
    reponse.add_argument(
        "--sollicitation",
        required=True,
        metavar="FICHIER",
        help="fichier du journal auquel il est répondu (ex. 2026-11-24-sollicitation.yaml)",
    )
    _message(reponse, True, "réponse de l'éditeur")
    confirmation = _act(
        actions,
        "ins-confirmation",
        "confirmer la date de la journée de test INS (acte de l'éditeur)",
        "Confirmation par l'éditeur de la date proposée par l'ANS.",
    )
    confirmation.add_argument(
        "--proposition", required=True, metavar="FICHIER", help="fichier de la proposition"
    )
    _message(confirmation, False, "message à l'ANS")
    decision = _act(
        actions,
        "decision",
        "enregistrer la décision du collège (§3.5.1)",
        "Décision du collège : attribution, ou réserves bloquantes (motifs obligatoires).",
    )
    decision.add_argument(
        "decision",
        choices=["attribution", "reserves-bloquantes"],
        metavar="DÉCISION",
        help="attribution ou reserves-bloquantes (avec --motif)",
    )
    decision.add_argument(
        "--seance", required=True, type=iso_date, metavar="AAAA-MM-JJ", help="date de la séance"
    )
    decision.add_argument(
        "--motif", action="append", default=[], metavar="TEXTE", help="motif (répétable)"
    )
    editeur = _act(
        actions,
        "signature-editeur",
        "enregistrer la signature de la convention par l'éditeur (§3.5)",
        "Signature de la convention par l'éditeur, préalable au collège.",
    )
    _signatory(editeur)
    editeur.add_argument(
        "--qualite",
        required=True,
        choices=list(get_args(QualiteSignataire)),
        metavar="QUALITÉ",
        help="representant_legal (représentant légal) ou delegataire (délégation de pouvoir)",
    )
    editeur.add_argument(
        "--fonction", default=None, metavar="TEXTE", help="fonction du signataire (ex. Présidente)"
    )
    ans = _act(
        actions,
        "signature-ans",
        "enregistrer la signature de la convention par l'ANS (§3.5.2)",
        "Signature de la convention par la direction de l'ANS, après l'attribution.",
    )
    _signatory(ans)
    ans.add_argument(
        "--fonction",
        required=True,
        metavar="TEXTE",
        help="fonction du signataire (ex. Directrice de l'ANS)",
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "instruction",
        help="écrire un acte du journal d'instruction (une sous-commande par acte)",
        description=_DESCRIPTION,
    )
    actions = parser.add_subparsers(
        dest="instruction_command",
        metavar="ACTE",
        parser_class=type(parser),
        help="l'acte à enregistrer",
    )
    actions.required = True
    _instructor_acts(actions)
    _other_acts(actions)
    parser.set_defaults(func=run_instruction, options=instruction_options)

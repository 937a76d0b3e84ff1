"""`segur preuve ajouter|remplacer|retirer DOSSIER CHAPITRE PREUVE [FICHIER…]`: deposit the files
of one proof without typing a digest; the chapter's completeness is shown after the act."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.authoring import proofs
from segur.authoring.proof_manifest import place
from segur.commands.arguments import DossierPath
from segur.commands.common import dossier_or_fail
from segur.errors import UsageError
from segur.model.preuves import NatureCnda
from segur.repository.catalogue import repository_catalogue
from segur.repository.paths import Repository
from segur.rules.preuves.completeness import ChapterStatus


@dataclass(frozen=True, slots=True)
class ProofOptions:
    repo: Path
    central: Path | None
    action: str
    dossier: Path
    chapitre: str
    preuve: str
    fichiers: tuple[Path, ...]
    nature_cnda: NatureCnda | None


def proof_options(args: argparse.Namespace) -> ProofOptions:
    nature = getattr(args, "nature_cnda", None)
    return ProofOptions(
        repo=args.repo,
        central=args.central,
        action=args.preuve_command,
        dossier=args.dossier,
        chapitre=args.chapitre,
        preuve=args.preuve,
        fichiers=tuple(getattr(args, "fichiers", None) or ()),
        nature_cnda=None if nature is None else NatureCnda(nature),
    )


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dossier",
        type=Path,
        action=DossierPath,
        metavar="DOSSIER",
        help="dossier de candidature (dossiers/<editeur>/<candidature>)",
    )
    parser.add_argument("chapitre", metavar="CHAPITRE", help="code du chapitre (ex. INS)")
    parser.add_argument("preuve", metavar="PREUVE", help="identifiant de la preuve attendue")


def _files(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "fichiers",
        nargs="+",
        type=Path,
        metavar="FICHIER",
        help="fichier à déposer, copié dans preuves/<CHAPITRE>/ sous son nom",
    )
    parser.add_argument(
        "--nature-cnda",
        choices=[n.value for n in NatureCnda],
        default=None,
        help="pour une homologation CNDA : nature du justificatif déposé",
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "preuve",
        help="déposer, remplacer ou retirer les fichiers d'une preuve",
        description="Copie les fichiers d'une preuve dans preuves/<CHAPITRE>/, vérifie leur "
        "type réel, calcule leur empreinte sha256 et met à jour le manifeste preuves.yaml ; "
        "affiche ensuite la complétude du chapitre.",
    )
    actions = parser.add_subparsers(
        dest="preuve_command", metavar="ACTION", help="l'acte à accomplir"
    )
    actions.required = True
    ajouter = actions.add_parser(
        "ajouter",
        help="ajouter des fichiers à une preuve",
        description="Ajoute des fichiers à une preuve attendue ; un fichier dont le type réel "
        "n'est pas accepté par la preuve est refusé et rien n'est écrit.",
    )
    _common(ajouter)
    _files(ajouter)
    remplacer = actions.add_parser(
        "remplacer",
        help="remplacer les fichiers d'une preuve",
        description="Remplace les fichiers d'une preuve : les anciens fichiers qu'elle cite "
        "sont supprimés, les nouveaux déposés et vérifiés.",
    )
    _common(remplacer)
    _files(remplacer)
    retirer = actions.add_parser(
        "retirer",
        help="retirer une preuve et ses fichiers",
        description="Vide l'entrée d'une preuve dans le manifeste et supprime les fichiers "
        "qu'elle cite (seulement ceux du dossier).",
    )
    _common(retirer)
    parser.set_defaults(func=run_proof, options=proof_options)


def run_proof(options: ProofOptions) -> int:
    repo = Repository(options.repo, options.central)
    catalogue, _ = repository_catalogue(repo)
    folder = dossier_or_fail(repo, options.dossier)
    placed = place(repo, catalogue, folder, options.chapitre, options.preuve)
    if options.action == "retirer":
        result = proofs.withdraw(repo, catalogue, placed)
    elif options.action in ("ajouter", "remplacer"):
        result = proofs.deposit(
            repo,
            catalogue,
            placed,
            options.fichiers,
            replace=options.action == "remplacer",
            nature=options.nature_cnda,
        )
    else:  # argparse only lets the three actions through
        raise UsageError(f"action inconnue : {options.action}")
    out = []
    for path in result.written:
        out.append(f"Déposé : {repo.display(path)}")
    for path in result.removed:
        out.append(f"Supprimé : {repo.display(path)}")
    out.append(f"Manifeste mis à jour : {repo.display(placed.manifest)}")
    out.extend(_completeness(result.status, placed.chapter.code))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _completeness(status: ChapterStatus | None, code: str) -> list[str]:
    if status is None:
        return [f"Chapitre {code} : complétude inconnue"]
    lines = [f"Chapitre {status.code} : {status.state.value} ({status.done}/{status.total})"]
    if status.missing:
        lines.append("Preuves manquantes :")
        lines.extend(f"  - {p.id} : {' '.join(p.libelle.split())[:150]}" for p in status.missing)
    return lines

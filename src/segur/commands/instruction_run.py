"""The run of `segur instruction <acte>`: options typed, act built, checked, written, shown.

The content that depends on the dossier (requirements, digests, file names) is computed by
`segur.authoring.journal_acts_content`; the checks and the all-or-nothing writing by
`segur.authoring.journal_acts`. Here only the command line is read (messages from a file or
from standard input included) and the result printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from segur.authoring import journal_acts_content as content
from segur.authoring.journal_acts import Act, check_act, write_act
from segur.commands.common import dossier_or_fail, today_of
from segur.errors import UsageError
from segur.model.journal import EVENT_OWNERS, Role
from segur.publication.report import text_line
from segur.repository.catalogue import Catalogue, repository_catalogue
from segur.repository.paths import Repository

_NEXT_STEP = {
    Role.EDITEUR: "à proposer sur main par une pull request de l'éditeur",
    Role.INSTRUCTEUR: "à fusionner sur main par une pull request, revue par l'instruction",
    Role.COLLEGE: "à fusionner sur main par une pull request du collège",
    Role.DIRECTION: "à fusionner sur main par une pull request de la direction de l'ANS",
}


@dataclass(frozen=True, slots=True)
class InstructionOptions:
    repo: Path
    central: Path | None
    acte: str
    dossier: Path
    date: dt.date | None
    today: dt.date | None
    suffixe: str | None
    message: str | None
    resultat: str | None
    chapitre: str | None
    non_conformes: tuple[str, ...]
    commentaires: tuple[str, ...]
    commentaire: str | None
    sollicitation: str | None
    proposition: str | None
    date_proposee: dt.date | None
    enregistrement: Path | None
    constats: tuple[str, ...]
    modalite: str | None
    version: str | None
    decision: str | None
    seance: dt.date | None
    motifs: tuple[str, ...]
    nom: str | None
    prenom: str | None
    qualite: str | None
    fonction: str | None


def _read_message(args: argparse.Namespace) -> str | None:
    """`--message TEXTE`, or the text of `--message-fichier`; `-` reads standard input."""
    text: str | None = getattr(args, "message", None)
    source: str | None = getattr(args, "message_fichier", None)
    if text == "-" or source == "-":
        return sys.stdin.read()
    if source is not None:
        try:
            return Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"message illisible : {source} ({exc})") from None
    return text


def instruction_options(args: argparse.Namespace) -> InstructionOptions:
    return InstructionOptions(
        repo=args.repo,
        central=args.central,
        acte=args.instruction_command,
        dossier=args.dossier,
        date=args.date,
        today=args.today,
        suffixe=args.suffixe,
        message=_read_message(args),
        resultat=getattr(args, "resultat", None),
        chapitre=getattr(args, "chapitre", None),
        non_conformes=tuple(getattr(args, "non_conforme", None) or ()),
        commentaires=tuple(getattr(args, "commentaires_exigences", None) or ()),
        # The verdict's general comment, or the comment of an INS result.
        commentaire=getattr(args, "commentaire_general", None)
        or getattr(args, "commentaire", None),
        sollicitation=getattr(args, "sollicitation", None),
        proposition=getattr(args, "proposition", None),
        date_proposee=getattr(args, "date_proposee", None),
        enregistrement=getattr(args, "enregistrement", None),
        constats=tuple(getattr(args, "constat", None) or ()),
        modalite=getattr(args, "modalite", None),
        version=getattr(args, "version", None),
        decision=getattr(args, "decision", None),
        seance=getattr(args, "seance", None),
        motifs=tuple(getattr(args, "motif", None) or ()),
        nom=getattr(args, "nom", None),
        prenom=getattr(args, "prenom", None),
        qualite=getattr(args, "qualite", None),
        fonction=getattr(args, "fonction", None),
    )


def _comments(pairs: tuple[str, ...]) -> dict[str, str]:
    comments: dict[str, str] = {}
    for pair in pairs:
        requirement, sep, text = pair.partition("=")
        if not sep or not requirement.strip():
            raise UsageError(f"--commentaire « {pair} » : EXIGENCE=TEXTE attendu")
        comments[requirement.strip()] = text
    return comments


Builder = Callable[[InstructionOptions, Repository, Catalogue, Path, dt.date], Act]


def _validation(o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date) -> Act:
    if o.resultat == "complement" and not o.message:
        raise UsageError("une demande de complément dit ce qui manque : --message obligatoire")
    resultat = "complement-demande" if o.resultat == "complement" else "acceptee"
    return content.act(
        "validation-administrative", d, {"resultat": resultat, "message": o.message}, o.suffixe
    )


def _sollicitation(o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date) -> Act:
    code = None
    if o.chapitre is not None:
        code = content.chapter_code(content.target(r, c, f), o.chapitre)
    suffix = o.suffixe or (content.chapter_suffix(code) if code else None)
    return content.act("sollicitation", d, {"chapitre": code, "message": o.message}, suffix)


def _reponse(o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date) -> Act:
    name = content.event_name(o.sollicitation or "", "sollicitation")
    suffix = o.suffixe or content.suffix_of(name)
    return content.act("reponse", d, {"sollicitation": name, "message": o.message}, suffix)


def _verdict(o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date) -> Act:
    code, data = content.verdict(
        r, c, f, o.chapitre or "", o.non_conformes, _comments(o.commentaires), o.commentaire
    )
    return Act("verdict", d, data, o.suffixe or content.chapter_suffix(code))


def _ins_proposition(
    o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date
) -> Act:
    data = {"date_proposee": o.date_proposee, "message": o.message}
    return content.act("ins-proposition", d, data, o.suffixe)


def _ins_confirmation(
    o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date
) -> Act:
    name = content.event_name(o.proposition or "", "ins-proposition")
    data = {"proposition": name, "message": o.message}
    return content.act("ins-confirmation", d, data, o.suffixe)


def _ins_resultat(o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date) -> Act:
    recording = content.recording(f, o.enregistrement or Path())
    data = {"resultat": o.resultat, "enregistrement": recording, "commentaire": o.commentaire}
    return content.act("ins-resultat", d, data, o.suffixe)


def _audit(o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date) -> Act:
    version = o.version or content.referenced_version(r, f)
    data = {
        "version": version,
        "resultat": o.resultat,
        "modalite": o.modalite,
        "constats": list(o.constats) or None,
    }
    return content.act("audit", d, data, o.suffixe)


def _decision(o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date) -> Act:
    data = {"decision": o.decision, "seance": o.seance, "motifs": list(o.motifs) or None}
    return content.act("decision-college", d, data, o.suffixe)


def _signature_editeur(
    o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date
) -> Act:
    signataire = {"nom": o.nom, "prenom": o.prenom}
    data = {"signataire": signataire, "qualite": o.qualite, "fonction": o.fonction}
    return content.act("signature-editeur", d, data, o.suffixe)


def _signature_ans(o: InstructionOptions, r: Repository, c: Catalogue, f: Path, d: dt.date) -> Act:
    data = {"signataire": {"nom": o.nom, "prenom": o.prenom}, "fonction": o.fonction}
    return content.act("signature-ans", d, data, o.suffixe)


BUILDERS: dict[str, Builder] = {
    "validation": _validation,
    "sollicitation": _sollicitation,
    "reponse": _reponse,
    "verdict": _verdict,
    "ins-proposition": _ins_proposition,
    "ins-confirmation": _ins_confirmation,
    "ins-resultat": _ins_resultat,
    "audit": _audit,
    "decision": _decision,
    "signature-editeur": _signature_editeur,
    "signature-ans": _signature_ans,
}


def _summary(act: Act) -> list[str]:
    if act.type != "verdict":
        return []
    results = list(act.data["exigences"].values())
    failed = results.count("non-conforme")
    return [
        f"Chapitre {act.data['chapitre']} : {len(results)} exigence(s) applicable(s), "
        f"{len(results) - failed} conforme(s), {failed} non conforme(s)",
        f"Empreinte du chapitre instruit : {act.data['empreinte']}",
    ]


def run_instruction(options: InstructionOptions) -> int:
    repo = Repository(options.repo, options.central)
    catalogue, _ = repository_catalogue(repo)
    folder = dossier_or_fail(repo, options.dossier)
    today = today_of(options.today)
    act = BUILDERS[options.acte](options, repo, catalogue, folder, options.date or today)
    checked = check_act(repo, catalogue, folder, act, today)
    path = write_act(checked)
    for f in checked.warnings:
        sys.stderr.write(text_line(f) + "\n")
    lines = [f"Écrit : {repo.display(path)}", *_summary(act)]
    lines.append(f"Prochaine étape : {_NEXT_STEP[EVENT_OWNERS[act.type]]}.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0

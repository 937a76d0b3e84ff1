"""Fictitious example dossiers, built from code so that `dossiers/exemple-*` is reproducible.

Every function here returns files as {relative POSIX path: bytes}: nothing is read but the REM
catalogue it is given and the package's own data (SSI questions, sample video), nothing is
written or printed (the `segur exemples` command writes). The same input gives the same bytes:
no clock, no randomness; colours and execution numbers are derived from hashes of the IDs.

The building blocks are meant for any generated dossier, not only the examples:
- `proof_deposit`: a small real file (PNG screenshot, PDF, MP4 video, text/JSON/XML log, CNDA
  attestation) or an execution ID for one expected proof, chosen among its accepted kinds;
- `fill_chapter`: the manifest of one chapter with every expected proof deposited (or some left
  out, which makes the chapter incomplete), with the files it names and their sha256;
- `empty_chapter`: the manifest as `segur new` writes it, nothing deposited;
- `dossier_files` and `example_tree`: a whole candidature folder (with its journal, written
  by `segur.examples.events`), and every example.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import textwrap
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

import yaml

from segur.authoring.scaffold import render_manifest
from segur.errors import DataError
from segur.examples.dossiers import DOSSIERS
from segur.examples.events import journal_files
from segur.examples.samples import minimal_pdf, minimal_png, sample_video
from segur.examples.spec import MARK, ExampleDossier
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import (
    MANIFEST_FILE,
    PREUVES_DIR,
    EntreePreuve,
    Fichier,
    NatureCnda,
    chapter_dirname,
)
from segur.model.questionnaire import QUESTIONNAIRE_FILE, QuestionnaireSsi
from segur.model.rem import ProofKind
from segur.repository.catalogue import Catalogue, Rem
from segur.repository.paths import SCHEMA_FILES, schema_comment
from segur.repository.questionnaire import load_questionnaire
from segur.rules.preuves.completeness import PROCEDURE_CHAPTER, ExpectedChapter, ExpectedProof
from segur.rules.preuves.completeness import expected_chapters as derive_expected_chapters

Files = dict[str, bytes]


class ExampleError(DataError, ValueError):
    """The REM does not fit the examples (a missing REM, chapter or proof); exit code 1."""


FICTITIOUS = "Preuve fictive d'exemple - référencement Ségur sans financement (SONS)"
NOT_A_PROOF = "Document inventé : il montre la forme d'un dépôt et ne prouve rien."

# Kinds tried in this order: the smallest real file that the proof accepts (the REM's
# video-only proofs still bring real videos).
_PREFERENCE = (
    ProofKind.CAPTURE,
    ProofKind.RAPPORT,
    ProofKind.DOCUMENT,
    ProofKind.VIDEO,
    ProofKind.HOMOLOGATION_CNDA,
)
# Readable names for the procedure's own proofs; other files are named after their proof ID.
_NAMES = {"PROC.01.01.01": "version-technique", "PROC.02.01.01": "documentation"}
_PDF_WIDTH = 90
_PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True, slots=True)
class ProofContext:
    """What the fictitious proof files of one candidature say about it."""

    seed: str  # makes colours and identifiers differ between dossiers
    solution: str  # "Exemple Dossier Patient 5.2"
    editeur: str  # dénomination sociale
    date: dt.date  # day of the fictitious test runs shown in the logs


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def with_mark(text: str) -> str:
    """A generated YAML file with the fictitious-example mark as its second line (the first
    is the schema comment, which must stay first for the editors)."""
    first, rest = text.split("\n", 1)
    return f"{first}\n{MARK}{rest}"


def _short(text: str, lines: int) -> list[str]:
    wrapped = textwrap.wrap(" ".join(text.split()), _PDF_WIDTH) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1][: _PDF_WIDTH - 1] + "…"]
    return wrapped


def _screenshot(context: ProofContext, key: str) -> bytes:
    h = _digest(context.seed, key)
    return minimal_png(48 + h[3] % 5 * 16, 30 + h[4] % 4 * 10, (h[0], h[1], h[2]))


def _pdf(context: ProofContext, title: str, proof: ExpectedProof) -> bytes:
    return minimal_pdf(
        [
            FICTITIOUS,
            NOT_A_PROOF,
            "",
            title,
            f"{context.solution} - {context.editeur}",
            f"Preuve {proof.id} (exigence {proof.exigence})",
            *_short(proof.libelle, 3),
        ]
    )


def _log(context: ProofContext, proof: ExpectedProof, index: int) -> tuple[str, bytes]:
    """A short report, in turn plain text, JSON and XML (the three accepted report formats)."""
    start = dt.datetime.combine(context.date, dt.time(9, index % 60), tzinfo=_PARIS)

    def at(seconds: int) -> str:
        return (start + dt.timedelta(seconds=seconds)).isoformat()

    events = [
        (at(0), "INFO", f"début du scénario de la preuve {proof.id} (exemple fictif)"),
        (at(2), "INFO", _short(proof.libelle, 1)[0]),
        (at(5), "INFO", "fin du scénario : résultat attendu obtenu (exemple fictif)"),
    ]
    fmt = index % 3
    if fmt == 0:
        lines = [f"# Journal fictif d'exemple - {context.solution} - aucune donnée réelle"]
        lines += [f"{t} {level} {message}" for t, level, message in events]
        return ".log", ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == 1:
        payload: dict[str, Any] = {
            "exemple_fictif": True,
            "preuve": proof.id,
            "solution": context.solution,
            "evenements": [
                {"horodatage": t, "niveau": level, "message": message}
                for t, level, message in events
            ],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        return ".json", text.encode("utf-8")
    body = "".join(
        f"  <evenement horodatage={quoteattr(t)} niveau={quoteattr(level)}>"
        f"{escape(message)}</evenement>\n"
        for t, level, message in events
    )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<journal exemple-fictif={quoteattr('oui')} preuve={quoteattr(proof.id)} "
        f"solution={quoteattr(context.solution)}>\n{body}</journal>\n"
    )
    return ".xml", text.encode("utf-8")


def execution_id(context: ProofContext, proof: ExpectedProof) -> str:
    """An execution number as the MSSanté test tool shows it: a plain integer."""
    return str(100000 + int.from_bytes(_digest(context.seed, proof.id)[:4], "big") % 900000)


def _kind(proof: ExpectedProof, wanted: ProofKind | None) -> ProofKind:
    if proof.cnda:
        # Every file of a CNDA proof must say its nature_cnda, whatever else it accepts.
        return ProofKind.HOMOLOGATION_CNDA
    if wanted is not None and wanted in proof.types:
        return wanted
    for kind in _PREFERENCE:
        if kind in proof.types:
            return kind
    raise ExampleError(f"preuve {proof.id} : aucun type de fichier accepté ({proof.types})")


def proof_deposit(
    proof: ExpectedProof,
    context: ProofContext,
    *,
    index: int = 0,
    kind: ProofKind | None = None,
    nature_cnda: NatureCnda = NatureCnda.ATTESTATION,
    documentation: Mapping[str, str] | None = None,
) -> tuple[EntreePreuve, Files]:
    """The manifest entry of one proof and its files (paths relative to the chapter folder).

    `index` varies the report format; `kind` asks for that kind of file when the proof accepts
    it (else the smallest accepted one); `documentation` (file name -> title) gives the files
    of the software documentation.
    """
    if proof.is_value:
        entry = EntreePreuve(
            identifiant=execution_id(context, proof),
            commentaire="identifiant d'exécution fictif (exemple)",
        )
        return entry, {}
    stem = _NAMES.get(proof.id, proof.id.replace("/", "-"))
    chosen = _kind(proof, kind)
    nature = None
    if documentation and chosen is ProofKind.DOCUMENT:
        files = {name: _pdf(context, title, proof) for name, title in sorted(documentation.items())}
    elif chosen is ProofKind.CAPTURE:
        files = {f"{stem}.png": _screenshot(context, proof.id)}
    elif chosen is ProofKind.VIDEO:
        files = {f"{stem}.mp4": sample_video()}
    elif chosen is ProofKind.RAPPORT:
        suffix, data = _log(context, proof, index)
        files = {f"{stem}{suffix}": data}
    elif chosen is ProofKind.DOCUMENT:
        files = {f"{stem}.pdf": _pdf(context, "Document fictif d'exemple", proof)}
    else:
        nature = nature_cnda
        files = {_cnda_name(stem, nature): _cnda_file(context, proof, nature)}
    fichiers = [
        Fichier(chemin=name, sha256=sha256(data), nature_cnda=nature)
        for name, data in files.items()
    ]
    return EntreePreuve(fichiers=fichiers), files


def _cnda_name(stem: str, nature: NatureCnda) -> str:
    return f"{stem}-{nature.value}" + (".png" if nature is NatureCnda.ESPACE_CNDA else ".pdf")


def _cnda_file(context: ProofContext, proof: ExpectedProof, nature: NatureCnda) -> bytes:
    if nature is NatureCnda.ESPACE_CNDA:
        return _screenshot(context, f"espace-cnda {proof.id}")
    title = {
        NatureCnda.ATTESTATION: "Attestation d'homologation CNDA (fictive)",
        NatureCnda.PRE_EXAMEN: "Attestation de pré-examen du dossier d'homologation CNDA (fictive)",
    }[nature]
    return _pdf(context, title, proof)


def fill_chapter(
    chapter: ExpectedChapter,
    context: ProofContext,
    *,
    omit: Collection[str] = (),
    nature_cnda: NatureCnda = NatureCnda.ATTESTATION,
    documentation: Mapping[str, str] | None = None,
) -> Files:
    """The manifest and files of one chapter, every expected proof deposited except `omit`
    (listed with `fichiers: []`, so the chapter is incomplete). Paths are relative to the
    candidature folder; every CNDA homologation is shown as `nature_cnda`."""
    folder = f"{PREUVES_DIR}/{chapter_dirname(chapter.code)}"
    deposits: dict[str, EntreePreuve] = {}
    files: Files = {}
    for index, proof in enumerate(chapter.proofs):
        if proof.id in omit:
            continue
        entry, proof_files = proof_deposit(
            proof,
            context,
            index=index,
            nature_cnda=nature_cnda,
            documentation=documentation if proof.id == "PROC.02.01.01" else None,
        )
        deposits[proof.id] = entry
        files.update({f"{folder}/{name}": data for name, data in proof_files.items()})
    manifest = with_mark(render_manifest(chapter, deposits))
    return {f"{folder}/{MANIFEST_FILE}": manifest.encode("utf-8"), **files}


def empty_chapter(chapter: ExpectedChapter) -> Files:
    """The manifest of a chapter not deposited yet, as `segur new` writes it."""
    path = f"{PREUVES_DIR}/{chapter_dirname(chapter.code)}/{MANIFEST_FILE}"
    return {path: with_mark(render_manifest(chapter)).encode("utf-8")}


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=96)


def candidature_text(example: ExampleDossier) -> str:
    return (
        schema_comment(3, SCHEMA_FILES[CANDIDATURE_FILE])
        + MARK
        + f"# Rôle de cet exemple : {example.role}.\n"
        + "# Voir dossiers/README.md.\n\n"
        + _dump(example.data)
    )


def questionnaire_text(questionnaire: QuestionnaireSsi, pick: int) -> str:
    """Answers to every question: the first allowed one (`pick` 0), or alternating."""
    lines = [
        schema_comment(3, SCHEMA_FILES[QUESTIONNAIRE_FILE]),
        MARK,
        f"# {questionnaire.titre}, version {questionnaire.version}.\n",
        "# Informatif uniquement : jamais utilisé pour décider, jamais publié.\n",
        "reponses:\n",
    ]
    for index, question in enumerate(questionnaire.questions):
        choice = question.reponses[(pick + index) % 2] if pick else question.reponses[0]
        lines.append(f"  {question.id}: {choice}\n")
    return "".join(lines)


def _context(example: ExampleDossier) -> ProofContext:
    data = example.data
    version = data["version_candidate"]
    return ProofContext(
        seed=f"{example.editeur}/{example.candidature}",
        solution=f"{version['denomination_commerciale']} {data['solution']['version_technique']}",
        editeur=data["editeur"]["denomination_sociale"],
        date=version.get("date_previsionnelle_depot_preuves") or data["charte"]["date_acceptation"],
    )


def expected_chapters(example: ExampleDossier, rem: Rem) -> list[ExpectedChapter]:
    return derive_expected_chapters(rem.chapitres, example.data["profils"])


def dossier_files(
    example: ExampleDossier, rem: Rem, questionnaire: QuestionnaireSsi | None = None
) -> Files:
    """Every file of one example candidature folder, relative to that folder."""
    questionnaire = questionnaire or load_questionnaire()
    files: Files = {
        CANDIDATURE_FILE: candidature_text(example).encode("utf-8"),
        QUESTIONNAIRE_FILE: questionnaire_text(questionnaire, example.answers).encode("utf-8"),
    }
    denomination = example.data["editeur"]["denomination_sociale"]
    for name, text in example.documents.items():
        files[name] = minimal_pdf(
            [
                "Dossier fictif d'exemple (référencement Ségur sans financement)",
                text,
                denomination,
            ]
        )
    context = _context(example)
    chapters = expected_chapters(example, rem)
    known = {chapter.code for chapter in chapters}
    wanted = known if example.deposited is None else set(example.deposited)
    unknown = sorted((wanted | set(example.provisional_cnda)) - known)
    if unknown:
        raise ExampleError(f"{context.seed} : chapitres inconnus du REM : {', '.join(unknown)}")
    proofs = {proof.id for chapter in chapters for proof in chapter.proofs}
    strays = sorted(set(example.omitted) - proofs)
    if strays:
        raise ExampleError(f"{context.seed} : preuves inconnues du REM : {', '.join(strays)}")
    for chapter in chapters:
        if chapter.code not in wanted:
            files.update(empty_chapter(chapter))
            continue
        files.update(
            fill_chapter(
                chapter,
                context,
                omit=example.omitted,
                nature_cnda=example.provisional_cnda.get(chapter.code, NatureCnda.ATTESTATION),
                documentation=example.documentation if chapter.code == PROCEDURE_CHAPTER else None,
            )
        )
    files.update(journal_files(example, rem, chapters, files))
    return files


def example_tree(catalogue: Catalogue) -> Files:
    """The whole example tree, relative to `dossiers/`: `<editeur>/<candidature>/...`."""
    questionnaire = load_questionnaire()
    tree: Files = {}
    for example in DOSSIERS:
        rem = catalogue.get(example.data["dispositif"], example.data["version_rem"])
        if rem is None:
            raise ExampleError(
                f"REM {example.data['dispositif']} {example.data['version_rem']} absent du "
                f"catalogue : l'exemple {example.editeur}/{example.candidature} en dépend"
            )
        prefix = f"{example.editeur}/{example.candidature}"
        for path, data in dossier_files(example, rem, questionnaire).items():
            tree[f"{prefix}/{path}"] = data
    return dict(sorted(tree.items()))


def example_folders() -> list[str]:
    """The candidature folders the examples own, relative to `dossiers/`."""
    return [f"{example.editeur}/{example.candidature}" for example in DOSSIERS]

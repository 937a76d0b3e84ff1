"""`segur new` core: scaffold a candidature folder from the REM and the chosen profiles.

The folder `dossiers/<editeur>/<candidature>/` gets:
- `candidature.yaml`: every field of §3.2, empty, with French comments saying what to put
  and which fields are mandatory (`# obligatoire`);
- `questionnaire-ssi.yaml`: every question as a comment, with an empty answer;
- `preuves/<chapitre>/preuves.yaml` for each chapter that has applicable proofs, the
  procedure's own chapter `PROCEDURE` included (version screenshot, software documentation):
  every expected proof ID, its label as a comment, and `fichiers: []`. The chapters and proofs
  are those of `segur.rules.preuves.completeness.expected_chapters`, the very list the checks
  require.
`segur check` on the result lists exactly what remains to fill in.

The folder is written in a hidden temporary folder beside the target, then renamed: a failure
never leaves a half-written candidature. An existing folder is never overwritten.
Nothing here prints; problems are raised as `ScaffoldError` with a French message.
"""

from __future__ import annotations

import functools
import json
import secrets
import shutil
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from segur.errors import UsageError
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import MANIFEST_FILE, PREUVES_DIR, EntreePreuve, chapter_dirname
from segur.model.questionnaire import QUESTIONNAIRE_FILE, QuestionnaireSsi
from segur.model.rem import GENERAL
from segur.model.valeurs import FORMES_JURIDIQUES
from segur.model.versions import version_key
from segur.repository.atomic import real_folder_inside
from segur.repository.catalogue import Catalogue, Rem
from segur.repository.paths import SCHEMA_FILES, Repository, schema_comment
from segur.repository.questionnaire import load_questionnaire
from segur.rules.preuves.completeness import (
    ExpectedChapter,
    accepted_forms,
    accepted_wording,
    expected_chapters,
)

_WIDTH = 96


class ScaffoldError(UsageError):
    """A request that cannot be scaffolded; the message is French and shown as is."""


@dataclass(frozen=True, slots=True)
class Request:
    dispositif: str
    editeur: str
    candidature: str
    profils: tuple[str, ...]
    denomination: str
    version_rem: str | None = None
    # A new version of a solution (§3.1.1): the folder of the candidature it succeeds, beside
    # the new one in the editor's folder.
    version_precedente: str | None = None


@dataclass(frozen=True, slots=True)
class Scaffolded:
    folder: Path
    files: tuple[Path, ...]  # relative to `folder`
    rem: Rem
    profils: tuple[str, ...]


def is_slug(text: str) -> bool:
    """Lowercase ASCII letters and digits, in words joined by single hyphens."""
    words = text.split("-")
    return all(w and w.isascii() and w.isalnum() and w == w.lower() for w in words)


def latest_version(catalogue: Catalogue, dispositif: str) -> str | None:
    versions = [rem.version for rem in catalogue.for_code(dispositif)]
    return max(versions, key=version_key) if versions else None


def resolve(catalogue: Catalogue, request: Request) -> tuple[Rem, tuple[str, ...]]:
    """The REM and the ordered profiles of a request, or a `ScaffoldError` saying why not."""
    named = [("éditeur", request.editeur), ("candidature", request.candidature)]
    if request.version_precedente is not None:
        named.append(("version précédente", request.version_precedente))
    for label, value in named:
        if not is_slug(value):
            raise ScaffoldError(
                f"identifiant de {label} « {value} » invalide : minuscules sans accent, chiffres "
                "et tirets simples attendus (par exemple exemple-sante-logiciels)"
            )
    if not request.denomination.strip():
        raise ScaffoldError("dénomination commerciale vide : le nom de la solution est attendu")
    codes = catalogue.codes()
    if request.dispositif not in codes:
        raise ScaffoldError(
            f"dispositif « {request.dispositif} » absent du catalogue REM : "
            f"valeurs acceptées : {', '.join(codes) or '(catalogue vide)'}"
        )
    version = request.version_rem or latest_version(catalogue, request.dispositif)
    rem = catalogue.get(request.dispositif, version or "")
    if rem is None:
        versions = sorted(
            (r.version for r in catalogue.for_code(request.dispositif)), key=version_key
        )
        raise ScaffoldError(
            f"version « {version} » du REM {request.dispositif} inconnue : "
            f"versions disponibles : {', '.join(versions)}"
        )
    known = [p.id for p in rem.dispositif.profils]
    unknown = [p for p in request.profils if p not in known]
    if unknown:
        raise ScaffoldError(
            f"profil(s) inconnu(s) dans le REM {rem.code} {rem.version} : {', '.join(unknown)} ; "
            f"profils disponibles : {', '.join(known)}"
        )
    # `general` is mandatory: it is always included; the others keep the REM's order.
    wanted = {GENERAL, *request.profils}
    return rem, tuple(p for p in known if p in wanted)


def scaffold(repo: Repository, catalogue: Catalogue, request: Request) -> Scaffolded:
    """Create the candidature folder atomically; refuse to overwrite anything."""
    rem, profils = resolve(catalogue, request)
    target = repo.dossiers_dir / request.editeur / request.candidature
    previous = request.version_precedente
    if previous is not None and not (target.parent / previous / CANDIDATURE_FILE).is_file():
        raise ScaffoldError(
            f"version précédente « {previous} » introuvable : aucune candidature "
            f"{repo.display(target.parent)}/{previous}/{CANDIDATURE_FILE} ; indiquez le dossier "
            "de la candidature de la version précédente, chez le même éditeur"
        )
    if target.exists() or target.is_symlink():
        raise ScaffoldError(
            f"le dossier {repo.display(target)} existe déjà : il n'est jamais écrasé ; "
            "choisissez un autre identifiant de candidature"
        )
    if not real_folder_inside(repo.root, target.parent):
        raise ScaffoldError(
            f"{repo.display(target.parent)} n'est pas un vrai dossier du dépôt (lien symbolique "
            "ou fichier sur le chemin) : rien n'est écrit hors du dépôt"
        )
    files = render_files(rem, profils, request, load_questionnaire())
    parent = target.parent
    created_parent = not parent.exists()
    parent.mkdir(parents=True, exist_ok=True)
    # Hidden (leading dot), so `segur check` never sees it; same folder, so rename is atomic.
    staging = parent / f".{request.candidature}.en-cours-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        for relative, content in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        if target.exists():
            raise ScaffoldError(f"le dossier {repo.display(target)} vient d'être créé par ailleurs")
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if created_parent and not any(parent.iterdir()):
            parent.rmdir()
        raise
    return Scaffolded(target, tuple(sorted(files)), rem, profils)


def render_files(
    rem: Rem, profils: Sequence[str], request: Request, questionnaire: QuestionnaireSsi
) -> dict[Path, str]:
    """Relative path -> content of every file of a new candidature folder."""
    files = {
        Path(CANDIDATURE_FILE): render_candidature(
            rem, profils, request.denomination, request.version_precedente
        ),
        Path(QUESTIONNAIRE_FILE): render_questionnaire(questionnaire),
    }
    for code, content in render_manifests(rem, profils).items():
        files[Path(PREUVES_DIR) / chapter_dirname(code) / MANIFEST_FILE] = content
    return files


def _quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any name.
    return json.dumps(value, ensure_ascii=False)


@functools.lru_cache(maxsize=16384)
def _comment_block(text: str, indent: str = "") -> str:
    # Never cut inside a word or at a hyphen: the labels quote URLs and test-case names.
    # Cached: the same REM labels are wrapped again for every manifest that lists them.
    width = _WIDTH - len(indent) - 2
    words = " ".join(text.split())
    lines = textwrap.wrap(words, width, break_long_words=False, break_on_hyphens=False) or [""]
    return "".join(f"{indent}# {line}\n" for line in lines)


def render_candidature(
    rem: Rem, profils: Iterable[str], denomination: str, previous: str | None = None
) -> str:
    formes = _comment_block(f"Formes juridiques acceptées : {', '.join(FORMES_JURIDIQUES)}", "  ")
    previous_line = (
        f"  version_precedente: {_quoted(previous)}"
        if previous
        else "  # version_precedente: dpi-5-2"
    )
    profil_lines = "".join(f"  - {p}\n" for p in profils)
    available = ", ".join(p.id for p in rem.dispositif.profils)
    return (
        schema_comment(3, SCHEMA_FILES[CANDIDATURE_FILE])
        + f"""\
# Candidature au référencement Ségur sans financement (SONS) : dossier administratif (§3.2).
# Renseignez chaque champ marqué « obligatoire », puis lancez « segur check » : il liste ce qui
# manque encore, avec la ligne. Les chemins de fichiers sont relatifs à ce dossier
# (par exemple documents/attestation-cnda.pdf).

dispositif: {rem.code}  # obligatoire : code du dispositif ({rem.dispositif.libelle})
version_rem: {_quoted(rem.version)}  # obligatoire : version du REM
profils:  # obligatoire : « general » est obligatoire ; profils du REM : {available}
{profil_lines}
editeur:
  denomination_sociale:  # obligatoire
  siret:  # obligatoire : SIRET de l'entreprise, 14 chiffres
{formes}  forme_juridique:  # obligatoire
  fonction_dirigeant:  # obligatoire : Président, CEO, DG…
  adresse_siege:  # obligatoire : adresse du siège social
  representant_legal:  # obligatoire : représentant légal de l'entreprise
    nom:  # obligatoire
    prenom:  # obligatoire
    email:  # obligatoire
    telephone:  # obligatoire : par exemple 01 99 00 12 34
  contact_referencement:  # obligatoire : personne à contacter pour le référencement
    nom:  # obligatoire
    prenom:  # obligatoire
    email:  # obligatoire
    telephone:  # obligatoire
  # facultatif : true si l'éditeur a été référencé en vague 1 du Ségur (la journée de test
  # INS du §3.4 ne concerne que les éditeurs non référencés en vague 1)
  deja_reference_vague_1: false

# Sans acceptation valable de la charte de référencement, le dossier n'est pas déposable.
charte:  # obligatoire
  signataire:  # obligatoire : personne ayant le pouvoir d'engager l'éditeur
    nom:  # obligatoire
    prenom:  # obligatoire
  qualite:  # obligatoire : representant_legal ou delegataire
  date_acceptation:  # obligatoire : AAAA-MM-JJ
  version_charte:  # obligatoire : version de la charte acceptée
  # delegation_pouvoir: documents/delegation-pouvoir.pdf  # si qualite: delegataire

version_candidate:
  denomination_commerciale: {_quoted(denomination)}  # obligatoire
  date_previsionnelle_depot_preuves:  # facultatif : AAAA-MM-JJ
  nie:  # obligatoire : numéro d'identification éditeur délivré par le CNDA
  nil:  # obligatoire : numéro d'identification logiciel délivré par le CNDA
  attestation_depot_cnda:  # obligatoire : attestation de dépôt CNDA (fichier du dossier)

# Seulement pour un groupement solidaire : décommentez et complétez.
# groupement:
#   chef_de_file: "00000000000000"  # SIRET de l'éditeur candidat, qui porte la candidature
#   membres:
#     - denomination_sociale: Nom du membre
#       siret: "00000000000000"
#       mandat: documents/mandat-membre.pdf  # mandat donné au chef de file

solution:
  version_technique:  # obligatoire : numéro de version visible dans l'IHM
  versions:  # obligatoire : chaque version existante, de la plus ancienne à la candidate
    - version_technique:  # obligatoire
      version_commerciale:  # obligatoire
  # Distributeurs mandatés, le cas échéant : denomination_sociale, siret,
  # date_signature_mandat et date_fin_mandat (AAAA-MM-JJ).
  distributeurs: []
  # Nouvelle version d'une solution déjà candidate (§3.1.1) : décommentez et indiquez le nom du
  # dossier de la candidature de la version précédente, dans le dossier de cet éditeur ; sa
  # version technique doit précéder celle-ci. La page publique de la solution montre la
  # succession des versions référencées.
{previous_line}

# Documentation du logiciel (§3.2) : ce n'est pas un champ de ce fichier. Déposez-la comme
# preuve PROC.02.01.01 dans preuves/PROCEDURE/preuves.yaml, avec la copie d'écran de la version
# technique (PROC.01.01.01) : elle y est identifiée par son empreinte sha256 et figure au reçu
# de dépôt (§3.9).

# Composants additionnels : [] si la solution n'en a pas. Sinon, pour chacun : editeur (nom),
# siret (SIRET de cet éditeur : un membre du groupement ou un éditeur tiers, jamais l'éditeur
# candidat), denomination_commerciale, version, chapitre (code du chapitre du REM),
# substitue_composant_principal (true/false) et nil (seulement s'il se substitue).
composants_additionnels: []  # obligatoire

mainteneurs:  # obligatoire : identifiants de forge autorisés à agir pour l'éditeur
  -
"""
    )


def render_questionnaire(questionnaire: QuestionnaireSsi) -> str:
    parts = [
        schema_comment(3, SCHEMA_FILES[QUESTIONNAIRE_FILE]),
        f"# {questionnaire.titre} (version {questionnaire.version}).\n",
        "# Obligatoire pour la complétude du dossier : répondez à chaque question par l'une\n",
        "# des réponses possibles. Informatif uniquement : ces réponses ne sont pas un critère\n",
        "# de référencement, ne sont lues par aucune règle de conformité et ne sont jamais\n",
        "# publiées.\n",
        "\nreponses:\n",
    ]
    for question in questionnaire.questions:
        parts.append(_comment_block(question.intitule, "  "))
        parts.append(f"  # Réponses possibles : {', '.join(question.reponses)}\n")
        parts.append(f"  {question.id}:\n\n")
    parts.append("# commentaire: facultatif, texte libre\n")
    return "".join(parts)


def render_manifests(rem: Rem, profils: Sequence[str]) -> dict[str, str]:
    """Chapter code -> manifest listing every proof expected for `profils` in that chapter,
    the procedure chapter last; nothing is deposited yet."""
    return {c.code: render_manifest(c) for c in expected_chapters(rem.chapitres, profils)}


def render_manifest(
    chapter: ExpectedChapter, deposits: Mapping[str, EntreePreuve] | None = None
) -> str:
    """The manifest of one chapter: each expected proof with its labels as comments, and its
    entry from `deposits` (files or execution ID), or `fichiers: []` when not deposited.

    A proof ID is listed once even when the REM repeats it under several scenarios (the
    imported spreadsheets do): a YAML key must be unique, and its comment gathers the labels.
    """
    deposits = deposits or {}
    entries = []
    for proof in chapter.proofs:
        texts: list[str] = []
        for origin in proof.origins:
            text = f"{origin.libelle} (exigence {origin.exigence}, profil {origin.profil})"
            if text not in texts:
                texts.append(text)
        # What the checker accepts for this proof, from the same definition (`accepted_forms`).
        texts.append(f"Forme acceptée : {accepted_wording(proof.types)}")
        entry = deposits.get(proof.id)
        entries.append(
            "".join(_comment_block(text, "  ") for text in texts)
            + f"  {_quoted(proof.id)}:\n"
            + (render_entry(entry, "    ") if entry is not None else "    fichiers: []\n")
        )
    hints = ""
    if any(accepted_forms(proof.types)[0] for proof in chapter.proofs):
        hints += (
            "# Un identifiant d'exécution (type « identifiant ») se renseigne dans le champ\n"
            "# « identifiant » de la preuve, à la place de « fichiers ».\n"
        )
    if any(proof.cnda for proof in chapter.proofs):
        hints += (
            "# Une homologation CNDA précise « nature_cnda » pour chaque fichier : attestation,\n"
            "# pre-examen ou espace-cnda (copie d'écran de l'espace personnel CNDA).\n"
        )
    header = (
        schema_comment(5, SCHEMA_FILES[MANIFEST_FILE])
        + _comment_block(f"Preuves du chapitre {chapter.code} : {chapter.libelle}.")
        + "# Pour chaque preuve, listez les fichiers déposés : chemin (relatif au dossier\n"
        + "# de ce manifeste) et sha256. Chaque preuve demandée est obligatoire pour que le\n"
        + "# chapitre soit complet.\n"
        + hints
        + f"\nchapitre: {_quoted(chapter.code)}\npreuves:\n"
    )
    return header + "\n".join(entries)


def render_entry(entry: EntreePreuve, indent: str) -> str:
    """One manifest entry as YAML, every string quoted (a JSON string is valid YAML)."""
    lines: list[str] = []
    if entry.fichiers:
        lines.append(f"{indent}fichiers:\n")
        for fichier in entry.fichiers:
            lines.append(f"{indent}  - chemin: {_quoted(fichier.chemin)}\n")
            lines.append(f"{indent}    sha256: {fichier.sha256}\n")
            if fichier.nature_cnda is not None:
                lines.append(f"{indent}    nature_cnda: {fichier.nature_cnda.value}\n")
            if fichier.commentaire is not None:
                lines.append(f"{indent}    commentaire: {_quoted(fichier.commentaire)}\n")
    elif entry.identifiant is None:
        lines.append(f"{indent}fichiers: []\n")
    if entry.identifiant is not None:
        lines.append(f"{indent}identifiant: {_quoted(entry.identifiant)}\n")
    if entry.commentaire is not None:
        lines.append(f"{indent}commentaire: {_quoted(entry.commentaire)}\n")
    return "".join(lines)

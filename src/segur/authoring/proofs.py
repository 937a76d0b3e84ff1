"""`segur preuve` core: deposit, replace or withdraw the files of one proof of a candidature.

An editor never types a sha256: each file is copied into `preuves/<CHAPITRE>/`, its real type
read and judged with the very rule `segur check` applies (`segur.rules.preuves.files.judge`,
on the record `segur.load.proof_file` makes of it), its digest computed, and the chapter's
manifest rewritten. Where the proof belongs and the manifest's text are
`segur.authoring.proof_manifest`; the all-or-nothing writing is
`segur.authoring.proof_transaction`; this module holds the acts and the judgement of the files.
Nothing here prints; problems are `UsageError` or `DataError` with a French message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from segur.authoring.proof_manifest import Placed, check_rendered, read_manifest, render
from segur.authoring.proof_transaction import Deposit, commit
from segur.dossier.context import DossierContext
from segur.errors import UsageError
from segur.findings.registry import Rule
from segur.load.proof_file import read_proof_file, relative_parts, resolve_inside
from segur.model.preuves import MANIFEST_FILE, EntreePreuve, Fichier, NatureCnda
from segur.repository.catalogue import Catalogue
from segur.repository.paths import Repository
from segur.rules.preuves import checks
from segur.rules.preuves.completeness import ChapterStatus
from segur.rules.preuves.files import Problem, judge

# The rule whose message says why a file is refused, as `segur check` would say it.
_FILE_RULES: dict[str, Rule] = {
    Problem.OUTSIDE: checks.OUTSIDE,
    Problem.MISSING: checks.MISSING_FILE,
    Problem.NOT_A_FILE: checks.NOT_A_FILE,
    Problem.EMPTY: checks.EMPTY_FILE,
    Problem.TOO_BIG: checks.TOO_BIG,
    Problem.WRONG_TYPE: checks.WRONG_TYPE,
    Problem.HASH: checks.HASH,
    Problem.CORRUPT: checks.CORRUPT,
    Problem.TRAILING: checks.TRAILING,
    Problem.ACTIVE: checks.ACTIVE,
    Problem.LFS_POINTER: checks.LFS_POINTER,
}


@dataclass(frozen=True, slots=True)
class ActResult:
    placed: Placed
    written: tuple[Path, ...]  # the files copied into the chapter
    removed: tuple[Path, ...]  # the files deleted from the chapter
    status: ChapterStatus | None  # the chapter as `segur status` now sees it


def _judged(placed: Placed, source: Path, nature: NatureCnda | None) -> Deposit:
    """The file checked as `segur check` would check it once deposited."""
    proof = placed.proof
    if not source.is_file():
        raise UsageError(f"fichier introuvable : {source}")
    name = source.name
    if relative_parts(name) != [name] or name == MANIFEST_FILE or name.startswith("."):
        raise UsageError(f"nom de fichier refusé pour une preuve : « {name} »")
    # A link named on the command line is the editor's choice: its content is deposited. The
    # folder of the file is its own "dossier": the record is read exactly as the checks read a
    # deposited file (type, content, digest).
    real = source.resolve()
    record = read_proof_file(real.parent, real.parent, real.name)
    if record.pointer is not None or record.pointer_error is not None:
        raise UsageError(
            f"« {source} » est un pointeur Git LFS, pas le contenu du fichier : "
            "récupérez le fichier (git lfs pull) avant de le déposer"
        )
    digest = record.sha256 or ""
    fichier = Fichier(chemin=name, sha256=digest or "0" * 64, nature_cnda=nature)
    verdict = judge(record, fichier, proof)
    if not verdict.ok:
        rule = _FILE_RULES.get(verdict.problem or "", checks.CORRUPT)
        message = rule.message.format(proof=proof.id, chemin=source, **verdict.detail)
        raise UsageError(f"fichier refusé, rien n'a été écrit : {rule.id} {message}")
    return Deposit(source, name, digest)


def _check_kind(placed: Placed, nature: NatureCnda | None) -> None:
    proof = placed.proof
    if proof.is_value:
        raise UsageError(
            f"la preuve {proof.id} est un identifiant d'exécution, pas un fichier : "
            f"renseignez-le dans le champ « identifiant » de {placed.manifest}"
        )
    if proof.cnda and nature is None:
        raise UsageError(
            f"la preuve {proof.id} est une homologation CNDA : précisez --nature-cnda "
            "(attestation, pre-examen ou espace-cnda)"
        )
    if not proof.cnda and nature is not None:
        raise UsageError(f"--nature-cnda ne s'applique qu'à une homologation CNDA ({proof.id})")


def deposit(
    repo: Repository,
    catalogue: Catalogue,
    placed: Placed,
    sources: Sequence[Path],
    *,
    replace: bool,
    nature: NatureCnda | None = None,
) -> ActResult:
    """Add `sources` to the proof (`replace`: instead of its current files)."""
    _check_kind(placed, nature)
    deposits = [_judged(placed, source, nature) for source in sources]
    names = [d.name for d in deposits]
    doubles = sorted({n for n in names if names.count(n) > 1})
    if doubles:
        raise UsageError(f"deux fichiers portent le même nom : {', '.join(doubles)}")
    text, manifest = read_manifest(placed)
    entries = dict(manifest.preuves) if manifest else {}
    current = entries.get(placed.proof.id, EntreePreuve())
    old_paths = _owned_files(placed, entries, placed.proof.id) if replace else []
    kept = [] if replace else list(current.fichiers)
    listed = {_normal(f.chemin) for f in kept}
    freed = {p.resolve() for p in old_paths}
    named_elsewhere = {
        _normal(f.chemin)
        for proof_id, entry in entries.items()
        if proof_id != placed.proof.id or not replace
        for f in entry.fichiers
    }
    for d in deposits:
        target = placed.base / d.name
        if d.name in listed:
            raise UsageError(
                f"« {d.name} » figure déjà dans la preuve {placed.proof.id} : "
                "utilisez « segur preuve remplacer » pour changer ses fichiers"
            )
        if d.name in named_elsewhere:
            raise UsageError(
                f"« {d.name} » est déjà cité par une autre preuve du manifeste : "
                "renommez le fichier"
            )
        if (target.exists() or target.is_symlink()) and target.resolve() not in freed:
            raise UsageError(
                f"{repo.display(target)} existe déjà : renommez le fichier, ou retirez d'abord "
                "la preuve qui le cite"
            )
    new_files = kept + [
        Fichier(chemin=d.name, sha256=d.sha256, nature_cnda=nature) for d in deposits
    ]
    entries[placed.proof.id] = current.model_copy(
        update={"fichiers": new_files, "identifiant": None}
    )
    content = render(placed, text, entries)
    check_rendered(content, placed)
    writes = {placed.base / d.name: d for d in deposits}
    replaced_now = {target.resolve() for target in writes}
    removed = [p for p in old_paths if p.resolve() not in replaced_now]
    commit(placed, content, writes, removed)
    return ActResult(placed, tuple(writes), tuple(removed), chapter_now(repo, catalogue, placed))


def withdraw(repo: Repository, catalogue: Catalogue, placed: Placed) -> ActResult:
    """Empty the proof's entry and delete the files it names (those inside the candidature
    that no other entry names)."""
    text, manifest = read_manifest(placed)
    entries = dict(manifest.preuves) if manifest else {}
    entry = entries.get(placed.proof.id)
    if entry is None or not entry.deposee:
        raise UsageError(f"la preuve {placed.proof.id} n'a rien de déposé : rien à retirer")
    removed = _owned_files(placed, entries, placed.proof.id)
    entries[placed.proof.id] = EntreePreuve()
    content = render(placed, text, entries)
    check_rendered(content, placed)
    commit(placed, content, {}, removed)
    return ActResult(placed, (), tuple(removed), chapter_now(repo, catalogue, placed))


def _normal(chemin: str) -> str:
    parts = relative_parts(chemin)
    return "/".join(parts) if parts else chemin


def _owned_files(placed: Placed, entries: dict[str, EntreePreuve], proof_id: str) -> list[Path]:
    """The files of `proof_id` that may be deleted: named by its entry, inside the candidature
    once links are followed, regular files, and named by no other entry."""
    others = {
        _normal(f.chemin) for pid, e in entries.items() if pid != proof_id for f in e.fichiers
    }
    owned: list[Path] = []
    entry = entries.get(proof_id)
    for fichier in entry.fichiers if entry else []:
        if _normal(fichier.chemin) in others:
            continue
        path = resolve_inside(placed.base, placed.folder, fichier.chemin)
        if path is not None and path.is_file() and not path.is_symlink() and path not in owned:
            owned.append(path)
    return owned


def chapter_now(repo: Repository, catalogue: Catalogue, placed: Placed) -> ChapterStatus | None:
    """The chapter's completeness, computed as `segur status` and `segur check` compute it."""
    report, _ = DossierContext(repo, catalogue, placed.folder).preuves()
    if report is None:
        return None
    return next((s for s in report.statuses if s.code == placed.chapter.code), None)

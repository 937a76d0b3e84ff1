"""`segur preuve` core: deposit, replace or withdraw the files of one proof of a candidature.

An editor never types a sha256: each file is copied into `preuves/<CHAPITRE>/`, its real type
read and judged with the very rule `segur check` applies (`segur.rules.preuves.files.judge`,
on the record `segur.load.proof_file` makes of it), its digest computed, and the chapter's
manifest rewritten. The proof must be one the candidature's REM and profiles expect in that
chapter (`segur.rules.preuves.completeness.expected_chapters`, the list the checks require).

The manifest keeps its header (every line above `preuves:`, comments included); the entries
are written back in the REM's order as the scaffold writes them (`scaffold.render_manifest`),
with the entries of IDs the chapter does not expect kept after them, untouched.

Nothing is half-written: the new files and the new manifest are first written as hidden files
beside their targets, then renamed one by one; the files they replace are moved aside first and
put back if any step fails. Nothing here prints; problems are `UsageError` or `DataError` with
a French message.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from segur.authoring.scaffold import render_entry, render_manifest
from segur.dossier.context import DossierContext
from segur.dossier.preuves import target_of
from segur.errors import DataError, UsageError
from segur.findings.registry import Rule
from segur.load.document import load_file, parse
from segur.load.proof_file import read_proof_file, relative_parts, resolve_inside
from segur.load.validation import validate
from segur.model.candidature import CANDIDATURE_FILE
from segur.model.preuves import (
    MANIFEST_FILE,
    PREUVES_DIR,
    EntreePreuve,
    Fichier,
    Manifeste,
    NatureCnda,
    chapter_dirname,
)
from segur.repository.catalogue import Catalogue
from segur.repository.paths import Repository
from segur.rules.preuves import checks
from segur.rules.preuves.completeness import (
    ChapterStatus,
    ExpectedChapter,
    ExpectedProof,
    expected_chapters,
)
from segur.rules.preuves.files import Problem, judge
from segur.rules.preuves.index import rem_index

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
# The top-level key of the entries: what is above it is the manifest's header, kept as is.
_PREUVES_KEY = re.compile(r"^preuves:.*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a proof's chapter lives in a candidature."""

    folder: Path
    chapter: ExpectedChapter
    proof: ExpectedProof

    @property
    def base(self) -> Path:
        return self.folder / PREUVES_DIR / chapter_dirname(self.chapter.code)

    @property
    def manifest(self) -> Path:
        return self.base / MANIFEST_FILE


@dataclass(frozen=True, slots=True)
class Deposit:
    """One file to deposit: where it comes from, its name in the chapter, its digest."""

    source: Path
    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class ActResult:
    placed: Placed
    written: tuple[Path, ...]  # the files copied into the chapter
    removed: tuple[Path, ...]  # the files deleted from the chapter
    status: ChapterStatus | None  # the chapter as `segur status` now sees it


def place(
    repo: Repository, catalogue: Catalogue, folder: Path, chapter_code: str, proof_id: str
) -> Placed:
    """The expected chapter and proof named by the editor, or a French error saying where the
    proof belongs when it is not expected there."""
    loaded = load_file(folder / CANDIDATURE_FILE, repo.display(folder / CANDIDATURE_FILE))
    target, reason = target_of(loaded.document, catalogue)
    if target is None:
        raise DataError(f"les preuves attendues ne peuvent pas être connues : {reason}")
    chapters = expected_chapters(target.rem.chapitres, target.profils)
    wanted = chapter_code.replace("-", "/")
    chapter = next((c for c in chapters if chapter_code in (c.code, chapter_dirname(c.code))), None)
    if chapter is None:
        chapter = next((c for c in chapters if c.code == wanted), None)
    rem = f"REM {target.rem.code} {target.rem.version}"
    if chapter is None:
        codes = ", ".join(c.code for c in chapters)
        raise UsageError(
            f"chapitre « {chapter_code} » sans preuve attendue pour cette candidature ({rem}, "
            f"profils {', '.join(target.profils)}) ; chapitres attendus : {codes}"
        )
    proof = next((p for p in chapter.proofs if p.id == proof_id), None)
    if proof is not None:
        return Placed(folder, chapter, proof)
    elsewhere = next((c for c in chapters for p in c.proofs if p.id == proof_id), None)
    if elsewhere is not None:
        raise UsageError(
            f"la preuve {proof_id} n'appartient pas au chapitre {chapter.code} : elle est "
            f"attendue au chapitre {elsewhere.code} (segur preuve ajouter … {elsewhere.code} "
            f"{proof_id} …)"
        )
    rem_proofs, _ = rem_index(target.rem.chapitres)
    known = rem_proofs.get(proof_id)
    if known is not None:
        raise UsageError(
            f"la preuve {proof_id} (chapitre {known[0]}, profil {known[1]}) n'est pas attendue : "
            f"le profil {known[1]} n'est pas demandé par la candidature"
        )
    raise UsageError(
        f"preuve {proof_id} inconnue du {rem} ; preuves attendues au chapitre {chapter.code} : "
        + ", ".join(p.id for p in chapter.proofs)
    )


def _read_manifest(placed: Placed) -> tuple[str | None, Manifeste | None]:
    """The manifest's text and model, (None, None) when there is none yet."""
    path = placed.manifest
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise DataError(f"{path} n'est pas un fichier ordinaire : il n'est pas modifié")
    if not path.exists():
        return None, None
    loaded = load_file(path)
    manifest = validate(loaded.document, Manifeste)[0] if loaded.document else None
    if manifest is None:
        raise DataError(
            f"le manifeste {path} est illisible ou invalide : corrigez-le d'abord "
            "(segur check le localise)"
        )
    if manifest.chapitre != placed.chapter.code:
        raise DataError(
            f"le manifeste {path} déclare le chapitre « {manifest.chapitre} », "
            f"{placed.chapter.code} attendu : corrigez-le d'abord"
        )
    return path.read_text(encoding="utf-8"), manifest


def render(placed: Placed, text: str | None, entries: dict[str, EntreePreuve]) -> str:
    """The manifest with `entries`: its header kept, the expected proofs in the REM's order,
    the other IDs after them."""
    fresh = render_manifest(placed.chapter, entries)
    match = _PREUVES_KEY.search(fresh)
    assert match is not None  # the scaffold always writes the key
    body = fresh[match.end() + 1 :]
    header = fresh[: match.end() + 1]
    if text is not None:
        kept = _PREUVES_KEY.search(text)
        if kept is not None:
            header = text[: kept.start()] + "preuves:\n"
        else:
            header = text + ("" if text.endswith("\n") or not text else "\n") + "preuves:\n"
    expected = {p.id for p in placed.chapter.proofs}
    others = [
        f'  "{proof_id}":\n' + render_entry(entry, "    ")
        for proof_id, entry in entries.items()
        if proof_id not in expected
    ]
    return header + body + "".join(f"\n{other}" for other in others)


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
    text, manifest = _read_manifest(placed)
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
    _validated(content, placed)
    writes = {placed.base / d.name: d for d in deposits}
    replaced_now = {target.resolve() for target in writes}
    removed = [p for p in old_paths if p.resolve() not in replaced_now]
    _commit(placed, content, writes, removed)
    return ActResult(placed, tuple(writes), tuple(removed), chapter_now(repo, catalogue, placed))


def withdraw(repo: Repository, catalogue: Catalogue, placed: Placed) -> ActResult:
    """Empty the proof's entry and delete the files it names (those inside the candidature
    that no other entry names)."""
    text, manifest = _read_manifest(placed)
    entries = dict(manifest.preuves) if manifest else {}
    entry = entries.get(placed.proof.id)
    if entry is None or not entry.deposee:
        raise UsageError(f"la preuve {placed.proof.id} n'a rien de déposé : rien à retirer")
    removed = _owned_files(placed, entries, placed.proof.id)
    entries[placed.proof.id] = EntreePreuve()
    content = render(placed, text, entries)
    _validated(content, placed)
    _commit(placed, content, {}, removed)
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


def _validated(content: str, placed: Placed) -> None:
    """The new manifest parses as a manifest: a bug here must not reach the editor's files."""
    loaded = parse(content.encode("utf-8"), str(placed.manifest))
    manifest = validate(loaded.document, Manifeste)[0] if loaded.document else None
    if manifest is None or manifest.chapitre != placed.chapter.code:
        raise DataError(f"le manifeste réécrit de {placed.chapter.code} serait invalide")


def _hidden(path: Path, what: str) -> Path:
    # Hidden and beside the target: `rename` is atomic within one folder.
    return path.with_name(f".{path.name}.{what}-{secrets.token_hex(4)}")


def _copy(source: Path, staging: Path, expected: str) -> None:
    digest = hashlib.sha256()
    with source.open("rb") as src, staging.open("xb") as dst:
        while chunk := src.read(1 << 20):
            digest.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    if digest.hexdigest() != expected:
        raise UsageError(f"« {source} » a changé pendant la copie : relancez la commande")


def _commit(
    placed: Placed, content: str, writes: dict[Path, Deposit], removed: Iterable[Path]
) -> None:
    """Write the files and the manifest, delete `removed`: all of it, or none of it."""
    base = placed.base
    created_base = not base.exists()
    base.mkdir(parents=True, exist_ok=True)
    staged: dict[Path, Path] = {}  # target -> its staging file
    moved: dict[Path, Path] = {}  # original -> where it was moved aside
    placed_targets: list[Path] = []
    try:
        for target, d in writes.items():
            staged[target] = _hidden(target, "en-cours")
            _copy(d.source, staged[target], d.sha256)
        manifest_staging = _hidden(placed.manifest, "en-cours")
        manifest_staging.write_text(content, encoding="utf-8")
        staged[placed.manifest] = manifest_staging
        for path in [*writes, placed.manifest, *removed]:
            if (path.exists() or path.is_symlink()) and path not in moved:
                moved[path] = _hidden(path, "ancien")
                path.rename(moved[path])
        for target, staging in staged.items():
            staging.rename(target)
            placed_targets.append(target)
    except BaseException:
        for target in placed_targets:
            target.unlink(missing_ok=True)
        for staging in staged.values():
            staging.unlink(missing_ok=True)
        # Every original is put back even if one fails: the least is lost that can be.
        for original, aside in moved.items():
            with contextlib.suppress(OSError):
                aside.replace(original)
        if created_base and base.is_dir() and not any(base.iterdir()):
            base.rmdir()
        raise
    for aside in moved.values():
        if aside.is_dir() and not aside.is_symlink():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.unlink(missing_ok=True)


def chapter_now(repo: Repository, catalogue: Catalogue, placed: Placed) -> ChapterStatus | None:
    """The chapter's completeness, computed as `segur status` and `segur check` compute it."""
    report, _ = DossierContext(repo, catalogue, placed.folder).preuves()
    if report is None:
        return None
    return next((s for s in report.statuses if s.code == placed.chapter.code), None)

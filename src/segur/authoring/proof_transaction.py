"""The all-or-nothing writing of a proof's files and of its chapter's manifest.

Nothing is half-written: the new files and the new manifest are first written as hidden files
beside their targets, then renamed one by one; the files they replace are moved aside first and
put back if any step fails. This is the only part of `segur preuve` that touches the editor's
files, kept apart from what decides what to write (`segur.authoring.proofs`,
`segur.authoring.proof_manifest`). Nothing here prints; a file that changes while it is copied
is a `UsageError` with a French message.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from segur.authoring.proof_manifest import Placed
from segur.errors import UsageError


@dataclass(frozen=True, slots=True)
class Deposit:
    """One file to deposit: where it comes from, its name in the chapter, its digest."""

    source: Path
    name: str
    sha256: str


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


def commit(
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

"""Mirrors of the editors' dossier repositories, for the ANS side of the federation.

For each dossier repository of the registry (`depots.yaml`), the cache holds:
- `<slug>.git`: a bare mirror (`git clone --mirror`, then `git remote update --prune`), with the
  full history, since every date of the procedure is an arrival on `main`;
- `<slug>/`: a checkout of its `main`, updated in place, that the lifecycle reads like any
  dossier repository.

Proofs stored with Git LFS stay pointers (`GIT_LFS_SKIP_SMUDGE=1`, never `git lfs fetch`): the
aggregation needs the manifests and the history, not the proofs' content, and the ANS side must
not copy every editor's binaries. git runs without a terminal prompt, so that a repository whose
credentials are missing fails at once instead of waiting. URLs are shown without credentials.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

MAIN = "main"
# A fetch that hangs (a dead server) must not stall the others forever.
GIT_TIMEOUT_SECONDS = 1800
_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


def bare_path(cache: Path, slug: str) -> Path:
    return cache / f"{slug}.git"


def checkout_path(cache: Path, slug: str) -> Path:
    return cache / slug


def redact(text: str) -> str:
    """`text` without the user and password part of any URL in it."""
    return _CREDENTIALS.sub(r"\g<scheme>", text)


@dataclass(frozen=True, slots=True)
class MirrorResult:
    slug: str
    url: str  # without credentials
    ok: bool
    created: bool  # the first mirroring of this repository
    head: str | None  # the commit of main checked out
    message: str  # French; empty when ok


class _GitFailed(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _environment() -> dict[str, str]:
    # The caller's configuration stays (credential helpers of the ANS runner); the variables of
    # a git hook that would point git at another repository do not.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY")
    }
    env["GIT_LFS_SKIP_SMUDGE"] = "1"
    env["GIT_TERMINAL_PROMPT"] = "0"
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    return env


def _git(*args: str, cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=_environment(),
            capture_output=True,
            text=True,
            check=False,
            timeout=GIT_TIMEOUT_SECONDS,
        )
    except subprocess.TimeoutExpired:
        raise _GitFailed(f"git {args[0]} sans réponse après {GIT_TIMEOUT_SECONDS} s") from None
    except OSError as exc:
        raise _GitFailed(f"git introuvable ({exc.strerror})") from None
    if done.returncode != 0:
        lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        detail = redact(lines[-1]) if lines else f"code de sortie {done.returncode}"
        raise _GitFailed(f"git {args[0]} a échoué : {detail}")
    return done.stdout.strip()


def _update_bare(bare: Path, url: str) -> bool:
    """Create or update the bare mirror; True when it was created."""
    if (bare / "HEAD").is_file():
        _git("remote", "set-url", "origin", url, cwd=bare)
        _git("remote", "update", "--prune", cwd=bare)
        return False
    partial = bare.with_name(bare.name + ".partiel")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        _git("clone", "--quiet", "--mirror", "--", url, str(partial))
    except _GitFailed:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    # Only a complete mirror gets its name: an interrupted first clone leaves no mirror.
    shutil.rmtree(bare, ignore_errors=True)
    partial.rename(bare)
    return True


def _update_checkout(bare: Path, checkout: Path) -> str:
    """Check out the mirror's main in `checkout`, created or updated in place; its commit."""
    if _git("for-each-ref", f"refs/heads/{MAIN}", cwd=bare) == "":
        raise _GitFailed(f"pas de branche {MAIN}")
    if not (checkout / ".git").exists():
        shutil.rmtree(checkout, ignore_errors=True)
        _git("clone", "--quiet", "--branch", MAIN, "--", str(bare.absolute()), str(checkout))
    else:
        _git("fetch", "--quiet", "--prune", "origin", cwd=checkout)
        _git("checkout", "--quiet", "--force", "-B", MAIN, f"origin/{MAIN}", cwd=checkout)
        # The checkout is the cache's, never edited by hand: it is exactly main.
        _git("clean", "--quiet", "-ffdx", cwd=checkout)
    return _git("rev-parse", "HEAD", cwd=checkout)


def mirror_one(cache: Path, slug: str, url: str) -> MirrorResult:
    shown = redact(url)
    try:
        created = _update_bare(bare_path(cache, slug), url)
        head = _update_checkout(bare_path(cache, slug), checkout_path(cache, slug))
    except _GitFailed as exc:
        message = f"dépôt de « {slug} » ({shown}) non mis à jour : {exc.message}"
        return MirrorResult(slug, shown, False, False, None, message)
    return MirrorResult(slug, shown, True, created, head, "")


def mirror_all(cache: Path, depots: Mapping[str, str], tasks: int = 4) -> list[MirrorResult]:
    """Mirror every repository of `depots` (slug -> URL) into `cache`, `tasks` at a time; one
    that fails does not stop the others. Results in the order of the slugs."""
    cache.mkdir(parents=True, exist_ok=True)
    slugs = sorted(depots)
    with ThreadPoolExecutor(max_workers=max(1, tasks)) as pool:
        results = pool.map(lambda slug: mirror_one(cache, slug, depots[slug]), slugs)
        return list(results)

"""The demo federation (`segur exemples --federation DIR`): the example dossiers split into one
dossier repository per editor, and a central repository that registers them.

    DIR/central/               the central repository: REM, schemas, access map, site, the
                               dossier-repository template, depots.yaml naming every editor's
                               repository by its file:// address, and their forge settings
                               (forge/), all as `segur depots ajouter` leaves them
    DIR/editeurs/<slug>.git    one bare repository per editor, as the forge would hold it

Each editor's repository starts from the template
(`segur.authoring.dossier_repository.editor_files`, the very files `segur depots ajouter`
commits) pinned to the central repository's last commit, then holds that editor's own pull
requests, on the same days and at the same times as in the single demo repository
(`segur.examples.history`): its deposits, and the instruction, collège, direction and bot events
of its candidatures. No repository holds another editor's folder.
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from segur.authoring.dossier_repository import TEMPLATE_DIR, editor_files, template_files
from segur.authoring.forge_settings import forge_settings, organisation_ruleset, settings_text
from segur.authoring.provision import parse_registry_text, registry_with
from segur.errors import DataError
from segur.examples.dossiers import DOSSIERS
from segur.examples.generator import Files
from segur.examples.history import (
    BASE_MOMENT,
    EXAMPLES_GUIDE,
    EXAMPLES_GUIDE_PATH,
    HistoryError,
    cast_of,
    checkout_files,
    dossier_requests,
)
from segur.examples.synthetic.git_writer import (
    SyntheticGitError,
    Written,
    build_repository,
    git_environment,
)
from segur.examples.synthetic.story import PullRequest, Step
from segur.model.access import ACCESS_FILE
from segur.model.journal import Role
from segur.model.registry import REGISTRY_FILE, Central, DepotEditeur, Registre
from segur.repository.access import parse_map
from segur.repository.catalogue import Catalogue

CENTRAL_DIR = "central"
EDITORS_DIR = "editeurs"
# What the central repository takes from the tool checkout beyond the demo's base files: the
# template of the dossier repositories, the pre-commit hook the editors run, the registry.
CENTRAL_EXTRA = (".pre-commit-hooks.yaml", REGISTRY_FILE, TEMPLATE_DIR.as_posix())
# The ANS registers the editors' repositories the morning after setting the central one up, and
# creates them at once; the first deposits come two weeks later.
REGISTERED = BASE_MOMENT + dt.timedelta(hours=2)
CREATED = BASE_MOMENT + dt.timedelta(days=1)
CENTRAL_MESSAGE = "Dépôt central de démonstration : outil, REM, carte d'accès, site et gabarits"
# Fictitious example files stay ordinary git files, even where Git LFS is installed: the
# template sends proofs to LFS, and a clone without an LFS server must still open them.
EXAMPLES_ATTRIBUTES = (
    "# Les dossiers fictifs d'exemple restent des fichiers git ordinaires (démonstration).\n"
    "dossiers/exemple-*/** -filter -diff -merge\n"
)
CENTRAL_README = """\
# Dépôt central de démonstration du référencement Ségur sans financement (SONS)

Dépôt **fictif**, généré par `segur exemples --federation` : l'outil, le catalogue REM, la carte
d'accès et le site public de l'ANS, sans aucun dossier. Les dossiers d'exemple sont dans un dépôt
par éditeur (`../editeurs/<editeur>.git`), que `depots.yaml` enregistre et que l'ANS agrège :

    segur --repo . depots miroir --cache ../miroirs
    segur --repo . --miroirs ../miroirs status --today 2026-11-28
    segur --repo . --miroirs ../miroirs site build --out ../public
"""


@dataclass(frozen=True, slots=True)
class FederationWritten:
    central: Path
    central_commits: int
    editors: dict[str, Written]  # slug -> what its repository holds


def _revision(root: Path) -> str:
    done = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=root,
        env=git_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SyntheticGitError(f"git rev-parse HEAD a échoué : {done.stderr.strip()}")
    return done.stdout.strip()


def _bare(work: Path, bare: Path) -> None:
    """The forge's copy: a bare clone of `work`, which is then removed."""
    done = subprocess.run(
        ["git", "clone", "-q", "--bare", "--no-local", work.as_posix(), bare.as_posix()],
        env=git_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SyntheticGitError(f"git clone --bare a échoué : {done.stderr.strip()}")
    shutil.rmtree(work)


def _central_files(root: Path) -> Files:
    files = {**checkout_files(root), **checkout_files(root, CENTRAL_EXTRA)}
    if REGISTRY_FILE not in files:
        raise DataError(f"{REGISTRY_FILE} absent de {root} : le registre de la démonstration")
    files["README.md"] = CENTRAL_README.encode("utf-8")
    return dict(sorted(files.items()))


def write_federation(root: Path, catalogue: Catalogue, out: Path) -> FederationWritten:
    """The demo federation in `out` (absent or empty), from the tool checkout `root`."""
    base = _central_files(root)
    carte = parse_map(base[ACCESS_FILE]).carte
    if carte is None:
        raise HistoryError(f"{ACCESS_FILE} invalide : impossible de nommer les accès")
    cast = cast_of(base[ACCESS_FILE])
    admin = cast.role(Role.ADMIN, "")
    editors = sorted(dict.fromkeys(example.editeur for example in DOSSIERS))
    bare = {slug: (out / EDITORS_DIR / f"{slug}.git").resolve() for slug in editors}

    # The registry and the forge settings, as `segur depots ajouter` writes them, one editor
    # after the other.
    text = base[REGISTRY_FILE].decode("utf-8")
    registered: Files = {}
    for slug in editors:
        registre = _registry(text)
        url = bare[slug].as_uri()
        registered[f"forge/{slug}.json"] = settings_text(
            forge_settings(registre, carte, slug, url)
        ).encode("utf-8")
        text = registry_with(text, registre, slug, url)
    final = _registry(text)
    registered[REGISTRY_FILE] = text.encode("utf-8")
    registered["forge/organisation.json"] = settings_text(organisation_ruleset(final)).encode(
        "utf-8"
    )
    registration = PullRequest(
        "depots/enregistrement",
        f"Registre : {len(editors)} dépôts de dossiers (segur depots ajouter)",
        admin,
        (
            Step(
                REGISTERED - dt.timedelta(minutes=30),
                "Registre des dépôts de dossiers et réglages de la forge",
                functools.partial(_files, registered),
            ),
        ),
        REGISTERED,
        admin,
    )
    central = out / CENTRAL_DIR
    build_repository(central, base, BASE_MOMENT, [registration], admin, CENTRAL_MESSAGE)
    revision = _revision(central)
    central_url = central.resolve().as_uri()

    template = template_files(root / TEMPLATE_DIR)
    by_editor: dict[str, list[PullRequest]] = {slug: [] for slug in editors}
    for index, example in enumerate(DOSSIERS):
        # The same offsets as the single demo repository: the same moments, editor by editor.
        requests, _ = dossier_requests(example, catalogue, cast, offset=3 * index)
        by_editor[example.editeur].extend(requests)
    written: dict[str, Written] = {}
    for slug in editors:
        depot = DepotEditeur(editeur=slug, central=Central(url=central_url, revision=revision))
        files = editor_files(template, carte, final, depot)
        files[".gitattributes"] = files.get(".gitattributes", b"") + EXAMPLES_ATTRIBUTES.encode()
        files[EXAMPLES_GUIDE_PATH] = EXAMPLES_GUIDE.read_bytes()
        work = out / EDITORS_DIR / f".{slug}.travail"
        written[slug] = build_repository(
            work,
            dict(sorted(files.items())),
            CREATED,
            by_editor[slug],
            admin,
            f"Dépôt de dossiers de {slug} : gabarit, depot.yaml et CODEOWNERS",
        )
        _bare(work, bare[slug])
    return FederationWritten(central, 2, written)


def _registry(text: str) -> Registre:
    registre = parse_registry_text(text)
    if registre is None:
        raise DataError(f"{REGISTRY_FILE} invalide : « segur check » dit pourquoi")
    return registre


def _files(files: Files) -> Files:
    return dict(files)

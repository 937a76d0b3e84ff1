"""`segur site build [--out DIR]` and `segur site serve [--port N]`: the public site."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.commands.arguments import iso_date
from segur.commands.common import federation_of
from segur.errors import UsageError
from segur.lifecycle.calendar import paris_date
from segur.load.git_history import commit_moment, in_repository
from segur.publication.model import publish_federation
from segur.publication.site.build import build_site
from segur.publication.site.engine import ENGINES
from segur.publication.site.serve import make_server
from segur.publication.site.text import date_fr, plural
from segur.repository.catalogue import repository_catalogue
from segur.repository.paths import Repository, toolkit_root

CONFIG_FILE = "mkdocs.yml"
DEFAULT_OUT = "public"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    repo: Path
    central: Path | None
    miroirs: Path | None
    out: Path | None
    config: Path | None
    date: dt.date | None
    moteur: str
    site_url: str | None


def build_options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        repo=args.repo,
        central=args.central,
        miroirs=args.miroirs,
        out=args.out,
        config=args.config,
        date=args.date,
        moteur=args.moteur,
        site_url=args.site_url,
    )


@dataclass(frozen=True, slots=True)
class ServeOptions:
    repo: Path
    dir: Path | None
    port: int
    host: str


def serve_options(args: argparse.Namespace) -> ServeOptions:
    return ServeOptions(repo=args.repo, dir=args.dir, port=args.port, host=args.host)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "site",
        help="site public : candidats en cours, solutions référencées, données ouvertes",
        description="Construit ou prévisualise le site public (§3.1.4 de la procédure). Le "
        "site ne montre que le modèle de publication : ni preuve, ni avis, ni motif de refus, "
        "ni réponse SSI, ni donnée personnelle.",
    )
    actions = parser.add_subparsers(dest="site_command", metavar="ACTION", help="l'action à faire")
    actions.required = True
    build = actions.add_parser(
        "build",
        help="construire le site statique",
        description="Génère les pages et les données ouvertes dans le docs_dir de mkdocs.yml "
        "(build/site-docs/), puis construit le site statique. Sa date est celle du commit "
        "HEAD (ou SOURCE_DATE_EPOCH) : deux constructions du même commit sont identiques.",
    )
    build.add_argument(
        "--out", type=Path, default=None, metavar="DOSSIER", help="dossier du site (public/)"
    )
    build.add_argument(
        "--config", type=Path, default=None, metavar="FICHIER", help="mkdocs.yml du site"
    )
    build.add_argument(
        "--date",
        "--today",
        dest="date",
        type=iso_date,
        default=None,
        metavar="AAAA-MM-JJ",
        help="date des données publiées, le jour (Paris) qui décide aussi des conventions "
        "échues (défaut : date du commit HEAD)",
    )
    build.add_argument("--moteur", choices=ENGINES, default="mkdocs", help="moteur du site")
    build.add_argument(
        "--site-url",
        default=os.environ.get("SEGUR_SITE_URL") or None,
        metavar="URL",
        help="adresse publique du site (défaut : site_url de mkdocs.yml, ou SEGUR_SITE_URL)",
    )
    build.set_defaults(func=run_build, options=build_options)
    serve = actions.add_parser(
        "serve",
        help="prévisualiser le site construit",
        description="Sert le site construit sur http://127.0.0.1:PORT/ jusqu'à Ctrl+C.",
    )
    serve.add_argument(
        "--dir", type=Path, default=None, metavar="DOSSIER", help="site construit (public/)"
    )
    serve.add_argument(
        "--port", type=int, default=8000, metavar="PORT", help="port (défaut : 8000)"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", metavar="ADRESSE", help="adresse d'écoute (127.0.0.1)"
    )
    serve.set_defaults(func=run_serve, options=serve_options)


def _config(repo: Repository, given: Path | None) -> tuple[Path | None, bool]:
    """The site configuration, and whether it belongs to the repository being published."""
    if given is not None:
        found = given if given.is_file() else None
        return found, given.resolve().parent == repo.root.resolve()
    own = repo.root / CONFIG_FILE
    if own.is_file():
        return own, True
    # The site of the checkout segur was installed from, never the current directory's: a
    # dossier repository has `rem/` but no site of its own.
    root = toolkit_root()
    toolkit = None if root is None else root / CONFIG_FILE
    return (toolkit if toolkit is not None and toolkit.is_file() else None), False


def _moment(roots: list[Path], date: dt.date | None) -> tuple[int, dt.date]:
    """The build's timestamp and the date of the published data: the latest commit among the
    central repository and the mirrored dossier repositories (decisions land in the latter)."""
    if date is not None:
        moment = dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
        return int(moment.timestamp()), date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    else:
        if not in_repository(roots[0]):
            raise UsageError(
                f"{roots[0]} n'est pas dans un dépôt git : donnez la date des données avec --date"
            )
        moment = max(commit_moment(root, "HEAD") for root in roots if in_repository(root))
    return int(moment.timestamp()), paris_date(moment)


def run_build(options: BuildOptions) -> int:
    repo = Repository(options.repo, options.central)
    config, own = _config(repo, options.config)
    if config is None:
        raise UsageError(
            f"configuration du site introuvable ({options.config or CONFIG_FILE}) ; "
            "indiquez-la avec --config"
        )
    catalogue, _ = repository_catalogue(repo)
    # With --miroirs, the candidatures of every mirrored dossier repository of the registry.
    federation = federation_of(repo, options.miroirs)
    roots = list(dict.fromkeys([repo.root, *(member.root for member in federation.members)]))
    epoch, date = _moment(roots, options.date)
    # Relative to where the user stands, not to the engine's working directory.
    out = options.out.absolute() if options.out else (repo.root / DEFAULT_OUT)
    # A site that cannot be built is a SiteError (a DataError), shown by `segur.cli`.
    publication = publish_federation(federation, catalogue, date)
    built = build_site(
        publication,
        config,
        out,
        epoch,
        engine=options.moteur,
        # Another repository's configuration: keep the generated pages in this repository. An
        # absolute path: mkdocs reads a relative docs_dir from the configuration's folder, and
        # would build that repository's pages (`--repo .` with the toolkit's mkdocs.yml).
        docs_dir=None if own else repo.root.absolute() / "build" / "site-docs",
        site_url=options.site_url,
    )
    pages = sum(1 for p in built.out.rglob("*.html"))
    echues = len(publication.echues)
    ended = f", {plural(echues, 'référencement échu', 'référencements échus')}" if echues else ""
    sys.stdout.write(
        f"Site construit dans {out.as_posix()}/ : {plural(pages, 'page')}, "
        f"{plural(len(publication.referencees), 'solution référencée', 'solutions référencées')}"
        f", {plural(len(publication.candidats), 'candidat en cours', 'candidats en cours')}"
        f"{ended} (données au {date_fr(publication.date)}).\n"
        f"Pour le consulter : segur site serve --dir {out.as_posix()} "
        "puis ouvrez http://127.0.0.1:8000/\n"
    )
    return 0


def run_serve(options: ServeOptions) -> int:
    directory = options.dir or (Repository(options.repo).root / DEFAULT_OUT)
    if not (directory / "index.html").is_file():
        raise UsageError(
            f"pas de site construit dans {directory} ; lancez d'abord « segur site build »"
        )
    # A busy port is a UsageError, raised by make_server.
    server = make_server(directory, options.port, options.host)
    port = server.server_address[1]
    sys.stdout.write(f"Site servi sur http://{options.host}:{port}/ — Ctrl+C pour arrêter.\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        # Ctrl+C is how the preview is meant to stop (see the description): not an interruption.
        sys.stdout.write("Arrêt du serveur.\n")
    finally:
        server.server_close()
    return 0

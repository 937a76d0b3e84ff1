"""`segur depots liste|miroir|ajouter`: the registry of the editors' dossier repositories.

Run in the central repository (`--repo`, or the current directory): its `depots.yaml` lists one
private dossier repository per editor (§3.7). `miroir` keeps a mirror of each in a cache, that
`--miroirs` then aggregates (queue, deadlines, collège agenda, status, site).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from segur.authoring.provision import provision_editor
from segur.commands.arguments import FORMAT_HELP
from segur.errors import DataError, UsageError
from segur.findings.finding import has_errors
from segur.load import git_history as gitlog
from segur.load.mirror import checkout_path, mirror_all, redact
from segur.model.registry import REGISTRY_FILE, Registre
from segur.publication import report
from segur.repository.federation import member_findings
from segur.repository.registry import load_registry

DEFAULT_TASKS = 4


@dataclass(frozen=True, slots=True)
class ListeOptions:
    repo: Path
    format: str


def liste_options(args: argparse.Namespace) -> ListeOptions:
    return ListeOptions(repo=args.repo, format=args.format)


@dataclass(frozen=True, slots=True)
class MiroirOptions:
    repo: Path
    cache: Path
    taches: int


def miroir_options(args: argparse.Namespace) -> MiroirOptions:
    return MiroirOptions(repo=args.repo, cache=args.cache, taches=args.taches)


@dataclass(frozen=True, slots=True)
class AjouterOptions:
    repo: Path
    editeur: str
    url: str
    dossier: Path
    url_central: str
    revision_central: str | None


def ajouter_options(args: argparse.Namespace) -> AjouterOptions:
    return AjouterOptions(
        repo=args.repo,
        editeur=args.editeur,
        url=args.url,
        dossier=args.dossier,
        url_central=args.url_central,
        revision_central=args.revision_central,
    )


def _tasks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"nombre de tâches invalide : « {text} » (entier ≥ 1)")
    return value


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "depots",
        help="dépôts de dossiers des éditeurs : registre, miroirs, ajout",
        description="Un dépôt de dossiers privé par éditeur (§3.7 : les droits de lecture de "
        "la forge s'arrêtent au dépôt) ; le dépôt central en tient le registre, depots.yaml.",
    )
    actions = parser.add_subparsers(
        dest="depots_command", metavar="ACTION", help="l'action à faire"
    )
    actions.required = True
    liste = actions.add_parser(
        "liste",
        help="lister les dépôts de dossiers du registre",
        description="Liste les dépôts de dossiers de depots.yaml (adresses sans identifiants).",
    )
    liste.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    liste.set_defaults(func=run_liste, options=liste_options)
    miroir = actions.add_parser(
        "miroir",
        help="créer ou mettre à jour le miroir de chaque dépôt de dossiers",
        description="Pour chaque dépôt de depots.yaml : un miroir nu CACHE/<éditeur>.git "
        "(historique complet ; fichiers LFS laissés en pointeurs) et une copie de sa branche "
        "main dans CACHE/<éditeur>/, mis à jour à chaque lancement. Un dépôt injoignable est "
        "signalé sans arrêter les autres (code de sortie 1). Un miroir qui contient le dossier "
        "d'un autre éditeur, ou dont depot.yaml nomme un autre éditeur, est signalé et écarté "
        "de l'agrégation (--miroirs).",
    )
    miroir.add_argument(
        "--cache",
        type=Path,
        required=True,
        metavar="DOSSIER",
        help="dossier des miroirs (créé au besoin), à donner ensuite à --miroirs",
    )
    miroir.add_argument(
        "--taches",
        type=_tasks,
        default=DEFAULT_TASKS,
        metavar="N",
        help=f"nombre de dépôts mis à jour en parallèle (défaut : {DEFAULT_TASKS})",
    )
    miroir.set_defaults(func=run_miroir, options=miroir_options)
    ajouter = actions.add_parser(
        "ajouter",
        help="créer le dépôt de dossiers d'un éditeur et l'inscrire au registre (rôle admin)",
        description="Crée localement le dépôt de dossiers de l'éditeur à partir du gabarit "
        "gabarits/depot-dossiers/ (depot.yaml, CODEOWNERS, dossiers/<éditeur>/), l'inscrit "
        "dans depots.yaml et écrit ses réglages de forge sous forge/. Rien n'est écrit si "
        "une donnée est invalide.",
    )
    ajouter.add_argument("editeur", metavar="EDITEUR", help="identifiant de l'éditeur (slug)")
    ajouter.add_argument(
        "--url", required=True, metavar="URL", help="adresse git du futur dépôt de l'éditeur"
    )
    ajouter.add_argument(
        "--dossier",
        type=Path,
        required=True,
        metavar="DOSSIER",
        help="où créer le dépôt localement (absent ou vide)",
    )
    ajouter.add_argument(
        "--url-central",
        required=True,
        metavar="URL",
        help="adresse git du dépôt central, inscrite dans depot.yaml",
    )
    ajouter.add_argument(
        "--revision-central",
        default=None,
        metavar="COMMIT",
        help="révision du dépôt central qu'épingle depot.yaml (défaut : HEAD du dépôt central)",
    )
    ajouter.set_defaults(func=run_ajouter, options=ajouter_options)


def _registre(central: Path) -> Registre:
    loaded = load_registry(central)
    if loaded.registre is None:
        if loaded.findings:
            sys.stderr.write(report.render(loaded.findings, "text"))
            raise DataError(f"{REGISTRY_FILE} invalide")
        raise UsageError(
            f"{central} n'a pas de registre {REGISTRY_FILE} : lancez la commande dans le dépôt "
            "central (ou donnez-le avec --repo)"
        )
    return loaded.registre


def run_liste(options: ListeOptions) -> int:
    registre = _registre(options.repo)
    depots = {slug: redact(registre.depots[slug].url) for slug in sorted(registre.depots)}
    if options.format == "json":
        payload = {
            "organisation": registre.organisation,
            "depot_central": registre.depot_central,
            "depots": [{"editeur": slug, "url": url} for slug, url in depots.items()],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not depots:
        sys.stdout.write(f"Aucun dépôt de dossiers inscrit dans {REGISTRY_FILE}.\n")
        return 0
    width = max(len(slug) for slug in depots)
    for slug, url in depots.items():
        sys.stdout.write(f"{slug:<{width}}  {url}\n")
    return 0


def run_miroir(options: MiroirOptions) -> int:
    registre = _registre(options.repo)
    if options.cache.exists() and not options.cache.is_dir():
        raise UsageError(f"{options.cache} n'est pas un dossier")
    urls = {slug: depot.url for slug, depot in registre.depots.items()}
    results = mirror_all(options.cache, urls, options.taches)
    failed = 0
    findings = []
    for result in results:
        if not result.ok:
            failed += 1
            sys.stderr.write(f"segur : {result.message}\n")
            continue
        verb = "créé" if result.created else "à jour"
        head = (result.head or "")[:12]
        sys.stdout.write(f"{result.slug} : miroir {verb} (main {head})\n")
        findings.extend(member_findings(result.slug, checkout_path(options.cache, result.slug)))
    if findings:
        sys.stdout.write(report.render(findings, "text"))
    ok = len(results) - failed
    sys.stdout.write(
        f"{ok} dépôt(s) en miroir dans {options.cache.as_posix()}/, {failed} en échec.\n"
    )
    return 1 if failed or has_errors(findings) else 0


def run_ajouter(options: AjouterOptions) -> int:
    revision = options.revision_central
    if revision is None:
        revision = gitlog.resolve(options.repo, "HEAD")
    done = provision_editor(
        options.repo,
        options.editeur,
        options.url,
        options.dossier,
        options.url_central,
        revision,
    )
    sys.stdout.write(
        f"Dépôt de dossiers de « {done.slug} » créé dans {done.target.as_posix()} "
        f"(commit {done.commit[:12]}, {len(done.files)} fichiers) ; inscrit dans "
        f"{done.registry.as_posix()} ; réglages de forge : {done.settings.as_posix()}, "
        f"{done.organisation.as_posix()}.\n"
        "Poussez ce dépôt vers son adresse, puis appliquez les réglages de forge "
        "(voir README, « Fédération »).\n"
    )
    return 0

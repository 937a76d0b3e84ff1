"""The administrative dossier of one candidature folder: `candidature.yaml` and the SSI
questionnaire's answers, loaded and checked.

`check_administratif` is the dossier checker run by `segur check`; `load_candidature` gives
the validated model to the rest of the package (lifecycle, publication, access control).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from segur.dossier.succession import succession_findings
from segur.findings.finding import Finding
from segur.load.document import Document, Loaded, load_file
from segur.load.referenced_file import look_up
from segur.load.validation import validate
from segur.model.candidature import CANDIDATURE_FILE, Candidature
from segur.model.questionnaire import QUESTIONNAIRE_FILE, ReponsesSsi
from segur.repository.catalogue import Catalogue
from segur.repository.paths import Repository
from segur.repository.questionnaire import load_questionnaire
from segur.rules.administratif import CANDIDATURE_MISSING, check_candidature
from segur.rules.fichiers import check_files
from segur.rules.questionnaire import QUESTIONNAIRE_MISSING, check_reponses

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True, slots=True)
class LoadedCandidature:
    document: Document | None
    model: Candidature | None
    findings: list[Finding]


def today_in_paris() -> dt.date:
    return dt.datetime.now(PARIS).date()


def load_candidature(
    folder: Path,
    repo: Repository,
    catalogue: Catalogue,
    today: dt.date | None = None,
    loaded: Loaded | None = None,
) -> LoadedCandidature:
    """Load and check `candidature.yaml`: the model is None unless it validates. `loaded` is
    the file as already read by the caller, if it was."""
    file = folder / CANDIDATURE_FILE
    shown = repo.display(file)
    if not file.is_file():
        return LoadedCandidature(None, None, [CANDIDATURE_MISSING.at(shown, 1, 1)])
    if loaded is None:
        loaded = load_file(file, shown)
    if loaded.document is None:
        return LoadedCandidature(None, None, loaded.findings)
    doc = loaded.document
    model, findings = check_candidature(doc, catalogue, today or today_in_paris())
    findings += check_files(doc, functools.partial(look_up, folder))
    # A value the loader already rejected (an impossible date, say) is not reported twice.
    taken = {(f.line, f.col) for f in loaded.findings}
    findings = [f for f in findings if (f.line, f.col) not in taken]
    return LoadedCandidature(doc, model, [*loaded.findings, *findings])


def check_questionnaire(folder: Path, repo: Repository) -> list[Finding]:
    """Completeness of the SSI questionnaire. Its answers are read by nothing else."""
    file = folder / QUESTIONNAIRE_FILE
    shown = repo.display(file)
    if not file.is_file():
        return [QUESTIONNAIRE_MISSING.at(shown, 1, 1)]
    loaded = load_file(file, shown)
    if loaded.document is None:
        return loaded.findings
    return [*loaded.findings, *questionnaire_findings(loaded.document)]


def questionnaire_findings(doc: Document) -> list[Finding]:
    """Completeness of parsed SSI answers: the only judgement ever made on them."""
    _, errors = validate(doc, ReponsesSsi)
    return [*errors, *check_reponses(doc, load_questionnaire())]


def check_administratif(
    folder: Path, repo: Repository, catalogue: Catalogue, loaded: Loaded | None
) -> list[Finding]:
    """The findings of the administrative dossier (run by `segur check`); `loaded` is
    candidature.yaml as the other checkers of the folder parsed it."""
    result = load_candidature(folder, repo, catalogue, loaded=loaded)
    findings = result.findings
    if result.document is not None and result.model is not None:
        findings = findings + succession_findings(folder, repo, result.document, result.model)
    return findings + check_questionnaire(folder, repo)

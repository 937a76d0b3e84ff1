"""Builders for the lifecycle tests: a candidature on a real git repository where every step is
a pull request merged on a pinned day, with journal events written as the roles would.

The REM is the small one of `proof_support` (chapters INS, APCV, MSS, SSI/IAM, DOC) plus the
procedure chapter; the candidature asks for the profiles general and iam, so five chapters are
expected: INS, APCV, MSS, SSI/IAM and PROCEDURE.
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from adm_support import base, write_dossier
from gitrepo import GitRepo
from proof_support import SAMPLES, complete_ins, deposit, file_entry, sha, write_rem
from segur.check.run import run as check_run
from segur.dossier.status import digest_of
from segur.findings.finding import Finding
from segur.lifecycle.analysis import Analysis, analyse_folder, load_timeline
from segur.model.preuves import Manifeste
from segur.repository.catalogue import load_catalogue
from segur.repository.paths import Repository

REQUIREMENTS = {
    "INS": ["INS.01", "INS.02"],
    "APCV": ["APCV.01"],
    "MSS": ["MSS.01"],
    "SSI/IAM": ["SSI/IAM.01"],
    "PROCEDURE": ["PROC.01", "PROC.02"],
}
RECORDING = "documents/journee-test-ins.mp4"


def pdftotext(path: Path) -> str:
    """The text of a PDF (poppler-utils), whitespace collapsed."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext est nécessaire (paquet Debian poppler-utils)")
    done = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def complete_all(folder: Path, nature: str = "attestation") -> None:
    """Every expected chapter complete; the CNDA homologation shown as `nature`."""
    pdf, doc, cap = SAMPLES["pdf"], SAMPLES["document"], SAMPLES["capture"]
    complete_ins(folder)
    deposit(
        folder,
        "APCV",
        {"APCV.01.01.01": file_entry("cnda.pdf", pdf, nature_cnda=nature)},
        {"cnda.pdf": pdf},
    )
    deposit(folder, "MSS", {"MSS.01.01.01": {"identifiant": "EXEC-42"}})
    deposit(folder, "SSI/IAM", {"SSI/IAM.01.01.01": file_entry("iam.pdf", doc)}, {"iam.pdf": doc})
    deposit(
        folder,
        "PROCEDURE",
        {
            "PROC.01.01.01": file_entry("version.png", cap),
            "PROC.02.01.01": file_entry("documentation.pdf", doc),
        },
        {"version.png": cap, "documentation.pdf": doc},
    )


def event(kind: str, **data: Any) -> str:
    return yaml.safe_dump({"type": kind, **data}, allow_unicode=True, sort_keys=False)


def manifest_digest(path: Path, code: str) -> str:
    """The digest of the chapter whose manifest is `path` (what `segur instruction verdict`
    writes in a verdict); a chapter without manifest has the digest of an empty one."""
    if not path.is_file():
        return digest_of(code, None)
    return digest_of(code, Manifeste.model_validate(yaml.safe_load(path.read_text())))


@functools.cache
def chapter_digest(code: str, nature: str = "attestation") -> str:
    """The digest of chapter `code` as `complete_all(folder, nature)` writes it."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        complete_all(folder, nature)
        return manifest_digest(folder / "preuves" / code.replace("/", "-") / "preuves.yaml", code)


def verdict(
    code: str, non_conformes: tuple[str, ...] = (), nature: str = "attestation", **extra: Any
) -> str:
    """A verdict on `code` as `complete_all(folder, nature)` deposits it (`empreinte` in
    `extra` overrides)."""
    results = {
        req: "non-conforme" if req in non_conformes else "conforme" for req in REQUIREMENTS[code]
    }
    extra.setdefault("empreinte", chapter_digest(code, nature))
    return event("verdict", chapitre=code, exigences=results, **extra)


def all_verdicts(
    day: str, non_conformes: tuple[str, ...] = (), nature: str = "attestation"
) -> dict[str, str]:
    return {
        f"{day}-verdict-{code.replace('/', '-').lower()}.yaml": verdict(code, non_conformes, nature)
        for code in REQUIREMENTS
    }


def ins_result(proposal_day: str = "2026-03-12") -> str:
    return event(
        "ins-resultat",
        resultat="conforme",
        enregistrement={"chemin": RECORDING, "sha256": sha(SAMPLES["video"])},
    )


SIGNATURE_EDITEUR = event(
    "signature-editeur",
    signataire={"nom": "Exemple", "prenom": "Claire"},
    qualite="representant_legal",
    fonction="Présidente",
)
SIGNATURE_ANS = event(
    "signature-ans", signataire={"nom": "Direction", "prenom": "Anne"}, fonction="Directrice"
)


def decision(day: str, kind: str = "attribution", motifs: list[str] | None = None) -> str:
    data: dict[str, Any] = {"decision": kind, "seance": dt.date.fromisoformat(day)}
    if motifs is not None:
        data["motifs"] = motifs
    return event("decision-college", **data)


class Story:
    """One candidature on a real git repository; each step is a merged pull request."""

    def __init__(
        self,
        root: Path,
        editeur: str = "editeur-a",
        candidature: str = "dpi-1",
        vague_1: bool = False,
    ) -> None:
        self.git = GitRepo.create(root)
        write_rem(root)
        self.git.commit("catalogue REM", date="2026-02-26")
        self.editeur, self.candidature, self.vague_1 = editeur, candidature, vague_1
        self.folder = root / "dossiers" / editeur / candidature
        self.dossier = f"dossiers/{editeur}/{candidature}"
        self._branches = 0

    @property
    def root(self) -> Path:
        return self.git.root

    def _pr(self, day: str, files: dict[str, str | bytes]) -> None:
        """A pull request committed at 09:00 and merged at 10:00 (Paris, +01:00) on `day`."""
        self._branches += 1
        name = f"pr-{self._branches}"
        self.git.branch(name)
        self.git.commit(name, files, date=f"{day}T09:00:00+01:00")
        self.git.merge(name, date=f"{day}T10:00:00+01:00")

    def admin(self, day: str) -> None:
        self._branches += 1
        name = f"pr-{self._branches}"
        self.git.branch(name)
        data = base()
        data["composants_additionnels"][0]["chapitre"] = "INS"
        data["editeur"]["deja_reference_vague_1"] = self.vague_1
        write_dossier(self.root, data, editeur=self.editeur, candidature=self.candidature)
        self.git.commit(name, date=f"{day}T09:00:00+01:00")
        self.git.merge(name, date=f"{day}T10:00:00+01:00")

    def chapters(self, day: str, nature: str = "attestation") -> None:
        self._branches += 1
        name = f"pr-{self._branches}"
        self.git.branch(name)
        complete_all(self.folder, nature)
        self.git.commit(name, date=f"{day}T09:00:00+01:00")
        self.git.merge(name, date=f"{day}T10:00:00+01:00")

    def files(self, day: str, files: dict[str, str | bytes]) -> None:
        """Any files of the dossier (paths relative to it), merged on `day`."""
        self._pr(day, {f"{self.dossier}/{p}": data for p, data in files.items()})

    def events(self, day: str, events: dict[str, str], merge: bool = True) -> None:
        """Journal files (by name) merged on `day`, or only written in the work tree."""
        files: dict[str, str | bytes] = {
            f"{self.dossier}/journal/{name}": text for name, text in events.items()
        }
        if merge:
            self._pr(day, files)
        else:
            self.git.write(files)

    def recording(self, day: str) -> None:
        self.files(day, {RECORDING: SAMPLES["video"]})

    def analyse(self, today: str | dt.date, root: Path | None = None) -> Analysis:
        repo = Repository(root or self.root)
        catalogue, _ = load_catalogue(repo.rem_dir, repo.root)
        day = today if isinstance(today, dt.date) else dt.date.fromisoformat(today)
        folder = repo.root / self.dossier
        return analyse_folder(folder, repo, catalogue, day, load_timeline(repo, catalogue))

    def check(self) -> list[Finding]:
        return [f for f in check_run(Repository(self.root)) if f.rule.startswith("SEG-CYC-")]

    def clone(self, target: Path) -> Story:
        """An independent copy of this history, to go on differently."""
        other = Story.__new__(Story)
        other.git = self.git.clone(target)
        other.git.checkout("main")
        other.editeur, other.candidature, other.vague_1 = (
            self.editeur,
            self.candidature,
            self.vague_1,
        )
        other.folder = target / "dossiers" / self.editeur / self.candidature
        other.dossier = self.dossier
        other._branches = self._branches
        return other

    def copy_without_git(self, target: Path) -> Path:
        shutil.copytree(self.root, target, ignore=shutil.ignore_patterns(".git"))
        return target


def admitted(root: Path, vague_1: bool = False) -> Story:
    """Deposited on Monday 2 March 2026, validated on the 4th, every chapter complete on the
    5th (Thursday)."""
    story = Story(root, vague_1=vague_1)
    story.admin("2026-03-02")
    story.events("2026-03-04", {"2026-03-04-validation-administrative.yaml": VALIDATION})
    story.chapters("2026-03-05")
    return story


VALIDATION = event("validation-administrative", resultat="acceptee")


def to_the_college(story: Story) -> None:
    """From `admitted`: INS test day, every verdict conforme, the editor signs on the 23rd."""
    story.events(
        "2026-03-09",
        {
            "2026-03-09-ins-proposition.yaml": event(
                "ins-proposition", date_proposee=dt.date(2026, 3, 16)
            )
        },
    )
    story.events(
        "2026-03-10",
        {
            "2026-03-10-ins-confirmation.yaml": event(
                "ins-confirmation", proposition="2026-03-09-ins-proposition.yaml"
            )
        },
    )
    story.recording("2026-03-16")
    story.events("2026-03-17", {"2026-03-17-ins-resultat.yaml": ins_result()})
    story.events("2026-03-18", all_verdicts("2026-03-18"))
    story.events("2026-03-23", {"2026-03-23-signature-editeur.yaml": SIGNATURE_EDITEUR})

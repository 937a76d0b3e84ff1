"""The whole walkthrough of issue #16, through the segur commands only: an editor, an instructor,
the collège and the direction take a new candidature from `segur new` to « référencée » on a real
git repository, every act a pull request committed with its role's identity and merged on a
pinned day, the e-mails sent to a real SMTP server on the loopback.

No journal event, manifest or hash is typed: `segur new` writes the forms, `segur preuve`
deposits the proofs, `segur instruction` writes every act, `segur notify` sends the e-mails.
The editor only answers the fields of the two forms, as their comments ask, and puts the CNDA
filing certificate (a PDF, not a proof) in documents/; the admin's REM and access map are the
setup. The `smtp` fixture and `Mailbox` come from test_notify (aiosmtpd on the loopback).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PIL import Image

from acl_support import ACCES
from adm_support import VERSION, write_rem
from gitrepo import GitRepo
from segur.check.pr_summary import LABEL_CHAPTER
from segur.cli import main
from segur.commands.pr_report import MARKER
from segur.examples.samples import minimal_pdf
from segur.repository.questionnaire import load_questionnaire
from test_notify import Mailbox, smtp  # noqa: F401  (the loopback SMTP server fixture)
from walkthrough_support import (
    answer_questionnaire,
    commit_as,
    errors,
    fill_in,
    segur,
    working_days_after,
)

SITE_CONFIG = Path(__file__).resolve().parents[1] / "mkdocs.yml"  # the toolkit's public site
EDITEUR = "alpha"  # the editor folder of the access map of acl_support
DOSSIER = f"dossiers/{EDITEUR}/dpi-1"
CONTACT = "paul.modele@example.fr"
ROLES = {
    "editeur": "ed-a",
    "instructeur": "instr",
    "college": "coll",
    "direction": "dir",
    "bot": "robot[bot]",
}

CANDIDATURE = [
    ("denomination_sociale", '"Alpha Santé Logiciels SAS"'),
    ("siret", '"73282932000074"'),
    ("forme_juridique", "SAS"),
    ("fonction_dirigeant", "Présidente"),
    ("adresse_siege", '"1 rue de l\'Exemple, 75015 Paris"'),
    ("nom", "Exemple"),
    ("prenom", "Claire"),
    ("email", "claire.exemple@example.fr"),
    ("telephone", '"01 99 00 12 34"'),
    ("nom", "Modèle"),
    ("prenom", "Paul"),
    ("email", CONTACT),
    ("telephone", '"+33 1 99 00 56 78"'),
    ("deja_reference_vague_1", "true"),  # no INS test day (§3.4)
    ("nom", "Exemple"),
    ("prenom", "Claire"),
    ("qualite", "representant_legal"),
    ("date_acceptation", "2026-02-16"),
    ("version_charte", '"2024-1"'),
    ("nie", "NIE-0001"),
    ("nil", "NIL-0001"),
    ("attestation_depot_cnda", "documents/attestation-cnda.pdf"),
    ("version_technique", '"1.0"'),
    ("version_technique", '"1.0"'),
    ("version_commerciale", '"Mon DPI 2026"'),
    ("-", "ed-a"),
]


# A chapter whose requirement has no proof to deposit: the instructor judges it all the same.
PROOFLESS_CHAPTER = """\
code: CONF
libelle: Configuration
exigences:
  - id: CONF.01
    chapitre: CONF
    nature: exigence
    profil: general
    enonce: Le système DOIT être configurable.
    scenarios: []
"""


def at(day: str, hour: int) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+01:00")


def png(path: Path, color: str) -> str:
    Image.new("RGB", (8, 8), color).save(path, format="PNG")
    return str(path)


def pdf(path: Path, text: str) -> str:
    path.write_bytes(minimal_pdf(text))
    return str(path)


class Walk:
    """The repository and the helpers of one walkthrough: each act is a pull request."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.repo = GitRepo.create(root)
        self.capsys = capsys
        self.prs = 0

    @property
    def root(self) -> Path:
        return self.repo.root

    def run(self, *args: str) -> str:
        """A segur command that must succeed; its standard output."""
        code, out, err = segur(self.capsys, self.root, *args)
        assert code == 0, f"segur {' '.join(args)} :\n{out}\n{err}"
        return out

    def open_pr(self) -> str:
        self.prs += 1
        name = f"pr-{self.prs}"
        self.repo.branch(name, "main")
        return name

    def merge(self, role: str, branch: str, day: str, message: str) -> None:
        """Commit the work tree with the role's identity at 09:00, check the access rights of
        the pull request (granted to that identity, refused to another editor), merge it at
        10:00 (Paris) and check main: no error."""
        login = ROLES[role]
        if self.repo.git("status", "--porcelain"):
            commit_as(self.repo, login, message, at(day, 9))
        acl = ("acl", "check", "--base", "main", "--head", branch, "--actor")
        self.run(*acl, login)
        # The same pull request from an identity without that role is refused.
        outsider = "ed-b" if role == "editeur" else "ed-a"
        assert segur(self.capsys, self.root, *acl, outsider)[0] == 1
        self.repo.merge(branch, date=at(day, 10))
        found = errors(self.capsys, self.root, day)
        assert found == [], "\n".join(found)


def test_the_whole_walkthrough_through_the_commands_only(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    smtp: tuple[str, Mailbox],  # noqa: F811
) -> None:
    server, mailbox = smtp
    walk = Walk(tmp_path / "depot", capsys)
    files = tmp_path / "fichiers"
    files.mkdir()
    # The central repository as the admin set it up: the REM and the access map.
    write_rem(walk.root)
    walk.repo.write({f"rem/DPI/{VERSION}/chapitres/CONF.yaml": PROOFLESS_CHAPTER})
    walk.repo.write({"acces.yaml": ACCES})
    walk.run("acl", "codeowners")
    commit_as(walk.repo, "admin", "catalogue REM et carte d'accès", at("2026-03-02", 8))

    # 1. The editor creates the candidature and fills in its forms.
    branch = walk.open_pr()
    out = walk.run(
        "new",
        "--dispositif",
        "DPI",
        "--editeur",
        EDITEUR,
        "--candidature",
        "dpi-1",
        "--profil",
        "iam",
        "--denomination",
        "Mon DPI",
        "--oui",
    )
    assert f"Candidature créée : {DOSSIER}/" in out
    folder = walk.root / DOSSIER
    fill_in(folder / "candidature.yaml", CANDIDATURE)
    questions = len(load_questionnaire().questions)
    assert answer_questionnaire(folder / "questionnaire-ssi.yaml") == questions
    (folder / "documents").mkdir()
    pdf(folder / "documents" / "attestation-cnda.pdf", "Attestation de dépôt CNDA fictive")
    walk.merge("editeur", branch, "2026-03-02", "candidature dpi-1")

    # 2. The editor deposits the proofs of chapter INS, which becomes complete.
    branch = walk.open_pr()
    proof = ("preuve", "ajouter", DOSSIER, "INS")
    out = walk.run(*proof, "INS.01.01.01", png(files / "identite.png", "red"))
    assert "Chapitre INS : incomplet (1/2)" in out
    out = walk.run(*proof, "INS.01.01.02", png(files / "appel-insi.png", "blue"))
    assert "Chapitre INS : complet (2/2)" in out
    commit_as(walk.repo, ROLES["editeur"], "preuves INS", at("2026-03-03", 9))

    # 3. The pull request check: summary, comment and labels, then the merge.
    summary, payload = tmp_path / "resume.md", tmp_path / "commentaire"
    code, out, err = segur(
        capsys,
        walk.root,
        "check",
        "--changed-since",
        "main",
        "--committed-only",
        "--today",
        "2026-03-03",
        "--resume-pr",
        str(summary),
        "--commentaire-pr",
        str(payload),
        "--numero-pr",
        "1",
    )
    assert code == 0, out + err
    text = summary.read_text(encoding="utf-8")
    assert "Devenu complet dans cette pull request : INS." in text
    comment = (payload / "commentaire.md").read_text(encoding="utf-8")
    assert comment.startswith(MARKER + "\n") and "INS" in comment
    labels = json.loads((payload / "etiquettes.json").read_text(encoding="utf-8"))
    assert labels == {"numero": 1, "etiquettes": [LABEL_CHAPTER]}
    walk.merge("editeur", branch, "2026-03-03", "preuves INS")

    # 4. The instructor accepts the administrative dossier, then asks the editor a question: the
    # e-mail names the delay in jours ouvrés and its date, counted from the merge on main.
    branch = walk.open_pr()
    act = ("instruction",)
    day = "2026-03-04"
    walk.run(*act, "validation", DOSSIER, "acceptee", "--date", day, "--today", day)
    question = "Merci de préciser le périmètre du groupement."
    out = walk.run(*act, "sollicitation", DOSSIER, "--message", question, "--date", day)
    sollicitation = f"journal/{day}-sollicitation.yaml"
    assert f"Écrit : {DOSSIER}/{sollicitation}" in out
    walk.merge("instructeur", branch, day, "validation et sollicitation")
    walk.run("notify", "--smtp", server, "--today", day)
    ((_, recipients, mail),) = mailbox.received
    assert recipients[0] == CONTACT and mail["To"] == CONTACT
    body = mail.get_body(("plain",))
    assert body is not None
    deadline = working_days_after(dt.date.fromisoformat(day), 5).strftime("%d/%m/%Y")
    assert f"5 jours ouvrés, soit au plus tard le {deadline}" in body.get_content()
    assert question in body.get_content()
    branch = walk.open_pr()  # the workflow's bot records the notification on main
    assert list((folder / "journal").glob(f"{day}-notification*.yaml"))
    walk.merge("bot", branch, day, "notification")
    walk.run("notify", "--smtp", server, "--today", day)
    assert len(mailbox.received) == 1  # never twice

    # 5. The editor replies in time.
    branch = walk.open_pr()
    day = "2026-03-05"
    answer = ("--message", "Le groupement est limité à l'éditeur candidat.")
    walk.run(*act, "reponse", DOSSIER, "--sollicitation", sollicitation, *answer, "--date", day)
    walk.merge("editeur", branch, day, "réponse à la sollicitation")

    # 6. The editor completes the other chapters...
    branch = walk.open_pr()
    walk.run("preuve", "ajouter", DOSSIER, "IAM", "IAM.01.01.01", png(files / "iam.png", "green"))
    procedure = ("preuve", "ajouter", DOSSIER, "PROCEDURE")
    walk.run(*procedure, "PROC.01.01.01", png(files / "version.png", "white"))
    out = walk.run(*procedure, "PROC.02.01.01", pdf(files / "documentation.pdf", "Documentation"))
    assert "Chapitre PROCEDURE : complet (2/2)" in out
    walk.merge("editeur", branch, "2026-03-06", "preuves IAM et PROCEDURE")
    status = json.loads(walk.run("status", DOSSIER, "--format", "json", "--today", "2026-03-06"))
    assert {chapter["etat"] for chapter in status["chapitres"]} == {"complet"}
    rem = json.loads(walk.run("rem", "show", "DPI", "--candidature", DOSSIER, "--format", "json"))
    expected = sorted(chapter["code"] for chapter in rem["chapitres"])
    assert expected == ["CONF", "IAM", "INS", "PROCEDURE"]

    # ... the instructor judges every chapter of the queue, which holds every expected chapter,
    # the one without proofs included (no requirement listed by hand, no digest typed) ...
    day = "2026-03-09"
    queue = json.loads(walk.run("queue", "--format", "json", "--today", day))
    assert sorted(entry["chapitre"] for entry in queue) == expected
    branch = walk.open_pr()
    for entry in queue:
        assert entry["dossier"] == DOSSIER
        walk.run(*act, "verdict", DOSSIER, entry["chapitre"], "--date", day, "--today", day)
    walk.merge("instructeur", branch, day, "verdicts")
    assert json.loads(walk.run("queue", "--format", "json", "--today", day)) == []

    # ... the editor signs the convention, the collège decides, the direction signs.
    branch = walk.open_pr()
    day = "2026-03-10"
    signatory = ("--nom", "Exemple", "--prenom", "Claire", "--qualite", "representant_legal")
    walk.run(
        *act, "signature-editeur", DOSSIER, *signatory, "--fonction", "Présidente", "--date", day
    )
    walk.merge("editeur", branch, day, "signature de l'éditeur")
    branch = walk.open_pr()
    day = "2026-03-11"
    walk.run(*act, "decision", DOSSIER, "attribution", "--seance", day, "--date", day)
    walk.merge("college", branch, day, "décision du collège")
    branch = walk.open_pr()
    day = "2026-03-12"
    direction = ("--nom", "Direction", "--prenom", "Anne", "--fonction", "Directrice")
    walk.run(*act, "signature-ans", DOSSIER, *direction, "--date", day)
    walk.merge("direction", branch, day, "signature de l'ANS")

    # The decision is e-mailed to the editor, once; the candidature is référencée.
    walk.run("notify", "--smtp", server, "--today", day)
    assert len(mailbox.received) == 2
    (_, recipients, mail) = mailbox.received[1]
    assert recipients[0] == CONTACT
    assert "attribution du référencement" in mail["Subject"]
    branch = walk.open_pr()
    walk.merge("bot", branch, day, "notification")
    out = walk.run("status", DOSSIER, "--today", day)
    assert "État : référencée" in out
    status = json.loads(walk.run("status", DOSSIER, "--format", "json", "--today", day))
    assert status["cycle"]["etat"] == "référencée"

    # 7. The public site lists the solution, and nothing of the instruction. Built as one does
    # in the repository (`--repo .`) with the toolkit's site configuration.
    public = tmp_path / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(walk.root)
        site = ["--repo", ".", "site", "build", "--config", str(SITE_CONFIG), "--out", str(public)]
        assert main(site) == 0
    assert "1 solution référencée" in capsys.readouterr().out
    solutions = (public / "donnees" / "solutions-referencees.csv").read_text(encoding="utf-8")
    assert "Mon DPI" in solutions and "Alpha Santé Logiciels SAS" in solutions
    published = "\n".join(p.read_text("utf-8") for p in public.rglob("*.html"))
    assert "Mon DPI" in published
    assert question not in published and CONTACT not in published

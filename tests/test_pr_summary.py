"""The pull request's summary, comment and labels (`segur check --changed-since REV --resume-pr
FICHIER --commentaire-pr DOSSIER --numero-pr N`), on real git repositories: a base commit on
main, a pull request branch, and the table of every candidature it touches, compared with the
base; then the Markdown escaping of editor-written strings, and the payload files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from adm_support import base, write_dossier
from gitrepo import GitRepo
from proof_support import SAMPLES, complete_ins, deposit, dossier, file_entry
from segur.check.pr_summary import (
    LABEL_BLOCKING,
    LABEL_CHAPTER,
    LABEL_COMPLETE,
    LABEL_HINTS,
    LABELS,
    Evolution,
    PartState,
    compare,
)
from segur.cli import main
from segur.commands import pr_report
from segur.dossier.status import DossierStatus
from segur.errors import UsageError
from segur.findings.finding import Finding, Severity
from segur.model.rem import ProofKind
from segur.rules.preuves.completeness import ChapterState, ChapterStatus, ExpectedProof

TODAY = "2025-06-02"
CAPTURE = SAMPLES["capture"]
HOSTILE = "X<script>|`a`"


def _check(repo: GitRepo, out: Path, *extra: str) -> int:
    return main(
        [
            "--repo",
            str(repo.root),
            "check",
            "--changed-since",
            "main",
            "--committed-only",
            "--today",
            TODAY,
            "--resume-pr",
            str(out / "resume.md"),
            "--commentaire-pr",
            str(out / "commentaire"),
            "--numero-pr",
            "12",
            *extra,
        ]
    )


def _base(repo: GitRepo) -> Path:
    """main: one candidature, chapter INS deposited in part (1/3), MSS complete."""
    folder = dossier(repo.root)
    deposit(
        folder,
        "INS",
        {"INS.01.01.01": file_entry("identite.png", CAPTURE)},
        {"identite.png": CAPTURE},
    )
    deposit(folder, "MSS", {"MSS.01.01.01": {"identifiant": "EXEC-42"}})
    repo.commit("dossier initial")
    repo.branch("pr")
    return folder


def _row(text: str, part: str) -> list[str]:
    """The cells of the table line of `part` (the first one found)."""
    (line,) = [line for line in text.splitlines() if line.startswith(f"| {part} ")][:1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]


def _section(text: str, title: str) -> str:
    start = text.index(f"### {title}")
    end = text.find("\n### ", start + 1)
    return text[start : end if end >= 0 else None]


def test_summary_lists_newly_complete_and_missing_proofs(git_repo: GitRepo, tmp_path: Path) -> None:
    folder = _base(git_repo)
    complete_ins(folder)  # INS becomes complete in this pull request
    data = base()
    data["composants_additionnels"][0]["chapitre"] = "INS"
    other = write_dossier(git_repo.root, data, candidature="dpi-5-11")
    deposit(
        other,
        "INS",
        {
            "INS.01.01.01": file_entry("identite.png", CAPTURE),
            HOSTILE: file_entry("z.png", CAPTURE),
        },
        # z.png is named by its (invalid) entry; oubli.png by no manifest: a hint.
        {"identite.png": CAPTURE, "z.png": CAPTURE, "oubli.png": CAPTURE},
    )
    git_repo.commit("INS complet, nouvelle candidature")
    out = tmp_path / "sortie"
    out.mkdir()

    assert _check(git_repo, out) == 1
    text = (out / "resume.md").read_text(encoding="utf-8")

    first = _section(text, "exemple-editeur/dpi-5-10")
    assert _row(first, "INS —")[1:] == ["✅ complet", "**devenu complet**", ""]
    assert _row(first, "MSS —")[1:] == ["✅ complet", "inchangé", ""]
    assert _row(first, "Dossier administratif")[1:3] == ["✅ complet", "inchangé"]
    assert _row(first, "APCV —")[1:] == ["⬜ non déposé", "inchangé", "APCV.01.01.01"]
    assert "Devenu complet dans cette pull request : INS." in first
    second = _section(text, "exemple-editeur/dpi-5-11")
    assert _row(second, "INS —")[1:] == ["❌ incomplet", "nouveau", "INS.01.01.02, INS.02.01.01"]

    # Blocking findings and hints apart, blocking first.
    assert text.index("### Constats bloquants") < text.index("### Indications")
    blocking = _section(text, "Constats bloquants")
    hints = _section(text, "Indications")
    assert "SEG-PRV-007" in blocking and "SEG-PRV-007" not in hints
    assert "SEG-PRV-009" in hints and "SEG-PRV-009" not in blocking
    # The proof ID the editor typed is shown inert.
    assert "X&lt;script&gt;\\|\\`a\\`" in blocking
    assert "<script>" not in text and "|`" not in text

    payload = out / "commentaire"
    assert sorted(p.name for p in payload.iterdir()) == ["commentaire.md", "etiquettes.json"]
    body = (payload / "commentaire.md").read_text(encoding="utf-8")
    assert body.startswith(pr_report.MARKER + "\n")
    assert "**devenu complet**" in body and "INS.01.01.02, INS.02.01.01" in body
    labels = json.loads((payload / "etiquettes.json").read_text(encoding="utf-8"))
    assert labels == {"numero": 12, "etiquettes": [LABEL_BLOCKING, LABEL_HINTS, LABEL_CHAPTER]}


def test_a_clean_pull_request_still_has_its_table(git_repo: GitRepo, tmp_path: Path) -> None:
    folder = _base(git_repo)
    complete_ins(folder)
    git_repo.commit("INS complet")

    assert _check(git_repo, tmp_path) == 0
    text = (tmp_path / "resume.md").read_text(encoding="utf-8")
    assert "Aucun constat bloquant." in text and "Aucune indication." in text
    assert _row(text, "INS —")[1:] == ["✅ complet", "**devenu complet**", ""]
    labels = json.loads((tmp_path / "commentaire" / "etiquettes.json").read_text())
    assert labels["etiquettes"] == [LABEL_CHAPTER]


def test_a_chapter_no_longer_complete_and_a_deleted_candidature(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    folder = dossier(git_repo.root)
    complete_ins(folder)
    data = base()
    data["composants_additionnels"][0]["chapitre"] = "INS"
    write_dossier(git_repo.root, data, candidature="dpi-5-11")
    git_repo.commit("deux candidatures, INS complet")
    git_repo.branch("pr")
    git_repo.commit(
        "retrait d'une preuve et d'une candidature",
        {
            "dossiers/exemple-editeur/dpi-5-10/preuves/INS/insi.log": None,
            "dossiers/exemple-editeur/dpi-5-11": None,
        },
    )

    assert _check(git_repo, tmp_path) == 1
    text = (tmp_path / "resume.md").read_text(encoding="utf-8")
    assert _row(text, "INS —")[1:] == ["❌ incomplet", "**n'est plus complet**", "INS.02.01.01"]
    assert "Candidature supprimée : exemple-editeur/dpi-5-11." in text
    assert "### exemple-editeur/dpi-5-11" not in text


def test_a_pull_request_outside_the_dossiers(git_repo: GitRepo, tmp_path: Path) -> None:
    _base(git_repo)
    git_repo.commit("notes", {"NOTES.md": "rien\n"})
    assert _check(git_repo, tmp_path) == 0
    text = (tmp_path / "resume.md").read_text(encoding="utf-8")
    assert "Aucune candidature modifiée par cette pull request." in text
    assert json.loads((tmp_path / "commentaire" / "etiquettes.json").read_text()) == {
        "numero": 12,
        "etiquettes": [],
    }


def test_options_need_a_base_and_a_number(
    git_repo: GitRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _base(git_repo)
    root = str(git_repo.root)
    assert main(["--repo", root, "check", "--resume-pr", str(tmp_path / "r.md")]) == 2
    assert "s'emploient avec --changed-since" in capsys.readouterr().err
    args = ["--repo", root, "check", "--changed-since", "main"]
    assert main([*args, "--commentaire-pr", str(tmp_path / "c")]) == 2
    assert "--numero-pr N" in capsys.readouterr().err
    assert main([*args, "--numero-pr", "3"]) == 2
    assert "--numero-pr s'emploie avec --commentaire-pr" in capsys.readouterr().err
    assert not (tmp_path / "r.md").exists() and not (tmp_path / "c").exists()
    assert main([*args, "--resume-pr", str(tmp_path / "absent" / "r.md")]) == 2
    assert "--resume-pr : dossier introuvable" in capsys.readouterr().err


# Pure data: the comparison and the labels.


def _proof(proof_id: str) -> ExpectedProof:
    return ExpectedProof(proof_id, "Preuve", (ProofKind.CAPTURE,), "INS.01", "INS")


def _chapter(code: str, missing: tuple[str, ...], total: int = 2) -> ChapterStatus:
    expected = tuple(_proof(f"{code}.01.01.{n:02d}") for n in range(1, total + 1))
    gone = tuple(p for p in expected if p.id in missing)
    present = tuple(p.id for p in expected if p.id not in missing)
    state = ChapterState.COMPLET if not gone else ChapterState.INCOMPLET
    return ChapterStatus(code, f"Chapitre {code}", state, expected, present, gone, ())


def _status(
    folder: str, admin: bool, *chapters: ChapterStatus, dispositif: str = "DPI"
) -> DossierStatus:
    editeur, candidature = folder.split("/")[1:]
    return DossierStatus(folder, editeur, candidature, dispositif, admin, chapters)


FOLDER = "dossiers/e/c"
ERROR = Finding(f"{FOLDER}/candidature.yaml", 1, 1, "SEG-ADM-001", Severity.ERROR, "erreur")
WARNING = Finding(f"{FOLDER}/candidature.yaml", 2, 1, "SEG-ADM-010", Severity.WARNING, "indice")


def test_labels_follow_the_state() -> None:
    complete = _status(FOLDER, True, _chapter("INS", ()), _chapter("MSS", ()))
    before = _status(FOLDER, True, _chapter("INS", ("INS.01.01.02",)), _chapter("MSS", ()))
    summary = compare({FOLDER: complete}, {FOLDER: before}, [])
    assert summary.labels == (LABEL_CHAPTER, LABEL_COMPLETE)
    (candidature,) = summary.candidatures
    assert [p.evolution for p in candidature.parts] == [
        Evolution.INCHANGE,
        Evolution.DEVENU_COMPLET,
        Evolution.INCHANGE,
    ]
    # A blocking finding: not complete, whatever the chapters say.
    assert compare({FOLDER: complete}, {FOLDER: complete}, [ERROR, WARNING]).labels == (
        LABEL_BLOCKING,
        LABEL_HINTS,
    )
    # The administrative dossier counts.
    partial = _status(FOLDER, False, _chapter("INS", ()))
    assert compare({FOLDER: partial}, {}, []).labels == ()
    assert compare({FOLDER: partial}, {}, []).candidatures[0].parts[0].state is (
        PartState.INCOMPLET
    )
    assert set(LABELS) == {LABEL_BLOCKING, LABEL_HINTS, LABEL_CHAPTER, LABEL_COMPLETE}


NASTY = "a|b `c` <script>alert(1)</script>\n| x | y |\r\n@equipe/ans [lien](http://x) **g** \u202e"


def test_editor_strings_are_inert_markdown() -> None:
    escaped = pr_report.md(NASTY)
    assert "\n" not in escaped and "\r" not in escaped and "\u202e" not in escaped
    assert "<" not in escaped and ">" not in escaped and "@" not in escaped
    # Every pipe, backtick, bracket and star is escaped.
    assert not re.search(r"(?<!\\)[|`\[\]*]", escaped)

    folder = f"dossiers/{NASTY}/c"
    chapters = (_chapter("INS", ("INS.01.01.01",)),)
    status = DossierStatus(folder, NASTY, "c", NASTY, False, chapters)
    finding = Finding(f"{folder}/x.yaml", 1, 1, "SEG-PRV-007", Severity.ERROR, NASTY)
    summary = compare({folder: status}, {}, [finding])
    for text in (pr_report.markdown(summary, "Résumé"), pr_report.comment(summary)):
        assert "<script>" not in text and "@equipe" not in text and "\u202e" not in text
        for line in text.splitlines():
            if line.startswith("|"):
                # Four columns: five unescaped pipes, whatever the strings hold.
                assert len(re.findall(r"(?<!\\)\|", line)) == 5, line
        assert text.count("\n| x | y |") == 0


def test_comment_is_bounded_and_keeps_its_marker() -> None:
    many = {
        f"dossiers/e/c{n:03d}": _status(
            f"dossiers/e/c{n:03d}",
            True,
            *(_chapter(f"C{k}", (f"C{k}.01.01.01",)) for k in range(30)),
        )
        for n in range(40)
    }
    findings = [
        Finding(f"dossiers/e/c/f{n}.yaml", 1, 1, "SEG-PRV-007", Severity.ERROR, "x" * 500)
        for n in range(200)
    ]
    body = pr_report.comment(compare(many, {}, findings))
    assert body.startswith(pr_report.MARKER + "\n")
    assert len(body.encode("utf-8")) <= pr_report.MAX_COMMENT_BYTES + 100
    # The job summary keeps it all (bounded lists); the comment is cut at a line.
    assert len(pr_report.markdown(compare(many, {}, findings), "R").encode()) > len(body)
    assert body.endswith("… résumé tronqué : le résumé complet est celui de la vérification.\n")
    assert body.count(pr_report.MARKER) == 1


def test_payload_is_whole_or_not_written(tmp_path: Path) -> None:
    summary = compare({}, {}, [WARNING])
    pr_report.write_payload(tmp_path, summary, 5)
    assert json.loads((tmp_path / "etiquettes.json").read_text()) == {
        "numero": 5,
        "etiquettes": [LABEL_HINTS],
    }
    before = (tmp_path / "commentaire.md").read_text(encoding="utf-8")
    # A name taken by a folder: refused before anything is written, no temporary file left.
    (tmp_path / "etiquettes.json").unlink()
    (tmp_path / "etiquettes.json").mkdir()
    with pytest.raises(UsageError, match="n'est pas un fichier"):
        pr_report.write_payload(tmp_path, compare({}, {}, [ERROR]), 5)
    assert (tmp_path / "commentaire.md").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["commentaire.md", "etiquettes.json"]


def test_the_base_is_rebuilt_beside_the_repository_never_through_a_link(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    """A pull request that turns a chapter's folder into a link to elsewhere: the base is
    rebuilt in a temporary folder, where the link is replaced by the real folder of the base;
    nothing is written where the link points, nor in the repository."""
    folder = dossier(git_repo.root)
    complete_ins(folder)
    git_repo.commit("INS complet")
    git_repo.branch("pr")
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (elsewhere / "temoin.txt").write_text("intact\n", encoding="utf-8")
    chapter = folder / "preuves" / "INS"
    # The files move to a folder whose name sorts first: git lists these renames before the
    # link, so the base's files are put back while the link is still there.
    chapter.rename(folder / "preuves" / "IN")
    chapter.symlink_to(elsewhere, target_is_directory=True)
    git_repo.commit("INS remplacé par un lien")
    status_before = git_repo.git("status", "--porcelain")

    out = tmp_path / "sortie"
    out.mkdir()
    assert _check(git_repo, out) == 1
    text = (out / "resume.md").read_text(encoding="utf-8")
    assert _row(text, "INS —")[2] == "**n'est plus complet**"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["temoin.txt"]
    assert (elsewhere / "temoin.txt").read_text(encoding="utf-8") == "intact\n"
    assert chapter.is_symlink()
    assert git_repo.git("status", "--porcelain") == status_before


def test_uncommitted_changes_count_without_committed_only(
    git_repo: GitRepo, tmp_path: Path
) -> None:
    folder = _base(git_repo)
    complete_ins(folder)  # not committed: the editor's own machine, before a commit
    summary = tmp_path / "resume.md"
    args = ["--repo", str(git_repo.root), "check", "--changed-since", "main", "--today", TODAY]
    assert main([*args, "--resume-pr", str(summary)]) == 0
    assert _row(summary.read_text(encoding="utf-8"), "INS —")[2] == "**devenu complet**"

"""Hostile strings in every published field of real candidatures, end to end.

The demo repository is rebuilt with the candidature.yaml of its dossiers rewritten: every field
the public sees (dénomination sociale, dénomination commerciale, version technique, version
commerciale) holds markup, Markdown, Jinja syntax, quotes or a spreadsheet formula. `segur check`
accepts them (they are legitimate characters of a name), except the bidi override that the YAML
loader refuses (SEG-YML-019). The site is built by the real engine and every page is loaded in
Debian's Chromium: no script runs, and each field shows exactly the string written. The open
data, the feed, the search index, the documents and the e-mail carry them as text too.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import email
import email.policy
import html
import json
from collections.abc import Iterator
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, sync_playwright

from adm_support import base
from demo_support import history
from segur.cli import main
from segur.examples.history import BASE_MESSAGE
from segur.examples.synthetic.git_writer import build_repository
from segur.examples.synthetic.story import PullRequest, Step
from segur.model.candidature import Candidature
from segur.model.cycle import Cycle, Etat
from segur.model.evenements import Decision, DecisionCollege
from segur.publication import notification
from segur.publication.site.opendata import FORMULA_GUARD, FORMULA_PREFIXES
from site_support import CHROMIUM_ARGS, search, served

SITE_NAME = "Référencement Ségur sans financement"
SCRIPT = "<script>alert(1)</script>"
TITLE_BREAK = "X</title><script>alert(8)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(2)>'
MARKDOWN = "**gras** [lien](javascript:alert(3)) ![i](x)"
RTL_OVERRIDE = "Éditeur \u202egpj.exe"

# The four published fields of a referenced candidature, two of one in progress (§3.1.4). The
# version technique keeps a leading number: the versions must still follow each other.
REFERENCED = {
    "dpi-5-2": {
        "editeur": ATTRIBUTE_BREAK,
        "solution": TITLE_BREAK,
        "version_technique": f"5.2{SCRIPT}",
        "version_commerciale": "=1+1",
    },
    "db-4-0": {
        "editeur": "@SUM(A1)",
        "solution": MARKDOWN,
        # A version is an identifier: no space (the model refuses one).
        "version_technique": "4.0{{7*7}}{%raw%}",
        "version_commerciale": "-1",
    },
}
IN_PROGRESS = {
    "ris-2024-2": {"editeur": "# titre", "solution": "| tableau |"},
    "sgl-8-1": {"editeur": "+1", "solution": SCRIPT},
    "dpi-5-3": {"editeur": "'", "solution": "`"},
    "pfi-1-4": {"editeur": "{{ 7*7 }}", "solution": "{% raw %}"},
    "db-3-1": {"editeur": "-1", "solution": "=1+1"},
    "db-1-2": {"editeur": "&lt;script&gt;alert(4)&lt;/script&gt;", "solution": "<b>gras</b> &amp;"},
    "db-2-5": {"editeur": "'><svg onload=alert(5)>", "solution": "javascript:alert(6)"},
}
# Refused by the loader (SEG-YML-019): its candidature is not published at all.
REFUSED = {"pfi-2-0": {"editeur": RTL_OVERRIDE, "solution": "Messagerie \u202eexe.txt"}}


def _audited(folder: str, content: bytes) -> bytes:
    """An audit names the version the candidature references (SEG-CYC-032): the hostile one."""
    version = REFERENCED.get(folder, {}).get("version_technique")
    if version is None:
        return content
    lines = content.decode("utf-8").splitlines(keepends=True)
    # A JSON string is a YAML double-quoted scalar.
    audited = [
        f"version: {json.dumps(version)}\n" if x.startswith("version:") else x for x in lines
    ]
    return "".join(audited).encode("utf-8")


def _hostile(path: str, content: bytes) -> bytes:
    parts = path.split("/")
    if len(parts) == 5 and parts[3] == "journal" and parts[4].endswith("-audit.yaml"):
        return _audited(parts[2], content)
    if len(parts) != 4 or parts[3] != "candidature.yaml":
        return content
    fields = {**REFERENCED, **IN_PROGRESS, **REFUSED}.get(parts[2])
    if fields is None:
        return content
    data = yaml.safe_load(content)
    data["editeur"]["denomination_sociale"] = fields["editeur"]
    data["version_candidate"]["denomination_commerciale"] = fields["solution"]
    # Each folder gets a name of its own: a new version (dpi-5-3) is then another solution than
    # the one it named as predecessor (SEG-ADM-037), so the link goes with the name.
    data["solution"].pop("version_precedente", None)
    if "version_technique" in fields:
        solution = data["solution"]
        current = next(
            v
            for v in solution["versions"]
            if v["version_technique"] == solution["version_technique"]
        )
        current["version_technique"] = solution["version_technique"] = fields["version_technique"]
        current["version_commerciale"] = fields["version_commerciale"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _rewritten(step: Step) -> Step:
    def make() -> dict[str, bytes]:
        return {path: _hostile(path, content) for path, content in step.make().items()}

    return dataclasses.replace(step, make=make)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo repository, its candidatures written with hostile names from their first
    commit (a decision is never followed by a change of name)."""
    demo = history()
    requests: list[PullRequest] = [
        dataclasses.replace(r, steps=tuple(_rewritten(s) for s in r.steps)) for r in demo.requests
    ]
    out = tmp_path_factory.mktemp("hostile") / "depot"
    build_repository(out, demo.base, demo.base_moment, requests, demo.base_author, BASE_MESSAGE)
    return out


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile-site") / "public"
    assert main(["--repo", str(repo), "site", "build", "--out", str(out)]) == 0
    return out


def _published(folder: str) -> dict[str, str]:
    return {**REFERENCED, **IN_PROGRESS}[folder]


def test_check_accepts_the_names_and_refuses_only_the_bidi_override(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--repo", str(repo), "check", "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    errors = [f for f in findings if f["severity"] == "error"]
    # Only the dossier whose names hold a bidi override; its candidature cannot be read, so the
    # rules that need it report too.
    assert {f["path"].split("/")[2] for f in errors} == {"pfi-2-0"}
    refused = [f for f in errors if f["rule"] == "SEG-YML-019"]
    assert refused and all(f["path"].endswith("pfi-2-0/candidature.yaml") for f in refused)


# ----------------------------------------------------------------------------------- open data


def _rows(site: Path, name: str) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    folder = site / "donnees"
    rows = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
        cells = list(csv.DictReader(stream))
    return rows, cells


def test_the_open_data_holds_every_string_exactly(site: Path) -> None:
    referencees, _ = _rows(site, "solutions-referencees")
    published = {
        (r["editeur"], r["solution"], r["version_technique"], r["version_commerciale"])
        for r in referencees
    }
    assert published == {tuple(f.values()) for f in REFERENCED.values()}
    candidats, _ = _rows(site, "candidats-en-cours")
    pairs = {(r["editeur"], r["solution"]) for r in candidats}
    assert pairs == {(f["editeur"], f["solution"]) for f in IN_PROGRESS.values()}
    everything = "".join(p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file())
    assert "gpj.exe" not in everything and "\u202e" not in everything


@pytest.mark.parametrize("name", ["solutions-referencees", "candidats-en-cours"])
def test_csv_cells_that_look_like_formulas_are_neutralised(site: Path, name: str) -> None:
    rows, cells = _rows(site, name)
    assert len(rows) == len(cells)
    neutralised = 0
    for row, cell in zip(rows, cells, strict=True):
        for column, value in row.items():
            written = cell[column]
            if value is not None and value.startswith(FORMULA_PREFIXES):
                assert written == FORMULA_GUARD + value, (column, value)
                neutralised += 1
            else:
                assert written == (value or ""), (column, value)
            assert not written.startswith(FORMULA_PREFIXES), (column, written)
    assert neutralised >= 3  # "=1+1", "-1", "@SUM(A1)", "+1" are all in the data


def test_the_data_package_stays_valid(site: Path) -> None:
    from frictionless import Package

    package = json.loads((site / "donnees" / "datapackage.json").read_text(encoding="utf-8"))
    csv_resources = [r for r in package["resources"] if r["format"] == "csv"]
    assert all("apostrophe" in r["description"] for r in csv_resources)
    report = Package(str(site / "donnees" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# ------------------------------------------------------------------------- feed, search index


def test_the_feed_parses_and_its_titles_are_the_strings(site: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(site / "decisions.xml").getroot()
    titles = {e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)}
    codes = {"dpi-5-2": "DPI", "db-4-0": "DB"}
    assert titles == {
        f"{f['solution']} {f['version_technique']} ({f['editeur']}) référencée pour le "
        f"{codes[folder]}"
        for folder, f in REFERENCED.items()
    }
    summaries = "".join(e.findtext("a:summary", "", ns) for e in root.findall("a:entry", ns))
    assert TITLE_BREAK in summaries and "=1+1" in summaries


def test_the_search_index_holds_no_markup_from_a_name(site: Path) -> None:
    raw = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    for markup in ("<script", "<img", "<svg", "<b>"):
        assert markup not in raw.lower(), markup
    docs = json.loads(raw)["docs"]
    titles = {d["title"] for d in docs}
    # The index is HTML (the theme shows it as such): the names are there, escaped.
    for f in REFERENCED.values():
        assert html.escape(f"{f['solution']} {f['version_technique']}") in titles


# --------------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclasses.dataclass
class Watched:
    page: Page
    dialogs: list[str]
    errors: list[str]


@pytest.fixture(scope="module")
def watched(browser: Browser, site: Path) -> Iterator[Watched]:
    """One page of the hostile site with a listener on every dialog (an `alert` that ran) and
    on every console error or uncaught exception."""
    with served(site) as url:
        context = browser.new_context(base_url=url, locale="fr-FR")
        page = context.new_page()
        seen = Watched(page, [], [])

        def on_dialog(dialog: Dialog) -> None:
            seen.dialogs.append(f"{page.url}: {dialog.message}")
            dialog.dismiss()

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                seen.errors.append(f"{page.url}: {message.text}")

        page.on("dialog", on_dialog)
        page.on("console", on_console)
        page.on("pageerror", lambda error: seen.errors.append(f"{page.url}: {error}"))
        yield seen
        context.close()


def _pages(site: Path) -> list[str]:
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return [("" if p == "." else f"{p}/") for p in pages]


def _table_rows(page: Page) -> list[list[str]]:
    rows: list[list[str]] = page.evaluate(
        """() => Array.from(document.querySelectorAll("article table tr")).map(
            (tr) => Array.from(tr.cells).map((cell) => cell.innerText))"""
    )
    return rows


def _visit(watched: Watched, path: str) -> Page:
    page = watched.page
    response = page.goto(path)
    assert response is not None and response.ok, path
    page.wait_for_load_state("load")
    return page


def test_no_page_runs_a_name_and_every_page_loads_cleanly(watched: Watched, site: Path) -> None:
    pages = _pages(site)
    assert len(pages) >= 15
    for path in pages:
        page = _visit(watched, path)
        # Nothing a name held became an element or a link.
        hostile = "script:not([src]):not([type='application/json']), img[src='x'], svg[onload]"
        for element in page.locator(hostile).all():
            assert "alert" not in (element.text_content() or ""), path
        assert page.locator("[onerror], [onload], a[href^='javascript' i]").count() == 0, path
    assert watched.dialogs == []
    assert watched.errors == []


def _referenced_row(f: dict[str, str]) -> list[str]:
    return [f["editeur"], f["solution"], f["version_technique"], f["version_commerciale"]]


def test_the_solution_pages_show_each_field_exactly(watched: Watched, site: Path) -> None:
    solutions = [p for p in _pages(site) if p.startswith("solutions/") and p != "solutions/"]
    shown: dict[str, list[str]] = {}
    for path in solutions:
        page = _visit(watched, path)
        fields = dict(row for row in _table_rows(page) if len(row) == 2)
        row = [fields[k] for k in ("Éditeur", "Solution", "Version technique")]
        row.append(fields["Version commerciale"])
        heading = f"{row[1]} {row[2]}"
        assert page.locator("article h1").inner_text() == heading
        assert page.title() == f"{heading} - {SITE_NAME}"
        topic = page.locator("[data-md-component='header-topic']").inner_text()
        assert topic == heading
        shown[path] = row
    assert sorted(shown.values()) == sorted(_referenced_row(f) for f in REFERENCED.values())
    assert watched.dialogs == [] and watched.errors == []


def test_the_lists_show_each_name_exactly(watched: Watched) -> None:
    referenced = [_referenced_row(f) for f in REFERENCED.values()]
    lists: dict[str, list[list[str]]] = {}
    for path in ("", "solutions/", "dispositifs/dpi/", "dispositifs/db/", "dispositifs/ris/"):
        lists[path] = [row[:4] for row in _table_rows(_visit(watched, path))]
    for row in referenced:
        assert row in lists[""] and row in lists["solutions/"]
    assert [IN_PROGRESS["ris-2024-2"]["editeur"], "| tableau |"] in lists["dispositifs/ris/"]
    assert _referenced_row(REFERENCED["db-4-0"]) in lists["dispositifs/db/"]
    assert watched.dialogs == [] and watched.errors == []


def test_every_in_progress_pair_is_shown_on_its_dispositif_page(
    watched: Watched, site: Path
) -> None:
    rows: list[list[str]] = []
    for path in _pages(site):
        if path.startswith("dispositifs/") and path != "dispositifs/":
            rows += [row for row in _table_rows(_visit(watched, path)) if len(row) == 2]
    for f in IN_PROGRESS.values():
        assert [f["editeur"], f["solution"]] in rows, f


def test_the_attestation_check_shows_the_names_as_text(watched: Watched, site: Path) -> None:
    (referencee,) = [
        r
        for r in _rows(site, "solutions-referencees")[0]
        if r["editeur"] == REFERENCED["dpi-5-2"]["editeur"]
    ]
    page = _visit(watched, "verifier-une-attestation/")
    page.get_by_label("Numéro d'attestation").fill(referencee["numero_attestation"])
    page.get_by_role("button", name="Vérifier").click()
    result = page.locator("#segur-resultat")
    result.get_by_text("Attestation valide").wait_for()
    values = result.locator("dd").all_inner_texts()
    for value in REFERENCED["dpi-5-2"].values():
        assert value in values
    assert watched.dialogs == [] and watched.errors == []


def test_search_results_show_the_names_as_text(watched: Watched) -> None:
    page = _visit(watched, "")
    results = search(page, "tableau")
    assert results.count() > 0
    # The results are drawn from the HTML of the index: the names come out as text.
    shown = " ".join(page.locator(".md-search-result").inner_text().split())
    assert "# titre | tableau |" in shown
    assert page.locator(".md-search-result img, .md-search-result svg[onload]").count() == 0
    assert watched.dialogs == [] and watched.errors == []


# ------------------------------------------------------------------------ documents, e-mail


class _Text(HTMLParser):
    """The elements and the text of an HTML document, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_documents_hold_the_names_as_text(repo: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    folder = repo / "dossiers" / "exemple-sante-logiciels" / "dpi-5-2"
    out = tmp_path / "documents"
    assert main(["--repo", str(repo), "documents", str(folder), "--out", str(out)]) == 0
    fields = REFERENCED["dpi-5-2"]
    pages = sorted(out.glob("*.html"))
    assert len(pages) == 3  # convention, attestation, rapport
    for page in pages:
        source = page.read_text(encoding="utf-8")
        parser = _Text()
        parser.feed(source)
        assert not parser.tags & {"script", "img", "svg"}, page.name
        text = " ".join(" ".join(parser.text).split())
        assert fields["editeur"] in text and fields["solution"] in text, page.name
        assert html.escape(fields["solution"]) in source and TITLE_BREAK not in source
    pdf = PdfReader(out / "attestation-de-referencement.pdf")
    printed = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "alert(8)" in printed and "onerror=alert(2)" in printed


INJECTED = "Acme\r\nBcc: espion@example.invalid\r\n\r\nfaux corps"


def _candidature(editeur: str, solution: str) -> Candidature:
    """A candidature carrying names that the model itself refuses (a line break in a name):
    the e-mail layer must hold even if a bad value ever got past validation."""
    data = base()
    data["editeur"]["denomination_sociale"] = editeur
    data["version_candidate"]["denomination_commerciale"] = solution
    with pytest.raises(ValueError):
        Candidature.model_validate(data)
    valid = Candidature.model_validate(base())
    return valid.model_copy(
        update={
            "editeur": valid.editeur.model_copy(update={"denomination_sociale": editeur}),
            "version_candidate": valid.version_candidate.model_copy(
                update={"denomination_commerciale": solution}
            ),
        }
    )


def test_a_name_cannot_add_a_header_or_a_line_to_the_email() -> None:
    candidature = _candidature(INJECTED, f"{TITLE_BREAK}\nSubject: faux")
    decision = DecisionCollege.model_validate(
        {"type": "decision-college", "seance": dt.date(2026, 10, 27), "decision": "attribution"}
    )
    cycle = Cycle(
        dossier="dossiers/a/b",
        editeur="a",
        candidature="b",
        dispositif="DPI",
        etat=Etat.ATTRIBUEE,
        prochaine_action="",
        a_qui=None,
        date_depot_complet=None,
        date_decision=dt.date(2026, 10, 27),
        date_signature=None,
        fin_convention=None,
        numero_attestation="SEGUR-DPI-20261027-00000000",
        en_cours=False,
        reference=False,
    )
    subject = notification.decision_subject(
        Decision.ATTRIBUTION,
        candidature.version_candidate.denomination_commerciale,
        candidature.solution.version_technique,
        "DPI",
    )
    text = notification.body(cycle, candidature, decision, [MARKDOWN], example=False)
    mail = notification.message(
        "guichet@example.invalid",
        ["contact@example.invalid"],
        subject,
        text,
        [],
        dt.datetime(2026, 10, 28, 9, 0, tzinfo=dt.UTC),
    )
    parsed = email.message_from_bytes(mail.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    assert sorted(parsed.keys()) == sorted(
        [
            *("From", "To", "Subject", "Date", "Message-ID"),
            *("Content-Type", "Content-Transfer-Encoding", "MIME-Version"),
        ]
    )
    assert parsed["Bcc"] is None
    assert str(parsed["Subject"]) == (
        f"Référencement Ségur DPI : attribution du référencement - {TITLE_BREAK} Subject: faux "
        f"{candidature.solution.version_technique}"
    )
    content = parsed.get_content()
    assert "Acme Bcc: espion@example.invalid faux corps" in content
    assert not any(
        line.startswith(("Bcc:", "faux corps", "Subject:")) for line in content.splitlines()
    )

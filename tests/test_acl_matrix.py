"""The permission matrix of `segur acl check`, end to end on a real git repository.

Every identity (the folder's editor, another editor, each ANS role, the bot, an unknown login)
against every kind of change, each kind one branch of one base repository. The branches are
built from git objects (`git hash-object`, `git mktree`, `git commit-tree`), never through a
work tree: a crafted tree holds exactly the names written here, `..`, empty segments,
`Journal/`, names differing only by case, which a checkout or `git add` would alter or refuse.
The expected decision of each cell is written out in `TABLE`: `ok` (allowed), the rules of the
refusal (the last three digits of SEG-ACL-0NN, `+` between several), or `err` when git itself
cannot read the tree (an empty name): the check stops with exit code 2, which refuses as well.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pytest

from acl_support import ACCES
from gitrepo import GitRepo
from segur.cli import main
from segur.model.access import ACCESS_FILE
from segur.model.journal import EVENT_OWNERS

# The columns of TABLE, in order; `inconnu` is in no role of the map.
ACTORS = ("ed-a", "ed-b", "instr", "coll", "dir", "admin", "robot[bot]", "inconnu")

ALPHA = "dossiers/alpha/dpi-1"  # undecided
DECIDED = "dossiers/alpha/dpi-0"  # the collège has decided on it (on main)
NEW = "dossiers/alpha/dpi-3"  # absent from main
BETA = "dossiers/beta/lgc-2"  # another editor's, without a journal
EXISTING_EVENT = f"{ALPHA}/journal/2026-01-10-sollicitation.yaml"

CANDIDATURE = """\
dispositif: DPI
version_rem: va2-prepub-2023
editeur:
  denomination_sociale: Alpha Santé
  representant_legal: {nom: Curie, prenom: Marie, email: marie@alpha.example}
  contact_referencement: {nom: Dupont, prenom: Jean, email: jean@alpha.example}
version_candidate:
  denomination_commerciale: Alpha DPI
solution:
  version_technique: "1.0"
mainteneurs: [ed-a]
"""
NEW_CONTACT = CANDIDATURE.replace("jean@alpha.example", "accueil@alpha.example").replace(
    "[ed-a]", "[ed-a, ed-a2]"
)
NEW_VERSION = CANDIDATURE.replace('"1.0"', '"2.0"')
NEW_NAME = CANDIDATURE.replace("Alpha DPI", "Alpha DPI Premium")


def candidature_files(folder: str) -> dict[str, str | bytes]:
    return {
        f"{folder}/candidature.yaml": CANDIDATURE,
        f"{folder}/questionnaire-ssi.yaml": "questions: {}\n",
        f"{folder}/documents/attestation.pdf": b"%PDF-1.4 attestation",
        f"{folder}/documents/fiche.pdf": b"%PDF-1.4 fiche",
        f"{folder}/preuves/INS/preuves.yaml": "chapitre: INS\n",
        f"{folder}/preuves/INS/capture.png": b"\x89PNG capture",
    }


BASE_FILES: dict[str, str | bytes] = {
    ACCESS_FILE: ACCES,
    "dossiers/README.md": "# Dossiers\n",
    **candidature_files(ALPHA),
    EXISTING_EVENT: "type: sollicitation\nmessage: précisez\n",
    **candidature_files(DECIDED),
    f"{DECIDED}/journal/2026-01-20-decision-college.yaml": (
        "type: decision-college\ndecision: attribution\nseance: 2026-01-20\n"
    ),
    f"{BETA}/candidature.yaml": "dispositif: LGC\n",
    "rem/DPI/dispositif.yaml": "code: DPI\n",
    "src/segur/module.py": "X = 1\n",
    "tests/test_module.py": "def test(): pass\n",
    ".github/workflows/validation.yml": "name: v\n",
    "pyproject.toml": "[project]\n",
}


@dataclass(frozen=True, slots=True)
class Link:
    """A symbolic link to `target`."""

    target: str


Entry = str | bytes | Link | None  # None deletes the path
RENAMED_EVENT = f"{ALPHA}/journal/2026-01-10-sollicitation-bis.yaml"


def event(kind: str, folder: str = ALPHA, content: str | None = None) -> dict[str, Entry]:
    return {f"{folder}/journal/2026-02-02-{kind}.yaml": content or f"type: {kind}\n"}


# kind of change -> the entries its branch writes over main (a path is split on "/" only).
CHANGES: dict[str, dict[str, Entry]] = {
    # The editor's content of an undecided candidature: add, modify, delete.
    "candidature-ajout": {f"{NEW}/candidature.yaml": CANDIDATURE},
    "candidature-modif": {f"{ALPHA}/candidature.yaml": NEW_VERSION},
    "candidature-suppr": {f"{ALPHA}/candidature.yaml": None},
    "questionnaire-ajout": {f"{NEW}/questionnaire-ssi.yaml": "questions: {}\n"},
    "questionnaire-modif": {f"{ALPHA}/questionnaire-ssi.yaml": "questions: {q1: oui}\n"},
    "questionnaire-suppr": {f"{ALPHA}/questionnaire-ssi.yaml": None},
    "document-ajout": {f"{ALPHA}/documents/mandat.pdf": b"%PDF mandat"},
    "document-modif": {f"{ALPHA}/documents/attestation.pdf": b"%PDF autre"},
    "document-suppr": {f"{ALPHA}/documents/attestation.pdf": None},
    "manifeste-ajout": {f"{ALPHA}/preuves/DMP/preuves.yaml": "chapitre: DMP\n"},
    "manifeste-modif": {f"{ALPHA}/preuves/INS/preuves.yaml": "chapitre: INS\npreuves: {}\n"},
    "manifeste-suppr": {f"{ALPHA}/preuves/INS/preuves.yaml": None},
    "preuve-ajout": {f"{ALPHA}/preuves/INS/ecran.png": b"\x89PNG ecran"},
    "preuve-modif": {f"{ALPHA}/preuves/INS/capture.png": b"\x89PNG remplacee"},
    "preuve-suppr": {f"{ALPHA}/preuves/INS/capture.png": None},
    "dossier-beta": {f"{BETA}/candidature.yaml": "dispositif: LGC\nprofils: [general]\n"},
    "lien-symbolique": {f"{ALPHA}/documents/lien.pdf": Link("../../../../acces.yaml")},
    # Journal events, one per type, then the journal's own rules.
    **{f"evenement-{kind}": event(kind) for kind in EVENT_OWNERS},
    "evenement-nom-contenu": event("reponse", content="type: decision-college\n"),
    "evenement-type-absent": event("verdict", content="chapitre: INS\n"),
    "evenement-existant-modifie": {EXISTING_EVENT: "type: sollicitation\nmessage: autre\n"},
    "evenement-existant-supprime": {EXISTING_EVENT: None},
    "evenement-existant-renomme": {
        EXISTING_EVENT: None,
        RENAMED_EVENT: "type: sollicitation\nmessage: précisez\n",
    },
    "evenement-nom-invalide": {f"{ALPHA}/journal/notes.yaml": "type: verdict\n"},
    # The administrators' files.
    "acces": {ACCESS_FILE: ACCES + "  pirate:\n    roles: [admin]\n"},
    "rem": {"rem/DPI/dispositif.yaml": "code: DPI\nlibelle: x\n"},
    "github": {".github/workflows/validation.yml": "name: pirate\n"},
    "src": {"src/segur/module.py": "X = 2\n"},
    "tests": {"tests/test_module.py": None},
    "pyproject": {"pyproject.toml": "[project]\nname = 'x'\n"},
    "racine": {"notes.md": "# notes\n"},
    "dossiers-readme": {"dossiers/README.md": "# Dossiers des éditeurs\n"},
    # Crafted names: what git stores, a checkout would not.
    "chemin-point-point": {"dossiers/alpha/../beta/lgc-2/candidature.yaml": "pirate: oui\n"},
    "chemin-point": {"dossiers/alpha/./dpi-1/candidature.yaml": "pirate: oui\n"},
    "chemin-segment-vide": {"dossiers/alpha//dpi-1/candidature.yaml": "pirate: oui\n"},
    "chemin-antislash": {f"{ALPHA}/documents/..\\..\\..\\beta.pdf": b"%PDF"},
    "chemin-retour-ligne": {f"{ALPHA}/documents/a\nb.pdf": b"%PDF"},
    "chemin-controle": {f"{ALPHA}/documents/a\x1b[2Kb.pdf": b"%PDF"},
    "chemin-bidi": {f"{ALPHA}/documents/fdp.\u202egnp.pdf": b"%PDF"},
    "chemin-nfd": {f"{ALPHA}/documents/e\u0301te\u0301.pdf": b"%PDF"},
    "journal-majuscule": {
        f"{BETA}/Journal/2026-02-02-decision-college.yaml": "type: decision-college\n"
    },
    "journal-majuscule-collision": {
        f"{ALPHA}/Journal/2026-02-02-decision-college.yaml": "type: decision-college\n"
    },
    "journal-hors-candidature": {
        "dossiers/alpha/journal/2026-02-02-decision-college.yaml": "type: decision-college\n"
    },
    "evenement-hors-journal": {
        f"{ALPHA}/preuves/INS/2026-02-02-decision-college.yaml": "type: decision-college\n"
    },
    "dossier-inconnu": {f"{ALPHA}/notes/idees.md": "# idées\n"},
    "fichier-editeur": {"dossiers/alpha/LISEZMOI.md": "# Alpha\n"},
    "collision-existant": {f"{ALPHA}/Candidature.yaml": NEW_VERSION},
    "collision-interne": {
        f"{ALPHA}/documents/Plan.pdf": b"%PDF un",
        f"{ALPHA}/documents/plan.pdf": b"%PDF deux",
    },
    "collision-unicode": {f"{ALPHA}/documents/\ufb01che.pdf": b"%PDF ligature"},
    # A decided candidature: frozen but for its contact data and its journal.
    "gel-version-technique": {f"{DECIDED}/candidature.yaml": NEW_VERSION},
    "gel-denomination": {f"{DECIDED}/candidature.yaml": NEW_NAME},
    "gel-contact": {f"{DECIDED}/candidature.yaml": NEW_CONTACT},
    "gel-contact-et-version": {
        f"{DECIDED}/candidature.yaml": NEW_CONTACT.replace('"1.0"', '"2.0"')
    },
    "gel-candidature-suppr": {f"{DECIDED}/candidature.yaml": None},
    "gel-questionnaire": {f"{DECIDED}/questionnaire-ssi.yaml": "questions: {q1: non}\n"},
    "gel-document": {f"{DECIDED}/documents/attestation.pdf": b"%PDF autre"},
    "gel-manifeste": {f"{DECIDED}/preuves/INS/preuves.yaml": "chapitre: INS\npreuves: {}\n"},
    "gel-preuve-remplacee": {f"{DECIDED}/preuves/INS/capture.png": b"\x89PNG remplacee"},
    "gel-preuve-ajout": {f"{DECIDED}/preuves/INS/ecran.png": b"\x89PNG ecran"},
    "gel-preuve-suppr": {f"{DECIDED}/preuves/INS/capture.png": None},
    "gel-evenement-reponse": event("reponse", DECIDED),
    "gel-evenement-signature-ans": event("signature-ans", DECIDED),
}

# fmt: off
TABLE = """
kind                          ed-a     ed-b     instr    coll     dir      admin    bot      inconnu
candidature-ajout             ok       004      005      005      005      005      005      001
candidature-modif             ok       004      005      005      005      005      005      001
candidature-suppr             ok       004      005      005      005      005      005      001
questionnaire-ajout           ok       004      005      005      005      005      005      001
questionnaire-modif           ok       004      005      005      005      005      005      001
questionnaire-suppr           ok       004      005      005      005      005      005      001
document-ajout                ok       004      005      005      005      005      005      001
document-modif                ok       004      005      005      005      005      005      001
document-suppr                ok       004      005      005      005      005      005      001
manifeste-ajout               ok       004      005      005      005      005      005      001
manifeste-modif               ok       004      005      005      005      005      005      001
manifeste-suppr               ok       004      005      005      005      005      005      001
preuve-ajout                  ok       004      005      005      005      005      005      001
preuve-modif                  ok       004      005      005      005      005      005      001
preuve-suppr                  ok       004      005      005      005      005      005      001
dossier-beta                  004      ok       005      005      005      005      005      001
lien-symbolique               009      009      009      009      009      009      009      001
evenement-validation-administrative 006 006    ok       006      006      006      006      001
evenement-sollicitation       006      006      ok       006      006      006      006      001
evenement-reponse             ok       004      006      006      006      006      006      001
evenement-verdict             006      006      ok       006      006      006      006      001
evenement-ins-proposition     006      006      ok       006      006      006      006      001
evenement-ins-confirmation    ok       004      006      006      006      006      006      001
evenement-ins-resultat        006      006      ok       006      006      006      006      001
evenement-signature-editeur   ok       004      006      006      006      006      006      001
evenement-signature-ans       006      006      006      006      ok       006      006      001
evenement-decision-college    006      006      006      ok       006      006      006      001
evenement-notification        006      006      006      006      006      006      ok       001
evenement-audit               006      006      ok       006      006      006      006      001
evenement-nom-contenu         017      017      017      017      017      017      017      001
evenement-type-absent         017      017      017      017      017      017      017      001
evenement-existant-modifie    007      007      007      007      007      007      007      001
evenement-existant-supprime   007      007      007      007      007      007      007      001
evenement-existant-renomme    006+007  006+007  007      006+007  006+007  006+007  006+007  001
evenement-nom-invalide        008      008      008      008      008      008      008      001
acces                         003      003      003      003      003      ok       003      001
rem                           003      003      003      003      003      ok       003      001
github                        003      003      003      003      003      ok       003      001
src                           003      003      003      003      003      ok       003      001
tests                         003      003      003      003      003      ok       003      001
pyproject                     003      003      003      003      003      ok       003      001
racine                        003      003      003      003      003      ok       003      001
dossiers-readme               003      003      003      003      003      ok       003      001
chemin-point-point            014      014      014      014      014      014      014      014
chemin-point                  014      014      014      014      014      014      014      014
chemin-segment-vide           err      err      err      err      err      err      err      err
chemin-antislash              014      014      014      014      014      014      014      014
chemin-retour-ligne           014      014      014      014      014      014      014      014
chemin-controle               014      014      014      014      014      014      014      014
chemin-bidi                   014      014      014      014      014      014      014      014
chemin-nfd                    014      014      014      014      014      014      014      014
journal-majuscule             016      016      016      016      016      016      016      001
journal-majuscule-collision   015      015      015      015      015      015      015      015
journal-hors-candidature      016      016      016      016      016      016      016      001
evenement-hors-journal        016      016      016      016      016      016      016      001
dossier-inconnu               016      016      016      016      016      016      016      001
fichier-editeur               016      016      016      016      016      016      016      001
collision-existant            015      015      015      015      015      015      015      015
collision-interne             015      015      015      015      015      015      015      015
collision-unicode             015      015      015      015      015      015      015      015
gel-version-technique         018      004      005      005      005      005      005      001
gel-denomination              018      004      005      005      005      005      005      001
gel-contact                   ok       004      005      005      005      005      005      001
gel-contact-et-version        018      004      005      005      005      005      005      001
gel-candidature-suppr         018      004      005      005      005      005      005      001
gel-questionnaire             018      004      005      005      005      005      005      001
gel-document                  018      004      005      005      005      005      005      001
gel-manifeste                 018      004      005      005      005      005      005      001
gel-preuve-remplacee          018      004      005      005      005      005      005      001
gel-preuve-ajout              018      004      005      005      005      005      005      001
gel-preuve-suppr              018      004      005      005      005      005      005      001
gel-evenement-reponse         ok       004      006      006      006      006      006      001
gel-evenement-signature-ans   006      006      006      006      ok       006      006      001
"""
# fmt: on


def parse_table(table: str) -> dict[str, dict[str, frozenset[str]]]:
    """kind -> actor -> the expected rules (empty: allowed)."""
    header, *rows = [line.split() for line in table.strip().splitlines()]
    assert header[1:] == [a.replace("robot[bot]", "bot") for a in ACTORS], header
    expected: dict[str, dict[str, frozenset[str]]] = {}
    for kind, *cells in rows:
        assert len(cells) == len(ACTORS), kind
        assert kind not in expected, f"ligne en double : {kind}"
        expected[kind] = {actor: _cell(cell) for actor, cell in zip(ACTORS, cells, strict=True)}
    return expected


def _cell(cell: str) -> frozenset[str]:
    if cell == "ok":
        return frozenset()
    if cell == GIT_ERROR:
        return frozenset({GIT_ERROR})
    return frozenset(f"SEG-ACL-{number}" for number in cell.split("+"))


GIT_ERROR = "err"
EXPECTED = parse_table(TABLE)


class Objects:
    """Writes git objects directly: blobs, trees (`git mktree -z`, which takes any name) and
    commits (`git commit-tree`), with the repository's pinned identity and date."""

    def __init__(self, repo: GitRepo) -> None:
        self.repo = repo

    def git(self, *args: str, data: bytes = b"") -> str:
        stamp = self.repo.clock.isoformat()
        env = {**self.repo.env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        done = subprocess.run(
            ["git", *args],
            cwd=self.repo.root,
            env=env,
            input=data,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, f"git {' '.join(args)} : {done.stderr.decode()}"
        return done.stdout.decode().strip()

    def tree_of(self, rev: str) -> dict[str, object]:
        """The tree of `rev` as nested dicts: name -> (mode, sha) or a sub-tree."""
        listing = self.git("ls-tree", "-r", "-z", "--full-tree", rev)
        root: dict[str, object] = {}
        for record in filter(None, listing.split("\0")):
            meta, path = record.split("\t", 1)
            mode, _, sha = meta.split()
            *folders, name = path.split("/")
            node = root
            for folder in folders:
                child = node.setdefault(folder, {})
                assert isinstance(child, dict)
                node = child
            node[name] = (mode, sha)
        return root

    def write_tree(self, node: Mapping[str, object]) -> str:
        entries = b""
        for name, value in node.items():
            if isinstance(value, dict):
                if not value:
                    continue  # git has no empty folders
                mode, kind, sha = "040000", "tree", self.write_tree(value)
            else:
                assert isinstance(value, tuple)
                mode, sha = value
                kind = "blob"
            entries += f"{mode} {kind} {sha}\t".encode() + name.encode() + b"\0"
        return self.git("mktree", "-z", data=entries)

    def branch(self, name: str, start: str, entries: Mapping[str, Entry]) -> None:
        root = self.tree_of(start)
        for path, content in entries.items():
            *folders, leaf = path.split("/")
            node = root
            for folder in folders:
                child = node.setdefault(folder, {})
                assert isinstance(child, dict), path
                node = child
            if content is None:
                assert leaf in node, f"{path} absent de {start}"
                del node[leaf]
                continue
            if isinstance(content, Link):
                mode, data = "120000", content.target.encode()
            else:
                mode = "100644"
                data = content.encode() if isinstance(content, str) else content
            node[leaf] = (mode, self.git("hash-object", "-w", "--stdin", data=data))
        tree = self.write_tree(root)
        commit = self.git("commit-tree", tree, "-p", start, "-m", f"changement {name}")
        self.git("update-ref", f"refs/heads/{name}", commit)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitRepo]:
    repo = GitRepo.create(tmp_path_factory.mktemp("acl-matrice") / "depot")
    repo.commit("dépôt initial", BASE_FILES, "2026-01-12")
    objects = Objects(repo)
    for kind, entries in CHANGES.items():
        objects.branch(kind, "main", entries)
    yield repo


def test_the_table_covers_every_kind_actor_and_event_type() -> None:
    assert list(EXPECTED) == list(CHANGES)
    assert {f"evenement-{kind}" for kind in EVENT_OWNERS} <= set(EXPECTED)


def test_the_table_exercises_every_refusal_of_a_pull_request() -> None:
    """Every rule `segur acl check` refuses with appears somewhere in the table, but the map
    that cannot be read (SEG-ACL-002: no map, no matrix; see test_acl.py)."""
    rules = {rule for row in EXPECTED.values() for cell in row.values() for rule in cell}
    assert rules == {
        GIT_ERROR,
        "SEG-ACL-001",
        "SEG-ACL-003",
        "SEG-ACL-004",
        "SEG-ACL-005",
        "SEG-ACL-006",
        "SEG-ACL-007",
        "SEG-ACL-008",
        "SEG-ACL-009",
        "SEG-ACL-014",
        "SEG-ACL-015",
        "SEG-ACL-016",
        "SEG-ACL-017",
        "SEG-ACL-018",
    }


def test_crafted_branches_hold_the_crafted_names(base: GitRepo) -> None:
    """The branches really contain what a checkout would not: the test tests the access
    check, not git's own refusals."""
    objects = Objects(base)
    names = objects.git("ls-tree", "-r", "-z", "--name-only", "chemin-point-point").split("\0")
    assert "dossiers/alpha/../beta/lgc-2/candidature.yaml" in names
    # An empty name: git writes the tree, but no git command reads it back.
    assert objects.git("cat-file", "-t", "chemin-segment-vide") == "commit"
    names = objects.git("ls-tree", "-r", "-z", "--name-only", "collision-interne").split("\0")
    assert {f"{ALPHA}/documents/Plan.pdf", f"{ALPHA}/documents/plan.pdf"} <= set(names)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("kind", list(CHANGES))
def test_permission_matrix(
    base: GitRepo, kind: str, actor: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--repo", str(base.root), "acl", "check", "--actor", actor, "--base", "main"]
    code = main([*args, "--head", kind, "--format", "json"])
    out, err = capsys.readouterr()
    expected = EXPECTED[kind][actor]
    if expected == {GIT_ERROR}:
        assert (code, out) == (2, ""), out
        assert "git ne peut pas comparer" in err
        return
    findings = json.loads(out)
    rules = {f["rule"] for f in findings}
    assert rules == expected, [f["message"] for f in findings]
    assert code == (1 if expected else 0)
    if expected:
        # One finding per refused path, and no path refused for another reason on top.
        assert len({f["path"] for f in findings}) == len(findings)

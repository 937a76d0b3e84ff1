"""The loader turns every unsafe or malformed YAML into a positioned finding, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from segur.load.document import MAX_YAML_BYTES, load_file, parse

FIXTURES = Path(__file__).parent / "fixtures" / "yaml"

# fixture -> (rule, line, col) of the first finding
INVALID = {
    "cle-en-double.yaml": ("SEG-YML-009", 3, 1),
    "ancre-alias.yaml": ("SEG-YML-010", 1, 7),
    "cle-non-chaine.yaml": ("SEG-YML-011", 2, 1),
    "tabulation.yaml": ("SEG-YML-004", 2, 1),
    "bom.yaml": ("SEG-YML-002", 1, 1),
    "utf8-invalide.yaml": ("SEG-YML-003", 1, 7),
    "pas-un-dictionnaire.yaml": ("SEG-YML-007", 1, 1),
    "vide.yaml": ("SEG-YML-005", 1, 1),
    # An unclosed bracket is shown where it opens, the place to fix.
    "syntaxe.yaml": ("SEG-YML-006", 1, 4),
    "etiquette.yaml": ("SEG-YML-012", 1, 4),
    "plusieurs-documents.yaml": ("SEG-YML-008", 1, 1),
    "date-impossible.yaml": ("SEG-YML-017", 1, 7),
}


def test_every_invalid_fixture_is_listed() -> None:
    assert sorted(p.name for p in (FIXTURES / "invalid").iterdir()) == sorted(INVALID)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_yaml_gives_positioned_finding(name: str) -> None:
    rule, line, col = INVALID[name]
    loaded = load_file(FIXTURES / "invalid" / name, f"x/{name}")
    assert loaded.findings, name
    first = loaded.findings[0]
    assert (first.rule, first.line, first.col) == (rule, line, col)
    assert first.path == f"x/{name}"
    assert first.is_error


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "valid").iterdir()))
def test_valid_yaml_has_no_finding(name: str) -> None:
    loaded = load_file(FIXTURES / "valid" / name, name)
    assert loaded.findings == []
    assert isinstance(loaded.document.data if loaded.document else None, dict)


def test_duplicate_key_names_the_first_definition() -> None:
    loaded = parse(b"nom: a\nsiret: 1\nnom: b\n", "c.yaml")
    [finding] = loaded.findings
    assert "« nom »" in finding.message and "ligne 1" in finding.message
    # The first value is kept: a later duplicate cannot silently override it.
    assert loaded.document is not None and loaded.document.data["nom"] == "a"


def test_alias_value_is_not_expanded() -> None:
    # A billion-laughs document must not be expanded: aliases become findings and None.
    text = b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    loaded = parse(text, "lol.yaml")
    assert loaded.document is not None
    assert loaded.document.data["c"] == [None, None]
    assert {f.rule for f in loaded.findings} == {"SEG-YML-010"}


def test_positions_of_nested_values_and_keys() -> None:
    loaded = parse(b"editeur:\n  nom: X\n  contacts:\n    - a\n    - b\n", "p.yaml")
    doc = loaded.document
    assert doc is not None
    assert doc.at(("editeur", "contacts", 1)) == doc.values[("editeur", "contacts", 1)]
    assert (doc.at(("editeur", "contacts", 1)).line, doc.at(("editeur", "contacts", 1)).col) == (
        5,
        7,
    )
    assert (doc.key_at(("editeur", "nom")).line, doc.key_at(("editeur", "nom")).col) == (2, 3)
    # A missing path falls back to its nearest ancestor.
    assert doc.at(("editeur", "absent")).line == 2


def test_oversized_file_is_rejected_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: " + b"x" * (MAX_YAML_BYTES + 1))
    loaded = load_file(big, "big.yaml")
    assert loaded.document is None
    assert [f.rule for f in loaded.findings] == ["SEG-YML-001"]


def test_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    loaded = load_file(tmp_path / "absent.yaml", "absent.yaml")
    assert [f.rule for f in loaded.findings] == ["SEG-YML-016"]


def test_boolean_key_is_not_a_string() -> None:
    loaded = parse(b"true: 1\n", "b.yaml")
    assert [f.rule for f in loaded.findings] == ["SEG-YML-011"]
    # YAML 1.1 read `yes`/`on` keys as booleans, a classic trap; YAML 1.2 keeps them words.
    loaded = parse(b"yes: 1\non: 2\n", "b.yaml")
    assert loaded.findings == []
    assert loaded.document is not None and loaded.document.data == {"yes": 1, "on": 2}


def test_dates_are_dates() -> None:
    import datetime as dt

    loaded = parse(b"d: 2026-11-02\n", "d.yaml")
    assert loaded.document is not None and loaded.document.data["d"] == dt.date(2026, 11, 2)


def test_symlinked_yaml_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("motdepasse: x\n")
    link = tmp_path / "candidature.yaml"
    link.symlink_to(secret)
    loaded = load_file(link, "candidature.yaml")
    assert loaded.document is None
    assert [f.rule for f in loaded.findings] == ["SEG-YML-018"]

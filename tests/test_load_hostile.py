"""Hostile YAML: each case is refused with its rule and the position of the offending character,
never with a traceback; unusual but valid files are still read."""

from __future__ import annotations

import pytest

from segur.load.composer import MAX_DEPTH
from segur.load.document import parse

# name -> (bytes, rule, line, col) of the first finding
HOSTILE: dict[str, tuple[bytes, str, int, int]] = {
    "nul": (b"nom: Acme\x00Corp\n", "SEG-YML-019", 1, 10),
    "echappement-ansi": (b"a: 1\nnom: \x1b[31mRouge\n", "SEG-YML-019", 2, 6),
    "del": (b"nom: x\x7f\n", "SEG-YML-019", 1, 7),
    "saut-de-page": (b"nom: x\n\x0c\n", "SEG-YML-019", 2, 1),
    "c1": ("nom: x\u0085y\n".encode(), "SEG-YML-019", 1, 7),
    "inversion-droite-gauche": ("nom: \u202egpj.exe\n".encode(), "SEG-YML-019", 1, 6),
    "isolat-bidi": ("nom: a\u2066b\n".encode(), "SEG-YML-019", 1, 7),
    "separateur-de-ligne": ("nom: a\u2028b\n".encode(), "SEG-YML-019", 1, 7),
    "bom-au-milieu": ("nom: a\ufeffb\n".encode(), "SEG-YML-019", 1, 7),
    "imbrication-flux": (b"a: " + b"[" * 300 + b"]" * 300 + b"\n", "SEG-YML-020", 1, MAX_DEPTH + 4),
    "imbrication-bloc": (
        b"a:\n" + b"".join(b" " * i + b"- \n" for i in range(1, 400)),
        "SEG-YML-020",
        MAX_DEPTH + 2,
        MAX_DEPTH + 2,
    ),
    "imbrication-dictionnaires": (
        b"".join(b" " * i + b"k:\n" for i in range(0, 200)) + b" " * 200 + b"k: 1\n",
        "SEG-YML-020",
        MAX_DEPTH + 1,
        MAX_DEPTH + 1,
    ),
    "crochet-jamais-ferme": (b"a: 1\nb: [1, 2\nc: 3\n", "SEG-YML-006", 2, 4),
    "accolade-jamais-fermee": (b"b: {x: 1\n", "SEG-YML-006", 1, 4),
    "guillemet-jamais-ferme": (b'a: 1\nb: "abc\nc: 2\n', "SEG-YML-006", 2, 4),
    "apostrophe-jamais-fermee": (b"a: 1\nb: 'abc\n", "SEG-YML-006", 2, 4),
    "deux-points-dans-une-valeur": (b"a: b\n  c: d: e\n", "SEG-YML-006", 2, 4),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_yaml_is_refused_at_the_offending_character(name: str) -> None:
    raw, rule, line, col = HOSTILE[name]
    loaded = parse(raw, f"x/{name}.yaml")
    assert loaded.document is None
    first = loaded.findings[0]
    assert (first.rule, first.line, first.col) == (rule, line, col), first
    assert first.is_error
    # The message is French and never echoes the control character itself.
    assert not any(ch in first.message for ch in "\x00\x1b\x7f\x0c\u202e\u2028")
    for english in ("did not find", "found unexpected", "while ", "mapping values"):
        assert english not in first.message


def test_syntax_messages_say_what_to_fix() -> None:
    (finding,) = parse(b'b: "abc\n', "f.yaml").findings
    assert "guillemet" in finding.message
    (finding,) = parse(b"b: [1, 2\n", "f.yaml").findings
    assert "crochet" in finding.message


def test_a_file_full_of_control_characters_reports_a_few() -> None:
    findings = parse(b"a: " + b"\x01" * 10_000 + b"\n", "f.yaml").findings
    assert 1 <= len(findings) <= 5
    assert {f.rule for f in findings} == {"SEG-YML-019"}


def test_yaml_1_1_booleans_stay_strings() -> None:
    """Only true and false are booleans (YAML 1.2): `n` or `yes` are words, and the models refuse
    a word where a boolean is due rather than guessing."""
    text = b"a: yes\nb: On\nc: n\nd: NO\ne: true\nf: False\n"
    loaded = parse(text, "f.yaml")
    assert loaded.findings == []
    assert loaded.document is not None
    assert loaded.document.data == {
        "a": "yes",
        "b": "On",
        "c": "n",
        "d": "NO",
        "e": True,
        "f": False,
    }
    # The full composer (used as soon as a file has an anchor, a tag, a problem...) agrees.
    composed = parse(text + b"g: !!str x\n", "f.yaml")
    assert composed.document is not None
    assert composed.document.data["a"] == "yes" and composed.document.data["e"] is True


@pytest.mark.parametrize(
    "raw",
    [
        "nom: Éditions Ségur – Santé « numérique » œuvre\n".encode(),
        "nom: Équipe 🩺 santé 👩‍💻\n".encode(),
        b"nom: Acme\r\nville: Paris\r\n",
        ("raison_sociale: " + "Société anonyme à conseil d'administration " * 20 + "\n").encode(),
        b"liste:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 10)),
        b"nom: x\tsuite\n",
    ],
    ids=[
        "accents",
        "emoji",
        "crlf",
        "valeur-longue",
        "imbrication-raisonnable",
        "tabulation-dans-valeur",
    ],
)
def test_unusual_valid_yaml_is_accepted(raw: bytes) -> None:
    loaded = parse(raw, "f.yaml")
    assert loaded.findings == []
    assert loaded.document is not None

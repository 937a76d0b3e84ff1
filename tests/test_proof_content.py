"""Proof files are verified by parsing them, and Git LFS pointers exactly (security issue).

Each hostile file is built here, deposited under the manifest entry of a proof that accepts its
announced type, and must be refused with its rule at that entry's `chemin` line; real files of
every type (and valid pointers) are still accepted.
"""

from __future__ import annotations

import io
import struct
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from proof_support import SAMPLES, deposit, dossier, sha
from segur.check import run as check
from segur.cli import main
from segur.examples.samples import minimal_pdf, minimal_png, sample_video
from segur.findings.finding import Finding, has_errors
from segur.load.content import READ_LIMITS
from segur.load.lfs import Pointer, PointerError, parse_pointer, read_pointer
from segur.load.proof_file import read_proof_file
from segur.load.sniff import Sniffed
from segur.repository.paths import Repository

# The proof of the test REM (tests/proof_support.py) that takes each kind, and its chapter.
PROOFS = {
    "capture": ("INS", "INS.01.01.01"),
    "video": ("INS", "INS.01.01.02"),
    "rapport": ("INS", "INS.02.01.01"),
    "document": ("SSI/IAM", "SSI/IAM.01.01.01"),
}
CORRUPT, TRAILING, ACTIVE, LFS = "SEG-PRV-017", "SEG-PRV-018", "SEG-PRV-019", "SEG-PRV-020"
WRONG_TYPE, TOO_BIG = "SEG-PRV-005", "SEG-PRV-004"


# --- builders -----------------------------------------------------------------------------


def pillow(fmt: str, size: tuple[int, int] = (40, 30), **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 90)).save(out, fmt, **options)
    return out.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb(width: int, height: int) -> bytes:
    """A PNG header announcing `width` × `height` pixels, with a little compressed data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 100_000, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def zip_bytes() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return out.getvalue()


def gif_with_comment(comment: bytes) -> bytes:
    gif = pillow("GIF")
    assert gif.endswith(b";")
    return gif[:-1] + b"\x21\xfe" + bytes([len(comment)]) + comment + b"\x00;"


def pdf_with(change: Callable[[PdfWriter], object]) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_launch(writer: PdfWriter) -> None:
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = action


def pdf_javascript(writer: PdfWriter) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1);"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(action)])}
    )
    names = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
    writer._root_object[NameObject("/Names")] = names


def pdf_hex_escaped_js() -> bytes:
    # `/J#61vaScript` is `/JavaScript` once the name is decoded: a byte search would miss it.
    return minimal_pdf(["x"]).replace(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /JS (app.alert(1)) >> >>",
    )


def fix_xref(pdf: bytes) -> bytes:
    """Rewrite the xref offsets of a `minimal_pdf` whose objects were edited."""
    head, _, _ = pdf.partition(b"xref\n")
    offsets = [head.index(b"\n%d 0 obj\n" % n) + 1 for n in range(1, 6)]
    table = b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return (
        head + table + b"trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % len(head)
    )


def ftyp_garbage() -> bytes:
    return b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2mp41" + bytes(range(256)) * 8


def pointer(oid: str = "a" * 64, size: str = "1234", extra: bytes = b"") -> bytes:
    return (
        b"version https://git-lfs.github.com/spec/v1\noid sha256:"
        + oid.encode()
        + b"\nsize "
        + size.encode()
        + b"\n"
        + extra
    )


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_PAGE = b"<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>\n"
ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n'
    b"]>\n<lolz>&lol3;</lolz>\n"
)

# (case, kind of proof, file name, content, expected rule)
HOSTILE: list[tuple[str, str, str, bytes, str]] = [
    (
        "pdf-garbage-after-header",
        "document",
        "a.pdf",
        b"%PDF-1.4\n" + bytes(range(256)) * 16,
        CORRUPT,
    ),
    ("pdf-truncated", "document", "a.pdf", minimal_pdf(["x"])[:300], CORRUPT),
    ("pdf-javascript", "document", "a.pdf", pdf_with(pdf_javascript), ACTIVE),
    ("pdf-launch", "document", "a.pdf", pdf_with(pdf_launch), ACTIVE),
    ("pdf-js-hex-name", "document", "a.pdf", fix_xref(pdf_hex_escaped_js()), ACTIVE),
    (
        "pdf-embedded-file",
        "document",
        "a.pdf",
        pdf_with(lambda w: w.add_attachment("x.exe", b"MZ")),
        ACTIVE,
    ),
    ("pdf-zip-appended", "document", "a.pdf", minimal_pdf(["x"]) + zip_bytes(), TRAILING),
    (
        "pdf-zip-before-fake-update",
        "document",
        "a.pdf",
        minimal_pdf(["x"]) + zip_bytes() + b"\nstartxref\n9\n%%EOF\n",
        TRAILING,
    ),
    ("png-bare-signature", "capture", "a.png", b"\x89PNG\r\n\x1a\n", CORRUPT),
    ("png-truncated", "capture", "a.png", minimal_png()[:-20], CORRUPT),
    ("png-bad-crc", "capture", "a.png", minimal_png()[:-1] + b"\x00", CORRUPT),
    ("png-html-appended", "capture", "a.png", minimal_png() + HTML_PAGE, TRAILING),
    ("png-bomb", "capture", "a.png", png_bomb(100_000, 100_000), CORRUPT),
    ("png-over-pixel-budget", "capture", "a.png", png_bomb(8_000, 6_000), CORRUPT),
    ("gif-js-polyglot", "capture", "a.gif", pillow("GIF") + b"*/=alert(1);", TRAILING),
    ("gif-js-in-comment", "capture", "a.gif", gif_with_comment(b"*/=alert(1)//"), ACTIVE),
    ("jpeg-zip-appended", "capture", "a.jpg", pillow("JPEG") + zip_bytes(), TRAILING),
    ("jpeg-magic-then-zip", "capture", "a.jpg", b"\xff\xd8\xff\xe0" + zip_bytes(), CORRUPT),
    ("webp-appended", "capture", "a.webp", pillow("WEBP") + b"<script>x</script>", TRAILING),
    ("html-named-png-as-capture", "capture", "a.png", HTML_PAGE, WRONG_TYPE),
    ("mp4-ftyp-garbage", "video", "a.mp4", ftyp_garbage(), CORRUPT),
    ("mp4-truncated", "video", "a.mp4", sample_video()[:900], CORRUPT),
    ("mp4-zip-appended", "video", "a.mp4", sample_video() + zip_bytes(), TRAILING),
    ("mp4-no-moov", "video", "a.mp4", sample_video()[:32] + sample_video()[919:], CORRUPT),
    ("svg-script", "rapport", "a.svg", SVG_SCRIPT, ACTIVE),
    ("html-named-png-as-rapport", "rapport", "a.png", b"<html><body>ok</body></html>\n", CORRUPT),
    ("html-event-attribute", "rapport", "a.html", HTML_PAGE, ACTIVE),
    (
        "svg-onload",
        "rapport",
        "a.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"/onload=alert(1)>',
        ACTIVE,
    ),
    ("javascript-url", "rapport", "a.xml", b'<a><b href="javascript:alert(1)"/></a>', ACTIVE),
    ("xml-entity-bomb", "rapport", "a.xml", ENTITY_BOMB, ACTIVE),
    (
        "xml-external-entity",
        "rapport",
        "a.xml",
        b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
        ACTIVE,
    ),
    ("lfs-size-zero", "capture", "a.png", pointer(size="0"), LFS),
    ("lfs-size-93-gib", "capture", "a.png", pointer(size=str(93 * 1024**3)), TOO_BIG),
    ("lfs-size-implausible", "capture", "a.png", pointer(size="3"), LFS),
    ("lfs-two-oids", "capture", "a.png", pointer(extra=b"oid sha256:" + b"b" * 64 + b"\n"), LFS),
    ("lfs-unknown-key", "capture", "a.png", pointer(extra=b"zz-ext value\n"), LFS),
    (
        "lfs-unsorted-keys",
        "capture",
        "a.png",
        b"version https://git-lfs.github.com/spec/v1\nsize 12\noid sha256:" + b"a" * 64 + b"\n",
        LFS,
    ),
    ("lfs-other-version", "capture", "a.png", pointer().replace(b"spec/v1", b"spec/v2"), LFS),
    ("lfs-no-final-newline", "capture", "a.png", pointer()[:-1], LFS),
    ("lfs-crlf", "capture", "a.png", pointer().replace(b"\n", b"\r\n"), LFS),
    ("lfs-uppercase-oid", "capture", "a.png", pointer(oid="A" * 64), LFS),
    ("lfs-short-oid", "capture", "a.png", pointer(oid="a" * 63), LFS),
    ("lfs-leading-zero-size", "capture", "a.png", pointer(size="0123"), LFS),
    ("lfs-two-spaces", "capture", "a.png", pointer().replace(b"size ", b"size  "), LFS),
    ("lfs-too-long", "capture", "a.png", pointer() + b"x" * 1100, LFS),
    ("lfs-empty-content-oid", "capture", "a.png", pointer(oid=sha(b""), size="100"), LFS),
]

VALID: list[tuple[str, str, str, bytes]] = [
    ("pdf-minimal", "document", "a.pdf", SAMPLES["document"]),
    ("pdf-pypdf", "document", "a.pdf", pdf_with(lambda w: None)),
    ("pdf-trailing-newlines", "document", "a.pdf", minimal_pdf(["x"]) + b"\r\n\n"),
    ("png-minimal", "capture", "a.png", minimal_png()),
    ("png-pillow", "capture", "a.png", pillow("PNG")),
    ("jpeg-pillow", "capture", "a.jpg", pillow("JPEG")),
    ("jpeg-progressive", "capture", "a.jpeg", pillow("JPEG", (300, 200), progressive=True)),
    ("gif-pillow", "capture", "a.gif", pillow("GIF")),
    ("gif-gimp-comment", "capture", "a.gif", gif_with_comment(b"Created with GIMP")),
    ("webp-pillow", "capture", "a.webp", pillow("WEBP")),
    ("mp4-example", "video", "a.mp4", sample_video()),
    ("log", "rapport", "insi.log", b"2026-01-05 appel INSi online=1 status=ok\n"),
    ("json", "rapport", "r.json", b'{"appels": [{"statut": "ok", "onglet": "x"}]}'),
    ("xml", "rapport", "r.xml", b'<?xml version="1.0"?><journal><appel statut="ok"/></journal>'),
    ("svg-plain", "rapport", "r.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'),
    ("html-doctype", "rapport", "r.html", b"<!DOCTYPE html><html><body><p>ok</p></body></html>"),
]


def _deposit(tmp_path: Path, kind: str, name: str, data: bytes, sha256: str | None = None) -> Path:
    folder = dossier(tmp_path)
    chapitre, proof = PROOFS[kind]
    entry = {"fichiers": [{"chemin": name, "sha256": sha256 or sha(data)}]}
    return deposit(folder, chapitre, {proof: entry}, {name: data})


def _file_findings(root: Path) -> list[Finding]:
    # SEG-PRV-010 (chapter incomplete) follows from any refused proof; the file rule is the
    # one under test.
    return [
        f
        for f in check.run(Repository(root))
        if f.rule.startswith("SEG-PRV") and f.rule != "SEG-PRV-010"
    ]


@pytest.mark.parametrize(
    ("case", "kind", "name", "data", "rule"), HOSTILE, ids=[case[0] for case in HOSTILE]
)
def test_hostile_file_is_refused_at_its_entry(
    tmp_path: Path, case: str, kind: str, name: str, data: bytes, rule: str
) -> None:
    # A pointer is compared with the manifest's hash: give it the pointer's own oid, so that
    # only the pointer's defect is left to find.
    found = read_pointer(data)
    oid = found.oid if isinstance(found, Pointer) else None
    manifest = _deposit(tmp_path, kind, name, data, oid)
    findings = _file_findings(tmp_path)
    assert [f.rule for f in findings] == [rule], [f.message for f in findings]
    [finding] = findings
    line = manifest.read_text().splitlines()[finding.line - 1]
    assert "chemin:" in line and name in line
    assert f"« {name} »" in finding.message


@pytest.mark.parametrize(("case", "kind", "name", "data"), VALID, ids=[case[0] for case in VALID])
def test_real_file_is_accepted(
    tmp_path: Path, case: str, kind: str, name: str, data: bytes
) -> None:
    _deposit(tmp_path, kind, name, data)
    assert _file_findings(tmp_path) == []


def test_valid_pointer_is_accepted_and_its_oid_checked(tmp_path: Path) -> None:
    cap = SAMPLES["capture"]
    data = pointer(oid=sha(cap), size=str(len(cap)))
    assert parse_pointer(data) == Pointer(sha(cap), len(cap))
    _deposit(tmp_path, "capture", "a.png", data, sha(cap))
    assert _file_findings(tmp_path) == []
    _deposit(tmp_path / "autre", "capture", "a.png", data, sha(b"autre"))
    assert [f.rule for f in _file_findings(tmp_path / "autre")] == ["SEG-PRV-006"]


def test_pointer_size_is_checked_against_the_local_lfs_object(tmp_path: Path) -> None:
    cap = SAMPLES["capture"]
    oid = sha(cap)
    store = tmp_path / ".git" / "lfs" / "objects" / oid[:2] / oid[2:4]
    store.mkdir(parents=True)
    (store / oid).write_bytes(cap)
    _deposit(tmp_path, "capture", "a.png", pointer(oid=oid, size=str(len(cap) + 1)), oid)
    [finding] = _file_findings(tmp_path)
    assert finding.rule == LFS and f"({len(cap)} octets)" in finding.message


def test_pointer_parser_follows_the_specification() -> None:
    assert read_pointer(b"not a pointer") is None
    assert isinstance(read_pointer(pointer(size="0")), PointerError)
    assert read_pointer(pointer()) == Pointer("a" * 64, 1234)


@pytest.mark.parametrize(
    ("case", "kind", "name", "data", "rule"), HOSTILE[:30], ids=[c[0] for c in HOSTILE[:30]]
)
def test_hostile_file_is_judged_quickly(
    tmp_path: Path, case: str, kind: str, name: str, data: bytes, rule: str
) -> None:
    target = tmp_path / name
    target.write_bytes(data)
    start = time.perf_counter()
    record = read_proof_file(tmp_path, tmp_path, name)
    assert time.perf_counter() - start < 5
    # The record the rules judge already carries the reason of the refusal: a defect found by
    # parsing, or a content that is not what the file's extension says.
    assert record.defect is not None or (name.endswith(".png") and record.sniffed != "image")


def test_large_hostile_text_is_scanned_linearly(tmp_path: Path) -> None:
    # Many tag openings that never close: the event-attribute pattern must stay linear.
    data = (b"<a " + b"x" * 60 + b"\n") * 100_000 + b"<img src=x onerror=alert(1)>"
    assert len(data) > 2 * 1024 * 1024  # streamed, not read whole
    (tmp_path / "r.log").write_bytes(data)
    start = time.perf_counter()
    record = read_proof_file(tmp_path, tmp_path, "r.log")
    assert time.perf_counter() - start < 5
    assert record.defect is not None and "onerror" in record.defect.reason


def test_read_limits_are_the_size_limits() -> None:
    from segur.rules.preuves.files import SIZE_LIMITS

    assert SIZE_LIMITS == READ_LIMITS
    assert READ_LIMITS[Sniffed.IMAGE] == 20 * 1024 * 1024


def test_unverified_content_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A size limit raised above what `load` parses must not let a file through unread.
    from segur.load import content
    from segur.rules.preuves import files

    monkeypatch.setitem(content.READ_LIMITS, Sniffed.IMAGE, 10)
    monkeypatch.setitem(files.SIZE_LIMITS, Sniffed.IMAGE, 10**6)
    _deposit(tmp_path, "capture", "a.png", minimal_png())
    [finding] = _file_findings(tmp_path)
    assert finding.rule == CORRUPT and "pas pu être vérifié" in finding.message


def test_demo_repository_has_no_proof_error(demo_repo: Path) -> None:
    findings = check.run(Repository(demo_repo))
    assert not has_errors(findings), [f.message for f in findings if f.is_error]
    assert main(["--repo", str(demo_repo), "check"]) == 0

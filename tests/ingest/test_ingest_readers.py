"""read_file on good .txt and .html input, and on every kind of bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recoupe.errors import IngestError
from recoupe.ingest.readers import MAX_BYTES, read_file, read_paths
from recoupe.records import Document

FIXTURES = Path(__file__).parent / "fixtures"
BODY = "La Corée du Nord a livré des obus d'artillerie à la Russie, selon la Maison Blanche."


def read_one(path: Path, **options: int) -> Document | IngestError:
    items = list(read_file(path, **options))
    assert len(items) == 1
    return items[0]


def error_of(path: Path, **options: int) -> str:
    item = read_one(path, **options)
    assert isinstance(item, IngestError), item
    assert item.path == str(path)
    return item.message


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- .txt ---------------------------------------------------------------------------------------

def test_txt_with_bom_and_crlf_gives_the_spec_text_and_offsets(tmp_path: Path) -> None:
    raw = "\ufeff\r\n  Moscou reçoit des obus \r\n" + BODY + "\r\nDeuxième ligne.\rTroisième.\r\n"
    path = write(tmp_path, "000_abc.txt", raw)
    doc = read_one(path)
    assert isinstance(doc, Document)
    # SPEC section 1: exactly what open(..., encoding="utf-8-sig") returns, title line included.
    with open(path, encoding="utf-8-sig") as spec:
        assert doc.text == spec.read()
    assert doc.text == "\n  Moscou reçoit des obus \n" + BODY + "\nDeuxième ligne.\nTroisième.\n"
    assert doc.text[doc.text.index("Corée") : doc.text.index("Corée") + 5] == "Corée"
    # Counted from the start of the text: the blank first line and the title line included.
    assert doc.text.index("La Corée") == len("\n  Moscou reçoit des obus \n") == 27
    assert doc.id == "000_abc"
    assert doc.title == "Moscou reçoit des obus"
    assert doc.language == "fr"
    assert doc.path == str(path)
    assert doc.hash


def test_read_file_is_lazy_and_read_paths_chains(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Titre\n" + BODY)
    write(tmp_path, "b.pdf", "%PDF")
    assert iter(read_file(tmp_path / "a.txt")) is not None
    items = list(read_paths([tmp_path, tmp_path / "b.pdf"]))
    assert [type(i).__name__ for i in items] == ["Document", "IngestError"]


# --- .html --------------------------------------------------------------------------------------

def test_html_article_with_metadata() -> None:
    doc = read_one(FIXTURES / "article.html")
    assert isinstance(doc, Document)
    title = "Pyongyang livre des obus à Moscou, selon Washington"
    assert doc.id == "article"
    assert doc.title == title
    assert doc.text.startswith(title + "\n\nLa Corée du Nord a livré")
    assert doc.text.count(title) == 1  # the <h1> is not repeated under the title
    assert "John Kirby" in doc.text and "vingt mois de guerre en Ukraine." in doc.text
    for boilerplate in ("Accueil", "cookies", "lire aussi", "droits réservés", "dataLayer"):
        assert boilerplate not in doc.text
    assert doc.outlet == "Le Quotidien"
    assert doc.url == "https://www.lequotidien.example/monde/2023/10/13/obus-coree"
    assert doc.published == "2023-10-13"
    assert doc.language == "fr"


def test_html_without_site_name_falls_back_to_the_host(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Des obus pour Moscou</title>"
        "<link rel='canonical' href='https://www.journal.example/monde/obus'></head>"
        f"<body><article><p>{BODY * 3}</p></article></body></html>"
    )
    doc = read_one(write(tmp_path, "p.htm", html))
    assert isinstance(doc, Document)
    assert doc.outlet == "journal.example"
    assert doc.published is None  # no date in the metadata: the event date in the text is not taken


@pytest.mark.parametrize(
    "html",
    ["<html><body><div>", "<html><head><title>Menu</title></head><body></body></html>", "<<<>>> ;;; </p"],
)
def test_broken_html_has_no_article_text(tmp_path: Path, html: str) -> None:
    assert error_of(write(tmp_path, "broken.html", html)) == "no article text found in HTML"


def test_html_in_a_declared_legacy_charset_is_decoded(tmp_path: Path) -> None:
    html = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
        f"<title>Obus livrés à Moscou</title></head><body><article><p>{BODY * 3}</p></article></body></html>"
    )
    doc = read_one(write(tmp_path, "old.html", html.encode("cp1252")))
    assert isinstance(doc, Document)
    assert doc.title == "Obus livrés à Moscou" and "Corée" in doc.text


def test_undeclared_latin1_html_is_an_error(tmp_path: Path) -> None:
    html = f"<html><body><p>{BODY}</p></body></html>".encode("latin-1")
    message = error_of(write(tmp_path, "p.html", html))
    assert message.endswith("looks like Latin-1: convert it with iconv -f latin1 -t utf-8")


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\t\r\n  ", "empty file (only whitespace)"),
        (b"\xef\xbb\xbf\r\n", "empty file (only whitespace)"),
        (b"Titre\n\x00\x01\x02\x03binary", "binary file (NUL bytes), not text"),
        ("Titre\nTexte".encode("utf-16"), "UTF-16 text: convert it with iconv -f utf-16 -t utf-8"),
        ("Titre\nÉlysée".encode("latin-1"),
         "not valid UTF-8 (byte 0xc9 at offset 6); "
         "looks like Latin-1: convert it with iconv -f latin1 -t utf-8"),
        ("Titre\nl’Élysée".encode("cp1252"),
         "not valid UTF-8 (byte 0x92 at offset 7); "
         "looks like Windows-1252: convert it with iconv -f cp1252 -t utf-8"),
        ("Élysée\n".encode() + b"caf\xe9",
         "not valid UTF-8 (byte 0xe9 at offset 12); "
         "the text before it is UTF-8: the file is corrupt or mixes encodings"),
        (b"%PDF-1.4\n\xe2\xe3\xcf\xd3\n\x1f\x8b stream",
         "not valid UTF-8 (byte 0xe2 at offset 9); control bytes too: binary, not text"),
    ],
)
def test_bad_txt(tmp_path: Path, data: bytes, message: str) -> None:
    assert error_of(write(tmp_path, "bad.txt", data)) == message


def test_bom_offset_counts_in_the_reported_byte_offset(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbfAb\xe9")
    assert error_of(path).startswith("not valid UTF-8 (byte 0xe9 at offset 5)")


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as sparse:
        sparse.truncate(int(52.4 * 1024 * 1024))  # sparse: no 52 MB written to disk
    assert error_of(path) == "too large: 52.4 MB (limit 10 MB)"
    assert MAX_BYTES == 10 * 1024 * 1024


def test_max_bytes_can_be_lowered(tmp_path: Path) -> None:
    path = write(tmp_path, "a.html", "x" * 3000)
    assert error_of(path, max_bytes=1024) == "too large: 2.9 KB (limit 1 KB)"
    assert isinstance(read_one(write(tmp_path, "b.txt", "Titre\n" + BODY), max_bytes=1024), Document)


def test_missing_unsupported_folder_and_fifo(tmp_path: Path) -> None:
    assert error_of(tmp_path / "missing.txt") == "file not found"
    assert error_of(write(tmp_path, "a.pdf", "%PDF")) == (
        "unsupported file type '.pdf' (supported: .txt, .html, .htm, .jsonl)"
    )
    assert error_of(write(tmp_path, "Makefile", "all:")).startswith("unsupported file type 'Makefile'")
    (tmp_path / "dir.txt").mkdir()
    assert error_of(tmp_path / "dir.txt") == "is a folder, not a file (give it to iter_files)"
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
        assert error_of(tmp_path / "pipe.txt") == "not a regular file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "Titre\n" + BODY)
    path.chmod(0)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked").chmod(0)
    try:
        assert error_of(path) == "cannot read: permission denied"
        assert error_of(tmp_path / "locked") == "cannot list folder: permission denied"
    finally:
        path.chmod(0o644)
        (tmp_path / "locked").chmod(0o755)


def test_error_line_names_the_file(tmp_path: Path) -> None:
    item = read_one(write(tmp_path, "empty.txt", b""))
    assert isinstance(item, IngestError)
    assert item.line() == f"{tmp_path / 'empty.txt'}: [E100] empty file"


def test_permission_errors_are_reported_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The test above is skipped under root (root reads everything): simulate the refusal instead.
    path = write(tmp_path, "locked.txt", "Titre\n" + BODY)
    (tmp_path / "locked").mkdir()
    jsonl = write(tmp_path, "locked.jsonl", "{}\n")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    monkeypatch.setattr(os, "scandir", refuse)
    assert error_of(path) == "cannot read: permission denied"
    assert error_of(tmp_path / "locked") == "cannot list folder: permission denied"
    assert error_of(jsonl) == "cannot read: permission denied"


def test_whitespace_only_html_is_empty(tmp_path: Path) -> None:
    assert error_of(write(tmp_path, "blank.html", " \r\n\t ")) == "empty file (only whitespace)"

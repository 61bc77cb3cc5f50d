"""read_file on .jsonl: one article per line, a bad line reported by file:line, the others go on."""

from __future__ import annotations

import json
from pathlib import Path

from recoupe.errors import IngestError
from recoupe.ingest.readers import read_file
from recoupe.records import Document

BODY = "La Corée du Nord a livré des obus d'artillerie à la Russie, selon la Maison Blanche."


def line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False) + "\n"


def read_all(path: Path, **options: int) -> list[Document | IngestError]:
    return list(read_file(path, **options))


def test_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        line(id="a1", title="Des obus pour Moscou", text=BODY + "\r\nSuite.", outlet="Le Quotidien",
             url="https://q.example/a1", published="2023-10-13T18:42:00+02:00", extra="ignored")
        + line(title="Sans identifiant", text=BODY)  # line 2: id from the file name and line
        + '{"id": "a3", "text": "unterminated\n'  # line 3: malformed
        + "\n"  # line 4: blank, skipped
        + '["not", "an", "object"]\n'  # line 5
        + line(id="a6", title="Pas de texte")  # line 6
        + line(id="a1", text=BODY)  # line 7: duplicate id
        + line(id=8, text=BODY, published="13/10/2023")  # line 8: numeric id, French date
        + line(id="a9", text=BODY, title=["x"]),  # line 9: wrong type
        encoding="utf-8",
    )
    items = read_all(path)
    docs = [i for i in items if isinstance(i, Document)]
    errors = {i.path: i.message for i in items if isinstance(i, IngestError)}
    assert [d.id for d in docs] == ["a1", "batch-2", "8"]
    first = docs[0]
    # The text field as given (title not prepended), line ends normalised as SPEC section 1.
    assert first.text == BODY + "\nSuite."
    assert first.title == "Des obus pour Moscou"
    assert first.outlet == "Le Quotidien" and first.url == "https://q.example/a1"
    assert first.published == "2023-10-13"  # the date part of an ISO timestamp
    assert first.language == "fr" and first.path == str(path)
    assert docs[2].published == "2023-10-13"  # day first, as French outlets write it
    assert errors == {
        f"{path}:3": "invalid JSON: Unterminated string starting at (column 22)",
        f"{path}:5": "expected a JSON object, got a list",
        f"{path}:6": "missing or empty 'text' field",
        f"{path}:7": "duplicate id 'a1' (first on line 1)",
        f"{path}:9": "field 'title' must be a string, got a list",
    }
    # Errors come out in line order, between the documents.
    assert [type(i).__name__[0] for i in items] == list("DDIIIIDI")


def test_limit_applies_per_line_not_per_file(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(
        line(id="a", text=BODY) + line(id="b", text=BODY * 20) + line(id="c", text=BODY), encoding="utf-8"
    )
    items = read_all(path, max_bytes=500)
    assert [getattr(i, "id", None) for i in items] == ["a", None, "c"]
    error = items[1]
    assert isinstance(error, IngestError)
    assert (error.path, error.message) == (f"{path}:2", "line too large: over 500 bytes")


def test_latin1_jsonl_is_one_error_not_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.jsonl"
    path.write_bytes((line(id="a", text="Élysée") * 50).encode("latin-1"))
    items = read_all(path)
    assert len(items) == 1 and isinstance(items[0], IngestError)
    assert items[0].path == str(path)
    assert items[0].message == (
        "not valid UTF-8 (byte 0xc9 at offset 21); "
        "looks like Latin-1: convert it with iconv -f latin1 -t utf-8"
    )


def test_a_corrupt_line_in_utf8_jsonl_is_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    first, bad = line(id="a", text="Élysée " + BODY).encode(), line(id="b", text="caf").encode()
    path.write_bytes(first + bad.replace(b"caf", b"caf\xe9") + line(id="c", text=BODY).encode())
    items = read_all(path)
    assert [getattr(i, "id", None) for i in items] == ["a", None, "c"]
    assert isinstance(items[1], IngestError) and items[1].path == f"{path}:2"
    offset = len(first) + bad.index(b"caf") + 3
    assert items[1].message.startswith(f"not valid UTF-8 (byte 0xe9 at offset {offset}); the text before")


def test_bom_empty_and_binary_jsonl(tmp_path: Path) -> None:
    bom = tmp_path / "bom.jsonl"
    bom.write_bytes(b"\xef\xbb\xbf" + line(id="a", text=BODY).encode())
    assert [getattr(i, "id", None) for i in read_all(bom)] == ["a"]
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n  \n\n", encoding="utf-8")
    assert [(i.path, i.message) for i in read_all(blank) if isinstance(i, IngestError)] == [
        (str(blank), "empty file (no articles)")
    ]
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b'{"id": "a"}\n\x00\x00\x00')
    assert [getattr(i, "message", None) for i in read_all(binary)] == ["binary file (NUL bytes), not text"]


def test_jsonl_streams(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(line(id="a", text=BODY) + "{broken\n", encoding="utf-8")
    items = read_file(path)
    first = next(items)  # available before the rest of the file is parsed
    assert isinstance(first, Document) and first.id == "a"
    assert isinstance(next(items), IngestError)


def test_utf16_is_named_not_called_binary(tmp_path: Path) -> None:
    """Issue 9: a UTF-16 .jsonl (with or without a byte-order mark) was reported as binary."""
    content = line(id="a", text="Un été à Genève.")
    for name, data in (("bom.jsonl", content.encode("utf-16")), ("le.jsonl", content.encode("utf-16-le")),
                       ("be.jsonl", content.encode("utf-16-be"))):
        path = tmp_path / name
        path.write_bytes(data)
        (error,) = read_all(path)
        assert isinstance(error, IngestError)
        assert error.line() == f"{path}: [E100] UTF-16 text: convert it with iconv -f utf-16 -t utf-8"


def test_documents_know_their_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n" + line(id="a", text="Texte.") + line(id="b", text="Texte."), encoding="utf-8")
    assert [(d.id, d.line) for d in read_all(path) if isinstance(d, Document)] == [("a", 2), ("b", 3)]

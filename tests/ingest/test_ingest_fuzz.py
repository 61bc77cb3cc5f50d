"""Fuzzing the readers (issue 9): random bytes, giant lines, nested or unclosed HTML, zero-width
and right-to-left characters, mixed encodings, malformed JSON lines, markup and control characters
in every field. The readers never raise: each input gives Documents or IngestErrors, and every
error names its file (and, in a .jsonl, its line)."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.errors import IngestError
from recoupe.ingest.readers import read_file
from recoupe.records import Document

MAX = 4096  # a small --max-mb, so that giant lines are cheap to make
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters an article or a feed may carry that a naive reader or printer trips on.
TRICKY = st.sampled_from([
    "[/b]", "[sic]", "<script>", "</p>", "&amp;", "&#0;", "\x1b[31m", "\u202e", "\u200b", "\u200f", "\ufeff",
    "\x00", "\r", "\r\n", "\u2028", "\x85", "=cmd|", "é", "’", "🇫🇷", "\t", '"', "\\",
])
TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=20)), max_size=30).map("".join)


_FOLDER = Path(tempfile.mkdtemp(prefix="recoupe-fuzz"))


@pytest.fixture(scope="module", autouse=True)
def _clean_up() -> Iterator[None]:
    yield
    shutil.rmtree(_FOLDER, ignore_errors=True)


def read(name: str, data: bytes) -> tuple[Path, list[Document | IngestError]]:
    path = _FOLDER / name
    path.write_bytes(data)
    return path, list(read_file(path, max_bytes=MAX))


def check_items(path: Path, items: list[Document | IngestError]) -> None:
    assert items, "an input gives at least one document or one error"
    for item in items:
        assert isinstance(item, Document | IngestError)
        if isinstance(item, IngestError):
            assert item.path is not None and item.path.startswith(str(path)), item.line()
            assert "\n" not in item.message
        else:
            assert item.text.strip() and item.id


@FUZZ
@given(st.binary(max_size=3 * MAX), st.sampled_from(["a.txt", "a.html", "a.htm", "a.jsonl"]))
def test_random_bytes_never_crash_a_reader(data: bytes, name: str) -> None:
    check_items(*read(name, data))


@FUZZ
@given(TEXT, st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]))
def test_text_files_in_any_encoding(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    path, items = read("a.txt", data)
    check_items(path, items)
    docs = [i for i in items if isinstance(i, Document)]
    if docs and encoding in ("utf-8", "utf-8-sig"):
        # the text is kept as SPEC section 1 defines it: zero-width, RTL and markup untouched
        expected = text.removeprefix("\ufeff") if encoding == "utf-8" else text
        assert docs[0].text == expected.replace("\r\n", "\n").replace("\r", "\n")


tags = st.sampled_from(["div", "p", "article", "span", "b", "table", "td", "script", "style", "h1", "main"])


@st.composite
def html(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 6 and draw(st.booleans()):
            tag = draw(tags)
            close = draw(st.sampled_from([f"</{tag}>", "", f"</{draw(tags)}>"]))  # closed, unclosed, misnested
            parts.append(f"<{tag}>{draw(html(depth + 1))}{close}")
        else:
            parts.append(draw(TEXT))
    return "".join(parts)


@FUZZ
@given(html(), st.booleans())
def test_nested_unclosed_html_never_crashes(body: str, wrap: bool) -> None:
    page = f"<html><head><title>{body[:40]}</title></head><body>{body}" if wrap else body
    check_items(*read("page.html", page.encode("utf-8", errors="surrogatepass")))


hostile_field = st.one_of(TEXT, st.sampled_from(["", " ", "[/b]", "=1+1", "2008-13-45", "not a date"]))


@st.composite
def jsonl_line(draw: st.DrawFn) -> tuple[bytes, str]:
    """One line and what it is: 'good', 'bad' (an error naming the line), 'blank' or 'encoding'."""
    kind = draw(st.sampled_from(["good", "malformed", "array", "wrong type", "no text", "blank", "giant",
                                 "cp1252", "good"]))
    if kind == "good":
        item = {name: draw(hostile_field) for name in ("title", "outlet", "url", "published")}
        item["id"] = draw(st.text(min_size=1, max_size=12).filter(lambda s: s.strip()))
        item["text"] = "x" + draw(TEXT)
        return json.dumps(item, ensure_ascii=draw(st.booleans())).encode("utf-8"), "good"
    if kind == "malformed":
        return draw(st.sampled_from([b'{"id": "a", "text": "unterminated', b"{", b"nan", b'{"text": }'])), "bad"
    if kind == "array":
        return b'["not", "an", "object"]', "bad"
    if kind == "wrong type":
        return json.dumps({"text": "ok", "title": [1, 2]}).encode(), "bad"
    if kind == "no text":
        return json.dumps({"id": "x", "title": draw(TEXT)}).encode(), "bad"
    if kind == "giant":
        return json.dumps({"text": "é" * MAX}).encode(), "bad"
    if kind == "cp1252":
        return json.dumps({"text": "Un été à Genève"}, ensure_ascii=False).encode("cp1252"), "encoding"
    return b"   ", "blank"


@FUZZ
@given(st.lists(jsonl_line(), min_size=1, max_size=12), st.sampled_from([b"\n", b"\r\n"]))
def test_jsonl_each_bad_line_is_named_and_the_rest_read(lines: list[tuple[bytes, str]], end: bytes) -> None:
    path, items = read("feed.jsonl", b"".join(raw + end for raw, _ in lines))
    if all(kind == "blank" for _, kind in lines):
        assert [i.message for i in items if isinstance(i, IngestError)] == ["empty file (no articles)"]
        return
    check_items(path, items)
    errors = [i for i in items if isinstance(i, IngestError)]
    if any(i.path == str(path) for i in errors):
        return  # the whole file read as another encoding: one error for the file, naming it
    named = {i.path for i in errors}
    ids: set[str] = set()
    for number, (_, kind) in enumerate(lines, 1):
        at = f"{path}:{number}"
        if kind in ("bad", "encoding"):
            assert at in named, (kind, number, [e.line() for e in errors])
        elif kind == "good" and at not in named:  # a good line is read unless its id repeats one
            ids.add(at)
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == len(ids)
    assert all(d.line is not None and f"{path}:{d.line}" in ids for d in docs)


@FUZZ
@given(st.dictionaries(st.sampled_from(["id", "title", "outlet", "url", "published"]), TEXT), TEXT)
def test_markup_and_controls_in_every_field_are_kept_as_data(fields: dict[str, str], text: str) -> None:
    line = json.dumps({**fields, "text": "texte " + text}, ensure_ascii=False)
    path, items = read("one.jsonl", line.encode("utf-8", errors="surrogatepass") + b"\n")
    check_items(path, items)
    for doc in (i for i in items if isinstance(i, Document)):
        assert doc.text == ("texte " + text).replace("\r\n", "\n").replace("\r", "\n")
        if fields.get("outlet", "").strip():
            assert doc.outlet == fields["outlet"].strip()

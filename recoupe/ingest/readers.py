"""Read article files into Documents; bad input becomes IngestError values, never a crash.

Errors are yielded, not raised, so that one bad file, or one bad line of a .jsonl,
is reported and skipped while the rest of the batch goes on (STYLE: "a bad document
is reported and skipped, never silently dropped, never stops the batch").
"""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

import trafilatura
from trafilatura.settings import Document as Extracted

from recoupe.errors import IngestError
from recoupe.ingest.language import detect_language
from recoupe.ingest.published import checked_published
from recoupe.ingest.sources import SUPPORTED, iter_files
from recoupe.records import Document

MAX_BYTES = 10 * 1024 * 1024

_SNIFF = 8192  # how much of a file is looked at to tell text from binary
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")  # never in text (0x1b: ANSI colours)
_C1 = re.compile(rb"[\x80-\x9f]")  # bytes that Windows-1252 uses for letters and Latin-1 for nothing
_FIRST_LINE = re.compile(r"\S[^\n]*")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_JSONL_FIELDS = ("id", "title", "text", "outlet", "url", "published")
_UTF16 = "UTF-16 text: convert it with iconv -f utf-16 -t utf-8"


def read_file(path: Path, *, max_bytes: int = MAX_BYTES) -> Iterator[Document | IngestError]:
    """Yield the Documents in `path` (one for .txt/.html, one per line for .jsonl), or IngestErrors."""
    path = Path(path)
    problem = _file_problem(path, max_bytes)
    if problem is not None:
        yield IngestError(problem, path=str(path))
    elif path.suffix.lower() == ".jsonl":
        yield from _read_jsonl(path, max_bytes)
    else:
        try:
            data = _read_bytes(path, max_bytes)
            yield _txt_document(path, data) if path.suffix.lower() == ".txt" else _html_document(path, data)
        except IngestError as exc:
            yield exc


def read_paths(
    paths: Iterable[str | Path], *, max_bytes: int = MAX_BYTES
) -> Iterator[Document | IngestError]:
    """`read_file` over every file `iter_files(paths)` finds."""
    for path in iter_files(paths):
        yield from read_file(path, max_bytes=max_bytes)


# --- .txt -----------------------------------------------------------------------------------

def _txt_document(path: Path, data: bytes) -> Document:
    text = _decode(data, str(path))
    first = _FIRST_LINE.search(text)  # found: _decode refuses whitespace-only text
    title = first.group().strip() if first else ""
    # The title stays inside the text: SPEC offsets count from the start of the title line.
    return Document.make(path.stem, text, title=title, language=detect_language(text), path=str(path))


# --- .html ----------------------------------------------------------------------------------

@dataclass(slots=True, frozen=True)
class HtmlArticle:
    """What trafilatura reads from an article page; `text` starts with the title line."""

    title: str
    text: str
    outlet: str | None
    url: str | None
    published: str | None  # ISO date


def _html_document(path: Path, data: bytes) -> Document:
    where = str(path)
    found = html_article(decode_html(data, where), where)
    return Document.make(
        path.stem,
        found.text,
        title=found.title,
        outlet=found.outlet,
        url=found.url,
        published=found.published,
        language=detect_language(found.text),
        path=where,
    )


def html_article(html: str, where: str, *, url: str | None = None) -> HtmlArticle:
    """The article in an HTML page (files and fetched pages alike), or IngestError naming `where`."""
    try:
        found = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,  # reader comments are not the outlet's article
            # Only dates from the page's metadata and URL: the default "extensive" search takes
            # the first date in the body, which in news is the date of the event, not of the article.
            date_extraction_params={"original_date": True, "extensive_search": False,
                                    "max_date": date.today().isoformat()},
        )
    except Exception as exc:  # a library failure on one odd page must not stop the batch
        raise IngestError(f"HTML extraction failed: {exc}", path=where) from exc
    if not isinstance(found, Extracted) or not (found.text or "").strip():
        raise IngestError("no article text found in HTML", path=where)
    title = " ".join((found.title or "").split())  # one line: the title is the text's first line
    body = _normalise_newlines(found.text or "").strip()
    # Trafilatura keeps the <h1> in the body; drop it so the headline is not read twice (PITFALLS 7).
    first, _, rest = body.partition("\n")
    if title and " ".join(first.split()) == title:
        body = rest.strip()
    if not body:
        raise IngestError("no article text found in HTML", path=where)
    text = f"{title}\n\n{body}" if title else body
    published = checked_published(found.date, path=where)
    return HtmlArticle(title, text, found.sitename or found.hostname, found.url,
                       published[:10] if published else None)


def decode_html(data: bytes, where: str) -> str:
    """HTML bytes as text: UTF-8, else the charset the page declares in a <meta> tag."""
    try:
        return _decode(data, where)
    except IngestError as error:
        # Saved pages often declare their legacy charset; honour it as a browser would.
        name = _declared_charset(data[:_SNIFF])
        if name is None or name == "utf-8" or not error.message.startswith("not valid UTF-8"):
            raise
        try:
            return _normalise_newlines(data.decode(name))
        except UnicodeDecodeError:
            raise error from None


def _declared_charset(head: bytes) -> str | None:
    found = _META_CHARSET.search(head)
    if found is None:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # WHATWG: a page labelled Latin-1 or ASCII is decoded as Windows-1252.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


# --- .jsonl ---------------------------------------------------------------------------------

def _read_jsonl(path: Path, max_bytes: int) -> Iterator[Document | IngestError]:
    where = str(path)
    # Line by line from a binary file: memory stays bounded by max_bytes whatever the file size.
    try:
        with path.open("rb") as lines:
            head = lines.read(_SNIFF)
            if _is_utf16(head):
                yield IngestError(_UTF16, path=where)
                return
            if b"\x00" in head:
                yield IngestError("binary file (NUL bytes), not text", path=where)
                return
            lines.seek(0)
            yield from _jsonl_lines(path, lines, max_bytes)
    except OSError as exc:
        yield IngestError(f"cannot read: {_reason(exc)}", path=where)


def _jsonl_lines(path: Path, lines: IO[bytes], max_bytes: int) -> Iterator[Document | IngestError]:
    where = str(path)
    first_line: dict[str, int] = {}  # id -> line number, to report duplicates
    offset, number, articles, errors, utf8_seen = 0, 0, 0, 0, False
    while raw := lines.readline(max_bytes + 1):
        number += 1
        start, offset = offset, offset + len(raw)
        at = f"{where}:{number}"
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            offset += _skip_line(lines)
            errors += 1
            yield IngestError(f"line too large: over {_size(max_bytes)}", path=at)
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw, start = raw[len(codecs.BOM_UTF8):], start + len(codecs.BOM_UTF8)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors += 1
            problem, other_encoding = _not_utf8(raw, exc.start, start + exc.start, utf8_before=utf8_seen)
            if other_encoding:
                # The whole file is in another encoding: one error, not one per accented line.
                yield IngestError(problem, path=where)
                return
            yield IngestError(problem, path=at)
            continue
        utf8_seen = utf8_seen or not line.isascii()
        if not line.strip():
            continue  # blank lines (a trailing newline, a separator) are not articles
        try:
            yield _jsonl_document(path, number, line.rstrip("\r\n"), first_line)
            articles += 1
        except IngestError as exc:
            errors += 1
            yield exc
    if not articles and not errors:
        yield IngestError("empty file (no articles)", path=where)


def _jsonl_document(path: Path, number: int, line: str, first_line: dict[str, int]) -> Document:
    at = f"{path}:{number}"
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(f"invalid JSON: {exc.msg} (column {exc.colno})", path=at) from None
    if not isinstance(item, dict):
        raise IngestError(f"expected a JSON object, got {_json_type(item)}", path=at)
    fields: dict[str, str] = {}
    for name in _JSONL_FIELDS:
        value = item.get(name)
        if name == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is not None and not isinstance(value, str):
            raise IngestError(f"field '{name}' must be a string, got {_json_type(value)}", path=at)
        if value and value.strip():
            fields[name] = value
    if "text" not in fields:
        raise IngestError("missing or empty 'text' field", path=at)
    doc_id = fields.get("id", "").strip() or f"{path.stem}-{number}"
    if doc_id in first_line:
        first = first_line[doc_id]
        raise IngestError(f"duplicate id '{doc_id}' (first on line {first})", path=at, doc=doc_id)
    first_line[doc_id] = number
    # The text is kept as given (the title is not prepended), only its line ends normalised as
    # SPEC section 1 does for files, so offsets mean the same thing whatever the input format.
    text = _normalise_newlines(fields["text"])
    return Document.make(
        doc_id,
        text,
        title=" ".join(fields.get("title", "").split()),
        outlet=fields.get("outlet", "").strip() or None,
        url=fields.get("url", "").strip() or None,
        published=checked_published(fields.get("published"), path=at, doc=doc_id),
        language=detect_language(text),
        path=str(path),
        line=number,
    )


def _skip_line(lines: IO[bytes]) -> int:
    skipped = 0
    while chunk := lines.readline(1 << 20):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _json_type(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


# --- bytes to text --------------------------------------------------------------------------

def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)  # +1: the file may have grown since stat
    except OSError as exc:
        raise IngestError(f"cannot read: {_reason(exc)}", path=str(path)) from None
    if len(data) > max_bytes:
        raise IngestError(f"too large (limit {_size(max_bytes)})", path=str(path))
    return data


def _decode(data: bytes, where: str) -> str:
    """The text SPEC section 1 defines: UTF-8, leading BOM removed, line ends normalised to \\n."""
    if _is_utf16(data[:_SNIFF]):
        raise IngestError(_UTF16, path=where)
    if b"\x00" in data[:_SNIFF]:
        raise IngestError("binary file (NUL bytes), not text", path=where)
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(_not_utf8(data, skip + exc.start, skip + exc.start)[0], path=where) from None
    if not text.strip():
        raise IngestError("empty file (only whitespace)", path=where)
    return _normalise_newlines(text)


def _is_utf16(head: bytes) -> bool:
    """UTF-16 text: a byte-order mark, or (Windows tools write it without one) ASCII letters with
    a NUL byte every other byte. Named as such rather than called binary."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    pairs = len(head) // 2
    if pairs < 2:
        return False
    even, odd = head[0:pairs * 2:2], head[1:pairs * 2:2]
    # Latin text in UTF-16: the high byte of (nearly) every pair is NUL, the low byte (nearly) never
    return any(high.count(0) >= 0.7 * pairs and low.count(0) <= 0.05 * pairs
               for high, low in ((even, odd), (odd, even)))


def _normalise_newlines(text: str) -> str:
    # Same result as Python's universal newlines (open(..., encoding="utf-8-sig")).
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(data: bytes, index: int, offset: int, *, utf8_before: bool = False) -> tuple[str, bool]:
    """Why `data` is not UTF-8 (first bad byte at `index`, reported at file `offset`) and the fix;
    True when the whole of `data` looks written in another encoding."""
    problem = f"not valid UTF-8 (byte 0x{data[index]:02x} at offset {offset})"
    if utf8_before or not data[:index].isascii():
        # Valid multi-byte UTF-8 before the bad byte: a wrong encoding would have failed there.
        return f"{problem}; the text before it is UTF-8: the file is corrupt or mixes encodings", False
    if _CONTROL.search(data):
        return f"{problem}; control bytes too: binary, not text", False
    if _C1.search(data):
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            return f"{problem}; unknown encoding", False
        return f"{problem}; looks like Windows-1252: convert it with iconv -f cp1252 -t utf-8", True
    return f"{problem}; looks like Latin-1: convert it with iconv -f latin1 -t utf-8", True


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _file_problem(path: Path, max_bytes: int) -> str | None:
    """Why `path` cannot be read, told from its name and stat alone (before reading anything)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "file not found"
    except OSError as exc:
        return f"cannot read: {_reason(exc)}"
    kind = path.suffix.lower()
    if stat.S_ISDIR(info.st_mode):
        try:
            with os.scandir(path):
                return "is a folder, not a file (give it to iter_files)"
        except OSError as exc:
            return f"cannot list folder: {_reason(exc)}"
    if kind not in SUPPORTED:
        return f"unsupported file type '{kind or path.name}' (supported: {', '.join(SUPPORTED)})"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"  # reading a FIFO or a device could block or never end
    if info.st_size == 0:
        return "empty file"
    # A .jsonl is a collection, as big as it likes: there the limit applies to each line (article).
    if info.st_size > max_bytes and kind != ".jsonl":
        return f"too large: {_size(info.st_size)} (limit {_size(max_bytes)})"
    return None

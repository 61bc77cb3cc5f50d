"""Bounded units of work: a long text cut into pieces, documents grouped into chunks.

A text longer than `MAX_PIECE_CHARS` is parsed as consecutive pieces cut at a paragraph,
line or sentence boundary, so no text reaches spaCy's `max_length` (1,000,000 characters,
error E088) and the parser's memory stays bounded by the piece, not the article (a single
990,000-character parse took 4 GB). The pieces are contiguous slices that add up to the
text, so a position in a piece plus the piece's offset is a position in the document
(SPEC section 1). Ordinary articles (a few thousand characters) are one piece, parsed as
before; only a text over the bound loses the links (coreference, introductions) that
would cross a cut.

Chunks are what the engines hand to a worker: consecutive documents, at most
`CHUNK_DOCS` of them and about `CHUNK_CHARS` characters. Chunks are cut from the document
stream alone, never from the engine or the number of workers, so every engine parses the
same batches and stores the same results.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from recoupe.records import Document

MAX_PIECE_CHARS = 100_000  # 10x the longest RPM2 article; a long-read feature stays one piece
CHUNK_DOCS = 16  # small enough that 2 workers end a 400-article batch together
CHUNK_CHARS = 100_000  # also the most characters spaCy parses in one batch

# Where a piece may end, best first: after a blank line, a line break, a sentence, a space.
_BOUNDARIES = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"[.!?…][»”\"')]*\s"),
    re.compile(r"\s"),
)

T = TypeVar("T")


def split_text(text: str, max_chars: int = MAX_PIECE_CHARS) -> list[tuple[int, str]]:
    """`text` as (offset, piece) pairs: consecutive slices of at most `max_chars` characters
    that add up to `text`, each cut after the best boundary in its second half."""
    if max_chars < 2:
        raise ValueError("max_chars must be at least 2")
    pieces = []
    start = 0
    while len(text) - start > max_chars:
        end = _cut(text, start + max_chars // 2, start + max_chars)
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def _cut(text: str, lowest: int, highest: int) -> int:
    """The end of a piece: just after the last boundary of the best kind that ends in
    text[lowest:highest], else `highest` (a text with no space for 50,000 characters)."""
    window = text[lowest:highest]
    for boundary in _BOUNDARIES:
        last = deque(boundary.finditer(window), maxlen=1)
        if last:
            return lowest + last[0].end()
    return highest


def chunks(documents: Iterable[Document], *, max_docs: int = CHUNK_DOCS,
           max_chars: int = CHUNK_CHARS) -> Iterator[list[Document]]:
    """Consecutive documents in lists of at most `max_docs` and about `max_chars` characters
    (a longer document is a chunk of its own)."""
    return batches(documents, lambda d: len(d.text), max_items=max_docs, max_size=max_chars)


def batches(items: Iterable[T], size: Callable[[T], int], *, max_items: int,
            max_size: int) -> Iterator[list[T]]:
    """Consecutive items in lists of at most `max_items` whose sizes add up to at most
    `max_size` (an item larger than that alone)."""
    batch: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if batch and (len(batch) >= max_items or total + n > max_size):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += n
    if batch:
        yield batch

"""What to read: sources of documents (files here, URLs and feeds in `web.py`), and folders
expanded into article files in a stable order."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from recoupe.errors import IngestError
    from recoupe.records import Document

SUPPORTED = (".txt", ".html", ".htm", ".jsonl")

# Corpora ship with notes next to the articles (RPM2 has a README.md); a README.txt
# read as an article would pollute the stories, so folders skip them. The lookahead keeps
# an article like "licenciements-renault.txt" or "readmission.txt".
_NOT_ARTICLE = re.compile(r"(readme|licen[cs]e|copying|changelog|authors)(?![a-z])", re.IGNORECASE)


@runtime_checkable
class Source(Protocol):
    """Anything the pipeline reads documents from: a file, an article URL, a feed.

    `read` yields Documents and, for what cannot be read, IngestErrors (one per bad item),
    never raising, so one bad source is reported and the batch goes on.
    """

    @property
    def name(self) -> str: ...

    def read(self) -> Iterator[Document | IngestError]: ...


@dataclass(slots=True, frozen=True)
class FileSource:
    """One article file (.txt, .html) or collection (.jsonl)."""

    path: Path
    max_bytes: int

    @property
    def name(self) -> str:
        return str(self.path)

    def read(self) -> Iterator[Document | IngestError]:
        from recoupe.ingest.readers import read_file  # readers imports this module

        return read_file(self.path, max_bytes=self.max_bytes)


def iter_sources(inputs: Iterable[str | Path | Source], *, max_bytes: int) -> Iterator[Source]:
    """Sources in the order given: paths expanded by `iter_files`, Source objects as they are."""
    paths: list[str | Path] = []
    for given in inputs:
        if isinstance(given, str | Path):
            paths.append(given)
            continue
        # Flush the paths before this source, so the order given is the order read.
        yield from (FileSource(path, max_bytes) for path in iter_files(paths))
        paths = []
        yield given
    yield from (FileSource(path, max_bytes) for path in iter_files(paths))


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield every article file under `paths`, each once, in a deterministic order.

    Folders are walked recursively, entries sorted by name, skipping hidden entries,
    README/LICENSE-style notes and unsupported extensions. Paths given explicitly are
    yielded as they are (even missing or with another extension): `read_file` then
    reports them as a clear IngestError instead of dropping them silently.
    """
    seen: set[str] = set()
    visited: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given)
        found = _walk(path, visited) if _is_dir(path) else iter((path,))
        for file in found:
            # A file named twice (or reached through two folders) is analysed once.
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                yield file


def count_files(paths: Iterable[str | Path]) -> int:
    """How many files `iter_files` yields (for a progress total); lists folders, reads nothing."""
    return sum(1 for _ in iter_files(paths))


def is_article_name(name: str) -> bool:
    """Whether a file met inside a folder is taken as an article."""
    return (
        not name.startswith(".")
        and Path(name).suffix.lower() in SUPPORTED
        and _NOT_ARTICLE.match(name) is None
    )


def _is_dir(path: Path) -> bool:
    # Path.is_dir raises on "permission denied" (a file inside an unreadable folder); as a
    # plain path it reaches read_file, which reports why it cannot be read.
    try:
        return path.is_dir()
    except OSError:
        return False


def _walk(folder: Path, visited: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        info = folder.stat()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        # Unlistable folder: yield it so read_file reports why, rather than skipping it silently.
        yield folder
        return
    # Symlinked folders are followed, but a link back to an ancestor must not loop forever.
    if (info.st_dev, info.st_ino) in visited:
        return
    visited.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), visited)
        elif is_article_name(entry.name):
            yield Path(entry.path)

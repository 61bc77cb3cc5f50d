"""Unique document ids: the SPEC id where it is unique, a path-derived one where it is not.

SPEC section 1 makes a document's id its file name without extension (or a .jsonl line's
`id`), so `a/article.txt`, `b/article.txt` and a .jsonl line with id `article` all claim
`article`; stored under one id, each would silently replace the one before. Here:

- the first input to claim an id keeps it (inputs come in `iter_files` order, so a run is
  deterministic), and so does a re-read of the source stored under it (same path: an update);
- a later input with the same id, in this run or stored by an earlier one from another
  source, gets an id from its path relative to the working folder, without the extension
  (`b/article`; a .jsonl line: `feeds/today/article`), with the extension when that is taken
  too (`b/article.html`), then a `~2`, `~3` suffix; the user is told on one line (IdWarning).

A stored document counts as the same source when its path names the same file (resolved
from the working folder) or its content is the same (the same article met again).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path, PurePath

from recoupe.errors import IdWarning, warn
from recoupe.records import Document

# doc id -> (path, content hash) of the document stored under it, or None when there is none.
StoredSource = Callable[[str], tuple[str | None, str] | None]


def _resolved(path: str | None) -> str:
    return os.path.realpath(path) if path else ""


class DocumentIds:
    """Gives each document of a run an id no other input of the run or the store holds."""

    def __init__(self, stored: StoredSource | None = None, *, base: str | os.PathLike[str] | None = None) -> None:
        self._stored = stored
        self._base = Path(base) if base is not None else Path.cwd()
        self._claimed: dict[str, tuple[str, str | None]] = {}  # id -> (source key, path as given)

    def assign(self, doc: Document) -> Document:
        """`doc`, under its own id when that is free for it, else under a unique one (and a warning)."""
        key = self._key(doc)
        for candidate in self._candidates(doc):
            holder = self._holder(candidate, key, doc)
            if holder is None:
                self._claimed[candidate] = (key, doc.path)
                if candidate == doc.id:
                    return doc
                first = self._holder(doc.id, key, doc) or "another input"
                where = f"{doc.path}:{doc.line}" if doc.path and doc.line else doc.path
                warn(IdWarning(f"id {doc.id!r} is already used by {first}; stored as {candidate!r}",
                               path=where, doc=candidate))
                return replace(doc, id=candidate)
        raise AssertionError("unreachable: the candidates never end")

    @staticmethod
    def _key(doc: Document) -> str:
        # A .jsonl holds many documents: its lines are told apart by their own ids.
        return _resolved(doc.path) + (f"\x1f{doc.id}" if doc.line is not None else "")

    def _holder(self, candidate: str, key: str, doc: Document) -> str | None:
        """Who else holds `candidate` (a path to name in the warning), or None when `doc` may take it."""
        claimed = self._claimed.get(candidate)
        if claimed is not None:
            return None if claimed[0] == key else (claimed[1] or "another input")
        stored = self._stored(candidate) if self._stored is not None else None
        if stored is None:
            return None
        path, content = stored
        same_file = _resolved(path) == _resolved(doc.path)
        if same_file or content == doc.hash:
            return None
        return f"{path or 'a stored document'} (stored)"

    def _candidates(self, doc: Document) -> Iterator[str]:
        yield doc.id
        if not doc.path:
            base = doc.id
        else:
            relative = self._relative(doc.path)
            stem = relative.with_suffix("").as_posix()
            full = relative.as_posix()
            if doc.line is None:
                yield stem
                yield full
                base = full
            else:
                yield f"{stem}/{doc.id}"
                yield f"{full}/{doc.id}"
                base = f"{full}/{doc.id}"
        n = 2
        while True:
            yield f"{base}~{n}"
            n += 1

    def _relative(self, path: str) -> PurePath:
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(os.path.abspath(self._base))
        except ValueError:  # outside the working folder: the absolute path, without its root
            return PurePath(*absolute.parts[1:])

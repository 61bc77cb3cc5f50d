"""The seen-ledger: which feed items and articles `watch` has already ingested, across restarts.

An item is known by its URL, by its feed's guid, and by the hash of its text (the same
article reached under two URLs). Marks are staged while a cycle runs and written only
when the caller commits, after the documents are stored: a cycle stopped half-way
(Ctrl-C, a crash) leaves the ledger as it was, and the next cycle fetches those items
again, which the store then finds unchanged. Nothing is lost and nothing is stored twice.

The ledger is a small SQLite file beside the store (`recoupe.db` -> `recoupe.seen.db`), so
it works the same whatever database the documents go to.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from recoupe.errors import StoreError
from recoupe.records import content_hash

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    key    TEXT PRIMARY KEY,  -- url:..., guid:FEED GUID, text:SHA256
    doc    TEXT,              -- the document id it became (NULL: it failed for good)
    status TEXT NOT NULL,     -- stored | failed
    at     TEXT NOT NULL      -- when first marked (UTC)
)
"""
STORED = "stored"
FAILED = "failed"


def url_key(url: str) -> str:
    return f"url:{url}"


def guid_key(feed: str, guid: str) -> str:
    # guids are only unique within their feed ("123" in two feeds are two items).
    return f"guid:{feed} {guid}"


def text_key(text: str) -> str:
    return f"text:{content_hash(text)}"


def ledger_path(db: str) -> str:
    """Where the ledger of store `db` lives: beside a file, in the working folder for a server URL."""
    if "://" in db:
        return "recoupe.seen.db"
    path = Path(db)
    return str(path.with_name(f"{path.stem}.seen{path.suffix or '.db'}"))


class SeenLedger:
    """Keys already ingested; `mark` stages, `commit` persists, `discard` forgets the staged ones."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._conn = sqlite3.connect(self.path)
            with self._conn:
                self._conn.execute(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the seen-ledger: {exc}", path=self.path) from exc
        self._staged: dict[str, tuple[str | None, str]] = {}

    def seen(self, *keys: str) -> bool:
        """Whether any of `keys` was marked (committed, or staged in this cycle)."""
        if any(k in self._staged for k in keys):
            return True
        marks = ",".join("?" * len(keys))
        row = self._conn.execute(f"SELECT 1 FROM seen WHERE key IN ({marks}) LIMIT 1", keys).fetchone()
        return row is not None

    def mark(self, *keys: str, doc: str | None, status: str = STORED) -> None:
        for key in keys:
            self._staged.setdefault(key, (doc, status))

    def commit(self) -> int:
        """Persist the staged marks; how many there were."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(key, doc, status, now) for key, (doc, status) in self._staged.items()]
        try:
            with self._conn:
                self._conn.executemany("INSERT OR IGNORE INTO seen (key, doc, status, at) VALUES (?, ?, ?, ?)",
                                       rows)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the seen-ledger: {exc}", path=self.path) from exc
        self._staged.clear()
        return len(rows)

    def discard(self) -> None:
        self._staged.clear()

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM seen").fetchone()[0])

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SeenLedger:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

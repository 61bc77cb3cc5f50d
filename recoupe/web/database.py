"""The web server's one door to the store: one read-only Store, its public reads, and the
statements of `queries.py` (SQLAlchemy Core over `recoupe.store.tables`).

One Store serves every worker thread: FastAPI runs the synchronous endpoints in a thread pool,
and each read takes a connection of the Store's pool and a read transaction of its own. The
Store is opened read-only (a SQLite file in `mode=ro`, a PostgreSQL session whose transactions
are read-only), so the server cannot write to the store whatever a statement says.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from os import PathLike
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Executable, text
from sqlalchemy.engine import RowMapping

from recoupe.errors import StoreError
from recoupe.store import Store

T = TypeVar("T")

# Moves whenever the PostgreSQL server writes (any commit, in any of its databases): cheap, and
# never missed, where a store-level counter would make every writer update one row. A standby
# (a read-only replica) gives the position it has replayed to.
_PG_STATE = text("SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
                 "ELSE pg_current_wal_lsn() END AS lsn")
# Asking the server costs a round trip or three (about 1-3 ms) and a page asks for its summaries
# several times: the answer is kept this long, a short lag beside the rebuild that follows a change.
PG_STATE_SECONDS = 1.0


class Database:
    """A recoupe store (a SQLite file or a postgresql:// URL), opened read-only."""

    def __init__(self, db: str | PathLike[str]) -> None:
        # fails now, with the Store's own message, on a missing store or one that is not recoupe's
        self._store = Store(db, readonly=True, create=False)
        self.backend = self._store.backend
        self.label = self._store.path  # a path, or the URL without its password
        self._file = self._store.target.path
        self._lock = threading.Lock()
        self._memo: dict[str, tuple[object, Any]] = {}
        self._building: set[str] = set()
        self._pg_state: tuple[float, object] = (-PG_STATE_SECONDS, None)  # (when asked, answer)

    @property
    def name(self) -> str:
        """What the pages call the store: the file's name, or the URL (without its password)."""
        return self._file.name if self._file is not None else self.label

    def store(self) -> Store:
        """The Store (its public read methods)."""
        return self._store

    def rows(self, stmt: Executable) -> list[RowMapping]:
        """Run one read statement; rows are addressable by column name."""
        return self._store.query(stmt)

    def one(self, stmt: Executable) -> RowMapping | None:
        found = self.rows(stmt)
        return found[0] if found else None

    def stream(self, stmt: Executable) -> Iterator[RowMapping]:
        """The rows of a large read, fetched in batches."""
        return self._store.stream(stmt)

    def state(self) -> object:
        """Changes whenever another process commits to the store. SQLite: the database file and
        its write-ahead log (where a commit lands first), by size and modification time.
        PostgreSQL: the server's write-ahead log position (asked at most once every PG_STATE_SECONDS)."""
        if self._file is None:
            asked, answer = self._pg_state
            now = time.monotonic()
            if now - asked >= PG_STATE_SECONDS:
                row = self.one(_PG_STATE)
                answer = None if row is None else str(row["lsn"])
                self._pg_state = (now, answer)
            return answer
        marks: list[tuple[int, int] | None] = []
        for name in (self._file, Path(str(self._file) + "-wal")):
            try:
                st = os.stat(name)
                marks.append((st.st_size, st.st_mtime_ns))
            except FileNotFoundError:
                marks.append(None)
        return tuple(marks)

    def memo(self, name: str, build: Callable[[], T]) -> T:
        """`build()`, kept until the store changes (see `state`): for summaries that every request
        needs and no single query answers fast enough.

        When the store has changed and a value is kept, the kept value is returned and a new one
        is built in the background: while `analyze` commits document after document, readers get
        figures a few seconds old rather than waiting for a rebuild after every commit. The first
        call builds in the caller's thread."""
        state = self.state()
        with self._lock:
            kept = self._memo.get(name)
            stale = kept is not None and kept[0] != state
            start = stale and name not in self._building
            if start:
                self._building.add(name)
        if kept is not None and not stale:
            return kept[1]
        if kept is not None:
            if start:
                threading.Thread(target=self._rebuild, args=(name, build, state), daemon=True,
                                 name=f"recoupe-memo-{name}").start()
            return kept[1]
        value = build()
        with self._lock:
            self._memo[name] = (state, value)
        return value

    def _rebuild(self, name: str, build: Callable[[], object], state: object) -> None:
        try:
            with suppress(StoreError):  # the kept value stays; the next request tries again
                value = build()
                with self._lock:
                    self._memo[name] = (state, value)
        finally:
            with self._lock:
                self._building.discard(name)

    def close(self) -> None:
        """Close the store's connections (at shutdown, when no request runs any more)."""
        self._store.close()

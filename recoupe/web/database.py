"""The web server's one door to the store: a read-only Store per worker thread, and plain SQL.

Everything `recoupe serve` reads goes through `Database`: the Store's public methods where they
fit (`store()`), and the read queries of `queries.py` (plain SQL) through `rows()`. This is the
only module that touches the Store's connection, so porting the store (to SQLAlchemy Core, or
another engine) means porting this adapter and the SQL of `queries.py`, nothing else.

Why a Store per thread: FastAPI runs the synchronous endpoints in a thread pool and an sqlite3
connection belongs to the thread that opened it. Each connection is switched to
`PRAGMA query_only`, so the server cannot write to the store whatever a query says.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, TypeVar

from recoupe.errors import StoreError
from recoupe.store.sqlite import Store, default_story

T = TypeVar("T")


class Database:
    """A recoupe database file opened read-only, one connection per thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:" and not Path(self.path).is_file():
            raise StoreError(f"no database at {self.path} (run `recoupe analyze` first)", path=self.path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._stores: list[Store] = []
        self._memo: dict[str, tuple[object, Any]] = {}
        self._building: set[str] = set()
        self.store()  # fail now, with the Store's own message, on a file that is not a recoupe database

    def store(self) -> Store:
        """This thread's Store (its public read methods)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path)  # checks the schema version, as every recoupe command does
            conn = self._connection(store)
            conn.execute("PRAGMA query_only = ON")
            # the story of a document no clustering placed is computed, not stored (store.default_story)
            conn.create_function("recoupe_default_story", 1, default_story, deterministic=True)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    @staticmethod
    def _connection(store: Store) -> sqlite3.Connection:
        return store._conn  # the port point: the SQL of queries.py runs on the Store's own connection

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Run one read query; rows are addressable by column name."""
        try:
            return self._connection(self.store()).execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"read from {self.path} failed: {exc}", path=self.path) from exc

    def one(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Row | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def state(self) -> object:
        """Changes whenever another process commits to the store: the database file and its
        write-ahead log (where a commit lands first), by size and modification time."""
        if self.path == ":memory:":
            return object()  # never equal: nothing is kept
        marks: list[tuple[int, int] | None] = []
        for name in (self.path, self.path + "-wal"):
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
        """Close every thread's connection (at shutdown, when no request runs any more)."""
        with self._lock:
            stores, self._stores = self._stores, []
        for store in stores:
            with suppress(sqlite3.ProgrammingError):  # opened by another thread: the process exit closes it
                store.close()

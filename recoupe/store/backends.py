"""What differs between the two back-ends: where the store lives, how its engine connects, how
a write transaction locks, and how an upsert is spelled.

- SQLite (a file path): WAL journal, so readers never wait for a writer; every write
  transaction is `BEGIN IMMEDIATE`, so writers queue on SQLite's one write lock (up to
  `BUSY_TIMEOUT` seconds) instead of failing half-way; read-only stores open with `mode=ro`.
- PostgreSQL (`postgresql://user@host:port/dbname`, driver psycopg 3): writers lock rows, and a
  transaction-level advisory lock orders them against grouping: every write transaction holds
  it shared, the grouping pass exclusively (SQLite's write lock already does both).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, Executable, Table, create_engine, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import QueuePool

from recoupe.errors import StoreError

BUSY_TIMEOUT = 300.0  # seconds a writer waits for another one (a grouping pass holds the lock a while)
CONNECT_TIMEOUT = 10  # seconds to reach a PostgreSQL server
# Advisory lock key (any 64-bit number, the same in every recoupe process): ASCII "recoupe".
_LOCK_KEY = 0x7265636F757065
_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True, slots=True)
class Target:
    """Where a store lives: a SQLite file or a PostgreSQL database."""

    backend: str  # "sqlite" | "postgresql"
    label: str  # for messages: the path, or the URL without its password
    path: Path | None = None  # the SQLite file
    url: URL | None = None  # the PostgreSQL URL, with the psycopg driver


def target_of(db: str | Path) -> Target:
    """`db` is a SQLite file path or a postgresql:// URL."""
    name = str(db)
    scheme = name.partition("://")[0].partition("+")[0].lower() if "://" in name else ""
    if not scheme:
        return Target("sqlite", name, path=Path(name))
    if scheme not in _SCHEMES:
        raise StoreError(f"unknown database URL scheme {scheme!r}: give a SQLite file path or a "
                         "postgresql://user@host:port/dbname URL", path=name)
    try:
        given = make_url(name)
    except ArgumentError as exc:
        raise StoreError(f"malformed database URL: {exc}", path=name) from exc
    return Target("postgresql", given.render_as_string(hide_password=True),
                  url=given.set(drivername="postgresql+psycopg"))


def engine_for(target: Target, *, readonly: bool, immutable: bool = False) -> Engine:
    """An engine whose connections follow this module's rules. `immutable` (SQLite, read-only):
    read the file as it is, for a WAL file whose folder forbids the `-shm` index SQLite needs."""
    if target.backend == "sqlite":
        return _sqlite_engine(target, readonly=readonly, immutable=immutable)
    return _postgresql_engine(target, readonly=readonly)


def _sqlite_engine(target: Target, *, readonly: bool, immutable: bool) -> Engine:
    import sqlite3

    assert target.path is not None
    uri = "file:" + quote(str(target.path.resolve()))
    if readonly:
        uri += "?mode=ro" + ("&immutable=1" if immutable else "")

    def connect() -> sqlite3.Connection:
        # isolation_level=None: pysqlite emits no BEGIN of its own; _begin below decides.
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None,
                               check_same_thread=False)

    engine = create_engine("sqlite+pysqlite://", creator=connect, poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi: Any, record: Any) -> None:
        cursor = dbapi.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if not readonly:  # WAL with NORMAL sync: a commit survives a killed process, not a power cut
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # Write transactions take the write lock at once: a deferred one that reads first and
        # writes later fails with SQLITE_BUSY when another writer went in between.
        write = conn.get_execution_options().get("recoupe_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _postgresql_engine(target: Target, *, readonly: bool) -> Engine:
    assert target.url is not None
    url = target.url
    args: dict[str, Any] = {}
    if "connect_timeout" not in url.query:
        args["connect_timeout"] = CONNECT_TIMEOUT
    if readonly:  # libpq options, kept beside any the URL gives (a search_path, say)
        options = str(url.query.get("options", ""))
        args["options"] = (options + " -c default_transaction_read_only=on").strip()
    return create_engine(url, connect_args=args, pool_size=4, max_overflow=8)


def writer_options() -> dict[str, object]:
    """Execution options of the connection that writes (see `_begin`)."""
    return {"recoupe_write": True}


def lock(conn: Connection, *, exclusive: bool) -> None:
    """Order this write transaction against grouping (PostgreSQL; a no-op on SQLite, whose
    `BEGIN IMMEDIATE` already holds the one write lock). Released at commit or rollback."""
    if conn.dialect.name == "postgresql":
        fn = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        conn.execute(text(f"SELECT {fn}(:key)"), {"key": _LOCK_KEY})


def upsert(conn: Connection, table: Table, rows: Sequence[Mapping[str, object]], *,
           update: bool = True) -> None:
    """Insert `rows`; a row whose primary key is stored replaces it (`update`) or is skipped."""
    if rows:
        conn.execute(_upsert(conn.dialect.name, table, update), list(rows))


@lru_cache(maxsize=64)
def _upsert(dialect: str, table: Table, update: bool) -> Executable:
    # Built once per table: making the `excluded` columns costs more than running the statement.
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    keys = [c.name for c in table.primary_key.columns]
    changed = {c.name: stmt.excluded[c.name] for c in table.columns if c.name not in keys}
    if update and changed:
        return stmt.on_conflict_do_update(index_elements=keys, set_=changed)
    return stmt.on_conflict_do_nothing(index_elements=keys)

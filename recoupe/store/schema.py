"""Opening a store: tell a recoupe store from anything else, check its schema version, and write
only when something must change (create the tables of a new store, migrate an older one), so
opening a store to read it never writes and never waits for a writer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Connection, Engine, bindparam, inspect, select, text, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from recoupe.errors import StoreError
from recoupe.store import fulltext
from recoupe.store import tables as t
from recoupe.store.backends import Target, engine_for, lock, upsert, writer_options

SCHEMA_VERSION = t.SCHEMA_VERSION
# Versions the reads understand as they are (v3 only added grouping bookkeeping, v4 indexes and
# the full-text index, v5 and v6 columns the reads of older stores do without): a read-only open of
# an older store reads it without migrating (slower listings, word search without its index,
# every claim an "act", text dates read from the fingerprints, events without date, place and
# actor kinds); a writable open migrates it first.
READABLE = (2, 3, 4, 5, 6)
# The events' columns of schema version 6: what an older store's events are read without.
EVENT_COLUMNS_V6 = ("rule", "source_kind", "target_kind", "date_text", "tense", "date", "date_precision", "place",
                    "place_code")
_OURS = frozenset(t.metadata.tables)


def open_engine(target: Target, *, readonly: bool, create: bool) -> tuple[Engine, int]:
    """The engine of a store that exists (or was just created, when `create`), and its schema version."""
    engine = engine_for(target, readonly=readonly)
    try:
        version = _prepare(engine, target, readonly=readonly, create=create)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        if readonly and target.backend == "sqlite" and _needs_immutable(exc, target):
            return _open_immutable(target)
        raise _open_error(exc, target) from exc
    return engine, version


def _prepare(engine: Engine, target: Target, *, readonly: bool, create: bool) -> int:
    with engine.connect() as conn:
        version = _version(conn, target)
    if version is None:
        if readonly or not create:
            raise StoreError("holds no recoupe store (`recoupe analyze ... --db` creates one)",
                             path=target.label)
        return _create(engine, target)
    if version > SCHEMA_VERSION or version < min(READABLE):
        raise StoreError(f"schema version {version}; this recoupe reads version "
                         f"{SCHEMA_VERSION}" + (" (re-analyse into a new database)" if version < 2 else ""),
                         path=target.label)
    if version < SCHEMA_VERSION and not readonly:
        return _migrate(engine, target)
    if not readonly and target.backend == "sqlite":
        _use_wal(engine)
    return version


def _version(conn: Connection, target: Target) -> int | None:
    """The stored schema version; None for an empty database. Raises for a foreign one."""
    names = set(inspect(conn).get_table_names())
    if "meta" not in names:
        # A SQLite file is recoupe's alone; a PostgreSQL database may hold other applications' tables.
        foreign = names if target.backend == "sqlite" else names & _OURS
        if foreign:
            what = ("an SQLite database, but not a recoupe one" if target.backend == "sqlite"
                    else "tables named like recoupe's, but no recoupe store")
            raise StoreError(f"{what} (tables: {', '.join(sorted(foreign)[:5])})", path=target.label)
        return None
    value = conn.execute(select(t.meta.c.value).where(t.meta.c.key == "schema_version")).scalar()
    if value is None or not str(value).isdigit():
        raise StoreError("a meta table, but no recoupe schema version", path=target.label)
    return int(value)


def _create(engine: Engine, target: Target) -> int:
    if target.backend == "sqlite":
        _use_wal(engine)  # before the first table: the journal mode cannot change inside a transaction
    with engine.connect().execution_options(**writer_options()) as conn, conn.begin():
        lock(conn, exclusive=True)  # two processes creating one PostgreSQL store: one creates, one waits
        version = _version(conn, target)
        if version is not None:
            return version  # another process created it meanwhile
        t.metadata.create_all(conn)
        fulltext.install(conn)
        conn.execute(t.meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
    return SCHEMA_VERSION


def _migrate(engine: Engine, target: Target) -> int:
    """Version 2 (SQLite only) -> 3: the placement order of stories, and the grouping bookkeeping.
    Version 3 -> 4: the indexes of `recoupe serve`'s listings, and the full-text index (filled
    from the stored documents, once). Version 4 -> 5: claims' mode and fingerprints' text date.
    Version 5 -> 6: events' date, place, actor kinds and rule (empty until their documents are
    re-analysed: `analyze --force`)."""
    if target.backend == "sqlite":
        _use_wal(engine)
    with engine.connect().execution_options(**writer_options()) as conn, conn.begin():
        lock(conn, exclusive=True)
        version = _version(conn, target)
        if version == 2:
            conn.execute(text("ALTER TABLE stories ADD COLUMN seq INTEGER"))
            # Version 2 replayed stored documents in the order their fingerprints were saved.
            conn.execute(text("UPDATE stories SET seq = "
                              "(SELECT f.rowid FROM doc_features f WHERE f.doc = stories.doc)"))
            t.metadata.create_all(conn)  # the tables version 2 lacks
            version = 3
        if version == 3:
            _create_missing_indexes(conn)
            fulltext.install(conn)
            version = 4
        if version == 4:
            _to_version_5(conn)
            version = 5
        if version == 5:
            for name in EVENT_COLUMNS_V6:
                _add_missing_column(conn, t.events.c[name])
        conn.execute(update(t.meta).where(t.meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION)))
    return SCHEMA_VERSION


def _to_version_5(conn: Connection) -> None:
    """Claims get their mode, fingerprints their text date as a column (filled from their JSON).
    The stored claims were merged without modes (a request and a report of the act could be one
    claim): every story that has claims is marked stale, so the next grouping pass rebuilds them."""
    _add_missing_column(conn, t.claims.c.mode)
    _add_missing_column(conn, t.doc_features.c.text_date)
    f = t.doc_features.c
    rows = conn.execute(select(f.doc, f.data).execution_options(yield_per=256))  # streamed: ~5 kB a row
    dated = [{"_doc": doc, "_date": day} for doc, data in rows if (day := json.loads(data).get("text_date"))]
    if dated:
        conn.execute(update(t.doc_features).where(f.doc == bindparam("_doc")).values(text_date=bindparam("_date")),
                     dated)
    stories = conn.scalars(select(t.claims.c.story).distinct()).all()
    upsert(conn, t.stale_stories, [{"story": story} for story in sorted(stories)], update=False)


def _add_missing_column(conn: Connection, column: Column[Any]) -> None:
    """ALTER TABLE ... ADD COLUMN, with the column's type and default as this back-end writes them;
    nothing when the table has it already."""
    table = column.table.name
    if column.name in {c["name"] for c in inspect(conn).get_columns(table)}:
        return
    preparer = conn.dialect.identifier_preparer
    kind = column.type.compile(dialect=conn.dialect)
    default = column.server_default
    clause = "" if default is None else f" DEFAULT '{default.arg}'"  # type: ignore[attr-defined]
    null = "" if column.nullable else " NOT NULL"
    conn.execute(text(f"ALTER TABLE {preparer.quote(table)} ADD COLUMN {preparer.quote(column.name)} "
                      f"{kind}{null}{clause}"))


def _create_missing_indexes(conn: Connection) -> None:
    """The indexes of the metadata that the stored tables lack (create_all makes missing tables
    only). An index whose `ddl_if` leaves this back-end out is not made."""
    inspector = inspect(conn)
    for table in t.metadata.sorted_tables:
        have = {ix["name"] for ix in inspector.get_indexes(table.name)}
        for index in sorted(table.indexes, key=lambda ix: str(ix.name)):
            if index.name not in have:
                index.create(conn)


def _use_wal(engine: Engine) -> None:
    """Readers never wait for the writer in WAL mode. The mode is stored in the file: it is set
    once, and only when it is not WAL already (setting it is a write)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()
    finally:
        raw.close()


def _needs_immutable(exc: SQLAlchemyError, target: Target) -> bool:
    """A WAL file in a folder we may not write: SQLite cannot create its `-shm` index. When no
    `-wal` file holds uncommitted-to-the-file pages, the file alone is the whole store."""
    assert target.path is not None
    message = str(getattr(exc, "orig", exc)).lower()
    if "readonly" not in message and "unable to open" not in message:
        return False
    wal = Path(str(target.path) + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def _open_immutable(target: Target) -> tuple[Engine, int]:
    engine = engine_for(target, readonly=True, immutable=True)
    try:
        return engine, _prepare(engine, target, readonly=True, create=False)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise _open_error(exc, target) from exc


def _open_error(exc: SQLAlchemyError, target: Target) -> StoreError:
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if target.backend == "sqlite":
        if "not a database" in message:
            return StoreError("not an SQLite database", path=target.label)
        return StoreError(f"cannot be opened: {message}", path=target.label)
    if isinstance(exc, DBAPIError) and "connect" in message.lower():
        return StoreError(f"cannot connect: {message}", path=target.label)
    return StoreError(f"cannot be opened: {message}", path=target.label)

"""What only a PostgreSQL store does: URLs (the password never shown), a server that is not
there, other applications' tables beside recoupe's, and a read-only session."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest
from sqlalchemy.engine import make_url

from recoupe.errors import StoreError
from recoupe.store import Store
from recoupe.store.backends import target_of

from .conftest import execute
from .test_store import make_doc, make_events


def test_urls_and_paths_name_their_backend() -> None:
    assert target_of("recoupe.db").backend == "sqlite"
    assert target_of("data/x.sqlite").path is not None
    pg = target_of("postgresql://ana:s3cret@db.example:5433/news")
    assert pg.backend == "postgresql" and pg.url is not None
    assert pg.url.drivername == "postgresql+psycopg" and pg.url.password == "s3cret"
    assert "s3cret" not in pg.label and pg.label.startswith("postgresql://ana:")
    assert target_of("postgres://ana@h/db").backend == "postgresql"
    with pytest.raises(StoreError, match="unknown database URL scheme 'mysql'"):
        target_of("mysql://ana@h/db")


def test_a_server_that_is_not_there_is_one_clear_error() -> None:
    with socket.socket() as s:  # a local port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://ana:s3cret@127.0.0.1:{port}/news?connect_timeout=3"
    with pytest.raises(StoreError, match="cannot connect") as info:
        Store(url)
    assert info.value.code == "E300" and "s3cret" not in info.value.line()


def test_other_applications_tables_may_share_the_database(pg_dbs: Callable[[], str]) -> None:
    db = pg_dbs()
    execute(db, "CREATE TABLE invoices (id integer)")
    with Store(db) as store:
        store.save_document(make_doc(), make_events(), [])
    with Store(db, readonly=True) as reader:
        assert reader.stats()["events"] == 2


def test_tables_named_like_recoupes_without_its_schema_are_refused(pg_dbs: Callable[[], str]) -> None:
    db = pg_dbs()
    execute(db, "CREATE TABLE documents (id text)")
    with pytest.raises(StoreError, match="no recoupe store"):
        Store(db)


def test_read_only_session_refuses_writes_in_the_server_too(pg_dbs: Callable[[], str]) -> None:
    db = pg_dbs()
    Store(db).close()
    reader = Store(db, readonly=True)
    with pytest.raises(StoreError, match="read-only"):
        reader.save_document(make_doc(), [], [])
    # even past the store's own check, the server's session is read-only
    with reader._engine.connect() as conn:
        mode = conn.exec_driver_sql("SHOW default_transaction_read_only").scalar()
    assert mode == "on"
    reader.close()
    assert make_url(db).query["options"].startswith("-csearch_path=")

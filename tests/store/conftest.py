"""The store tests run on both back-ends: a SQLite file, and a PostgreSQL database when
RECOUPE_TEST_PG names a server (`.ci/run` starts one; `scripts/pg_cluster.sh start DIR` starts a
throwaway one by hand). Each PostgreSQL test gets a schema of its own, dropped afterwards.

Without RECOUPE_TEST_PG the PostgreSQL variants are skipped, except in CI (CI=true), where they
fail: CI must run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from recoupe.store import Store

BACKENDS = ("sqlite", "postgresql")


def pg_server() -> str:
    """The PostgreSQL server URL of the test run, or skip (fail in CI)."""
    url = os.environ.get("RECOUPE_TEST_PG", "").strip()
    if not url:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("RECOUPE_TEST_PG is not set: CI must run the PostgreSQL store tests")
        pytest.skip("no PostgreSQL server: set RECOUPE_TEST_PG=postgresql://... (scripts/pg_cluster.sh)")
    return url


def _engine(url: str) -> Engine:
    return create_engine(make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)


@pytest.fixture
def pg_dbs() -> Iterator[Callable[[], str]]:
    """Makes PostgreSQL stores: URLs whose tables land in a fresh schema each (libpq's
    `options=-csearch_path=...`), all dropped at the end of the test."""
    server = pg_server()
    engine = _engine(server)
    schemas: list[str] = []

    def make() -> str:
        schema = "t_" + uuid.uuid4().hex[:12]
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    yield make
    with engine.begin() as conn:
        for schema in schemas:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def new_db(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    """Makes locations for new, empty stores of one back-end: SQLite paths (their folder not
    made yet) or PostgreSQL URLs."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_dbs")  # type: ignore[no-any-return]
    names = iter(range(1_000_000))
    return lambda: str(tmp_path / f"db{next(names)}" / "recoupe.db")


@pytest.fixture
def db(new_db: Callable[[], str]) -> str:
    return new_db()


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    s = Store(db)
    yield s
    s.close()


def execute(db: str, sql: str) -> None:
    """Run one SQL statement on the store's database, outside recoupe (to break it on purpose)."""
    if "://" in db:
        engine = _engine(db)
        with engine.begin() as conn:
            conn.execute(text(sql))
        engine.dispose()
    else:
        import sqlite3

        raw = sqlite3.connect(db)
        raw.execute(sql)
        raw.commit()
        raw.close()

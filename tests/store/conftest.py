"""The store tests run on both back-ends: a SQLite file, and a PostgreSQL database when
RECOUPE_TEST_PG names a server (`.ci/run` starts one; `scripts/pg_cluster.sh start DIR` starts a
throwaway one by hand). Each PostgreSQL test gets a schema of its own, dropped afterwards.

Without RECOUPE_TEST_PG the PostgreSQL variants are skipped, except in CI (CI=true), where they
fail: CI must run them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
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
def pg_db() -> Iterator[str]:
    """A URL whose tables land in a fresh schema (libpq's `options=-csearch_path=...`)."""
    server = pg_server()
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = _engine(server)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a new, empty store goes: a SQLite path (its folder not made yet) or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "db" / "recoupe.db")
    return str(request.getfixturevalue("pg_db"))


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

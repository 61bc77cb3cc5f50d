"""The store tests run on both back-ends: a SQLite file, and a PostgreSQL database when
RECOUPE_TEST_PG names a server (tests/pg_schemas.py: skipped without one, except in CI, where
they fail). Each PostgreSQL test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_schemas import BACKENDS, Schemas, pg_engine, pg_server
from sqlalchemy import text

from recoupe.store import Store


@pytest.fixture
def pg_dbs() -> Iterator[Callable[[], str]]:
    """Makes PostgreSQL stores: URLs whose tables land in a fresh schema each, all dropped at
    the end of the test."""
    schemas = Schemas(pg_server())
    yield schemas.make
    schemas.drop()


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
        engine = pg_engine(db)
        with engine.begin() as conn:
            conn.execute(text(sql))
        engine.dispose()
    else:
        import sqlite3

        raw = sqlite3.connect(db)
        raw.execute(sql)
        raw.commit()
        raw.close()

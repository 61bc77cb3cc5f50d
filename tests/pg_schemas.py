"""PostgreSQL for the tests that run on both back-ends: the server of the test run, named by
RECOUPE_TEST_PG (`.ci/run` starts one; `scripts/pg_cluster.sh start DIR` starts a throwaway one by
hand), and stores in schemas of their own, dropped afterwards.

Without RECOUPE_TEST_PG the PostgreSQL variants are skipped, except in CI (CI=true), where they
fail: CI must run them.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

BACKENDS = ("sqlite", "postgresql")


def pg_server() -> str:
    """The PostgreSQL server URL of the test run, or skip (fail in CI)."""
    url = os.environ.get("RECOUPE_TEST_PG", "").strip()
    if not url:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("RECOUPE_TEST_PG is not set: CI must run the PostgreSQL tests")
        pytest.skip("no PostgreSQL server: set RECOUPE_TEST_PG=postgresql://... (scripts/pg_cluster.sh)")
    return url


def pg_engine(url: str) -> Engine:
    return create_engine(make_url(url).set(drivername="postgresql+psycopg"), poolclass=NullPool)


class Schemas:
    """Makes PostgreSQL store URLs whose tables land in a fresh schema each (libpq's
    `options=-csearch_path=...`); `drop()` removes them all."""

    def __init__(self, server: str) -> None:
        self.server = server
        self._engine = pg_engine(server)
        self._made: list[str] = []

    def make(self) -> str:
        schema = "t_" + uuid.uuid4().hex[:12]
        with self._engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        self._made.append(schema)
        url = make_url(self.server).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def drop(self) -> None:
        with self._engine.begin() as conn:
            for schema in self._made:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        self._made.clear()
        self._engine.dispose()

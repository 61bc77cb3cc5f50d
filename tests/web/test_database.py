"""The web server's door to the store (web/database.py), on both back-ends: it opens a store that
exists and refuses anything else with the store's own message, it names the store without a
password, and its kept summaries follow what another process commits."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pg_schemas import BACKENDS, Schemas, pg_server
from sqlalchemy.engine import make_url

from recoupe.errors import StoreError
from recoupe.records import Document
from recoupe.store import Store
from recoupe.web.app import create_app
from recoupe.web.database import Database

from .conftest import build


@pytest.fixture(params=BACKENDS)
def fresh_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The test store, built anew for one test (it is written to)."""
    if request.param == "sqlite":
        yield build(tmp_path / "web.db")
        return
    schemas = Schemas(pg_server())
    try:
        yield build(schemas.make())
    finally:
        schemas.drop()


def test_the_pages_follow_what_another_process_commits(fresh_db: str) -> None:
    with TestClient(create_app(fresh_db)) as client:
        assert client.get("/api/stories").json()["total"] == 2
        with Store(fresh_db) as writer:  # as `analyze` would, beside the server
            writer.save_document(Document.make("d5", "Sommet de l'OTAN à Vilnius", title="Sommet à Vilnius",
                                               outlet="Le Temps", published="2024-07-11"), [], [])
        # the kept summaries answer at once and are rebuilt in the background: wait for the rebuild
        deadline = time.monotonic() + 30
        while client.get("/api/stories").json()["total"] != 3:
            assert time.monotonic() < deadline, "the story list never showed the new document"
            time.sleep(0.1)
        found = client.get("/api/stories", params={"q": "vilnius"}).json()["items"]
        assert [s["title"] for s in found] == ["Sommet à Vilnius"]


def test_a_missing_store_is_refused_with_the_stores_message(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Database(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()  # nothing is created


def test_an_empty_postgresql_database_is_refused_and_left_empty() -> None:
    schemas = Schemas(pg_server())
    try:
        url = schemas.make()
        with pytest.raises(StoreError, match="holds no recoupe store"):
            Database(url)
        with pytest.raises(StoreError, match="holds no recoupe store"):
            Store(url, readonly=True, create=False)  # still no tables: the server made none
    finally:
        schemas.drop()


def test_a_postgresql_store_is_named_without_its_password() -> None:
    schemas = Schemas(pg_server())
    try:
        url = make_url(build(schemas.make())).set(password="s3cret-pw")  # trust authentication ignores it
        db = Database(url.render_as_string(hide_password=False))
        assert "s3cret-pw" not in db.name and "s3cret-pw" not in db.label and db.backend == "postgresql"
        db.close()
    finally:
        schemas.drop()


def test_serve_names_a_postgresql_database_without_a_store_on_one_line() -> None:
    """`recoupe serve --db postgresql://...`: the store's own error, one line, status 2, no password."""
    from click.testing import CliRunner

    from recoupe.cli.main import main

    schemas = Schemas(pg_server())
    try:
        url = make_url(schemas.make()).set(password="s3cret-pw").render_as_string(hide_password=False)
        result = CliRunner().invoke(main, ["serve", "--db", url])
    finally:
        schemas.drop()
    assert result.exit_code == 2
    assert "holds no recoupe store" in result.output and "s3cret-pw" not in result.output
    assert len(result.output.strip().splitlines()) == 1

"""Full-text search (store/fulltext.py) on both back-ends: the same documents found for the same
words, case and accents folded, kept in step with the documents; and the schema version 4
migration that brings it (with the listing indexes) to an older store at its first write-open,
while a read-only open writes nothing and still searches."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pg_schemas import pg_engine
from sqlalchemy import Engine, create_engine, inspect

from recoupe.records import Document
from recoupe.store import SCHEMA_VERSION, Store
from recoupe.store import tables as t

from .conftest import execute

# The indexes schema version 4 adds on each back-end (tables.py, fulltext.py).
V4_INDEXES = {
    "sqlite": {"documents_published", "documents_meta", "events_claim", "events_by_id", "actor_mentions_names"},
    "postgresql": {"events_claim", "documents_search"},
}


def _engine(db: str) -> Engine:
    return pg_engine(db) if "://" in db else create_engine(f"sqlite:///{db}")


def _schema(db: str) -> tuple[set[str], set[str]]:
    """(tables, index names) of the store, read outside recoupe."""
    engine = _engine(db)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            tables = set(found.get_table_names())
            indexes = {ix["name"] for name in tables & set(t.metadata.tables) for ix in found.get_indexes(name)}
    finally:
        engine.dispose()
    return tables, {str(name) for name in indexes}


def _backend(db: str) -> str:
    return "postgresql" if "://" in db else "sqlite"


def test_search_folds_case_and_accents_and_follows_updates(store: Store) -> None:
    store.save_document(Document.make("a", "Élection présidentielle au Sénégal", title="ŒUVRES"), [], [])
    store.save_document(Document.make("b", "Grève des cheminots d'artillerie nord-coréens"), [], [])
    assert store.search(["election"]) == {"a"} and store.search(["SÉNÉGAL"]) == {"a"}
    assert store.search(["greve"]) == {"b"} and store.search(["Élection", "sénégal"]) == {"a"}
    assert store.search(["œuvres"]) == {"a"}  # the title too, its capital ligature folded
    assert store.search(["d'artillerie"]) == {"b"} and store.search(["coréens"]) == {"b"}
    assert store.search(["nord-coréens"]) == {"b"}
    assert store.search(["election", "greve"]) == set()  # every word, in one document
    assert store.search(["élect"]) == set()  # words, not prefixes
    assert store.search(['cheminots" OR "election']) == set()  # operators in the input stay words
    assert store.search(["!!"]) == set() and store.search(["des", "!!"]) == {"b"}  # no token, no word
    store.save_document(Document.make("a", "Législatives au Sénégal"), [], [])  # re-analysed: replaced
    assert store.search(["election"]) == set() and store.search(["legislatives"]) == {"a"}


def test_a_version_3_store_is_searched_read_only_and_indexed_by_its_first_writer(
        new_db: Callable[[], str]) -> None:
    db = new_db()
    with Store(db) as s:
        s.save_document(Document.make("a", "Sommet de l'OTAN à Vilnius"), [], [])
    backend = _backend(db)
    assert V4_INDEXES[backend] <= _schema(db)[1]
    # the store as schema version 3 left it: no listing indexes, no full-text index
    if backend == "sqlite":
        for name in ("documents_fts_insert", "documents_fts_delete", "documents_fts_update"):
            execute(db, f"DROP TRIGGER {name}")
        execute(db, "DROP TABLE documents_fts")
    for name in sorted(V4_INDEXES[backend]):
        execute(db, f"DROP INDEX IF EXISTS {name}")
    execute(db, "UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    before = _schema(db)

    with Store(db, readonly=True) as reader:  # reads as it is, and searches without the index
        assert reader.version == 3 and reader.search(["vilnius"]) == {"a"}
    assert _schema(db) == before

    with Store(db) as writer:
        assert writer.version == SCHEMA_VERSION
        assert writer.search(["vilnius"]) == {"a"}  # the documents stored before are indexed
        writer.save_document(Document.make("b", "Réunion à Bruxelles"), [], [])
        assert writer.search(["reunion"]) == {"b"}
    tables, indexes = _schema(db)
    assert V4_INDEXES[backend] <= indexes
    assert ("documents_fts" in tables) == (backend == "sqlite")


@pytest.mark.parametrize("words", [["Vilnius"], ["OTAN", "sommet"], ["l'OTAN"]])
def test_both_back_ends_find_the_same_documents(new_db: Callable[[], str], words: list[str]) -> None:
    """The same corpus, the same words: one answer (the SQLite variant pins it for the other)."""
    with Store(new_db()) as s:
        s.save_document(Document.make("a", "Sommet de l'OTAN à Vilnius"), [], [])
        s.save_document(Document.make("b", "L'OTAN se réunit", title="Otan"), [], [])
        s.save_document(Document.make("c", "Vilnius, capitale de la Lituanie"), [], [])
        expected = {("Vilnius",): {"a", "c"}, ("OTAN", "sommet"): {"a"}, ("l'OTAN",): {"a", "b"}}
        assert s.search(words) == expected[tuple(words)]

"""The store's full-text index that the story search reads: kept in step by triggers, folding
accents and case, and built once for a store written before it existed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from recoupe.records import Document
from recoupe.store import Store
from recoupe.web import search
from recoupe.web.database import Database


def _ids(db: Database, *words: str) -> set[str]:
    return search._docs_with_words(db, words)


def test_search_folds_accents_and_case_and_follows_updates(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.save_document(Document.make("a", "Élection présidentielle au Sénégal"), [], [])
        store.save_document(Document.make("b", "Grève des cheminots"), [], [])
    db = Database(path)
    assert _ids(db, "election") == {"a"} and _ids(db, "SÉNÉGAL") == {"a"} and _ids(db, "greve") == {"b"}
    assert _ids(db, 'cheminots" OR "election') == set()  # operators in the input stay words
    with Store(path) as store:  # a re-analysis replaces the text: the index follows
        store.save_document(Document.make("a", "Législatives au Sénégal"), [], [])
    assert _ids(db, "election") == set() and _ids(db, "legislatives") == {"a"}


def test_an_older_store_is_indexed_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as store:
        store.save_document(Document.make("a", "Sommet de l'OTAN à Vilnius"), [], [])
    conn = sqlite3.connect(path)  # as written by a recoupe without the index
    conn.executescript("DROP TRIGGER documents_fts_insert; DROP TRIGGER documents_fts_delete; "
                       "DROP TRIGGER documents_fts_update; DROP TABLE documents_fts;")
    conn.close()
    Store(path).close()
    assert _ids(Database(path), "vilnius") == {"a"}

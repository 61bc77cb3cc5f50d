"""What only a SQLite file does: WAL, files that are not stores, version-2 files migrated,
read-only files and folders, and opening without taking the write lock."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from recoupe.errors import StoreError
from recoupe.records import Document, Event
from recoupe.store import SCHEMA_VERSION, Store, default_story

from .test_store import make_doc, make_events

V2_SCHEMA = Path(__file__).parent / "data" / "schema_v2.sql"


def test_new_file_is_in_wal_mode_with_the_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    raw.close()


def test_non_sqlite_file_gives_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("this is not a database, just text " * 100)
    with pytest.raises(StoreError, match="not an SQLite database") as info:
        Store(bad)
    assert info.value.path == str(bad)
    assert info.value.code == "E300"
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store(bad, readonly=True)


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE documents (x)")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="not a recoupe one"):
        Store(other)


def test_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="a folder, not a database"):
        Store(tmp_path)


def test_opening_takes_no_write_lock(tmp_path: Path) -> None:
    """Opening an up-to-date store writes nothing, so it does not wait for a writer."""
    path = tmp_path / "r.db"
    with Store(path) as s:
        s.save_document(make_doc(), make_events(), [])
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process is writing
    started = time.monotonic()
    with Store(path) as s:
        assert s.stats()["events"] == 2
    with Store(path, readonly=True) as s:
        assert list(s.document_ids()) == ["000_a"]
    assert time.monotonic() - started < 5
    holder.execute("ROLLBACK")
    holder.close()


def test_reading_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with Store(path) as s:
        s.save_document(make_doc(), make_events(), [])
    before = path.read_bytes(), path.stat().st_mtime_ns
    with Store(path, readonly=True) as s:
        assert s.stats()["documents"] == 1
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_read_only_file_in_a_read_only_folder_can_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "r.db"
    with Store(path) as s:
        s.save_document(make_doc(), make_events(), [])
    path.chmod(0o444)
    folder.chmod(0o555)
    try:
        with Store(path, readonly=True) as s:
            assert s.stats()["events"] == 2
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)


def test_wal_file_whose_index_cannot_be_made_is_read_as_it_is(tmp_path: Path) -> None:
    """A folder SQLite may not write in: it cannot make the `-shm` index a WAL file needs (a
    folder named like it stands for that here, as root may write anywhere). The file, its
    journal empty, is read as it is (`immutable`)."""
    path = tmp_path / "r.db"
    with Store(path) as s:
        s.save_document(make_doc(), make_events(), [])
    assert not Path(f"{path}-wal").exists()  # the last close checkpointed the journal
    Path(f"{path}-shm").mkdir()
    with Store(path, readonly=True) as s:
        assert list(s.document_ids()) == ["000_a"]


def _version_2_file(path: Path) -> None:
    """A store as recoupe 0.1 (schema version 2) left it: two placed documents, one never placed."""
    raw = sqlite3.connect(path)
    raw.executescript(V2_SCHEMA.read_text(encoding="utf-8"))
    raw.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    for doc_id in ("002_c", "000_a", "001_b"):  # fingerprints saved in this order (rowid)
        doc = make_doc(doc_id)
        raw.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc.id, doc.title, doc.text, doc.outlet, None, None, None, doc.path, doc.hash, "2026-01-01"))
        raw.execute('INSERT INTO events (id, doc, start, "end", type, factuality) '
                    "VALUES (?, ?, 0, 5, 'AID', 'asserted')", ("e" + doc_id, doc_id))
        raw.execute("INSERT INTO event_actors VALUES (?, 'prk', 'source')", ("e" + doc_id,))
        raw.execute("INSERT INTO doc_features VALUES (?, ?)", (doc_id, json.dumps({"doc": doc_id, "terms": {"x": 1}})))
    raw.executemany("INSERT INTO stories VALUES (?, ?)", [("s1", "002_c"), ("s1", "000_a")])
    raw.commit()
    raw.close()


def test_version_2_file_is_read_as_it_is_and_migrated_by_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    _version_2_file(path)
    with Store(path, readonly=True) as reader:  # reading does not migrate
        assert reader.version == 2
        assert list(reader.stories()) == [("s1", ["000_a", "002_c"]), (default_story("001_b"), ["001_b"])]
        assert [e.doc for e in reader.events(actor="PRK")] == ["000_a", "001_b", "002_c"]  # NOCASE column
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT value FROM meta").fetchone()[0] == "2"
    raw.close()
    with Store(path) as s:
        assert s.version == SCHEMA_VERSION
        # the clustering is replayed in the order version 2 saved the fingerprints
        assert [(f.doc, story) for f, story in s.features()] == [
            ("002_c", "s1"), ("000_a", "s1"), ("001_b", default_story("001_b")),
        ]
        assert s.ungrouped() == {"001_b"}  # never placed: the next grouping pass places it
        s.save_document(Document.make("003_d", "t"), [Event("003_d", 0, 1, "AID", ["A"], ["B"])], [])
        assert s.stats()["documents"] == 4
    with Store(path) as s:  # migrated once
        assert s.version == SCHEMA_VERSION


def test_version_1_file_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    raw.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match=r"schema version 1\b.*re-analyse"):
        Store(path)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_store_in_an_unwritable_place_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the database"):
        Store(blocker / "sub" / "r.db")  # a folder cannot be made inside a file, even by root

"""The SQLite store: round trips, idempotent re-saves, filters, transactions, errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from recoupe.errors import StoreError
from recoupe.records import ActorMention, Document, Event
from recoupe.store import Store, default_story
from recoupe.store.sqlite import SCHEMA_VERSION

TEXT = "Titre\nSelon Kirby, la Corée du Nord fournit des obus à la Russie. Moscou dément."


def make_doc(doc_id: str = "000_a", text: str = TEXT, path: str | None = None) -> Document:
    return Document.make(doc_id, text, title="Titre", outlet="Le Monde", path=path or f"in/{doc_id}.txt")


def make_events(doc_id: str = "000_a") -> list[Event]:
    return [
        Event(doc_id, 6, 64, "AID", ["PRK"], ["RUS"], context="military", object="obus",
              factuality="reported", speaker="Kirby", trigger="fournir", trigger_start=33,
              source_text=["la Corée du Nord"], target_text=["la Russie"], evidence="la Corée…"),
        Event(doc_id, 65, 79, "REJECT", ["RUS"], [], factuality="denied", trigger="démentir"),
    ]


def make_actors() -> list[ActorMention]:
    return [ActorMention("PRK", "la Corée du Nord", 19, 35), ActorMention("RUS", "Moscou", 65, 71, "state")]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "db" / "recoupe.db")  # the missing folder is created
    yield s
    s.close()


def test_round_trip(store: Store) -> None:
    doc = make_doc()
    store.save_document(doc, make_events(), make_actors())
    assert list(store.documents()) == [doc]
    assert list(store.document_ids()) == ["000_a"]
    assert store.document_state("000_a") == doc.hash
    assert store.document_state("nope") is None
    got = list(store.events())
    want = make_events()
    for e in want:
        e.story = default_story("000_a")
    assert got == want
    assert store.actor_mentions("000_a") == make_actors()
    assert store.stats() == {
        "documents": 1, "events": 2, "actors": 2, "failures": 0, "stories": 1,
        "events:AID": 1, "events:REJECT": 1,
    }


def test_data_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with Store(path) as s:
        s.save_document(make_doc(), make_events(), make_actors())
    with Store(path) as s:  # schema applied again: idempotent
        assert s.stats()["events"] == 2
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    raw.close()


def test_resaving_unchanged_document_is_idempotent(store: Store) -> None:
    store.save_document(make_doc(), make_events(), make_actors())
    before, events = store.stats(), list(store.events())
    store.save_document(make_doc(), make_events(), make_actors())
    assert store.stats() == before
    assert list(store.events()) == events


def test_resaving_changed_document_replaces_its_events(store: Store) -> None:
    store.save_document(make_doc(), make_events(), make_actors())
    store.save_document(make_doc("001_b"), make_events("001_b"), [])
    changed = make_doc(text=TEXT + " Pékin proteste.")
    assert changed.hash != make_doc().hash
    new = Event("000_a", 80, 96, "PROTEST", ["CHN"], [], trigger="protester")
    store.save_document(changed, [new], [ActorMention("CHN", "Pékin", 80, 85)])
    assert store.document_state("000_a") == changed.hash
    assert [e.type for e in store.events(doc="000_a")] == ["PROTEST"]
    assert [e.doc for e in store.events(actor="PRK")] == ["001_b"]  # no stale event_actors
    assert store.actor_mentions("000_a") == [ActorMention("CHN", "Pékin", 80, 85)]
    assert store.stats()["events"] == 3


def test_same_event_twice_is_stored_once(store: Store) -> None:
    events = make_events()
    store.save_document(make_doc(), [*events, *make_events()], [*make_actors(), *make_actors()])
    assert store.stats()["events"] == 2
    assert store.stats()["actors"] == 2


def test_event_of_another_document_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="belongs to document"):
        store.save_document(make_doc(), make_events("other"), [])
    assert store.stats()["documents"] == 0


def test_filters(store: Store) -> None:
    store.save_document(make_doc(), make_events(), [])
    store.save_document(make_doc("001_b"), [Event("001_b", 0, 5, "AID", ["IRN"], ["RUS"])], [])
    assert [(e.doc, e.type) for e in store.events(type="AID")] == [("000_a", "AID"), ("001_b", "AID")]
    assert [e.doc for e in store.events(actor="RUS")] == ["000_a", "000_a", "001_b"]  # source or target
    assert [e.doc for e in store.events(actor="irn")] == ["001_b"]
    assert [e.type for e in store.events(factuality="denied")] == ["REJECT"]
    assert [e.type for e in store.events(type="aid", actor="PRK", factuality="reported")] == ["AID"]
    assert list(store.events(doc="001_b", factuality="denied")) == []
    assert list(store.events(actor="USA")) == []


def test_events_are_ordered_by_document_then_start(store: Store) -> None:
    store.save_document(make_doc("002_c"), [Event("002_c", 9, 12, "AID", ["A"], ["B"])], [])
    store.save_document(make_doc(), list(reversed(make_events())), [])
    assert [(e.doc, e.start) for e in store.events()] == [("000_a", 6), ("000_a", 65), ("002_c", 9)]


def test_crash_inside_batch_rolls_back_only_the_uncommitted_part(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    store = Store(path)
    store.save_document(make_doc("000_a"), make_events("000_a"), [])  # committed
    with store.batch():
        store.save_document(make_doc("001_b"), make_events("001_b"), [])
    with pytest.raises(RuntimeError), store.batch():
        store.save_document(make_doc("002_c"), make_events("002_c"), [])
        store.record_failure("in/x.txt", "boom")
        raise RuntimeError("crash mid-batch")
    assert list(store.document_ids()) == ["000_a", "001_b"]
    assert store.stats()["failures"] == 0
    with Store(path) as other:  # what another process sees: only the commits
        assert list(other.document_ids()) == ["000_a", "001_b"]
        assert other.stats()["events"] == 4
    store.close()


def test_batch_is_not_visible_before_it_ends(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    with Store(path) as store, store.batch():
        store.save_document(make_doc(), make_events(), [])
        raw = sqlite3.connect(path)
        assert raw.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        raw.close()
    with Store(path) as store:
        assert store.stats()["documents"] == 1


def test_failed_document_inside_batch_rolls_back_alone(store: Store) -> None:
    broken = Event("001_b", 0, 5, None, ["A"], ["B"])  # type: ignore[arg-type]  # NOT NULL type
    with store.batch():
        store.save_document(make_doc("000_a"), make_events("000_a"), [])
        with pytest.raises(StoreError, match="NOT NULL"):
            store.save_document(make_doc("001_b"), [broken], [])
        store.save_document(make_doc("002_c"), make_events("002_c"), [])
    assert list(store.document_ids()) == ["000_a", "002_c"]


def test_record_failure_keeps_latest_and_is_cleared_by_save(store: Store) -> None:
    store.record_failure("in/000_a.txt", "empty file")
    store.record_failure("in/000_a.txt", "not French")
    store.record_failure("in/zzz.txt", "binary")
    assert [(p, r) for p, r, _ in store.failures()] == [
        ("in/000_a.txt", "not French"), ("in/zzz.txt", "binary"),
    ]
    store.save_document(make_doc("000_a", path="in/000_a.txt"), [], [])
    assert [p for p, _, _ in store.failures()] == ["in/zzz.txt"]
    assert store.stats()["failures"] == 1


def test_stories_cover_every_document_once(store: Store) -> None:
    for doc_id in ("000_a", "001_b", "002_c", "003_d"):
        store.save_document(make_doc(doc_id), make_events(doc_id), [])
    store.set_stories({"003_d": "s1", "000_a": "s1"})
    stories = list(store.stories())
    assert stories == [
        ("s1", ["000_a", "003_d"]), (default_story("001_b"), ["001_b"]), (default_story("002_c"), ["002_c"]),
    ]
    assert {e.doc: e.story for e in store.events()}["003_d"] == "s1"
    store.set_stories({"001_b": "s2"}, replace=True)
    assert sorted(d for _, docs in store.stories() for d in docs) == ["000_a", "001_b", "002_c", "003_d"]
    assert ("s2", ["001_b"]) in list(store.stories())
    assert {e.doc: e.story for e in store.events()}["001_b"] == "s2"
    assert {e.doc: e.story for e in store.events()}["003_d"] == default_story("003_d")  # forgotten
    with pytest.raises(StoreError, match="unknown document"):
        store.set_stories({"nope": "s9"})


def test_non_sqlite_file_gives_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("this is not a database, just text " * 100)
    with pytest.raises(StoreError, match="not an SQLite database") as info:
        Store(bad)
    assert info.value.path == str(bad)
    assert info.value.code == "E300"


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    raw = sqlite3.connect(other)
    raw.execute("CREATE TABLE documents (x)")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="not a recoupe one"):
        Store(other)


def test_newer_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="schema version 99"):
        Store(path)


def test_closed_store_raises_store_error(store: Store) -> None:
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        store.document_state("000_a")


def test_events_stream_lazily(store: Store) -> None:
    for i in range(30):
        doc_id = f"{i:03d}_x"
        events = [Event(doc_id, j, j + 1, "AID", ["A"], ["B"]) for j in range(40)]
        store.save_document(make_doc(doc_id), events, [])
    stream = store.events()
    assert next(stream).doc == "000_x"
    assert sum(1 for _ in stream) == 30 * 40 - 1


def test_process_killed_mid_batch_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "r.db"
    child = f"""
import os
from recoupe.records import Document, Event
from recoupe.store import Store
s = Store({str(path)!r})
for doc_id in ("000_a", "001_b"):
    s.save_document(Document.make(doc_id, "t"), [Event(doc_id, 0, 1, "AID", ["A"], ["B"])], [])
with s.batch():
    s.save_document(Document.make("002_c", "t"), [], [])
    os._exit(1)  # no rollback, no close: the process just dies
"""
    result = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    with Store(path) as store:
        assert list(store.document_ids()) == ["000_a", "001_b"]
        assert store.stats()["events"] == 2

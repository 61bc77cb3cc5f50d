"""The store on both back-ends (conftest.py): round trips, idempotent re-saves, filters, order,
transactions, read-only and missing stores, errors. The same tests, the same expectations."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from recoupe.errors import StoreError
from recoupe.records import ActorMention, Document, Event
from recoupe.store import SCHEMA_VERSION, Store, default_story

from .conftest import execute

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


def test_round_trip(store: Store) -> None:
    doc = make_doc()
    store.save_document(doc, make_events(), make_actors())
    assert list(store.documents()) == [doc]
    assert list(store.document_ids()) == ["000_a"]
    assert store.document_state("000_a") == doc.hash
    assert store.document_state("nope") is None
    want = make_events()
    for e in want:
        e.story = default_story("000_a")
    assert list(store.events()) == want
    assert store.actor_mentions("000_a") == make_actors()
    assert store.stats() == {
        "documents": 1, "events": 2, "actors": 2, "failures": 0, "stories": 1,
        "events:AID": 1, "events:REJECT": 1,
    }


def test_data_survives_reopening(db: str) -> None:
    with Store(db) as s:
        s.save_document(make_doc(), make_events(), make_actors())
    with Store(db) as s:  # the schema is there: opening writes nothing
        assert s.stats()["events"] == 2
        assert s.version == SCHEMA_VERSION


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
    store.save_document(make_doc(), [*make_events(), *make_events()], [*make_actors(), *make_actors()])
    assert store.stats()["events"] == 2
    assert store.stats()["actors"] == 2


def test_event_of_another_document_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="belongs to document"):
        store.save_document(make_doc(), make_events("other"), [])
    assert store.stats()["documents"] == 0


def test_nul_character_is_refused_on_both_backends(store: Store) -> None:
    # PostgreSQL text cannot hold U+0000: SQLite refuses it too, so both behave the same.
    with pytest.raises(StoreError, match="NUL") as info:
        store.save_document(make_doc("000_a", text="Titre\nUn\x00deux"), [], [])
    assert info.value.doc == "000_a"
    store.save_document(make_doc("001_b"), make_events("001_b"), [])  # the store goes on
    assert list(store.document_ids()) == ["001_b"]


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


def test_ids_sort_by_code_point_whatever_the_backend(store: Store) -> None:
    # A locale collation would put "000-b" before "000_a" and "Z" after "a": the exports would differ.
    ids = ["a", "Z", "000_a", "000-b", "000A", "éa", "ea", "a b", "~x"]
    for doc_id in ids:
        store.save_document(make_doc(doc_id), [Event(doc_id, 0, 1, "AID", ["A"], ["B"])], [])
    assert list(store.document_ids()) == sorted(ids)
    assert [e.doc for e in store.events()] == sorted(ids)
    assert [docs[0] for _, docs in store.stories()] == sorted(ids)


def test_crash_inside_batch_rolls_back_only_the_uncommitted_part(db: str) -> None:
    store = Store(db)
    store.save_document(make_doc("000_a"), make_events("000_a"), [])  # committed
    with store.batch():
        store.save_document(make_doc("001_b"), make_events("001_b"), [])
    with pytest.raises(RuntimeError), store.batch():
        store.save_document(make_doc("002_c"), make_events("002_c"), [])
        store.record_failure("in/x.txt", "boom")
        raise RuntimeError("crash mid-batch")
    assert list(store.document_ids()) == ["000_a", "001_b"]
    assert store.stats()["failures"] == 0
    with Store(db, readonly=True) as other:  # what another connection sees: only the commits
        assert list(other.document_ids()) == ["000_a", "001_b"]
        assert other.stats()["events"] == 4
    store.close()


def test_batch_is_not_visible_before_it_ends(db: str) -> None:
    with Store(db) as store:
        with store.batch():
            store.save_document(make_doc(), make_events(), [])
            assert store.stats()["documents"] == 1  # the batch reads its own writes
            with Store(db, readonly=True) as other:
                assert other.stats()["documents"] == 0
        with Store(db, readonly=True) as other:
            assert other.stats()["documents"] == 1


def test_failed_document_inside_batch_rolls_back_alone(store: Store) -> None:
    broken = Event("001_b", 0, 5, None, ["A"], ["B"])  # type: ignore[arg-type]  # NOT NULL type
    with store.batch():
        store.save_document(make_doc("000_a"), make_events("000_a"), [])
        with pytest.raises(StoreError, match=r"(?i)not.null"):
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
    assert list(store.stories()) == [
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


def test_closed_store_raises_store_error(store: Store) -> None:
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        store.document_state("000_a")


def test_events_stream_lazily(store: Store) -> None:
    with store.batch():
        for i in range(30):
            doc_id = f"{i:03d}_x"
            store.save_document(make_doc(doc_id), [Event(doc_id, j, j + 1, "AID", ["A"], ["B"]) for j in range(40)], [])
    stream = store.events()
    assert next(stream).doc == "000_x"
    assert store.stats()["documents"] == 30  # another read while the stream is open
    assert sum(1 for _ in stream) == 30 * 40 - 1


def test_newer_schema_version_is_refused(db: str) -> None:
    Store(db).close()
    execute(db, "UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        Store(db)
    with pytest.raises(StoreError, match="schema version 99"):
        Store(db, readonly=True)


# -- opening to read, and a store that is not there -------------------------------------------


def test_missing_store_is_an_error_unless_creating(db: str) -> None:
    for kwargs in ({"readonly": True}, {"create": False}):
        with pytest.raises(StoreError, match=r"no such database|no recoupe store") as info:
            Store(db, **kwargs)  # type: ignore[arg-type]
        assert info.value.code == "E300"
    if "://" not in db:
        assert not Path(db).exists() and not Path(db).parent.exists()  # a mistyped --db creates nothing
    with Store(db, create=True) as made:
        assert made.stats()["documents"] == 0


def test_read_only_store_reads_and_refuses_writes(db: str) -> None:
    with Store(db) as s:
        s.save_document(make_doc(), make_events(), make_actors())
    with Store(db, readonly=True) as reader:
        assert reader.stats()["events"] == 2
        with pytest.raises(StoreError, match="read-only"):
            reader.save_document(make_doc("001_b"), [], [])
        with pytest.raises(StoreError, match="read-only"):
            reader.record_failure("x.txt", "boom")
    with Store(db, readonly=True) as reader:
        assert list(reader.document_ids()) == ["000_a"]


def test_read_only_opening_of_an_empty_database_writes_no_schema(db: str) -> None:
    if "://" not in db:
        Path(db).parent.mkdir(parents=True)
        Path(db).touch()  # an empty file: a database without tables
    with pytest.raises(StoreError, match="no recoupe store"):
        Store(db, readonly=True)
    with pytest.raises(StoreError, match="no recoupe store"):
        Store(db, create=False)
    if "://" not in db:
        assert Path(db).stat().st_size == 0


# -- readers never wait, writers queue ----------------------------------------------------------


def test_readers_are_not_blocked_by_an_open_write_transaction(db: str) -> None:
    with Store(db) as writer:
        writer.save_document(make_doc(), make_events(), [])
        with writer.grouping():  # the most exclusive write transaction there is
            writer.save_document(make_doc("001_b"), make_events("001_b"), [])
            started = time.monotonic()
            with Store(db, readonly=True) as reader:
                assert list(reader.document_ids()) == ["000_a"]  # the last commit, at once
                assert reader.stats()["events"] == 2
            assert time.monotonic() - started < 5
        with Store(db, readonly=True) as reader:
            assert list(reader.document_ids()) == ["000_a", "001_b"]


def test_a_second_writer_waits_for_the_first_and_loses_nothing(db: str) -> None:
    Store(db).close()
    done: list[str] = []
    failed: list[BaseException] = []

    def second() -> None:
        try:
            with Store(db) as other:
                other.save_document(make_doc("001_b"), make_events("001_b"), [])
                done.append("001_b")
        except BaseException as exc:  # surfaced by the assertion below
            failed.append(exc)

    with Store(db) as first, first.grouping():
        first.save_document(make_doc("000_a"), make_events("000_a"), [])
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(1.0)
        assert thread.is_alive() and not done  # it waits for the lock...
    thread.join(30)
    assert not failed and done == ["001_b"]  # ...and goes in when it is released
    with Store(db, readonly=True) as reader:
        assert list(reader.document_ids()) == ["000_a", "001_b"]
        assert reader.stats()["events"] == 4


def test_two_writers_of_one_document_store_it_once(db: str) -> None:
    Store(db).close()
    errors: list[BaseException] = []

    def write(k: int) -> None:
        try:
            with Store(db) as s:
                for _ in range(10):
                    s.save_document(make_doc(text=TEXT + " Mis à jour." * k), make_events(), make_actors())
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in (1, 2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors
    with Store(db, readonly=True) as reader:
        stats = reader.stats()
        assert (stats["documents"], stats["events"], stats["actors"]) == (1, 2, 2)


def test_process_killed_mid_batch_loses_nothing_committed(db: str) -> None:
    child = f"""
import os
from recoupe.records import Document, Event
from recoupe.store import Store
s = Store({db!r})
for doc_id in ("000_a", "001_b"):
    s.save_document(Document.make(doc_id, "t"), [Event(doc_id, 0, 1, "AID", ["A"], ["B"])], [])
with s.batch():
    s.save_document(Document.make("002_c", "t"), [], [])
    os._exit(1)  # no rollback, no close: the process just dies
"""
    result = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    with Store(db) as store:
        assert list(store.document_ids()) == ["000_a", "001_b"]
        assert store.stats()["events"] == 2


def test_snapshot_reads_one_state_while_a_writer_commits(db: str) -> None:
    with Store(db) as writer:
        writer.save_document(make_doc(), make_events(), [])
        with Store(db, readonly=True) as reader, reader.snapshot():
            assert list(reader.document_ids()) == ["000_a"]
            writer.save_document(make_doc("001_b"), make_events("001_b"), [])  # committed meanwhile
            assert list(reader.document_ids()) == ["000_a"]
            assert reader.stats()["events"] == 2
        with Store(db, readonly=True) as reader:
            assert list(reader.document_ids()) == ["000_a", "001_b"]


def test_errors_name_the_store_once(db: str) -> None:
    with pytest.raises(StoreError) as info:
        Store(db, readonly=True)
    line = info.value.line()
    assert line.startswith(info.value.path + ": [E300] ") and line.count(info.value.path) == 1

"""Schema version 6 on both back-ends: an event keeps its rule, date, place and actor kinds (SPEC
section 5 extras) through the store, its id unchanged; `sourced_events` gives each its document's
title, outlet, date and URL; a version-5 store is read as it is by a read-only open (its events
without the new fields) and migrated by its first writer."""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pg_schemas import pg_engine
from sqlalchemy import Engine, create_engine, inspect

from recoupe.records import Document, DocumentHeader, Event
from recoupe.store import SCHEMA_VERSION, Store, default_story
from recoupe.store.actors import actor_counts
from recoupe.store.schema import EVENT_COLUMNS_V6

from .conftest import execute

TEXT = "Titre\nLa police a arrêté lundi à Paris cinquante manifestants. Kiev a reçu des obus."


def _doc() -> Document:
    return Document.make("a", TEXT, title="=Grève à Paris", outlet="Le Monde", url="https://example.org/a",
                         published="2024-03-14")


def _dated() -> Event:
    return Event("a", 6, 66, "COERCE", ["FRA"], ["FRA"], factuality="asserted", trigger="arrêter", trigger_start=19,
                 rule="verb:arrêter#0", source_kind=["police"], target_kind=["protesters"], date_text="lundi",
                 tense="past", date="2024-03-11", date_precision="day", place="à Paris", place_code="FRA")


def _bare() -> Event:
    """An event with none of the new fields: they keep their defaults."""
    return Event("a", 67, 88, "AID", [], ["UKR"], trigger="recevoir", trigger_start=72)


def _engine(db: str) -> Engine:
    return pg_engine(db) if "://" in db else create_engine(f"sqlite:///{db}")


def _event_columns(db: str) -> set[str]:
    engine = _engine(db)
    try:
        with engine.connect() as conn:
            return {c["name"] for c in inspect(conn).get_columns("events")}
    finally:
        engine.dispose()


def _stored(events: list[Event]) -> list[Event]:
    return [dataclasses.replace(e, story=default_story(e.doc)) for e in events]


def test_store_round_trip_keeps_date_place_kinds_and_rule(store: Store) -> None:
    store.save_document(_doc(), [_dated(), _bare()], [])
    assert list(store.events()) == _stored([_dated(), _bare()])
    dated = next(store.events(type="COERCE"))
    assert (dated.date, dated.date_precision, dated.date_text, dated.tense) == ("2024-03-11", "day", "lundi", "past")
    assert (dated.place, dated.place_code) == ("à Paris", "FRA")
    assert (dated.source_kind, dated.target_kind, dated.rule) == (["police"], ["protesters"], "verb:arrêter#0")


def test_store_round_trip_keeps_the_deterministic_id(store: Store) -> None:
    """The new fields are not part of an event's id: re-analysing with them changes no id."""
    plain = Event("a", 6, 66, "COERCE", ["FRA"], ["FRA"], factuality="asserted", trigger="arrêter", trigger_start=19)
    assert plain.id == _dated().id
    store.save_document(_doc(), [_dated()], [])
    assert [e.id for e in store.events()] == [plain.id]


def test_sourced_events_carry_their_document(store: Store) -> None:
    store.save_document(_doc(), [_dated(), _bare()], [])
    store.save_document(Document.make("b", "Titre\nRien."), [Event("b", 6, 11, "ACCUSE", ["USA"], [])], [])
    pairs = list(store.sourced_events())
    assert [e for e, _ in pairs] == list(store.events())
    assert [h for _, h in pairs] == [
        DocumentHeader("a", "=Grève à Paris", "Le Monde", "2024-03-14", "https://example.org/a"),
        DocumentHeader("a", "=Grève à Paris", "Le Monde", "2024-03-14", "https://example.org/a"),
        DocumentHeader("b", "", None, None, None),
    ]
    assert [h.id for _, h in store.sourced_events(actor="usa")] == ["b"]  # filtered as events() is


def _as_version_5(db: str) -> None:
    """The store as schema version 5 left it: events without the columns of version 6."""
    for name in EVENT_COLUMNS_V6:
        execute(db, f'ALTER TABLE events DROP COLUMN "{name}"')
    execute(db, "UPDATE meta SET value = '5' WHERE key = 'schema_version'")


def _state(db: str) -> object:
    if "://" not in db:
        return hashlib.sha256(Path(db).read_bytes()).hexdigest()
    return _event_columns(db)


def test_migration_from_version_5_reads_then_adds_the_event_columns(new_db: Callable[[], str]) -> None:
    db = new_db()
    with Store(db) as s:
        s.save_document(_doc(), [_dated()], [])
    _as_version_5(db)
    assert not set(EVENT_COLUMNS_V6) & _event_columns(db)
    before = _state(db)

    old = Event("a", 6, 66, "COERCE", ["FRA"], ["FRA"], factuality="asserted", trigger="arrêter", trigger_start=19)
    with Store(db, readonly=True) as reader:  # reads without migrating: events without the new fields
        assert reader.version == 5
        assert list(reader.events()) == _stored([old])
        assert [h.outlet for _, h in reader.sourced_events()] == ["Le Monde"]
        fra = actor_counts(reader)["FRA"]  # counted, without kinds
        assert (fra.events, fra.source, fra.target, fra.kinds) == (1, 1, 1, Counter())
    assert _state(db) == before  # a read-only open writes nothing

    with Store(db) as writer:
        assert writer.version == SCHEMA_VERSION == 6
        assert set(EVENT_COLUMNS_V6) <= _event_columns(db)
        assert list(writer.events()) == _stored([old])  # stored before: the defaults, until re-analysed
        writer.save_document(_doc(), [_dated(), _bare()], [])
        assert list(writer.events()) == _stored([_dated(), _bare()])
    with Store(db) as again:  # migrated once
        assert again.version == SCHEMA_VERSION
        assert [e.place_code for e in again.events()] == ["FRA", None]

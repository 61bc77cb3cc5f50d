"""Schema version 5 on both back-ends: a claim keeps its mode (act, intended, requested), a
fingerprint its text date as a column, the story list counts distinct actors; an older store is
read as it is by a read-only open (which writes nothing) and migrated by its first writer, which
marks the stories whose claims were merged without modes for a rebuild."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from pg_schemas import pg_engine
from sqlalchemy import Engine, create_engine, inspect, text

from recoupe.claims.records import Claim, Mention
from recoupe.records import ActorMention, Document, Event
from recoupe.store import SCHEMA_VERSION, Store
from recoupe.stories.records import DocFeatures

from .conftest import execute

TEXT = "Titre\nHun Sen a demandé à la Thaïlande de retirer ses troupes mercredi 2 juillet."


def _engine(db: str) -> Engine:
    return pg_engine(db) if "://" in db else create_engine(f"sqlite:///{db}")


def _read(db: str, sql: str) -> list[tuple[object, ...]]:
    """Rows of one query, read outside recoupe."""
    engine = _engine(db)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def _columns(db: str, table: str) -> set[str]:
    engine = _engine(db)
    try:
        with engine.connect() as conn:
            return {c["name"] for c in inspect(conn).get_columns(table)}
    finally:
        engine.dispose()


def _claim(story: str, mode: str, event: str = "e1") -> Claim:
    mention = Mention(event=event, doc="a", outlet="Le Monde", start=6, end=70, factuality="asserted",
                      speaker=None, object="troupes", evidence="retirer ses troupes", published=None,
                      trigger="retirer")
    return Claim(id=f"c-{mode}", story=story, type="RETREAT", source=["THA"], target=["KHM"],
                 objects=["troupes"], mentions=[mention], mode=mode)


def _fill(store: Store) -> str:
    """One document with two actors (three mentions), a dated fingerprint, and two claims."""
    doc = Document.make("a", TEXT, title="Titre", outlet="Le Monde")
    events = [Event("a", 6, 70, "RETREAT", ["THA"], ["KHM"], trigger="retirer", trigger_start=45)]
    actors = [ActorMention("KHM", "Hun Sen", 6, 13, "person"), ActorMention("THA", "la Thaïlande", 26, 38),
              ActorMention("THA", "Thaïlande", 29, 38)]
    store.save_analysed(doc, events, actors, DocFeatures("a", {"troupe": 1}, text_date="--07-02"))
    store.save_analysed(Document.make("b", "Titre\nRien de daté."), [], [], DocFeatures("b", {"rien": 1}))
    story = "s1"
    store.set_stories({"a": story, "b": story})
    store.replace_claims(story, [_claim(story, "requested"), _claim(story, "act", "e2")])
    return story


def test_a_claim_keeps_its_mode_and_its_label_says_so(db: str) -> None:
    with Store(db) as store:
        story = _fill(store)
        claims = {c.mode: c for c in store.claims(story=story)}
    assert set(claims) == {"act", "requested"}
    assert claims["requested"].label == "THA RETREAT KHM (troupes), requested"
    assert claims["act"].label == "THA RETREAT KHM (troupes)"
    assert _read(db, "SELECT mode, label FROM claims ORDER BY id") == [
        ("act", "THA RETREAT KHM (troupes)"), ("requested", "THA RETREAT KHM (troupes), requested")]


def test_text_dates_are_read_without_the_fingerprints(store: Store) -> None:
    _fill(store)
    assert store.text_dates() == {"a": "--07-02"}  # "b" gives no date: no entry


def test_actors_are_counted_as_mentions_and_as_distinct_actors(store: Store) -> None:
    _fill(store)
    assert store.stats()["actors"] == 3
    assert store.distinct_actors() == 2


def test_stories_of_names_only_placed_documents(store: Store) -> None:
    _fill(store)
    store.save_analysed(Document.make("c", "Titre\nAutre chose."), [], [], DocFeatures("c", {"autre": 1}))
    assert store.stories_of(["a", "c", "nope"]) == {"a": "s1"}


def _as_version_4(db: str) -> None:
    """The store as schema version 4 left it: no mode, no text date column."""
    execute(db, "ALTER TABLE claims DROP COLUMN mode")
    execute(db, "ALTER TABLE doc_features DROP COLUMN text_date")
    execute(db, "DELETE FROM stale_stories")
    execute(db, "UPDATE meta SET value = '4' WHERE key = 'schema_version'")


def _state(db: str) -> object:
    """What a read-only open must leave as it was: the file's bytes, or the tables' columns and rows."""
    if "://" not in db:
        return hashlib.sha256(Path(db).read_bytes()).hexdigest()
    return (_columns(db, "claims"), _columns(db, "doc_features"), _read(db, "SELECT * FROM meta"),
            _read(db, "SELECT * FROM stale_stories"))


def test_a_version_4_store_is_read_as_it_is_and_migrated_by_its_first_writer(new_db: Callable[[], str]) -> None:
    db = new_db()
    with Store(db) as s:
        story = _fill(s)
    _as_version_4(db)
    before = _state(db)

    with Store(db, readonly=True) as reader:  # reads without migrating: every claim an act
        assert reader.version == 4
        assert sorted(c.mode for c in reader.claims()) == ["act", "act"]
        assert reader.text_dates() == {"a": "--07-02"}  # from the fingerprints' JSON
        assert reader.distinct_actors() == 2
    assert _state(db) == before  # a read-only open writes nothing

    with Store(db) as writer:
        assert writer.version == SCHEMA_VERSION
        assert {"mode"} <= _columns(db, "claims") and {"text_date"} <= _columns(db, "doc_features")
        assert writer.text_dates() == {"a": "--07-02"}  # the column, filled from the JSON
        assert sorted(c.mode for c in writer.claims()) == ["act", "act"]
        # its claims were merged without modes: the next grouping pass rebuilds them
        assert writer.stale_stories() == [story]
        writer.replace_claims(story, [_claim(story, "intended")])
        assert [c.mode for c in writer.claims()] == ["intended"]
    with Store(db) as again:  # migrated once
        assert again.version == SCHEMA_VERSION and again.stale_stories() == []

"""A small store for the web tests: one story told by three outlets (one a wire copy of
another), a contested claim, a one-article story, and hostile text in every field a page shows.

The API and page tests run on both back-ends, as the store tests do (tests/pg_schemas.py): the
store is built once per module in a SQLite file and, when RECOUPE_TEST_PG names a server, in a
PostgreSQL schema; the same tests expect the same answers from both."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pg_schemas import BACKENDS, Schemas, pg_server

from recoupe.claims.merge import merge_claims
from recoupe.records import ActorMention, Document, Event
from recoupe.store import Store
from recoupe.web.app import create_app

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
STORY = "s-obus"

KIRBY = ("Obus nord-coréens pour Moscou\n"
         "La Corée du Nord fournit des obus d'artillerie à la Russie, selon John Kirby.\n"
         "Le Japon accuse la Corée du Nord de violer les sanctions.")
WIRE = ("Obus nord-coréens pour Moscou\n"
        "La Corée du Nord fournit des obus d'artillerie à la Russie, selon John Kirby.\n"
        "Le Japon accuse la Corée du Nord de violer les sanctions, a ajouté Tokyo.")
DENIAL = ("Pyongyang dément\n"
          "La Corée du Nord ne fournit aucune arme à la Russie, a déclaré le ministère nord-coréen.\n"
          + HOSTILE)
OTHER = "Grève à Paris\nLes syndicats manifestent contre la réforme."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _event(doc: str, text: str, part: str, etype: str, source: list[str], target: list[str], **kw: object) -> Event:
    start, end = _span(text, part)
    return Event(doc, start, end, etype, source, target, evidence=part, trigger_start=start, **kw)  # type: ignore[arg-type]


def _wide_story(store: Store, outlets: int) -> None:
    """One claim told by `outlets` outlets: the grid must stay readable that wide."""
    docs = []
    for k in range(outlets):
        text = f"Sommet à Pékin\nLa Chine soutient la Russie, a écrit le journal numéro {k}."
        doc = Document.make(f"w{k:02d}", text, title="Sommet à Pékin", outlet=f"Journal régional numéro {k:02d}",
                            url=f"https://journal{k}.example/sommet", published=f"2024-06-{1 + k % 20:02d}")
        store.save_document(doc, [_event(doc.id, text, "La Chine soutient la Russie", "SUPPORT", ["CHN"], ["RUS"],
                                         factuality="possible" if k % 3 else "asserted")], [])
        docs.append(doc)
    store.set_stories({d.id: "s-wide" for d in docs})
    evs = [e for d in docs for e in store.events(doc=d.id)]
    store.replace_claims("s-wide", merge_claims("s-wide", evs, {d.id: d for d in docs}))


def build(path: str | Path, *, wide: int = 0) -> str:
    """Write the test store at `path` (a SQLite file or a postgresql:// URL)."""
    docs = [
        Document.make("d1", KIRBY, title="Obus nord-coréens pour Moscou", outlet="Le Monde",
                      url="https://lemonde.example/obus", published="2024-03-01"),
        Document.make("d2", WIRE, title="Obus nord-coréens pour Moscou", outlet="Le Figaro",
                      url="https://lefigaro.example/obus", published="2024-03-01"),
        Document.make("d3", DENIAL, title="Pyongyang dément " + HOSTILE, outlet="Outlet " + HOSTILE,
                      url="javascript:alert(1)", published="2024-03-02"),
        Document.make("d4", OTHER, title="Grève à Paris", outlet="Le Monde", url="https://lemonde.example/greve",
                      published="2024-05-10"),
    ]
    events = {
        "d1": [_event("d1", KIRBY, "La Corée du Nord fournit des obus d'artillerie à la Russie", "AID", ["PRK"],
                      ["RUS"], object="obus d'artillerie", factuality="reported", speaker="John Kirby",
                      context="military"),
               _event("d1", KIRBY, "Le Japon accuse la Corée du Nord", "ACCUSE", ["JPN"], ["PRK"])],
        "d2": [_event("d2", WIRE, "La Corée du Nord fournit des obus d'artillerie à la Russie", "AID", ["PRK"],
                      ["RUS"], object="obus d'artillerie", factuality="reported", speaker="John Kirby",
                      context="military"),
               _event("d2", WIRE, "Le Japon accuse la Corée du Nord", "ACCUSE", ["JPN"], ["PRK"])],
        "d3": [_event("d3", DENIAL, "La Corée du Nord ne fournit aucune arme à la Russie", "AID", ["PRK"], ["RUS"],
                      object="arme", factuality="denied", speaker="=HYPERLINK(\"http://x\") " + HOSTILE,
                      context="military")],
        "d4": [_event("d4", OTHER, "Les syndicats manifestent contre la réforme", "PROTEST", ["FRA"], ["FRA"])],
    }
    actors = {
        "d1": [ActorMention("PRK", "La Corée du Nord", *_span(KIRBY, "La Corée du Nord"), "state"),
               ActorMention("RUS", "la Russie", *_span(KIRBY, "la Russie"), "state")],
        "d3": [ActorMention("PRK", "La Corée du Nord", *_span(DENIAL, "La Corée du Nord"), "state")],
    }
    with Store(path) as store:
        for d in docs:
            store.save_document(d, events[d.id], actors.get(d.id, []))
        store.set_stories({"d1": STORY, "d2": STORY, "d3": STORY, "d4": "s-greve"})
        store.set_duplicates({"d2": "d1"})
        by_id = {d.id: d for d in docs}
        for story, ids in ((STORY, ["d1", "d2", "d3"]), ("s-greve", ["d4"])):
            evs = [e for i in ids for e in store.events(doc=i)]
            store.replace_claims(story, merge_claims(story, evs, {i: by_id[i] for i in ids}))
        if wide:
            _wide_story(store, wide)
    return str(path)


@pytest.fixture(scope="module", params=BACKENDS)
def db_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test store on one back-end: a SQLite file, or a PostgreSQL URL (a schema of its own)."""
    if request.param == "sqlite":
        yield build(tmp_path_factory.mktemp("web") / "web.db")
        return
    schemas = Schemas(pg_server())
    try:
        yield build(schemas.make())
    finally:
        schemas.drop()


@pytest.fixture(scope="module")
def client(db_path: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_path)) as c:
        yield c

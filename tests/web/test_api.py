"""The JSON API (FastAPI's test client): lists paginated with totals, the pages' filters, the
story comparison, claims counted by independent outlets, and downloads of exactly the filter."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from .conftest import HOSTILE, STORY

LISTS = ("/api/stories", "/api/events", "/api/outlets")


def test_stories_list_several_outlets_first_with_counts(client: TestClient) -> None:
    body = client.get("/api/stories").json()
    assert body["total"] == 2 and [s["story"] for s in body["items"]] == [STORY, "s-greve"]
    first = body["items"][0]
    assert (first["docs"], first["outlets"], first["claims"], first["contested"]) == (3, 3, 2, 1)
    assert (first["first"], first["last"]) == ("2024-03-01", "2024-03-02")
    assert first["title"] == "Obus nord-coréens pour Moscou" and first["url"] == f"/stories/{STORY}"


@pytest.mark.parametrize("path", LISTS)
def test_every_list_is_paginated_with_its_total(client: TestClient, path: str) -> None:
    full = client.get(path, params={"limit": 500}).json()
    assert full["total"] == len(full["items"]) > 0
    pages = [client.get(path, params={"limit": 1, "offset": k}).json() for k in range(full["total"] + 1)]
    assert all(p["total"] == full["total"] and p["limit"] == 1 for p in pages)
    assert [p["items"][0] for p in pages[:-1]] == full["items"] and pages[-1]["items"] == []
    assert client.get(path, params={"limit": 0}).status_code == 422
    assert client.get(path, params={"limit": 501}).status_code == 422


@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "réforme"}, ["s-greve"]),
    ({"q": "obus Kirby"}, [STORY]),
    ({"q": "absent-word"}, []),
    ({"actor": "JPN"}, [STORY]),
    ({"actor": "Corée du Nord"}, [STORY]),  # by name, through the gazetteer
    ({"actor": "Pyongyang"}, [STORY]),
    ({"actor": "nobody-known"}, []),  # an actor that resolves to nothing selects nothing
    ({"type": "PROTEST"}, ["s-greve"]),
    ({"type": "aid"}, [STORY]),
    ({"date_from": "2024-04-01"}, ["s-greve"]),
    ({"date_to": "2024-03-01"}, [STORY]),
    ({"multi": "true"}, [STORY]),
])
def test_story_search_by_words_actor_type_and_dates(client: TestClient, params: dict[str, str],
                                                     expected: list[str]) -> None:
    body = client.get("/api/stories", params=params).json()
    assert [s["story"] for s in body["items"]] == expected and body["total"] == len(expected)


def test_bad_filters_are_a_clear_400(client: TestClient) -> None:
    r = client.get("/api/stories", params={"type": "NOPE"})
    assert r.status_code == 400 and "unknown type 'NOPE'" in r.json()["detail"]
    r = client.get("/api/events", params={"date_from": "March"})
    assert r.status_code == 400 and "not a date" in r.json()["detail"]


def test_story_comparison_puts_contested_claims_first(client: TestClient) -> None:
    body = client.get(f"/api/stories/{STORY}").json()
    claims = body["claim_items"]
    assert [c["status"] for c in claims] == ["contested", "single"]
    aid = claims[0]
    assert aid["sentence"] == "La Corée du Nord fournit des obus d'artillerie à la Russie — selon John Kirby"
    assert aid["code"] == "PRK AID RUS (obus d'artillerie)"
    assert aid["cells"]["Le Monde"] == "reported" and aid["cells"]["Outlet " + HOSTILE] == "denied"
    assert "selon John Kirby" in aid["evidence"]["Le Monde"]
    docs = {d["id"]: d for d in body["documents"]}
    assert docs["d2"]["copy_of"] == "d1" and docs["d3"]["url"] is None  # javascript: is no link
    views = {v["outlet"]: v for v in body["views"]}
    assert views["Le Figaro"]["copies_of"] == ["d1"]
    assert body["claims"] == {"total": 2, "limit": 100, "offset": 0}
    assert client.get(f"/api/stories/{STORY}", params={"limit": 1, "offset": 1}).json()["claim_items"][0]["id"] \
        == claims[1]["id"]


def test_claim_counts_wire_copies_once(client: TestClient) -> None:
    story = client.get(f"/api/stories/{STORY}").json()
    aid, accuse = story["claim_items"]
    body = client.get(f"/api/claims/{accuse['id']}").json()
    assert body["independent_outlets"] == 1 and sorted(body["outlets"]) == ["Le Figaro", "Le Monde"]
    assert [m["copy_of"] for m in body["mention_items"]] == [None, "d1"]
    body = client.get(f"/api/claims/{aid['id']}").json()
    assert body["status"] == "contested" and body["independent_outlets"] == 2
    denial = next(m for m in body["mention_items"] if m["factuality"] == "denied")
    assert denial["sentence"].startswith("La Corée du Nord ne fournit pas d'arme à la Russie — selon")
    assert denial["evidence"] == "La Corée du Nord ne fournit aucune arme à la Russie"


def test_document_and_actor(client: TestClient) -> None:
    doc = client.get("/api/documents/d1").json()
    assert doc["story"] == STORY and doc["events"]["total"] == 2 and doc["text"].startswith("Obus")
    actor = client.get("/api/actors/PRK").json()
    assert (actor["name"], actor["kind"], actor["as_source"], actor["as_target"]) == ("Corée du Nord", "state", 3, 2)
    graph = client.get("/api/actors/PRK/graph").json()
    edges = {(e["source"], e["target"], e["type"], e["firm"]): e["mentions"] for e in graph["edges"]}
    assert edges == {("PRK", "RUS", "AID", True): 2, ("PRK", "RUS", "AID", False): 1, ("JPN", "PRK", "ACCUSE", True): 2}
    assert client.get("/api/actors/PRK/graph", params={"factuality": "denied"}).json()["events"] == 1
    assert client.get("/api/actors/PRK/graph", params={"date_from": "2024-03-02"}).json()["events"] == 1


@pytest.mark.parametrize(("params", "total"), [
    ({}, 6), ({"type": "AID"}, 3), ({"actor": "PRK"}, 5), ({"actor": "Russie"}, 3), ({"factuality": "denied"}, 1),
    ({"speaker": "kirby"}, 2), ({"outlet": "Le Monde"}, 3), ({"date_from": "2024-03-02", "date_to": "2024-03-02"}, 1),
    ({"story": STORY}, 5), ({"doc": "d4"}, 1), ({"type": "AID", "outlet": "Le Figaro"}, 1),
])
def test_event_filters(client: TestClient, params: dict[str, str], total: int) -> None:
    body = client.get("/api/events", params=params).json()
    assert body["total"] == total == len(body["items"])


@pytest.mark.parametrize("params", [
    {}, {"type": "AID"}, {"actor": "PRK"}, {"factuality": "denied"}, {"speaker": "KIRBY"}, {"outlet": "Le Monde"},
    {"date_from": "2024-03-02"}, {"date_to": "2024-03-01"}, {"story": STORY}, {"doc": "d2"},
    {"actor": "PRK", "type": "ACCUSE", "outlet": "Le Figaro"},
])
def test_the_event_index_selects_what_the_sql_selects(client: TestClient, params: dict[str, str]) -> None:
    """eventindex.py answers the listings from memory; queries.py's SQL is the reference."""
    from recoupe.web import eventindex, queries
    from recoupe.web.filters import event_filter

    db = client.app.state.db  # type: ignore[attr-defined]
    f, _ = event_filter(db, **params)
    page = queries.Page(limit=500)
    assert [e.id for e in eventindex.events(db, f, page)] == [e.id for e in queries.events(db, f, page)]
    assert eventindex.count(db, f) == queries.count_events(db, f)


def test_events_are_newest_first(client: TestClient) -> None:
    dates = [e["published"] for e in client.get("/api/events").json()["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("params", [{}, {"type": "AID"}, {"actor": "PRK", "factuality": "reported"}])
def test_downloads_hold_exactly_what_is_filtered(client: TestClient, params: dict[str, str]) -> None:
    listed = [e["id"] for e in client.get("/api/events", params={**params, "limit": 500}).json()["items"]]
    r = client.get("/api/events.jsonl", params=params)
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line)["id"] for line in r.text.splitlines()] == listed
    r = client.get("/api/events.csv", params=params)
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["id"] for row in rows] == listed


def test_csv_cells_are_never_formulas(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/api/events.csv", params={"factuality": "denied"}).text)))
    assert rows[0]["speaker"].startswith("'=HYPERLINK")
    assert rows[0]["url"] == ""  # the javascript: address is not exported as a link either


def test_openapi_schema_describes_every_endpoint(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/stories", "/api/stories/{story}", "/api/claims/{claim}", "/api/documents/{doc}",
                 "/api/events", "/api/events.csv", "/api/events.jsonl", "/api/actors/{code}",
                 "/api/actors/{code}/graph", "/api/outlets"):
        assert path in paths, path
    for path in LISTS:
        names = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert {"limit", "offset"} <= names
    assert not any(p.startswith("/stories") or p == "/" for p in paths)  # the HTML pages are not API


def test_unknown_ids_are_404_json(client: TestClient) -> None:
    for path in ("/api/stories/nope", "/api/claims/nope", "/api/documents/nope", "/api/actors/NOPE"):
        r = client.get(path)
        assert r.status_code == 404 and "detail" in r.json()


def test_the_server_cannot_write_the_store(client: TestClient) -> None:
    """Read-only on both back-ends: SQLite's mode=ro, PostgreSQL's read-only transactions."""
    from sqlalchemy import delete

    from recoupe.errors import StoreError
    from recoupe.store import tables

    db = client.app.state.db  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match=r"readonly|read-only|attempt to write"):
        db.rows(delete(tables.documents))
    assert client.get("/api/stories").json()["total"] == 2

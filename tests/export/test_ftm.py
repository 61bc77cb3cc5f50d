"""FollowTheMoney export: valid entities of the expected schemata, stable ids, links by id."""

from __future__ import annotations

import builtins
import io
import json
from typing import Any

import pytest

from recoupe.errors import RecoupeError
from recoupe.export.ftm import ExportDependencyError, write_ftm
from recoupe.records import Document, Event

DOCS = [
    Document.make("000_a", "Titre\nSelon Kirby, la Corée du Nord livre des obus à Moscou.", title="Titre",
                  outlet="Le Monde", url="https://www.lemonde.fr/a", published="2024-01-03", language="fr",
                  path="/data/000_a.txt"),
    Document.make("001_b", "Veto\nMoscou oppose son veto.", title="Veto"),
]
EVENTS = [
    Event("000_a", 6, 60, "AID", ["PRK"], ["RUS"], context="military", object="obus", factuality="reported",
          speaker="John Kirby", evidence="la Corée du Nord livre des obus à Moscou"),
    Event("000_a", 6, 60, "COOPERATE", ["PRK", "RUS"], ["PRK", "RUS"]),
    Event("001_b", 5, 24, "REJECT", ["RUS"], ["UNSC"], context="diplomatic"),
    Event("zzz", 0, 5, "ACCUSE", ["HAMAS"], ["SOME_NAME"]),  # a document not exported
]


def export() -> list[dict[str, Any]]:
    out = io.StringIO()
    count = write_ftm(EVENTS, DOCS, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(rows)
    return rows


def test_entities_are_valid_followthemoney() -> None:
    ftm = pytest.importorskip("followthemoney")
    rows = export()
    for row in rows:
        proxy = ftm.model.get_proxy(row)  # raises on an unknown schema or property
        assert proxy.id == row["id"]
        assert not [p.name for p in proxy.schema.required if not proxy.get(p)], row
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    # every entity reference points at an entity of the export
    for row in rows:
        schema = ftm.model.get(row["schema"])
        for name, values in row["properties"].items():
            if schema.get(name).type.name == "entity":
                assert set(values) <= set(ids), (row["schema"], name)


def test_mapping() -> None:
    pytest.importorskip("followthemoney")
    rows = export()
    by_schema: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_schema.setdefault(row["schema"], []).append(row)
    assert {k: len(v) for k, v in by_schema.items()} == {
        "Article": 2, "PublicBody": 2, "Organization": 2, "LegalEntity": 1, "Event": 4, "UnknownLink": 5,
    }
    article = by_schema["Article"][0]["properties"]
    assert article["title"] == ["Titre"] and article["publisher"] == ["Le Monde"]
    assert article["publishedAt"] == ["2024-01-03"] and article["sourceUrl"] == ["https://www.lemonde.fr/a"]
    assert article["language"] == ["fra"] and article["fileName"] == ["000_a.txt"]
    states = {r["properties"]["abbreviation"][0]: r for r in by_schema["PublicBody"]}
    assert states["PRK"]["properties"]["country"] == ["kp"] and states["RUS"]["properties"]["name"] == ["Russie"]
    bodies = {r["properties"]["abbreviation"][0] for r in by_schema["Organization"]}
    assert bodies == {"UNSC", "HAMAS"}

    aid = next(r for r in by_schema["Event"] if "AID" in r["properties"]["keywords"])["properties"]
    assert aid["name"] == ["PRK AID RUS (obus)"]
    assert aid["organizer"] == [states["PRK"]["id"]] and aid["involved"] == [states["RUS"]["id"]]
    assert aid["proof"] == [by_schema["Article"][0]["id"]] and aid["date"] == ["2024-01-03"]
    assert aid["namesMentioned"] == ["John Kirby"] and aid["summary"] == [EVENTS[0].evidence]
    assert aid["recordId"] == [EVENTS[0].id]

    links = [(r["properties"]["subject"][0], r["properties"]["object"][0], r["properties"]["role"][0])
             for r in by_schema["UnknownLink"]]
    prk, rus = states["PRK"]["id"], states["RUS"]["id"]
    assert (prk, rus, "AID/military") in links
    assert (prk, rus, "COOPERATE") in links and (rus, prk, "COOPERATE") in links
    assert all(subject != obj for subject, obj, _ in links)  # reciprocal events make no self-links
    orphan = next(r for r in by_schema["Event"] if "ACCUSE" in r["properties"]["keywords"])
    assert "proof" not in orphan["properties"]


def test_ids_are_stable_across_runs() -> None:
    pytest.importorskip("followthemoney")
    first = [row["id"] for row in export()]
    assert first == [row["id"] for row in export()]


def test_missing_extra_is_a_clear_recoupe_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_ftm(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "followthemoney" or name.startswith("followthemoney."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ftm)
    with pytest.raises(ExportDependencyError, match=r"recoupe\[ftm\]") as info:
        write_ftm(EVENTS, DOCS, io.StringIO())
    assert isinstance(info.value, RecoupeError) and info.value.line().startswith("-: [E500]")

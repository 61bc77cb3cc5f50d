"""Event export: JSON lines per SPEC section 5, CSV with the same columns."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from recoupe.export import EVENT_COLUMNS, write_events
from recoupe.records import Document, Event
from recoupe.store import Store

SPEC_FIELDS = {"doc", "start", "end", "type", "context", "source", "target", "object", "factuality",
               "speaker", "claim"}
LINE_COLUMNS = ("id", "doc", "start", "end", "type", "context", "source", "target", "object", "transit",
                "factuality", "speaker", "claim")


def test_jsonl_lines_parse_and_carry_the_spec_fields(store: Store) -> None:
    out = io.StringIO()
    assert write_events(store, out) == 3
    text = out.getvalue()
    rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == 3
    assert all(row.keys() >= SPEC_FIELDS for row in rows)
    first = rows[0]
    assert (first["doc"], first["start"], first["end"], first["type"]) == ("000_a", 6, 47, "AID")
    assert (first["source"], first["target"], first["transit"]) == (["PRK"], ["RUS"], ["CHN", "IRN"])
    assert first["speaker"] == "John Kirby" and first["claim"] == first["id"]
    assert rows[1]["claim"] == "c17"
    assert [r["doc"] for r in rows] == ["000_a", "000_a", "001_b"]


def test_jsonl_is_utf8_without_escapes(store: Store) -> None:
    out = io.StringIO()
    write_events(store, out, doc="000_a")
    assert "à Moscou" in out.getvalue() and "\\u" not in out.getvalue()


def test_csv_has_the_same_columns_and_joins_lists(store: Store) -> None:
    out = io.StringIO()
    assert write_events(store, out, format="csv") == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0].keys()) == EVENT_COLUMNS
    assert len(rows) == 3
    assert rows[0]["transit"] == "CHN;IRN"
    assert rows[1]["target"] == "PRK;RUS"
    assert rows[1]["context"] == ""  # None is an empty cell
    assert rows[0]["start"] == "6"


def test_csv_of_nothing_still_has_a_header(store: Store) -> None:
    out = io.StringIO()
    assert write_events(store, out, format="CSV", type="ASSAULT") == 0
    assert next(csv.reader(io.StringIO(out.getvalue()))) == list(EVENT_COLUMNS)


def test_filters_pass_through(store: Store) -> None:
    def docs(**filters: str) -> list[tuple[str, str]]:
        out = io.StringIO()
        write_events(store, out, **filters)
        return [(r["doc"], r["type"]) for r in map(json.loads, out.getvalue().splitlines())]

    assert docs(type="AID") == [("000_a", "AID"), ("001_b", "AID")]
    assert docs(actor="USA") == [("000_a", "ACCUSE")]
    assert docs(factuality="denied") == [("001_b", "AID")]
    assert docs(type="AID", actor="RUS", factuality="reported") == [("000_a", "AID")]


def test_unknown_format_is_a_value_error(store: Store) -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match=r"unknown export format 'xml'.*jsonl, csv"):
        write_events(store, out, format="xml")
    assert out.getvalue() == ""


DOCUMENT_FIELDS = ("title", "outlet", "published", "url")
EVENT_EXTRAS = ("date", "date_precision", "date_text", "place", "place_code", "source_kind", "target_kind")


@pytest.fixture
def sourced(tmp_path: Path) -> Iterator[Store]:
    """One dated, placed event of a document with a hostile title (a spreadsheet formula)."""
    s = Store(tmp_path / "sourced.db")
    doc = Document.make("d", "Titre\nLa police a arrêté lundi à Paris des manifestants.", title="=HYPERLINK(\"x\")",
                        outlet="@Le Monde", url="https://example.org/d", published="2024-03-14")
    s.save_document(doc, [
        Event("d", 6, 55, "COERCE", ["FRA"], ["FRA"], trigger="arrêter", trigger_start=19,
              source_kind=["police"], target_kind=["protesters"], date_text="lundi", date="2024-03-11",
              date_precision="day", place="à Paris", place_code="FRA", rule="verb:arrêter#0"),
    ], [])
    yield s
    s.close()


def test_export_columns_carry_the_document_and_the_new_fields(sourced: Store) -> None:
    """SPEC section 5 extras: the line fields first, as they were, then date, place, kinds and the document."""
    assert EVENT_COLUMNS[:len(LINE_COLUMNS)] == LINE_COLUMNS
    assert set(DOCUMENT_FIELDS + EVENT_EXTRAS) <= set(EVENT_COLUMNS)
    out = io.StringIO()
    assert write_events(sourced, out) == 1
    row = json.loads(out.getvalue())
    assert tuple(row) == EVENT_COLUMNS
    assert {k: row[k] for k in DOCUMENT_FIELDS} == {
        "title": "=HYPERLINK(\"x\")", "outlet": "@Le Monde", "published": "2024-03-14", "url": "https://example.org/d"}
    assert {k: row[k] for k in EVENT_EXTRAS} == {
        "date": "2024-03-11", "date_precision": "day", "date_text": "lundi", "place": "à Paris", "place_code": "FRA",
        "source_kind": ["police"], "target_kind": ["protesters"]}


def test_export_columns_in_csv_are_formula_safe(sourced: Store) -> None:
    out = io.StringIO()
    assert write_events(sourced, out, format="csv") == 1
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["title"] == "'=HYPERLINK(\"x\")" and row["outlet"] == "'@Le Monde"  # read as text, not run
    assert (row["date"], row["place_code"], row["source_kind"], row["target_kind"]) == (
        "2024-03-11", "FRA", "police", "protesters")
    assert row["url"] == "https://example.org/d" and row["published"] == "2024-03-14"


def test_export_of_a_document_without_metadata_has_empty_document_fields(store: Store) -> None:
    out = io.StringIO()
    write_events(store, out, doc="001_b")
    row = json.loads(out.getvalue())
    assert (row["title"], row["outlet"], row["published"], row["url"]) == ("", None, None, None)
    assert (row["date"], row["source_kind"]) == (None, [])

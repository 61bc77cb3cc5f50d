"""Story export: every stored document in exactly one story (SPEC section 5)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from recoupe.export import write_events, write_stories
from recoupe.store import Store


def stories_of(store: Store) -> list[dict[str, object]]:
    out = io.StringIO()
    count = write_stories(store, out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(rows)
    return rows


def test_every_document_is_in_exactly_one_story(store: Store) -> None:
    rows = stories_of(store)
    assert all(set(row) == {"story", "docs"} for row in rows)
    docs = [d for row in rows for d in row["docs"]]  # type: ignore[attr-defined]
    assert sorted(docs) == sorted(set(docs)) == ["000_a", "001_b", "002_c"]
    assert len({row["story"] for row in rows}) == len(rows) == 3  # no clustering yet: singletons


def test_assigned_stories_group_documents(store: Store) -> None:
    store.set_stories({"001_b": "s3", "000_a": "s3"})
    rows = stories_of(store)
    assert rows[0] == {"story": "s3", "docs": ["000_a", "001_b"]}
    assert [row["docs"] for row in rows[1:]] == [["002_c"]]
    out = io.StringIO()
    write_events(store, out)  # event lines name the same story
    assert {json.loads(line)["story"] for line in out.getvalue().splitlines()} == {"s3"}


def test_csv(store: Store) -> None:
    store.set_stories({"001_b": "s3", "000_a": "s3"})
    out = io.StringIO()
    assert write_stories(store, out, format="csv") == 2
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["story", "docs"] and rows[1] == ["s3", "000_a;001_b"]


def test_empty_store_has_no_stories(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as empty:
        out = io.StringIO()
        assert write_stories(empty, out) == 0
        assert out.getvalue() == ""


def test_unknown_format_is_a_value_error(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        write_stories(store, io.StringIO(), format="parquet")

"""Publication dates (issue 9): an invalid `published` is reported on one line naming the item
and stored as unknown; valid ISO 8601, RFC 2822 and French numeric dates become ISO dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoupe.ingest.published import DateWarning, parse_published
from recoupe.ingest.readers import read_file
from recoupe.records import Document


@pytest.mark.parametrize(("value", "iso"), [
    ("2024-03-01", "2024-03-01"),
    ("2023-10-13T18:42:00+02:00", "2023-10-13"),
    ("2023-10-13T18:42:00Z", "2023-10-13"),
    ("2023-10-13 18:42", "2023-10-13"),
    ("Fri, 01 Mar 2024 08:30:00 +0100", "2024-03-01"),
    ("13/10/2023", "2023-10-13"),
    (" 1.3.2024 ", "2024-03-01"),
])
def test_dates_are_read(value: str, iso: str) -> None:
    assert parse_published(value) == iso


@pytest.mark.parametrize("value", ["not a date", "2008-13-45", "2008-02-30", "31/02/2024", "13/13/2023", "hier",
                                   "12", "=cmd|calc", "9999999-01-01", "\x1b[31m"])
def test_non_dates_are_none(value: str) -> None:
    assert parse_published(value) is None


def test_an_invalid_date_is_reported_naming_the_line_and_stored_as_unknown(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [{"id": "ok", "text": "Le texte.", "published": "2008-05-04"},
             {"id": "bad", "text": "Le texte.", "published": "2008-13-45"},
             {"id": "none", "text": "Le texte.", "published": "not a date"}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    docs = [d for d in read_file(path) if isinstance(d, Document)]
    assert [(d.id, d.published) for d in docs] == [("ok", "2008-05-04"), ("bad", None), ("none", None)]
    told = [r.problem for r in caplog.records if isinstance(getattr(r, "problem", None), DateWarning)]  # type: ignore[attr-defined]
    assert [w.line() for w in told] == [
        f"{path}:2 (id bad): [W101] published '2008-13-45' is not a date (ISO 8601 or RFC 2822); stored as unknown",
        f"{path}:3 (id none): [W101] published 'not a date' is not a date (ISO 8601 or RFC 2822); "
        "stored as unknown",
    ]

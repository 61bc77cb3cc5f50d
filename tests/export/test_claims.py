"""Claim export: one claim per line with its mentions (JSON lines) or their count and event ids (CSV)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from recoupe.claims.records import Claim, Mention
from recoupe.export.claims import CLAIM_COLUMNS, MENTION_FIELDS, write_claims


def claims() -> list[Claim]:
    aid = Claim("c1", "s1", "AID", ["PRK"], ["RUS"], "military", ["obus d'artillerie", "munitions"], [
        Mention("e1", "d1", "Le Monde", 10, 60, "reported", "John Kirby", "obus d'artillerie",
                "Selon Kirby, Pyongyang livre des obus à Moscou.", "2024-01-03", "livrer"),
        Mention("e2", "d2", None, 5, 40, "denied", "Moscou", "munitions", "Moscou dément.", "2024-01-02"),
    ])
    veto = Claim("c2", "s2", "REJECT", ["RUS"], ["UNSC"], "diplomatic", mentions=[
        Mention("e3", "d3", "RFI", 0, 12, "asserted", None, None, "Veto russe.", None),
    ])
    return [aid, veto]


def test_jsonl_lines_carry_the_claim_and_its_mentions() -> None:
    out = io.StringIO()
    assert write_claims(claims(), out) == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["c1", "c2"]
    first = rows[0]
    assert set(first) == set(CLAIM_COLUMNS) - {"events"}
    assert (first["story"], first["type"], first["context"]) == ("s1", "AID", "military")
    assert (first["source"], first["target"]) == (["PRK"], ["RUS"])
    assert first["objects"] == ["obus d'artillerie", "munitions"]
    assert first["label"] == "PRK AID RUS (obus d'artillerie)"
    assert first["outlets"] == ["Le Monde", "d2"]  # an unknown outlet falls back to the doc id
    assert first["speakers"] == ["John Kirby", "Moscou"]
    assert first["factualities"] == ["denied", "reported"]
    assert (first["first_seen"], first["last_seen"]) == ("2024-01-02", "2024-01-03")
    mentions = first["mentions"]
    assert [tuple(m) for m in mentions] == [MENTION_FIELDS, MENTION_FIELDS]
    assert mentions[0] == {
        "event": "e1", "doc": "d1", "outlet": "Le Monde", "start": 10, "end": 60, "factuality": "reported",
        "speaker": "John Kirby", "object": "obus d'artillerie", "published": "2024-01-03", "trigger": "livrer",
        "evidence": "Selon Kirby, Pyongyang livre des obus à Moscou.",
    }
    assert mentions[1]["outlet"] is None and mentions[1]["speaker"] == "Moscou"
    assert rows[1]["first_seen"] is None and rows[1]["speakers"] == []
    assert "à Moscou" in out.getvalue()  # UTF-8, not \u escapes


def test_csv_has_counts_and_joined_event_ids() -> None:
    out = io.StringIO()
    assert write_claims(iter(claims()), out, format="csv") == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CLAIM_COLUMNS
    assert rows[0]["mentions"] == "2" and rows[0]["events"] == "e1;e2"
    assert rows[0]["objects"] == "obus d'artillerie;munitions"
    assert rows[0]["outlets"] == "Le Monde;d2" and rows[0]["factualities"] == "denied;reported"
    assert rows[1]["mentions"] == "1" and rows[1]["events"] == "e3"
    assert rows[1]["speakers"] == "" and rows[1]["first_seen"] == ""


def test_nothing_to_write() -> None:
    out = io.StringIO()
    assert write_claims([], out) == 0 and out.getvalue() == ""
    assert write_claims([], out, format="csv") == 0
    assert next(csv.reader(io.StringIO(out.getvalue()))) == list(CLAIM_COLUMNS)


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        write_claims(claims(), io.StringIO(), format="xml")

"""The actors the stored events name (store/actors.py), on both back-ends: events per code and
side (a reciprocal event counts once in `events`), and the kinds of actor the events give them."""

from __future__ import annotations

from collections import Counter

from recoupe.records import Document, Event
from recoupe.store import Store
from recoupe.store.actors import actor_codes, actor_counts


def _fill(store: Store) -> None:
    store.save_document(Document.make("a", "Titre\nLa police arrête des manifestants. Paris et Berlin coopèrent."), [
        Event("a", 6, 40, "COERCE", ["FRA"], ["FRA"], trigger_start=16, source_kind=["police"],
              target_kind=["protesters"]),
        Event("a", 41, 66, "COOPERATE", ["FRA", "DEU"], ["FRA", "DEU"], trigger_start=58,
              source_kind=["state", "state"], target_kind=["state", "state"]),
        Event("a", 41, 66, "ACCUSE", ["hamas"], ["ISR"], trigger_start=59),  # no kinds: older analyses
    ], [])


def test_actor_counts_count_events_per_side_and_kinds(store: Store) -> None:
    _fill(store)
    counts = actor_counts(store)
    assert sorted(counts) == ["DEU", "FRA", "HAMAS", "ISR"]
    fra = counts["FRA"]
    assert (fra.events, fra.source, fra.target) == (2, 2, 2)
    assert fra.kinds == Counter({"state": 2, "police": 1, "protesters": 1})
    assert (counts["HAMAS"].events, counts["HAMAS"].source, counts["HAMAS"].target) == (1, 1, 0)
    assert counts["HAMAS"].kinds == Counter()
    assert actor_codes(store) == set(counts)


def test_actor_counts_of_an_empty_store(store: Store) -> None:
    assert actor_counts(store) == {} and actor_codes(store) == set()

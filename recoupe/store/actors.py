"""The actors the stored events name: codes on each side, how many events, and the kinds of actor
(government, military, protesters...) the events give them. Reads over the store's tables
through `Store.query` / `Store.stream`, like any reader with queries of its own."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from recoupe.store import tables as t
from recoupe.store.database import Store


@dataclass(slots=True)
class ActorCount:
    """One actor code as the events name it (codes upper-case, as `--actor` looks them up)."""

    code: str
    events: int = 0  # events with the code on either side (a reciprocal event counts once)
    source: int = 0  # events with the code on the source side
    target: int = 0
    kinds: Counter[str] = field(default_factory=Counter)  # kind -> events that give the code this kind


def actor_codes(store: Store) -> set[str]:
    """Every code on a side of a stored event."""
    return {row["code"] for row in store.query(select(t.event_actors.c.code).distinct())}


def actor_counts(store: Store) -> dict[str, ActorCount]:
    """code -> its counts, for every code on a side of a stored event, read in one snapshot."""
    a = t.event_actors.c
    counts: dict[str, ActorCount] = {}
    with store.snapshot():
        for row in store.query(select(a.code, func.count(a.event.distinct()).label("n")).group_by(a.code)):
            counts[row["code"]] = ActorCount(row["code"], events=int(row["n"]))
        for row in store.query(select(a.code, a.side, func.count().label("n")).group_by(a.code, a.side)):
            if row["side"] in ("source", "target"):
                setattr(counts[row["code"]], row["side"], int(row["n"]))
        if store.version >= 6:  # an older store, read without migrating, has no kinds
            for code, kind in _kinds(store):
                if code in counts:
                    counts[code].kinds[kind] += 1
    return counts


def _kinds(store: Store) -> list[tuple[str, str]]:
    """(code, kind) once per (event, side, code, kind): the kind lists run parallel to the sides."""
    e = t.events.c
    stmt = (select(e.source, e.target, e.source_kind, e.target_kind)
            .where(or_(e.source_kind != "[]", e.target_kind != "[]")))
    found: list[tuple[str, str]] = []
    for row in store.stream(stmt):
        for codes, kinds in ((row["source"], row["source_kind"]), (row["target"], row["target_kind"])):
            pairs = dict.fromkeys((code.upper(), kind) for code, kind in zip(json.loads(codes), json.loads(kinds),
                                                                              strict=False) if kind)
            found.extend(pairs)
    return found

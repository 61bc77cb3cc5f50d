"""Every event's filterable fields, in the events listing's order, kept in memory until the
store changes (Database.memo).

Hand-written on purpose, beside the SQL of queries.py: at 10,000 documents (80,000 events) a
deep page of the events listing, an actor's page (thousands of events for a major state), its
counts and its network cost SQLite hundreds of index lookups per request (150-300 ms measured
with bench/web.py), and a few milliseconds from here. It holds a handful of short fields per
event (a few tens of MB at 80,000 events). Filters it cannot answer (a claim) go to SQL. Its
order is queries.EVENT_ORDER, the same on both back-ends.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select as sql_select

from recoupe.store import tables as t
from recoupe.web import queries
from recoupe.web.database import Database
from recoupe.web.queries import EVENT_ORDER, EventFilter, EventRow, Page, story_index

# drawn apart from the doubtful ones (alleged, possible, intended, denied) in the actor graph
FIRM = frozenset({"asserted", "reported"})


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs 3x (80,000 of them per build)
class IndexedEvent:
    id: str
    doc: str
    type: str
    factuality: str
    speaker: str | None
    outlet: str | None
    published: str | None
    source: tuple[str, ...]
    target: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]  # every source -> target pair, self-loops left out

    @property
    def firm(self) -> bool:
        return self.factuality in FIRM


@dataclass(slots=True)
class EventIndex:
    events: list[IndexedEvent]  # newest first, as queries.events lists them
    by_actor: dict[str, list[int]]  # code -> positions in `events` (ascending) of the events naming it
    by_type: dict[str, list[int]]
    by_doc: dict[str, list[int]]
    # the latest answers of select(): a page asks for the same filter's rows, count and facts in turn
    selections: dict[EventFilter, list[int]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


KEPT_SELECTIONS = 64


_E, _D = t.events.c, t.documents.c
_ROWS = (sql_select(_E.id, _E.doc, _E.type, _E.factuality, _E.speaker, _D.outlet, _D.published, _E.source,
                    _E.target)
         .select_from(t.events.join(t.documents, _D.id == _E.doc)).order_by(*EVENT_ORDER))


def _build(db: Database) -> EventIndex:
    events: list[IndexedEvent] = []
    by_actor: dict[str, list[int]] = {}
    by_type: dict[str, list[int]] = {}
    by_doc: dict[str, list[int]] = {}
    # few distinct actor lists ('["RUS"]'...) recur across many events: each is decoded once
    sides: dict[str, tuple[str, ...]] = {}
    pairs_of: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
    for k, r in enumerate(db.stream(_ROWS)):
        doc, etype, raw_source, raw_target = r["doc"], r["type"], r["source"], r["target"]
        for side in (raw_source, raw_target):
            if side not in sides:
                sides[side] = tuple(json.loads(side))
        source, target = sides[raw_source], sides[raw_target]
        pairs = pairs_of.get((raw_source, raw_target))
        if pairs is None:
            pairs = pairs_of[(raw_source, raw_target)] = tuple((a, b) for a in source for b in target if a != b)
        events.append(IndexedEvent(r["id"], doc, etype, r["factuality"], r["speaker"], r["outlet"], r["published"],
                                   source, target, pairs))
        for code in dict.fromkeys(source + target):
            by_actor.setdefault(code, []).append(k)
        by_type.setdefault(etype, []).append(k)
        by_doc.setdefault(doc, []).append(k)
    return EventIndex(events, by_actor, by_type, by_doc)


def event_index(db: Database) -> EventIndex:
    return db.memo("events", lambda: _build(db))


def answers(f: EventFilter) -> bool:
    """Whether the index can select for this filter (every field but the claim)."""
    return f.claim is None


def _merge(lists: list[list[int]]) -> list[int]:
    return sorted({p for positions in lists for p in positions}) if len(lists) != 1 else lists[0]


def _keeps(f: EventFilter, e: IndexedEvent) -> bool:
    """queries._event_where's conditions on one event (LIKE is case-insensitive for ASCII: so here)."""
    return ((not f.type or e.type == f.type) and (not f.factuality or e.factuality == f.factuality)
            and (not f.outlet or e.outlet == f.outlet)
            and (not f.speaker or (e.speaker is not None and f.speaker.lower() in e.speaker.lower()))
            and (not f.date_from or (e.published is not None and e.published >= f.date_from))
            and (not f.date_to or (e.published is not None and e.published <= f.date_to + "\uffff")))


def select(db: Database, f: EventFilter) -> list[int]:
    """Positions (in listing order) of the events the filter keeps. The list is shared: read it,
    do not change it."""
    index = event_index(db)
    keep = f.story is None  # a story's documents come from the story index, which has a life of its own
    if keep:
        with index.lock:
            kept = index.selections.get(f)
        if kept is not None:
            return kept
    chosen = _select(db, index, f)
    if keep:
        with index.lock:
            if len(index.selections) >= KEPT_SELECTIONS:
                index.selections.pop(next(iter(index.selections)))  # the oldest
            index.selections[f] = chosen
    return chosen


def _select(db: Database, index: EventIndex, f: EventFilter) -> list[int]:
    candidates: list[list[int]] = []
    if f.actors:
        candidates.append(_merge([index.by_actor.get(c, []) for c in f.actors]))
    if f.type:
        candidates.append(index.by_type.get(f.type, []))
    if f.doc:
        candidates.append(index.by_doc.get(f.doc, []))
    if f.story:
        candidates.append(_merge([index.by_doc.get(d, []) for d in story_index(db).docs_of.get(f.story, [])]))
    if candidates:
        smallest = min(candidates, key=len)
        others = [c for c in candidates if c is not smallest]
        if others:  # one pass over each longer list, in C, rather than a bisection per position
            common = set(smallest).intersection(*others)
            chosen = [p for p in smallest if p in common]
        else:
            chosen = list(smallest)
    else:
        chosen = list(range(len(index.events)))
    if not (f.factuality or f.speaker or f.outlet or f.date_from or f.date_to):
        return chosen
    return [p for p in chosen if _keeps(f, index.events[p])]


def events(db: Database, f: EventFilter, page: Page) -> list[EventRow]:
    """One page of the events the filter keeps, newest first (as queries.events, faster)."""
    if not answers(f):
        return queries.events(db, f, page)
    index = event_index(db)
    chosen = select(db, f)[page.offset:page.offset + page.limit]
    return queries.events_by_id(db, [index.events[p].id for p in chosen])


def count(db: Database, f: EventFilter) -> int:
    return len(select(db, f)) if answers(f) else queries.count_events(db, f)


def iter_events(db: Database, f: EventFilter, *, chunk: int = 1000) -> Iterator[EventRow]:
    """Every event the filter keeps, in the listing's order, a chunk per query (so a download may
    be served from any worker thread, each chunk on that thread's connection)."""
    offset = 0
    while True:
        rows = events(db, f, Page(limit=chunk, offset=offset))
        yield from rows
        if len(rows) < chunk:
            return
        offset += chunk

"""The actor pages' figures: name, kind, counts and the network of its events, from the
event index (eventindex.py) and the actor mentions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from recoupe.actors.gazetteer import load_gazetteer
from recoupe.web.database import Database
from recoupe.web.eventindex import IndexedEvent, event_index, select
from recoupe.web.queries import EventFilter, actor_names
from recoupe.web.sentences import display_name

MAX_GRAPH_NODES = 40
MAX_GRAPH_EDGES = 300  # the heaviest; more cannot be read in one drawing


def actor_events(db: Database, code: str, f: EventFilter | None = None) -> list[IndexedEvent]:
    """The events naming `code` (either side) that the filter keeps, newest first."""
    chosen = replace(f or EventFilter(), actors=(code,))
    events = event_index(db).events
    return [events[p] for p in select(db, chosen)]


@dataclass(slots=True)
class Span:
    events: int
    as_source: int
    as_target: int
    first: str | None
    last: str | None


def actor_span(db: Database, code: str) -> Span:
    events = actor_events(db, code)  # newest first: the dates are at the ends
    dates = [e.published for e in events if e.published]
    as_source = as_target = 0
    for e in events:
        as_source += code in e.source
        as_target += code in e.target
    return Span(len(events), as_source, as_target, dates[-1] if dates else None, dates[0] if dates else None)


@dataclass(slots=True)
class Edge:
    source: str
    target: str
    type: str
    firm: bool  # asserted or reported
    mentions: int


@dataclass(slots=True)
class Graph:
    nodes: list[tuple[str, int]]  # (code, mentions)
    edges: list[Edge]
    events: int  # events drawn
    truncated: bool  # actors or edges left out beyond MAX_GRAPH_NODES and MAX_GRAPH_EDGES


def actor_graph(events: Iterable[IndexedEvent], focus: str) -> Graph:
    """Every source -> target pair of each event, per type and firmness; width = mentions. The
    focus actor and its most connected neighbours are kept."""
    chosen = list(events)
    weights = Counter((s, t, e.type, e.firm) for e in chosen for s, t in e.pairs)
    degree: Counter[str] = Counter()
    for (s, t, _, _), w in weights.items():
        degree[s] += w
        degree[t] += w
    n = len(chosen)
    kept = {code for code, _ in degree.most_common(MAX_GRAPH_NODES - 1)} | ({focus} if focus in degree else set())
    edges = [Edge(s, t, ty, firm, w) for (s, t, ty, firm), w in sorted(weights.items(), key=lambda x: (-x[1], x[0]))
             if s in kept and t in kept]
    shown = edges[:MAX_GRAPH_EDGES]
    drawn = {c for e in shown for c in (e.source, e.target)} | ({focus} if focus in degree else set())
    nodes = sorted(((c, degree[c]) for c in drawn), key=lambda x: (-x[1], x[0]))
    return Graph(nodes, shown, n, len(degree) > len(drawn) or len(edges) > len(shown))


@dataclass(slots=True)
class ActorFacts:
    code: str
    name: str
    kind: str | None  # state (gazetteer), else as the matcher tagged most of its mentions
    span: Span
    written: list[tuple[str, int]]  # how the texts write it, most frequent first


def actor_facts(db: Database, code: str) -> ActorFacts | None:
    """None when no event and no mention names the code."""
    kinds, written = actor_names(db, code)
    span = actor_span(db, code)
    if not span.events and not kinds:
        return None
    kind = "state" if load_gazetteer().is_state(code) else (kinds[0][0] if kinds else None)
    return ActorFacts(code, display_name(code), kind, span, written)

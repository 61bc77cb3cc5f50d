"""The read queries of the web pages and the API, as SQLAlchemy Core over the store's tables
(`recoupe.store.tables`), the same statements on SQLite and PostgreSQL, run through database.py.

The Store's own methods serve whole-story reads (documents, claims, duplicates); what the pages
need beyond them is here: story summaries with search and pagination, filtered and paginated
events, an actor's kinds and written names, and lookups by id. Every list takes a limit and an
offset and comes with its total. Orders are spelt out to the last tie (NULLS LAST included, where
the two back-ends differ by default), so both back-ends list the same rows in the same order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, case, desc, false, func, select
from sqlalchemy.engine import RowMapping

from recoupe.records import ActorMention, Document
from recoupe.store import default_story
from recoupe.store import tables as t
from recoupe.store.rows import document_from, mention_from
from recoupe.web.database import Database

_CHUNK = 500  # ids per IN (...) list
_D, _E, _S = t.documents.c, t.events.c, t.stories.c


def _headline(d: Any) -> ColumnElement[str]:
    """A document's title, or the start of its text when it has none."""
    return case((d.title != "", d.title), else_=func.substr(d.text, 1, 120))


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for k in range(0, len(ids), _CHUNK):
        yield ids[k:k + _CHUNK]


@dataclass(slots=True, frozen=True)
class Page:
    """Where a list starts and how long it is."""

    limit: int = 50
    offset: int = 0


@dataclass(slots=True)
class StorySummary:
    story: str
    title: str
    head_doc: str  # the earliest document, whose title is the story's headline
    docs: int
    outlets: int
    first: str | None
    last: str | None
    claims: int
    contested: int


@dataclass(slots=True, frozen=True)
class StoryFilter:
    words: tuple[str, ...] = ()  # every word must occur in a title or text of the story
    actors: tuple[str, ...] = ()  # codes: the story has an event with one of them on either side
    type: str | None = None
    date_from: str | None = None  # the story overlaps [date_from, date_to] (ISO dates)
    date_to: str | None = None
    multi: bool = False  # only stories told by two outlets or more


@dataclass(slots=True, frozen=True)
class EventFilter:
    type: str | None = None
    actors: tuple[str, ...] = ()  # codes on either side
    factuality: str | None = None
    speaker: str | None = None  # words of the speaker as written
    outlet: str | None = None
    date_from: str | None = None  # on the document's publication date
    date_to: str | None = None
    doc: str | None = None
    story: str | None = None
    claim: str | None = None


@dataclass(slots=True)
class EventRow:
    """A stored event with its document's headline fields and its story."""

    id: str
    doc: str
    start: int
    end: int
    type: str
    context: str | None
    source: list[str]
    target: list[str]
    object: str | None
    factuality: str
    speaker: str | None
    trigger: str
    evidence: str
    claim: str | None
    story: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    source_text: list[str] = field(default_factory=list)
    target_text: list[str] = field(default_factory=list)


# -- stories -------------------------------------------------------------------------------
#
# Every story's summary needs an aggregate over all documents and claims, and the list, its
# filters and every story page need it: it is computed once and kept until the store changes
# (Database.memo). The documents' short fields are read once (no texts) and grouped here; claims
# are counted in SQL. Filters select documents with indexed queries (full-text search, actors,
# types) and map them to stories through the kept index.

_DOCS = (select(_D.id, _D.outlet, _D.published, _S.story)
         .select_from(t.documents.outerjoin(t.stories, _S.doc == _D.id)))
_CLAIMS_PER_STORY = select(t.claims.c.story, func.count().label("n")).group_by(t.claims.c.story)


def _claims_with(factualities: Iterable[str]) -> Select[Any]:
    return select(_E.claim).where(_E.factuality.in_(list(factualities)), _E.claim.is_not(None))


# contested: some mention denies the claim (compare.story.is_contested)
_CONTESTED_PER_STORY = (select(t.claims.c.story, func.count().label("n"))
                        .where(t.claims.c.id.in_(_claims_with(["denied"])))
                        .group_by(t.claims.c.story))


@dataclass(slots=True)
class StoryIndex:
    """Every story's summary in the list's order, and which story each document is in."""

    stories: list[StorySummary]
    by_id: dict[str, StorySummary]
    story_of: dict[str, str]  # doc -> story
    docs_of: dict[str, list[str]]  # story -> docs


@dataclass(slots=True)
class _Tally:
    docs: int = 0
    outlets: set[str] = field(default_factory=set)
    first: str | None = None
    last: str | None = None
    head: tuple[str, str] = ("\uffff", "")  # (published or '9999', id) of the earliest document


def _tally(rows: Iterable[RowMapping]) -> tuple[dict[str, _Tally], dict[str, str]]:
    tallies: dict[str, _Tally] = {}
    story_of: dict[str, str] = {}
    for r in rows:
        story = r["story"] or default_story(r["id"])
        story_of[r["id"]] = story
        tally = tallies.setdefault(story, _Tally())
        tally.docs += 1
        tally.outlets.add(r["outlet"] or r["id"])  # a document without an outlet counts as one of its own
        published = r["published"]
        if published is not None:
            tally.first = published if tally.first is None else min(tally.first, published)
            tally.last = published if tally.last is None else max(tally.last, published)
        tally.head = min(tally.head, (published or "9999", r["id"]))
    return tallies, story_of


def _build_index(db: Database) -> StoryIndex:
    tallies, story_of = _tally(db.stream(_DOCS))
    claims = {r["story"]: int(r["n"]) for r in db.rows(_CLAIMS_PER_STORY)}
    contested = {r["story"]: int(r["n"]) for r in db.rows(_CONTESTED_PER_STORY)}
    titles = _headlines(db, [tally.head[1] for tally in tallies.values()])
    stories = [StorySummary(story, titles.get(x.head[1], x.head[1]), x.head[1], x.docs, len(x.outlets), x.first,
                            x.last, claims.get(story, 0), contested.get(story, 0)) for story, x in tallies.items()]
    # told by several outlets first, then the newest (by last publication), then the largest (stable sorts)
    stories.sort(key=lambda st: (-st.docs, st.story))
    stories.sort(key=lambda st: st.last or "", reverse=True)
    stories.sort(key=lambda st: st.outlets < 2)
    docs_of: dict[str, list[str]] = {}
    for doc, story in sorted(story_of.items()):
        docs_of.setdefault(story, []).append(doc)
    return StoryIndex(stories, {st.story: st for st in stories}, story_of, docs_of)


def story_index(db: Database) -> StoryIndex:
    return db.memo("stories", lambda: _build_index(db))


def _headlines(db: Database, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(ids):
        rows = db.rows(select(_D.id, _headline(_D).label("headline")).where(_D.id.in_(chunk)))
        out.update((r["id"], r["headline"]) for r in rows)
    return out


def story_summary(db: Database, story: str) -> StorySummary | None:
    return story_index(db).by_id.get(story)


def story_of_document(db: Database, doc: str) -> str | None:
    return story_index(db).story_of.get(doc)


# -- events --------------------------------------------------------------------------------

_EVENTS = t.events.join(t.documents, _D.id == _E.doc)
_EVENT_SELECT = (
    select(_E.id, _E.doc, _E.start, _E.end, _E.type, _E.context, _E.source, _E.target, _E.object, _E.factuality,
           _E.speaker, _E.trigger, _E.evidence, _E.claim, _E.source_text, _E.target_text, _S.story,
           _headline(_D).label("title"), _D.outlet, _D.published, _D.url)
    .select_from(_EVENTS.outerjoin(t.stories, _S.doc == _E.doc))
)
# newest first (undated last); the document and the position break ties, so that pages never overlap
EVENT_ORDER = (_D.published.desc().nulls_last(), _D.id.desc(), _E.start, _E.id)


def _event_where(db: Database, f: EventFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    for column, value in ((_E.type, f.type), (_E.factuality, f.factuality), (_D.outlet, f.outlet),
                          (_E.doc, f.doc), (_E.claim, f.claim)):
        if value:
            where.append(column == value)
    if f.actors:
        where.append(_E.id.in_(select(t.event_actors.c.event).where(t.event_actors.c.code.in_(f.actors))))
    if f.speaker:  # case folded for ASCII letters, on both back-ends (LIKE / ILIKE)
        where.append(_E.speaker.icontains(f.speaker, autoescape=True))
    if f.date_from:
        where.append(_D.published >= f.date_from)
    if f.date_to:
        where.append(_D.published <= f.date_to + "\uffff")
    if f.story:  # the story's documents, from the kept index (no per-row story computation)
        docs = story_index(db).docs_of.get(f.story, [])
        where.append(_E.doc.in_(docs) if docs else false())
    return where


def _needs_documents(f: EventFilter) -> bool:
    return bool(f.outlet or f.date_from or f.date_to)


def _event(r: RowMapping) -> EventRow:
    return EventRow(
        id=r["id"], doc=r["doc"], start=r["start"], end=r["end"], type=r["type"], context=r["context"],
        source=json.loads(r["source"]), target=json.loads(r["target"]), object=r["object"],
        factuality=r["factuality"], speaker=r["speaker"], trigger=r["trigger"], evidence=r["evidence"],
        claim=r["claim"], story=r["story"] or default_story(r["doc"]), title=r["title"], outlet=r["outlet"],
        published=r["published"], url=r["url"], source_text=json.loads(r["source_text"]),
        target_text=json.loads(r["target_text"]),
    )


def events(db: Database, f: EventFilter, page: Page) -> list[EventRow]:
    """One page of the events the filter keeps. The page is chosen on indexes alone (documents by
    date, events by document), then only its rows are read: a deep page costs no full rows."""
    chosen = (select(_E.id).select_from(_EVENTS).where(*_event_where(db, f))
              .order_by(*EVENT_ORDER).limit(page.limit).offset(page.offset))
    return events_by_id(db, [r["id"] for r in db.rows(chosen)])


def events_by_id(db: Database, ids: list[str]) -> list[EventRow]:
    """These events, in this order."""
    rows: dict[str, RowMapping] = {}
    for chunk in _chunks(ids):
        rows.update((r["id"], r) for r in db.rows(_EVENT_SELECT.where(_E.id.in_(chunk))))
    return [_event(rows[k]) for k in ids if k in rows]


def count_events(db: Database, f: EventFilter) -> int:
    source = _EVENTS if _needs_documents(f) else t.events
    row = db.one(select(func.count().label("n")).select_from(source).where(*_event_where(db, f)))
    return int(row["n"]) if row else 0


def outlets(db: Database) -> list[tuple[str, int]]:
    """Every outlet with its number of documents, most documents first (the filters' choices)."""
    stmt = (select(_D.outlet, func.count().label("n")).where(_D.outlet.is_not(None))
            .group_by(_D.outlet).order_by(desc("n"), _D.outlet))
    return [(r["outlet"], int(r["n"])) for r in db.rows(stmt)]


# -- documents, claims, actors -------------------------------------------------------------

def documents(db: Database, ids: list[str]) -> dict[str, Document]:
    out: dict[str, Document] = {}
    for chunk in _chunks(ids):
        for r in db.rows(select(t.documents).where(_D.id.in_(chunk))):
            out[r["id"]] = document_from(dict(r))
    return out


def document(db: Database, doc: str) -> Document | None:
    return documents(db, [doc]).get(doc)


def duplicates_of(db: Database, ids: list[str]) -> dict[str, str]:
    """doc -> the document it repeats, for these documents and, transitively, their originals."""
    dup = t.duplicates.c
    out: dict[str, str] = {}
    pending = list(dict.fromkeys(ids))
    while pending:
        chunk, pending = pending[:_CHUNK], pending[_CHUNK:]
        for r in db.rows(select(dup.doc, dup.original).where(dup.doc.in_(chunk))):
            if r["doc"] not in out:
                out[r["doc"]] = r["original"]
                if r["original"] not in out:
                    pending.append(r["original"])
    return out


def actor_mentions(db: Database, ids: list[str]) -> dict[str, list[ActorMention]]:
    """doc -> the actor mentions stored for it, for these documents, in one query per chunk (a story
    page reads them for every document: what each text names tells "omits" from "not extracted")."""
    m = t.actor_mentions.c
    out: dict[str, list[ActorMention]] = {doc: [] for doc in ids}
    for chunk in _chunks(ids):
        for r in db.rows(select(t.actor_mentions).where(m.doc.in_(chunk)).order_by(m.doc, m.start, m.end, m.code)):
            out[r["doc"]].append(mention_from(dict(r)))
    return out


def story_of_claim(db: Database, claim: str) -> str | None:
    row = db.one(select(t.claims.c.story).where(t.claims.c.id == claim))
    return None if row is None else str(row["story"])


def actor_names(db: Database, code: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(kinds, written): how the matcher tagged the actor's mentions and how the texts write it,
    most frequent first."""
    m = t.actor_mentions.c
    n = func.count().label("n")
    kinds = db.rows(select(m.kind, n).where(m.code == code).group_by(m.kind).order_by(desc("n"), m.kind))
    written = db.rows(select(m.text, n).where(m.code == code).group_by(m.text).order_by(desc("n"), m.text).limit(12))
    return [(r["kind"], int(r["n"])) for r in kinds], [(r["text"], int(r["n"])) for r in written]


def known_codes(db: Database, codes: list[str]) -> list[str]:
    """The codes (case-insensitive) that some event or mention carries, spelt as stored."""
    sides, m = t.event_actors.c, t.actor_mentions.c
    found: list[str] = []
    for code in codes:
        # event_actors holds codes upper-case; mentions as the matcher wrote them
        row = (db.one(select(sides.code).where(sides.code == code.upper()).limit(1))
               or db.one(select(m.code).where(func.upper(m.code) == code.upper()).limit(1)))
        if row is not None:
            found.append(str(row["code"]))
    return found

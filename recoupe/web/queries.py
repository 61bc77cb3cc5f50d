"""The read queries of the web pages and the API, as plain SQL over the store (database.py).

The Store's own methods serve whole-story reads (documents, claims, duplicates); what the pages
need beyond them is here: story summaries with search and pagination, filtered and paginated
events, an actor's kinds and written names, and lookups by id. Every list takes a limit and an
offset and comes with its total. The SQL is SQLite's (plus `recoupe_default_story`, registered by
database.py), written to be ported with the store.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from recoupe.compare.story import CONTESTABLE
from recoupe.records import Document
from recoupe.web.database import Database

# a document's story: the stored assignment, or the story of its own (store.default_story)
_STORY_OF_DOC = "COALESCE(s.story, recoupe_default_story(d.id))"
_CONTESTABLE = ", ".join(f"'{f}'" for f in sorted(CONTESTABLE))

_HEADLINE = "CASE WHEN hd.title != '' THEN hd.title ELSE substr(hd.text, 1, 120) END"


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
# Every story's summary needs an aggregate over all documents and claims (about 100 ms at 10,000
# documents), and the list, its filters and every story page need it: it is computed once and
# kept until the store changes (Database.memo). Filters select documents with indexed queries
# (full-text search, actors, types) and map them to stories through the kept index.

_STORY_ROWS = f"""
WITH docs AS (
    SELECT {_STORY_OF_DOC} AS story, d.id, d.outlet, d.published
    FROM documents d LEFT JOIN stories s ON s.doc = d.id
), claim_counts AS (
    SELECT story, COUNT(*) AS claims FROM claims GROUP BY story
), contested AS (
    SELECT c.story, COUNT(*) AS contested FROM claims c
    WHERE c.id IN (SELECT DISTINCT d.claim FROM events d WHERE d.factuality = 'denied' AND d.claim IS NOT NULL
                   AND EXISTS (SELECT 1 FROM events o WHERE o.claim = d.claim AND o.factuality IN ({_CONTESTABLE})))
    GROUP BY c.story
)
SELECT a.story, a.docs, a.outlets, a.first, a.last, a.head, COALESCE(cc.claims, 0) AS claims,
       COALESCE(ct.contested, 0) AS contested
FROM (SELECT story, COUNT(*) AS docs, COUNT(DISTINCT COALESCE(outlet, id)) AS outlets,
             MIN(published) AS first, MAX(published) AS last,
             MIN(COALESCE(published, '9999') || char(31) || id) AS head
      FROM docs GROUP BY story) a
LEFT JOIN claim_counts cc ON cc.story = a.story LEFT JOIN contested ct ON ct.story = a.story
"""


@dataclass(slots=True)
class StoryIndex:
    """Every story's summary in the list's order, and which story each document is in."""

    stories: list[StorySummary]
    by_id: dict[str, StorySummary]
    story_of: dict[str, str]  # doc -> story
    docs_of: dict[str, list[str]]  # story -> docs


def _build_index(db: Database) -> StoryIndex:
    rows = db.rows(_STORY_ROWS)
    heads = [r["head"].split("\x1f", 1)[1] for r in rows]
    titles = _headlines(db, heads)
    stories = [StorySummary(r["story"], titles.get(h, h), h, r["docs"], r["outlets"], r["first"], r["last"],
                            r["claims"], r["contested"]) for r, h in zip(rows, heads, strict=True)]
    # told by several outlets first, then the newest (by last publication), then the largest (stable sorts)
    stories.sort(key=lambda st: (-st.docs, st.story))
    stories.sort(key=lambda st: st.last or "", reverse=True)
    stories.sort(key=lambda st: st.outlets < 2)
    story_of = {r["id"]: r["story"] for r in db.rows(
        f"SELECT d.id, {_STORY_OF_DOC} AS story FROM documents d LEFT JOIN stories s ON s.doc = d.id")}
    docs_of: dict[str, list[str]] = {}
    for doc, story in story_of.items():
        docs_of.setdefault(story, []).append(doc)
    return StoryIndex(stories, {st.story: st for st in stories}, story_of, docs_of)


def story_index(db: Database) -> StoryIndex:
    return db.memo("stories", lambda: _build_index(db))


def like_pattern(word: str) -> str:
    """A LIKE pattern matching `word` anywhere, its own % and _ taken literally (ESCAPE '\\')."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _headlines(db: Database, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        rows = db.rows(f"SELECT hd.id, {_HEADLINE} AS headline FROM documents hd "
                       f"WHERE hd.id IN ({', '.join('?' * len(chunk))})", chunk)
        out.update((r["id"], r["headline"]) for r in rows)
    return out


def story_summary(db: Database, story: str) -> StorySummary | None:
    return story_index(db).by_id.get(story)


def story_of_document(db: Database, doc: str) -> str | None:
    return story_index(db).story_of.get(doc)


# -- events --------------------------------------------------------------------------------

_EVENT_SELECT = f"""
SELECT e.rowid AS rowid, e.id, e.doc, e.start, e."end", e.type, e.context, e.source, e.target, e.object, e.factuality,
       e.speaker, e."trigger", e.evidence, e.claim, e.source_text, e.target_text, {_STORY_OF_DOC} AS story,
       CASE WHEN d.title != '' THEN d.title ELSE substr(d.text, 1, 120) END AS title,
       d.outlet, d.published, d.url
FROM events e JOIN documents d ON d.id = e.doc LEFT JOIN stories s ON s.doc = e.doc
"""


def _event_where(db: Database, f: EventFilter) -> tuple[list[str], list[object]]:
    where: list[str] = []
    params: list[object] = []
    for column, value in (("e.type", f.type), ("e.factuality", f.factuality), ("d.outlet", f.outlet),
                          ("e.doc", f.doc), ("e.claim", f.claim)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.actors:
        where.append(f"e.id IN (SELECT event FROM event_actors WHERE code IN ({', '.join('?' * len(f.actors))}))")
        params += list(f.actors)
    if f.speaker:
        where.append("e.speaker LIKE ? ESCAPE '\\'")
        params.append(like_pattern(f.speaker))
    if f.date_from:
        where.append("d.published >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append("d.published <= ?")
        params.append(f.date_to + "\uffff")
    if f.story:  # the story's documents, from the kept index (no per-row story computation)
        docs = story_index(db).docs_of.get(f.story, [])
        where.append(f"e.doc IN ({', '.join('?' * len(docs))})" if docs else "0")
        params += docs
    return where, params


def _event(r: sqlite3.Row) -> EventRow:
    return EventRow(
        id=r["id"], doc=r["doc"], start=r["start"], end=r["end"], type=r["type"], context=r["context"],
        source=json.loads(r["source"]), target=json.loads(r["target"]), object=r["object"],
        factuality=r["factuality"], speaker=r["speaker"], trigger=r["trigger"], evidence=r["evidence"],
        claim=r["claim"], story=r["story"], title=r["title"], outlet=r["outlet"], published=r["published"],
        url=r["url"], source_text=json.loads(r["source_text"]), target_text=json.loads(r["target_text"]),
    )


# newest first; the document order breaks ties so that pages never overlap
_EVENT_ORDER = " ORDER BY d.published DESC, d.id DESC, e.start, e.rowid"


def events(db: Database, f: EventFilter, page: Page) -> list[EventRow]:
    """One page of the events the filter keeps. The page is chosen on indexes alone (documents by
    date, events by document), then only its rows are read: a deep page costs no full rows."""
    where, params = _event_where(db, f)
    chosen = ("SELECT e.rowid FROM events e JOIN documents d ON d.id = e.doc"
              + (" WHERE " + " AND ".join(where) if where else "") + _EVENT_ORDER + " LIMIT ? OFFSET ?")
    sql = _EVENT_SELECT + f" WHERE e.rowid IN ({chosen})" + _EVENT_ORDER
    return [_event(r) for r in db.rows(sql, [*params, page.limit, page.offset])]


def events_by_rowid(db: Database, rowids: list[int]) -> list[EventRow]:
    """These events, in this order."""
    if not rowids:
        return []
    rows = {r["rowid"]: r for r in db.rows(
        _EVENT_SELECT + f" WHERE e.rowid IN ({', '.join('?' * len(rowids))})", rowids)}
    return [_event(rows[k]) for k in rowids if k in rows]


def count_events(db: Database, f: EventFilter) -> int:
    where, params = _event_where(db, f)
    needs_docs = any(w.startswith("d.") for w in where)
    base = "SELECT COUNT(*) FROM events e" + (" JOIN documents d ON d.id = e.doc" if needs_docs else "")
    row = db.one(base + (" WHERE " + " AND ".join(where) if where else ""), params)
    return int(row[0]) if row else 0


def outlets(db: Database) -> list[tuple[str, int]]:
    """Every outlet with its number of documents, most documents first (the filters' choices)."""
    rows = db.rows("SELECT outlet, COUNT(*) AS n FROM documents WHERE outlet IS NOT NULL "
                   "GROUP BY outlet ORDER BY n DESC, outlet")
    return [(r["outlet"], r["n"]) for r in rows]


# -- documents, claims, actors -------------------------------------------------------------

def documents(db: Database, ids: list[str]) -> dict[str, Document]:
    out: dict[str, Document] = {}
    for k in range(0, len(ids), 500):
        chunk = ids[k:k + 500]
        rows = db.rows("SELECT id, text, title, outlet, url, published, language, path, hash FROM documents "
                       f"WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        for r in rows:
            out[r["id"]] = Document(r["id"], r["text"], r["title"], r["outlet"], r["url"], r["published"],
                                    r["language"], r["path"], r["hash"])
    return out


def document(db: Database, doc: str) -> Document | None:
    return documents(db, [doc]).get(doc)


def duplicates_of(db: Database, ids: list[str]) -> dict[str, str]:
    """doc -> the document it repeats, for these documents and, transitively, their originals."""
    out: dict[str, str] = {}
    pending = list(dict.fromkeys(ids))
    while pending:
        chunk, pending = pending[:500], pending[500:]
        rows = db.rows(f"SELECT doc, original FROM duplicates WHERE doc IN ({', '.join('?' * len(chunk))})", chunk)
        for r in rows:
            if r["doc"] not in out:
                out[r["doc"]] = r["original"]
                if r["original"] not in out:
                    pending.append(r["original"])
    return out


def story_of_claim(db: Database, claim: str) -> str | None:
    row = db.one("SELECT story FROM claims WHERE id = ?", [claim])
    return None if row is None else str(row[0])


def actor_names(db: Database, code: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(kinds, written): how the matcher tagged the actor's mentions and how the texts write it,
    most frequent first."""
    kinds = [(r["kind"], r["n"]) for r in db.rows(
        "SELECT kind, COUNT(*) AS n FROM actor_mentions WHERE code = ? GROUP BY kind ORDER BY n DESC", [code])]
    written = [(r["text"], r["n"]) for r in db.rows(
        "SELECT text, COUNT(*) AS n FROM actor_mentions WHERE code = ? GROUP BY text ORDER BY n DESC, text LIMIT 12",
        [code])]
    return kinds, written


def known_codes(db: Database, codes: list[str]) -> list[str]:
    """The codes (case-insensitive) that some event or mention carries, spelt as stored."""
    found: list[str] = []
    for code in codes:
        row = db.one("SELECT code FROM event_actors WHERE code = ? LIMIT 1", [code]) or db.one(
            "SELECT code FROM actor_mentions WHERE code = ? COLLATE NOCASE LIMIT 1", [code])
        if row is not None:
            found.append(str(row[0]))
    return found

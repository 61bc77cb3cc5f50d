"""Story search: words through the store's full-text search, actors and event types through the
event index, dates and outlets through the kept story summaries (queries.story_index)."""

from __future__ import annotations

from recoupe.web.database import Database
from recoupe.web.eventindex import event_index
from recoupe.web.queries import Page, StoryFilter, StorySummary, story_index


def _docs_with_words(db: Database, words: tuple[str, ...]) -> set[str]:
    """The store's full-text search (SQLite FTS5 or PostgreSQL's, recoupe/store/fulltext.py)."""
    return db.store().search(words)


def _story_docs(db: Database, f: StoryFilter) -> set[str] | None:
    """Documents the words, actors and type select (each a set, intersected per story below)."""
    if not (f.words or f.actors or f.type):
        return None
    sets: list[set[str]] = []
    if f.words:
        sets.append(_docs_with_words(db, f.words))
    if f.actors or f.type:
        index = event_index(db)
        if f.actors:
            sets.append({index.events[p].doc for c in f.actors for p in index.by_actor.get(c, [])})
        if f.type:
            sets.append({index.events[p].doc for p in index.by_type.get(f.type, [])})
    return set.union(*sets) if len(sets) == 1 else _per_story(db, sets)


def _per_story(db: Database, sets: list[set[str]]) -> set[str]:
    """Documents of the stories in which every criterion is met (by the same or different documents)."""
    story_of = story_index(db).story_of
    stories = set.intersection(*({story_of[d] for d in s if d in story_of} for s in sets))
    return {d for d, st in story_of.items() if st in stories}


def stories(db: Database, f: StoryFilter, page: Page) -> tuple[int, list[StorySummary]]:
    """Stories told by several outlets first, then the newest, then the largest; with the total."""
    index = story_index(db)
    docs = _story_docs(db, f)
    wanted = None if docs is None else {index.story_of[d] for d in docs if d in index.story_of}
    kept = [s for s in index.stories
            if (wanted is None or s.story in wanted)
            and (not f.multi or s.outlets > 1)
            and (not f.date_from or (s.last is not None and s.last >= f.date_from))
            and (not f.date_to or (s.first is not None and s.first <= f.date_to + "\uffff"))]
    return len(kept), kept[page.offset:page.offset + page.limit]

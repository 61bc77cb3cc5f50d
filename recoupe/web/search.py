"""Story search: words through the store's full-text index, actors and event types through the
event index, dates and outlets through the kept story summaries (queries.story_index)."""

from __future__ import annotations

from recoupe.errors import StoreError
from recoupe.web.database import Database
from recoupe.web.eventindex import event_index
from recoupe.web.queries import Page, StoryFilter, StorySummary, like_pattern, story_index


def _fts_query(words: tuple[str, ...]) -> str:
    """Each word a quoted FTS5 string (operators in the input stay words), all required."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _docs_with_words(db: Database, words: tuple[str, ...]) -> set[str]:
    try:
        rows = db.rows("SELECT d.id FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
                       "WHERE documents_fts MATCH ?", [_fts_query(words)])
        return {r[0] for r in rows}
    except StoreError:  # a store without the full-text index: scan the texts (slow, same answer modulo accents)
        where = " AND ".join(["(title LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\')"] * len(words))
        params = [p for w in words for p in (like_pattern(w), like_pattern(w))]
        return {r[0] for r in db.rows(f"SELECT id FROM documents WHERE {where}", params)}


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

"""Reading events back from a store: filtered, with their story, and with their document's header
(the rows of an export stand alone). A mixin of `Store`, kept apart to keep the store's module small."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select
from sqlalchemy.sql import Executable

from recoupe.records import DocumentHeader, Event
from recoupe.store import rows as r
from recoupe.store import tables as t
from recoupe.store.schema import EVENT_COLUMNS_V6

CHUNK = 500  # ids per IN (...) list


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[list[str]]:
    for k in range(0, len(items), size):
        yield list(items[k:k + size])


class EventReads:
    version: int

    if TYPE_CHECKING:
        def _rows(self, stmt: Executable, *, stream: bool = True) -> Iterator[Any]: ...

    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        factuality: str | None = None,
        doc: str | None = None,
    ) -> Iterator[Event]:
        """Stored events, ordered by document then start; `actor` matches source or target."""
        for row in self._rows(self._events_select(type=type, actor=actor, factuality=factuality, doc=doc)):
            yield r.event_from(row)

    def sourced_events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        factuality: str | None = None,
        doc: str | None = None,
    ) -> Iterator[tuple[Event, DocumentHeader]]:
        """As `events`, each with its document's title, outlet, publication date and URL (one
        read: the rows of an export stand alone)."""
        d = t.documents.c
        header = [d.title.label("doc_title"), d.outlet.label("doc_outlet"), d.published.label("doc_published"),
                  d.url.label("doc_url")]
        stmt = self._events_select(type=type, actor=actor, factuality=factuality, doc=doc, extra=header)
        for row in self._rows(stmt):
            yield r.event_from(row), DocumentHeader(row["doc"], row["doc_title"] or "", row["doc_outlet"],
                                                    row["doc_published"], row["doc_url"])

    def _events_select(self, *, type: str | None, actor: str | None, factuality: str | None, doc: str | None,
                       extra: Sequence[Any] = ()) -> Select[Any]:
        e = t.events.c
        stmt = self._events_base(extra)
        if type is not None:
            stmt = stmt.where(e.type == type.upper())
        if factuality is not None:
            stmt = stmt.where(e.factuality == factuality.lower())
        if doc is not None:
            stmt = stmt.where(e.doc == doc)
        if actor and actor.strip():
            named = select(t.event_actors.c.event).where(t.event_actors.c.code == actor.strip().upper())
            stmt = stmt.where(e.id.in_(named))
        return stmt.order_by(e.doc, e.start, e.end, e.id)

    def _events_base(self, extra: Sequence[Any] = ()) -> Select[Any]:
        e = t.events.c
        story = func.coalesce(t.stories.c.story, e.story).label("story")
        # a store older than schema version 6, read without migrating, lacks the events' newer columns
        columns = [col for col in t.events.c
                   if col.name != "story" and (self.version >= 6 or col.name not in EVENT_COLUMNS_V6)]
        joined = t.events.outerjoin(t.stories, t.stories.c.doc == e.doc)
        if extra:
            joined = joined.join(t.documents, t.documents.c.id == e.doc)
        return select(*columns, story, *extra).select_from(joined)

    def events_of(self, docs: Sequence[str]) -> dict[str, list[Event]]:
        """doc id -> its events (as `events(doc=...)` gives them), for each of `docs`, read at once."""
        e = t.events.c
        out: dict[str, list[Event]] = {doc: [] for doc in docs}
        for chunk in chunks(list(out)):
            stmt = self._events_base().where(e.doc.in_(chunk)).order_by(e.doc, e.start, e.end, e.id)
            for row in self._rows(stmt, stream=False):
                out[row["doc"]].append(r.event_from(row))
        return out


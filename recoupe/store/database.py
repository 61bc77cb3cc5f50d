"""The store: documents, their events and actor mentions, stories, claims and failures, in a
SQLite file (the default) or a PostgreSQL database, behind one interface.

Transactions are short and explicit. Every write goes through `_transaction`: a transaction at
the outermost level, a savepoint inside `batch()`, so a failing document rolls back alone and a
crash loses only what was not committed. Reads outside a transaction each take a pooled
connection and a read transaction of their own (one consistent snapshot, which never waits for a
writer); inside a transaction they run on the writing connection and see its writes.

How the pipeline writes (one process or several, one `analyze` or two at once):
- `save_analysed(doc, events, mentions, features)` after a document's NLP is done: one short
  transaction that stores the document, its events, mentions and fingerprint, and marks it for
  grouping. Never hold a transaction open while spaCy runs: a second writer would wait for it.
- `grouping()`: an exclusive write transaction for one step of grouping.py (placing the pending
  documents; rebuilding one stale story's claims); writers wait for it, readers do not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from os import PathLike
from typing import Any

from sqlalchemy import (
    Connection,
    Executable,
    RootTransaction,
    Select,
    bindparam,
    delete,
    func,
    insert,
    inspect,
    select,
    union,
    update,
)
from sqlalchemy.engine import NestedTransaction, RowMapping
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.sql.elements import BindParameter

from recoupe.claims.records import Claim
from recoupe.errors import StoreError
from recoupe.records import ActorMention, Document, Event
from recoupe.store import fulltext
from recoupe.store import rows as r
from recoupe.store import tables as t
from recoupe.store.backends import lock, target_of, upsert, writer_options
from recoupe.store.event_reads import EventReads
from recoupe.store.schema import open_engine
from recoupe.stories.records import DocFeatures, features_from_json, features_to_json

_FETCH = 256  # rows per fetch: streams large tables without loading them
_CHUNK = 500  # ids per IN (...) list


# What saving a document runs every time, built once (building a statement costs more than running it).
_DOC: BindParameter[str] = bindparam("doc")
_CLEAR_DOCUMENT = (
    delete(t.event_actors).where(t.event_actors.c.event.in_(select(t.events.c.id).where(t.events.c.doc == _DOC))),
    delete(t.events).where(t.events.c.doc == _DOC),
    delete(t.actor_mentions).where(t.actor_mentions.c.doc == _DOC),
)
_CLEAR_FAILURE = delete(t.failures).where(t.failures.c.path == bindparam("path"))
_STORY_OF = select(t.stories.c.story).where(t.stories.c.doc == _DOC)


def _chunks(items: Sequence[str]) -> Iterator[list[str]]:
    for k in range(0, len(items), _CHUNK):
        yield list(items[k:k + _CHUNK])


def _message(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


class Store(EventReads):
    """A recoupe store: `db` is a SQLite file path or a postgresql:// URL. Use as a context
    manager, or call `close()`.

    `readonly`: open to read (a read-only file or server role is enough); writes raise.
    `create`: make the store when it does not exist (else a missing store is a StoreError).
    """

    def __init__(self, db: str | PathLike[str], *, readonly: bool = False, create: bool = True) -> None:
        self.target = target_of(str(db))
        self.path = self.target.label  # names the store in messages (no password)
        self.backend = self.target.backend
        self.readonly = readonly
        file = self.target.path
        if file is not None:
            if file.is_dir():
                raise StoreError("a folder, not a database", path=self.path)
            if not file.exists():
                if readonly or not create:
                    raise StoreError("no such database (`recoupe analyze ... --db` creates one)",
                                     path=self.path)
                try:
                    file.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise StoreError(f"cannot create the database: {exc}", path=self.path) from exc
        self._engine, self.version = open_engine(self.target, readonly=readonly, create=create)
        self._writer: Connection | None = None
        self._reader: Connection | None = None  # inside snapshot()
        self._stack: list[RootTransaction | NestedTransaction] = []
        self._closed = False
        self._search_method: str | None = None  # fulltext.method, found at the first search

    # -- lifecycle ---------------------------------------------------------------

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._writer is not None:
            with suppress(SQLAlchemyError):
                self._writer.close()
            self._writer = None
        if self.backend == "sqlite" and not self.readonly:
            with suppress(SQLAlchemyError, OSError):  # best effort: refreshes planner statistics only
                raw = self._engine.raw_connection()
                raw.cursor().execute("PRAGMA optimize")
                raw.close()
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the store is closed", path=self.path)

    # -- transactions ------------------------------------------------------------

    def _writing(self) -> Connection:
        self._check_open()
        if self.readonly:
            raise StoreError("the store was opened read-only", path=self.path)
        if self._writer is None:
            try:
                self._writer = self._engine.connect().execution_options(**writer_options())
            except SQLAlchemyError as exc:
                raise StoreError(f"cannot write: {_message(exc)}", path=self.path) from exc
        return self._writer

    @contextmanager
    def _transaction(self, *, exclusive: bool = False) -> Iterator[Connection]:
        conn = self._writing()
        outer = not self._stack
        try:
            tx = conn.begin() if outer else conn.begin_nested()
            if outer or exclusive:
                lock(conn, exclusive=exclusive)
        except SQLAlchemyError as exc:
            if outer and conn.in_transaction():
                conn.rollback()
            raise StoreError(f"cannot start a transaction: {_message(exc)}", path=self.path) from exc
        self._stack.append(tx)
        try:
            yield conn
        except BaseException as exc:
            self._stack.pop()
            try:
                tx.rollback()
            except SQLAlchemyError:  # SQLite may already have rolled back the whole transaction
                if not outer and conn.in_transaction():
                    conn.rollback()
            if isinstance(exc, SQLAlchemyError):
                raise StoreError(f"write failed: {_message(exc)}", path=self.path) from exc
            raise
        self._stack.pop()
        try:
            tx.commit()
        except SQLAlchemyError as exc:
            if outer and conn.in_transaction():
                conn.rollback()
            raise StoreError(f"commit failed: {_message(exc)}", path=self.path) from exc

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several writes in one transaction: committed together at the end of the `with`
        block, or all rolled back if it raises. Batches may nest (savepoints)."""
        with self._transaction():
            yield

    @contextmanager
    def grouping(self) -> Iterator[None]:
        """One exclusive write transaction: no other writer (in any process) commits while it is
        open, so what it reads stays true until it writes. Readers are not blocked."""
        with self._transaction(exclusive=True):
            yield

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside the block see one state of the store, whatever writers commit meanwhile
        (one read transaction; REPEATABLE READ on PostgreSQL). For a view or an export made of
        several reads while `analyze` runs. Inside a write transaction, reads already see one state."""
        self._check_open()
        if self._stack or self._reader is not None:
            yield
            return
        try:
            conn = self._engine.connect()
            if self.backend == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            conn.begin()
        except SQLAlchemyError as exc:
            raise StoreError(f"read failed: {_message(exc)}", path=self.path) from exc
        self._reader = conn
        try:
            yield
        finally:
            self._reader = None
            with suppress(SQLAlchemyError):
                conn.close()

    # -- writes ------------------------------------------------------------------

    def save_analysed(self, doc: Document, events: Sequence[Event], mentions: Sequence[ActorMention],
                      features: DocFeatures | None = None) -> None:
        """Store one analysed document, atomically and in one short transaction: the document,
        its events and actor mentions (replacing an earlier analysis), its clustering
        fingerprint, and the marks that make the next grouping pass place it and rebuild its
        story's claims. Idempotent for the same input."""
        if features is not None and features.doc != doc.id:
            raise StoreError(f"the fingerprint of {features.doc!r} was given with document {doc.id!r}", doc=doc.id)
        with self._transaction() as c:
            self._save_document(c, doc, events, mentions)
            if features is not None:
                self._save_features(c, features)

    def save_document(self, doc: Document, events: Sequence[Event], actors: Sequence[ActorMention]) -> None:
        """Store a document with its events and actor mentions, replacing what an earlier
        analysis stored for it. Atomic; idempotent for the same input."""
        with self._transaction() as c:
            self._save_document(c, doc, events, actors)

    def save_features(self, features: DocFeatures) -> None:
        """Store a document's clustering fingerprint (replaces an earlier one) and mark the
        document for placing in a story."""
        with self._transaction() as c:
            self._save_features(c, features)

    def _save_document(self, c: Connection, doc: Document, events: Sequence[Event],
                       actors: Sequence[ActorMention]) -> None:
        stray = [e for e in events if e.doc != doc.id]
        if stray:
            raise StoreError(f"event {stray[0].id} belongs to document {stray[0].doc!r}", doc=doc.id)
        unique = list({e.id: e for e in events}.values())  # same event twice is one event
        document, event_rows, mention_rows = r.document_row(doc), [r.event_row(e) for e in unique], \
            r.mention_rows(doc.id, actors)
        r.refuse_nul(doc.id, [document, *event_rows, *mention_rows])
        # The document row first: on PostgreSQL its row lock orders two writers of one document.
        upsert(c, t.documents, [document])
        key = {"doc": doc.id}
        for stmt in _CLEAR_DOCUMENT:
            c.execute(stmt, key)
        upsert(c, t.events, event_rows)
        upsert(c, t.event_actors, r.actor_sides(unique), update=False)
        if mention_rows:
            c.execute(insert(t.actor_mentions), mention_rows)
        if doc.path is not None:
            c.execute(_CLEAR_FAILURE, {"path": doc.path})
        # its story's claims cite the events just replaced
        story = c.execute(_STORY_OF, key).scalar()
        self._mark_stale(c, [story or r.default_story(doc.id)])

    def _save_features(self, c: Connection, features: DocFeatures) -> None:
        upsert(c, t.doc_features, [{"doc": features.doc, "data": features_to_json(features),
                                    "text_date": features.text_date}])
        upsert(c, t.pending_docs, [{"doc": features.doc}], update=False)

    @staticmethod
    def _mark_stale(c: Connection, stories: Iterable[str]) -> None:
        upsert(c, t.stale_stories, [{"story": s} for s in sorted(set(stories))], update=False)

    def record_failure(self, path: str, reason: str) -> None:
        """Remember why `path` could not be analysed (the latest reason wins)."""
        with self._transaction() as c:
            upsert(c, t.failures, [{"path": path, "reason": reason, "at": r.now()}])

    def set_stories(self, assignment: Mapping[str, str], *, replace: bool = False) -> None:
        """Assign documents (id -> story id), in the order given. Documents not in `assignment`
        keep their story, unless `replace`, which first forgets every assignment. The stories
        that gain or lose a document are marked for a claims rebuild; the documents placed are
        no longer pending."""
        docs = list(assignment)
        with self._transaction() as c:
            stale: set[str] = set(assignment.values())
            if replace:
                for doc, story in c.execute(select(t.stories.c.doc, t.stories.c.story)):
                    stale.update((story, r.default_story(doc)))
                c.execute(delete(t.stories))
                c.execute(update(t.events).values(story=None))
            known: set[str] = set()
            for chunk in _chunks(docs):
                known.update(c.scalars(select(t.documents.c.id).where(t.documents.c.id.in_(chunk))))
                previous = {doc: story for doc, story in c.execute(
                    select(t.stories.c.doc, t.stories.c.story).where(t.stories.c.doc.in_(chunk)))}
                stale.update(previous.get(d) or r.default_story(d) for d in chunk)
            unknown = sorted(set(docs) - known)
            if unknown:
                raise StoreError(f"set_stories: unknown document {unknown[0]!r}", doc=unknown[0])
            seq = c.execute(select(func.coalesce(func.max(t.stories.c.seq), 0))).scalar() or 0
            upsert(c, t.stories, [{"doc": d, "story": assignment[d], "seq": seq + k} for k, d in enumerate(docs, 1)])
            if docs:  # events.story mirrors the assignment, so a plain events() read is consistent
                c.execute(update(t.events).where(t.events.c.doc == bindparam("_doc")).values(story=bindparam("_story")),
                          [{"_doc": d, "_story": assignment[d]} for d in docs])
            for chunk in _chunks(docs):
                c.execute(delete(t.pending_docs).where(t.pending_docs.c.doc.in_(chunk)))
            self._mark_stale(c, stale)

    def set_duplicates(self, duplicates: Mapping[str, str | None]) -> None:
        """doc -> the earlier document it repeats, or None when it repeats none."""
        with self._transaction() as c:
            for chunk in _chunks(list(duplicates)):
                c.execute(delete(t.duplicates).where(t.duplicates.c.doc.in_(chunk)))
            rows = [{"doc": d, "original": o} for d, o in duplicates.items() if o is not None]
            if rows:
                c.execute(insert(t.duplicates), rows)

    def replace_claims(self, story: str, claims: Sequence[Claim]) -> None:
        """The claims of one story, replacing the ones stored for it, and each event's claim id;
        the story's claims are no longer stale."""
        self.replace_stories_claims({story: claims})

    def replace_stories_claims(self, claims: Mapping[str, Sequence[Claim]]) -> None:
        """As `replace_claims` for several stories (story -> its claims), in one transaction and a
        few statements per _CHUNK stories: a grouping pass rebuilds tens of thousands of stories."""
        stories = list(claims)
        with self._transaction() as c:
            for chunk in _chunks(stories):
                old = [{"_old": claim} for claim in c.scalars(select(t.claims.c.id).where(t.claims.c.story.in_(chunk)))]
                if old:  # one claim id at a time: for an IN list SQLite's planner may scan the events
                    c.execute(update(t.events).where(t.events.c.claim == bindparam("_old")).values(claim=None), old)
                    c.execute(delete(t.claims).where(t.claims.c.story.in_(chunk)))
            upsert(c, t.claims, [r.claim_row(story, cl) for story in stories for cl in claims[story]])
            owners = [{"_event": m.event, "_claim": cl.id} for story in stories for cl in claims[story]
                      for m in cl.mentions]
            if owners:
                owned = update(t.events).where(t.events.c.id == bindparam("_event"))
                c.execute(owned.values(claim=bindparam("_claim")), owners)
            for chunk in _chunks(stories):
                c.execute(delete(t.stale_stories).where(t.stale_stories.c.story.in_(chunk)))

    # -- reads -------------------------------------------------------------------

    def _rows(self, stmt: Executable, *, stream: bool = True) -> Iterator[Any]:
        """The rows of `stmt` as mappings, streamed in batches of _FETCH (`stream`: a server-side
        cursor on PostgreSQL, worth its extra round trips for large results only)."""
        self._check_open()
        if stream:
            stmt = stmt.execution_options(yield_per=_FETCH)
        try:
            if self._stack:  # inside a transaction: read what it wrote
                assert self._writer is not None
                yield from self._writer.execute(stmt).mappings()
                return
            if self._reader is not None:
                yield from self._reader.execute(stmt).mappings()
                return
            with self._engine.connect() as conn:
                yield from conn.execute(stmt).mappings()
        except SQLAlchemyError as exc:
            raise StoreError(f"read failed: {_message(exc)}", path=self.path) from exc

    def _scalar(self, stmt: Select[Any]) -> Any:
        return next((next(iter(row.values())) for row in self._rows(stmt, stream=False)), None)

    def query(self, stmt: Executable) -> list[RowMapping]:
        """The rows of one read statement over the store's tables (SQLAlchemy Core over
        `recoupe.store.tables`), for readers with queries of their own (`recoupe serve`). It runs
        as every read does: a read transaction of its own, or inside the open snapshot or batch."""
        return list(self._rows(stmt, stream=False))

    def stream(self, stmt: Executable) -> Iterator[RowMapping]:
        """As `query`, the rows streamed in batches (a server-side cursor on PostgreSQL): for
        large results read once. Consume it whole, or close it: it holds a connection meanwhile."""
        yield from self._rows(stmt)

    def search(self, words: Sequence[str]) -> set[str]:
        """Ids of the documents whose title or text holds every word, case and accents folded
        (fulltext.py: SQLite's FTS5 or PostgreSQL's text search, the same answers on both)."""
        if self._search_method is None:
            try:
                with self._engine.connect() as conn:
                    tables = inspect(conn).get_table_names()
            except SQLAlchemyError as exc:
                raise StoreError(f"read failed: {_message(exc)}", path=self.path) from exc
            self._search_method = fulltext.method(self.backend, tables)
        return {row["id"] for row in self._rows(fulltext.matching(words, self._search_method), stream=False)}

    def pending(self) -> set[str]:
        """Documents saved since they were last placed in a story (see `ungrouped`)."""
        return {row["doc"] for row in self._rows(select(t.pending_docs.c.doc))}

    def ungrouped(self) -> set[str]:
        """Documents with a fingerprint to place: saved since they were last placed, or never
        placed (a run stopped before grouping)."""
        saved = select(t.pending_docs.c.doc).join(t.doc_features, t.doc_features.c.doc == t.pending_docs.c.doc)
        never = (select(t.doc_features.c.doc)
                 .outerjoin(t.stories, t.stories.c.doc == t.doc_features.c.doc).where(t.stories.c.doc.is_(None)))
        return {row["doc"] for row in self._rows(union(saved, never))}

    def stale_stories(self) -> list[str]:
        """Stories whose claims must be rebuilt (their documents or events changed since)."""
        return [row["story"] for row in self._rows(select(t.stale_stories.c.story).order_by(t.stale_stories.c.story))]

    def is_stale(self, story: str) -> bool:
        return bool(self.still_stale([story]))

    def still_stale(self, stories: Sequence[str]) -> set[str]:
        """Those of `stories` whose claims must still be rebuilt."""
        out: set[str] = set()
        for chunk in _chunks(stories):
            stmt = select(t.stale_stories.c.story).where(t.stale_stories.c.story.in_(chunk))
            out.update(row["story"] for row in self._rows(stmt, stream=False))
        return out

    def features(self) -> Iterator[tuple[DocFeatures, str]]:
        """Every stored fingerprint with its document's story, in the order documents were placed
        (never-placed ones last, by id): the order that replays the clustering."""
        stmt = (select(t.doc_features.c.doc, t.doc_features.c.data, t.stories.c.story)
                .outerjoin(t.stories, t.stories.c.doc == t.doc_features.c.doc)
                .order_by(t.stories.c.seq.nulls_last(), t.doc_features.c.doc))
        for row in self._rows(stmt):
            yield features_from_json(row["data"]), row["story"] or r.default_story(row["doc"])

    def stories_of(self, ids: Sequence[str]) -> dict[str, str]:
        """doc id -> the story it is placed in, for the documents of `ids` placed in one (a document
        never placed has no entry, where `features()` names the story of its own it would open)."""
        out: dict[str, str] = {}
        for chunk in _chunks(ids):
            stmt = select(t.stories.c.doc, t.stories.c.story).where(t.stories.c.doc.in_(chunk))
            out.update((row["doc"], row["story"]) for row in self._rows(stmt, stream=False))
        return out

    def text_dates(self) -> dict[str, str]:
        """doc id -> the date its text gives its happening ("2008-07-02", or "--07-02" without a year;
        stories/dating.py), for the documents that have one, read from the stored fingerprints."""
        f = t.doc_features.c
        if self.version >= 5:
            stmt = select(f.doc, f.text_date).where(f.text_date.is_not(None))
            return {row["doc"]: row["text_date"] for row in self._rows(stmt)}
        # an older store read without migrating: the date is in each fingerprint's JSON only
        found = ((row["doc"], features_from_json(row["data"]).text_date) for row in self._rows(select(f.doc, f.data)))
        return {doc: day for doc, day in found if day}

    def distinct_actors(self) -> int:
        """How many different actor codes the documents mention (`stats()["actors"]` counts mentions)."""
        return int(self._scalar(select(func.count(t.actor_mentions.c.code.distinct()))))

    def published(self, ids: Sequence[str]) -> dict[str, str | None]:
        """doc id -> publication date, read without the texts (a batch may be large)."""
        out: dict[str, str | None] = {}
        for chunk in _chunks(ids):
            stmt = select(t.documents.c.id, t.documents.c.published).where(t.documents.c.id.in_(chunk))
            out.update((row["id"], row["published"]) for row in self._rows(stmt, stream=False))
        return out

    def headlines(self) -> Iterator[tuple[str, str, str | None, str | None, str]]:
        """(id, title, outlet, published, first 200 characters) of every document, for listings."""
        d = t.documents.c
        stmt = select(d.id, d.title, d.outlet, d.published, func.substr(d.text, 1, 200).label("lead")).order_by(d.id)
        for row in self._rows(stmt):
            yield row["id"], row["title"], row["outlet"], row["published"], row["lead"]

    def duplicates(self) -> dict[str, str]:
        stmt = select(t.duplicates.c.doc, t.duplicates.c.original).order_by(t.duplicates.c.doc)
        return {row["doc"]: row["original"] for row in self._rows(stmt)}

    def story_documents(self, story: str) -> list[Document]:
        """The documents of one story (a story id that no assignment names is a one-document story)."""
        return self.stories_documents([story])[story]

    def stories_documents(self, stories: Sequence[str]) -> dict[str, list[Document]]:
        """story -> its documents, by id, for each of `stories` (as `story_documents`, read at once)."""
        out: dict[str, list[Document]] = {story: [] for story in stories}
        for chunk in _chunks(list(out)):
            stmt = (select(t.documents, t.stories.c.story.label("_story"))
                    .join(t.stories, t.stories.c.doc == t.documents.c.id)
                    .where(t.stories.c.story.in_(chunk)).order_by(t.documents.c.id))
            for row in self._rows(stmt):
                out[row["_story"]].append(r.document_from(row))
        empty = {story for story, docs in out.items() if not docs}
        if not empty:
            return out
        # Stories no assignment names: documents never placed, each a story of its own. One read of
        # them all for every story asked: it walks every document, once per call, not once per story.
        alone = (select(t.documents.c.id).outerjoin(t.stories, t.stories.c.doc == t.documents.c.id)
                 .where(t.stories.c.doc.is_(None)))
        ids = [row["id"] for row in self._rows(alone) if r.default_story(row["id"]) in empty]
        for chunk in _chunks(ids):
            stmt = select(t.documents).where(t.documents.c.id.in_(chunk)).order_by(t.documents.c.id)
            for row in self._rows(stmt, stream=False):
                out[r.default_story(row["id"])].append(r.document_from(row))
        return out

    def claims(self, *, story: str | None = None) -> Iterator[Claim]:
        # a store older than version 5 (read without migrating) has no mode: its claims are acts
        columns = [c for c in t.claims.c if self.version >= 5 or c.name != "mode"]
        stmt = select(*columns).order_by(t.claims.c.story, t.claims.c.id)
        if story:
            stmt = stmt.where(t.claims.c.story == story)
        for row in self._rows(stmt):
            yield r.claim_from(row)

    def document_source(self, doc_id: str) -> tuple[str | None, str] | None:
        """(path, content hash) of the document stored under `doc_id`, or None: tells a re-read
        of the same input from another input that shares its id (ingest/ids.py)."""
        docs = t.documents
        row = next(iter(self._rows(select(docs.c.path, docs.c.hash).where(docs.c.id == doc_id), stream=False)), None)
        return (row["path"], str(row["hash"])) if row is not None else None

    def document_state(self, doc_id: str) -> str | None:
        """The content hash stored for `doc_id`, or None if it was never saved."""
        return self._scalar(select(t.documents.c.hash).where(t.documents.c.id == doc_id))

    def documents(self) -> Iterator[Document]:
        for row in self._rows(select(t.documents).order_by(t.documents.c.id)):
            yield r.document_from(row)

    def document_ids(self) -> Iterator[str]:
        for row in self._rows(select(t.documents.c.id).order_by(t.documents.c.id)):
            yield row["id"]

    def actor_mentions(self, doc: str) -> list[ActorMention]:
        m = t.actor_mentions.c
        stmt = select(t.actor_mentions).where(m.doc == doc).order_by(m.start, m.end, m.code)
        return [r.mention_from(row) for row in self._rows(stmt, stream=False)]

    def failures(self) -> Iterator[tuple[str, str, str]]:
        """(path, reason, at) of every input that failed and was not saved since."""
        for row in self._rows(select(t.failures).order_by(t.failures.c.path)):
            yield row["path"], row["reason"], row["at"]

    def stats(self) -> dict[str, int]:
        """Counts: documents, events, actors (mentions), failures, stories, and
        `events:<TYPE>` for every event type present."""
        tables = {"documents": t.documents, "events": t.events, "actors": t.actor_mentions, "failures": t.failures}
        out = {name: int(self._scalar(select(func.count()).select_from(table))) for name, table in tables.items()}
        out["stories"] = sum(1 for _ in self.stories())
        stmt = select(t.events.c.type, func.count().label("n")).group_by(t.events.c.type).order_by(t.events.c.type)
        for row in self._rows(stmt):
            out[f"events:{row['type']}"] = int(row["n"])
        return out

    def stories(self) -> Iterator[tuple[str, list[str]]]:
        """(story id, sorted doc ids) covering every stored document exactly once, ordered
        by each story's first document."""
        groups: dict[str, list[str]] = {}
        stmt = (select(t.documents.c.id, t.stories.c.story)
                .outerjoin(t.stories, t.stories.c.doc == t.documents.c.id).order_by(t.documents.c.id))
        for row in self._rows(stmt):
            groups.setdefault(row["story"] or r.default_story(row["id"]), []).append(row["id"])
        yield from groups.items()  # dict order = order of first (smallest) doc id

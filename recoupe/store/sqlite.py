"""The SQLite store: documents, their events and actor mentions, stories, failures.

One connection, explicit transactions. Every write goes through `_transaction`, which
opens a transaction at the outermost level and a savepoint inside `batch()`, so a
failing document rolls back alone and a crash loses only what was not committed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path

from recoupe.claims.records import Claim, Mention
from recoupe.errors import StoreError
from recoupe.records import ActorMention, Document, Event, stable_id
from recoupe.stories.records import DocFeatures, features_from_json, features_to_json

SCHEMA_VERSION = 2
_FETCH = 256  # rows per fetchmany: streams large tables without loading them

_EVENT_COLUMNS = (
    "id", "doc", "start", "end", "type", "context", "source", "target", "object", "transit",
    "factuality", "speaker", "trigger", "trigger_start", "source_text", "target_text",
    "evidence", "claim", "story",
)
_INSERT_EVENT = "INSERT OR REPLACE INTO events ({}) VALUES ({})".format(
    ", ".join(f'"{c}"' for c in _EVENT_COLUMNS), ", ".join("?" * len(_EVENT_COLUMNS))
)
_UPSERT_DOCUMENT = """
INSERT INTO documents (id, title, text, outlet, url, published, language, path, hash, analysed_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(id) DO UPDATE SET
    title = excluded.title, text = excluded.text, outlet = excluded.outlet, url = excluded.url,
    published = excluded.published, language = excluded.language, path = excluded.path,
    hash = excluded.hash, analysed_at = excluded.analysed_at
"""


def default_story(doc_id: str) -> str:
    """The story id of a document that no clustering has assigned: a story of its own."""
    return "s" + stable_id(doc_id)[:12]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _event_params(event: Event) -> tuple[object, ...]:
    return (
        event.id, event.doc, event.start, event.end, event.type, event.context,
        json.dumps(event.source, ensure_ascii=False), json.dumps(event.target, ensure_ascii=False),
        event.object, json.dumps(event.transit, ensure_ascii=False), event.factuality,
        event.speaker, event.trigger, event.trigger_start,
        json.dumps(event.source_text, ensure_ascii=False),
        json.dumps(event.target_text, ensure_ascii=False), event.evidence, event.claim, event.story,
    )


def _event_from_row(row: sqlite3.Row) -> Event:
    return Event(
        doc=row["doc"], start=row["start"], end=row["end"], type=row["type"],
        source=json.loads(row["source"]), target=json.loads(row["target"]),
        context=row["context"], object=row["object"], transit=json.loads(row["transit"]),
        factuality=row["factuality"], speaker=row["speaker"], trigger=row["trigger"],
        trigger_start=row["trigger_start"], source_text=json.loads(row["source_text"]),
        target_text=json.loads(row["target_text"]), evidence=row["evidence"], claim=row["claim"],
        story=row["story"] or default_story(row["doc"]),
    )


def _document_from(r: sqlite3.Row) -> Document:
    return Document(r["id"], r["text"], r["title"], r["outlet"], r["url"], r["published"], r["language"],
                    r["path"], r["hash"])


def _claim_dict(c: Claim) -> dict[str, object]:
    return {"source": c.source, "target": c.target, "context": c.context, "objects": c.objects, "mode": c.mode,
            "mentions": [{"event": m.event, "doc": m.doc, "outlet": m.outlet, "start": m.start, "end": m.end,
                          "factuality": m.factuality, "speaker": m.speaker, "object": m.object,
                          "evidence": m.evidence, "published": m.published, "trigger": m.trigger}
                         for m in c.mentions]}


def _claim_from(id: str, story: str, type: str, d: dict[str, object]) -> Claim:
    mentions = [Mention(**m) for m in d.get("mentions") or []]  # type: ignore[attr-defined]
    return Claim(id=id, story=story, type=type, source=list(d["source"]),  # type: ignore[call-overload]
                 target=list(d["target"]), context=d.get("context"),  # type: ignore[call-overload, arg-type]
                 objects=list(d.get("objects") or []), mentions=mentions,  # type: ignore[call-overload]
                 mode=str(d.get("mode") or "act"))


class Store:
    """A recoupe database file. Use as a context manager, or call `close()`."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._depth = 0  # transaction nesting: 0 = none, 1 = transaction, >1 = savepoints
        in_memory = self.path == ":memory:" or self.path.startswith("file:")
        try:
            if not in_memory:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: no implicit transactions, `_transaction` decides.
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}", path=self.path) from exc
        conn.row_factory = sqlite3.Row
        self._connection: sqlite3.Connection | None = conn
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._check_and_apply_schema()
        except sqlite3.DatabaseError as exc:
            self.close()
            bad = "not a database" in str(exc)
            what = "is not an SQLite database" if bad else f"cannot be opened ({exc})"
            raise StoreError(f"{self.path} {what}", path=self.path) from exc
        except StoreError:
            self.close()
            raise

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StoreError(f"store {self.path} is closed", path=self.path)
        return self._connection

    def _check_and_apply_schema(self) -> None:
        tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "meta" not in tables:
            raise StoreError(
                f"{self.path} is an SQLite database but not a recoupe one (tables: "
                f"{', '.join(sorted(tables)[:5])})", path=self.path,
            )
        if "meta" in tables:
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is not None and row[0] != str(SCHEMA_VERSION):
                raise StoreError(
                    f"{self.path} has schema version {row[0]}, this recoupe reads version "
                    f"{SCHEMA_VERSION}", path=self.path,
                )
        schema = files("recoupe.store").joinpath("schema.sql").read_text(encoding="utf-8")
        version = f"INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}');"
        try:  # one transaction, so a half-created schema is never left behind
            self._conn.executescript(f"BEGIN IMMEDIATE;\n{schema}\n{version}\nCOMMIT;")
        except sqlite3.Error:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    # -- lifecycle ---------------------------------------------------------------

    def close(self) -> None:
        conn, self._connection = self._connection, None
        if conn is None:
            return
        with suppress(sqlite3.Error):  # best effort: refreshes planner statistics only
            conn.execute("PRAGMA optimize")
        conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        depth = self._depth
        savepoint = f"sp{depth}"
        try:
            self._conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT {savepoint}")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot start a transaction on {self.path}: {exc}", path=self.path) from exc
        self._depth = depth + 1
        try:
            yield
        except BaseException as exc:
            self._depth = depth
            if depth == 0:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
            elif self._conn.in_transaction:  # sqlite may already have rolled back everything
                self._conn.execute(f"ROLLBACK TO {savepoint}")
                self._conn.execute(f"RELEASE {savepoint}")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"write to {self.path} failed: {exc}", path=self.path) from exc
            raise
        self._depth = depth
        try:
            self._conn.execute("COMMIT" if depth == 0 else f"RELEASE {savepoint}")
        except sqlite3.Error as exc:
            if depth == 0 and self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise StoreError(f"commit to {self.path} failed: {exc}", path=self.path) from exc

    def batch(self) -> AbstractContextManager[None]:
        """Group several writes in one transaction: committed together at the end of the
        `with` block, or all rolled back if it raises. Batches may nest."""
        return self._transaction()

    # -- writes ------------------------------------------------------------------

    def save_document(
        self, doc: Document, events: Sequence[Event], actors: Sequence[ActorMention]
    ) -> None:
        """Store a document with its events and actor mentions, replacing what an earlier
        analysis stored for it. Atomic; idempotent for the same input."""
        stray = [e for e in events if e.doc != doc.id]
        if stray:
            raise StoreError(f"event {stray[0].id} belongs to document {stray[0].doc!r}", doc=doc.id)
        unique = list({e.id: e for e in events}.values())  # same event twice is one event
        sides = [
            (e.id, code, side)
            for e in unique
            for side, codes in (("source", e.source), ("target", e.target))
            for code in dict.fromkeys(codes)
        ]
        mentions = [(doc.id, a.code, a.text, a.start, a.end, a.kind) for a in dict.fromkeys(actors)]
        with self._transaction():
            c = self._conn
            c.execute(_UPSERT_DOCUMENT, (
                doc.id, doc.title, doc.text, doc.outlet, doc.url, doc.published, doc.language,
                doc.path, doc.hash, _now(),
            ))
            c.execute("DELETE FROM events WHERE doc = ?", (doc.id,))  # cascades to event_actors
            c.execute("DELETE FROM actor_mentions WHERE doc = ?", (doc.id,))
            c.executemany(_INSERT_EVENT, [_event_params(e) for e in unique])
            c.executemany("INSERT OR IGNORE INTO event_actors (event, code, side) VALUES (?, ?, ?)", sides)
            c.executemany(
                'INSERT INTO actor_mentions (doc, code, text, start, "end", kind) VALUES (?, ?, ?, ?, ?, ?)',
                mentions,
            )
            if doc.path is not None:
                c.execute("DELETE FROM failures WHERE path = ?", (doc.path,))

    def record_failure(self, path: str, reason: str) -> None:
        """Remember why `path` could not be analysed (the latest reason wins)."""
        with self._transaction():
            self._conn.execute(
                "INSERT OR REPLACE INTO failures (path, reason, at) VALUES (?, ?, ?)",
                (path, reason, _now()),
            )

    def set_stories(self, assignment: Mapping[str, str], *, replace: bool = False) -> None:
        """Assign documents (id -> story id). Documents not in `assignment` keep their story,
        unless `replace`, which first forgets every assignment."""
        with self._transaction():
            if replace:
                self._conn.execute("DELETE FROM stories")
                self._conn.execute("UPDATE events SET story = NULL")
            known = {r[0] for r in self._conn.execute("SELECT id FROM documents")}
            unknown = sorted(set(assignment) - known)
            if unknown:
                raise StoreError(f"set_stories: unknown document {unknown[0]!r}", doc=unknown[0])
            self._conn.executemany(
                "INSERT OR REPLACE INTO stories (story, doc) VALUES (?, ?)",
                [(story, doc) for doc, story in assignment.items()],
            )
            # events.story mirrors the assignment, so a plain events() read is consistent
            self._conn.executemany(
                "UPDATE events SET story = ? WHERE doc = ?",
                [(story, doc) for doc, story in assignment.items()],
            )

    def save_features(self, features: DocFeatures) -> None:
        """Store a document's clustering fingerprint (replaces an earlier one)."""
        with self._transaction():
            self._conn.execute("INSERT OR REPLACE INTO doc_features (doc, data) VALUES (?, ?)",
                               (features.doc, features_to_json(features)))

    def set_duplicates(self, duplicates: Mapping[str, str | None]) -> None:
        """doc -> the earlier document it repeats, or None when it repeats none."""
        with self._transaction():
            for doc, original in duplicates.items():
                self._conn.execute("DELETE FROM duplicates WHERE doc = ?", (doc,))
                if original is not None:
                    self._conn.execute("INSERT INTO duplicates (doc, original) VALUES (?, ?)", (doc, original))

    def replace_claims(self, story: str, claims: Sequence[Claim]) -> None:
        """The claims of one story, replacing the ones stored for it, and each event's claim id."""
        with self._transaction():
            c = self._conn
            c.execute("DELETE FROM claims WHERE story = ?", (story,))
            c.executemany(
                "INSERT OR REPLACE INTO claims (id, story, type, label, data) VALUES (?, ?, ?, ?, ?)",
                [(cl.id, story, cl.type, cl.label, json.dumps(_claim_dict(cl), ensure_ascii=False))
                 for cl in claims],
            )
            c.executemany("UPDATE events SET claim = ? WHERE id = ?",
                          [(cl.id, m.event) for cl in claims for m in cl.mentions])

    # -- reads -------------------------------------------------------------------

    def features(self) -> Iterator[tuple[DocFeatures, str]]:
        """Every stored fingerprint with its document's story, in document order."""
        sql = ("SELECT f.doc, f.data, s.story FROM doc_features f LEFT JOIN stories s ON s.doc = f.doc "
               "ORDER BY f.rowid")
        for r in self._stream(sql):
            yield features_from_json(r["data"]), r["story"] or default_story(r["doc"])

    def ungrouped(self) -> set[str]:
        """Documents with a fingerprint but no story yet (a run stopped before grouping)."""
        sql = "SELECT f.doc FROM doc_features f LEFT JOIN stories s ON s.doc = f.doc WHERE s.doc IS NULL"
        return {str(r[0]) for r in self._stream(sql)}

    def published(self, ids: Sequence[str]) -> dict[str, str | None]:
        """doc id -> publication date, read without the texts (a batch may be large)."""
        out: dict[str, str | None] = {}
        for k in range(0, len(ids), 500):
            chunk = list(ids[k:k + 500])
            sql = f"SELECT id, published FROM documents WHERE id IN ({', '.join('?' * len(chunk))})"
            out.update((r[0], r[1]) for r in self._stream(sql, chunk))
        return out

    def headlines(self) -> Iterator[tuple[str, str, str | None, str | None, str]]:
        """(id, title, outlet, published, first 200 characters) of every document, for listings."""
        sql = "SELECT id, title, outlet, published, substr(text, 1, 200) FROM documents ORDER BY id"
        for r in self._stream(sql):
            yield r[0], r[1], r[2], r[3], r[4]

    def text_dates(self) -> dict[str, str]:
        """doc id -> the date its text gives its happening ("2008-07-02", or "--07-02" without a year;
        stories/dating.py), for documents that have one, read from the stored fingerprints."""
        sql = ("SELECT doc, json_extract(data, '$.text_date') FROM doc_features "
               "WHERE json_extract(data, '$.text_date') IS NOT NULL")
        return {str(r[0]): str(r[1]) for r in self._stream(sql)}

    def distinct_actors(self) -> int:
        """How many different actor codes the documents mention (stats' "actors" counts mentions)."""
        return int(next(self._stream("SELECT COUNT(DISTINCT code) FROM actor_mentions"))[0])

    def duplicates(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self._stream("SELECT doc, original FROM duplicates ORDER BY doc")}

    def story_documents(self, story: str) -> list[Document]:
        """The documents of one story (a story id that no assignment names is a one-document story)."""
        rows = list(self._stream(
            "SELECT d.* FROM documents d JOIN stories s ON s.doc = d.id WHERE s.story = ? ORDER BY d.id", (story,)))
        if not rows:
            rows = [r for r in self._stream("SELECT d.* FROM documents d LEFT JOIN stories s ON s.doc = d.id "
                                            "WHERE s.doc IS NULL") if default_story(r["id"]) == story]
        return [_document_from(r) for r in rows]

    def claims(self, *, story: str | None = None) -> Iterator[Claim]:
        sql = "SELECT * FROM claims" + (" WHERE story = ?" if story else "") + " ORDER BY story, id"
        for r in self._stream(sql, (story,) if story else ()):
            yield _claim_from(r["id"], r["story"], r["type"], json.loads(r["data"]))

    def _stream(self, sql: str, params: Sequence[object] = ()) -> Iterator[sqlite3.Row]:
        try:
            cursor = self._conn.execute(sql, params)
            while rows := cursor.fetchmany(_FETCH):
                yield from rows
        except sqlite3.Error as exc:
            raise StoreError(f"read from {self.path} failed: {exc}", path=self.path) from exc

    def document_state(self, doc_id: str) -> str | None:
        """The content hash stored for `doc_id`, or None if it was never saved."""
        rows = self._stream("SELECT hash FROM documents WHERE id = ?", (doc_id,))
        return next((str(r[0]) for r in rows), None)

    def events(
        self,
        *,
        type: str | None = None,
        actor: str | None = None,
        factuality: str | None = None,
        doc: str | None = None,
    ) -> Iterator[Event]:
        """Stored events, ordered by document then start; `actor` matches source or target."""
        filters = (
            ("e.type = ?", None if type is None else type.upper()),
            ("e.factuality = ?", None if factuality is None else factuality.lower()),
            ("e.doc = ?", doc),
            ("e.id IN (SELECT event FROM event_actors WHERE code = ?)", actor and actor.strip()),
        )
        where = [condition for condition, value in filters if value is not None]
        params = [value for _, value in filters if value is not None]
        sql = (
            "SELECT e.*, COALESCE(s.story, e.story) AS story FROM events e "
            "LEFT JOIN stories s ON s.doc = e.doc"
            + (" WHERE " + " AND ".join(where) if where else "")
            + ' ORDER BY e.doc, e.start, e."end", e.id'
        )
        for row in self._stream(sql, params):
            yield _event_from_row(row)

    def documents(self) -> Iterator[Document]:
        for r in self._stream("SELECT * FROM documents ORDER BY id"):
            yield _document_from(r)

    def document_ids(self) -> Iterator[str]:
        for r in self._stream("SELECT id FROM documents ORDER BY id"):
            yield str(r[0])

    def actor_mentions(self, doc: str) -> list[ActorMention]:
        rows = self._stream(
            'SELECT code, text, start, "end", kind FROM actor_mentions WHERE doc = ? '
            'ORDER BY start, "end", code', (doc,),
        )
        return [ActorMention(r["code"], r["text"], r["start"], r["end"], r["kind"]) for r in rows]

    def failures(self) -> Iterator[tuple[str, str, str]]:
        """(path, reason, at) of every input that failed and was not saved since."""
        for r in self._stream("SELECT path, reason, at FROM failures ORDER BY path"):
            yield (r["path"], r["reason"], r["at"])

    def stats(self) -> dict[str, int]:
        """Counts: documents, events, actors (mentions), failures, stories, and
        `events:<TYPE>` for every event type present."""
        tables = {
            "documents": "documents", "events": "events", "actors": "actor_mentions", "failures": "failures",
        }
        out = {name: int(next(self._stream(f"SELECT COUNT(*) FROM {t}"))[0]) for name, t in tables.items()}
        out["stories"] = sum(1 for _ in self.stories())
        for r in self._stream("SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY type"):
            out[f"events:{r[0]}"] = int(r[1])
        return out

    def stories(self) -> Iterator[tuple[str, list[str]]]:
        """(story id, sorted doc ids) covering every stored document exactly once, ordered
        by each story's first document."""
        groups: dict[str, list[str]] = {}
        sql = "SELECT d.id, s.story FROM documents d LEFT JOIN stories s ON s.doc = d.id ORDER BY d.id"
        for r in self._stream(sql):
            groups.setdefault(r["story"] or default_story(r["id"]), []).append(r["id"])
        yield from groups.items()  # dict order = order of first (smallest) doc id

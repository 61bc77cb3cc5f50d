"""The store's tables: one SQLAlchemy Core definition for SQLite and PostgreSQL.

Lists (actor codes, texts as written) and structured values (claims, fingerprints) are JSON
text, so both back-ends store the same bytes and give the same exports. The schema version
lives in `meta`; schema.py creates the tables and migrates older stores. The full-text index of
titles and texts is not a table of this metadata: fulltext.py makes it, one way per back-end.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Table, Text
from sqlalchemy.dialects import postgresql

SCHEMA_VERSION = 6

# The covering indexes that `recoupe serve` reads its listings through (schema version 4). SQLite
# only: a SQLite row keeps its columns in order, and outlet, published (after the text) or an
# event's speaker (after its long JSON lists) are read by walking the text's overflow pages,
# which these indexes spare. PostgreSQL moves long texts out of the row (TOAST), so it reads them
# cheaply from the table, and caps a btree entry at about 2.7 kB, which a long speaker could pass.
SQLITE = "sqlite"

# Keys and texts compare byte-wise on both back-ends: SQLite's default (BINARY) collation, and
# PostgreSQL's "C". The database's own locale would sort "000_a" and "000-b" its own way, and
# the sorted exports would differ between back-ends.
TEXT = Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


def _doc_key(**kw: object) -> Column[str]:
    return Column("doc", TEXT, ForeignKey("documents.id", ondelete="CASCADE"), **kw)  # type: ignore[arg-type]


metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", TEXT, primary_key=True),
    Column("value", TEXT, nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", TEXT, primary_key=True),
    Column("title", TEXT, nullable=False, server_default=""),
    Column("text", TEXT, nullable=False),
    Column("outlet", TEXT),
    Column("url", TEXT),
    Column("published", TEXT),
    Column("language", TEXT),
    Column("path", TEXT),
    Column("hash", TEXT, nullable=False),
    Column("analysed_at", TEXT, nullable=False),
    Index("documents_path", "path"),
    # documents by date and by id with their outlet and date: listings and joins without the texts
    Index("documents_published", "published", "id", "outlet").ddl_if(dialect=SQLITE),
    Index("documents_meta", "id", "outlet", "published").ddl_if(dialect=SQLITE),
)

events = Table(
    "events", metadata,
    Column("id", TEXT, primary_key=True),  # Event.id (deterministic)
    _doc_key(nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("type", TEXT, nullable=False),
    Column("context", TEXT),
    Column("source", TEXT, nullable=False, server_default="[]"),  # JSON list of actor codes
    Column("target", TEXT, nullable=False, server_default="[]"),
    Column("object", TEXT),
    Column("transit", TEXT, nullable=False, server_default="[]"),
    Column("factuality", TEXT, nullable=False),
    Column("speaker", TEXT),
    Column("trigger", TEXT, nullable=False, server_default=""),
    Column("trigger_start", Integer, nullable=False, server_default="0"),
    Column("source_text", TEXT, nullable=False, server_default="[]"),  # JSON list, actors as written
    Column("target_text", TEXT, nullable=False, server_default="[]"),
    Column("evidence", TEXT, nullable=False, server_default=""),
    Column("claim", TEXT),
    Column("story", TEXT),  # mirrors `stories`, so a plain read of events is consistent
    # when, where, what kind of actors and by which construction (schema version 6; SPEC 5 extras)
    Column("rule", TEXT, nullable=False, server_default=""),
    Column("source_kind", TEXT, nullable=False, server_default="[]"),  # JSON list parallel to `source`
    Column("target_kind", TEXT, nullable=False, server_default="[]"),
    Column("date_text", TEXT),
    Column("tense", TEXT, nullable=False, server_default="past"),
    Column("date", TEXT),
    Column("date_precision", TEXT),
    Column("place", TEXT),
    Column("place_code", TEXT),
    Index("events_doc", "doc", "start"),
    Index("events_type", "type"),
    # a claim's factualities without reading the events (contested claims: denied and stated)
    Index("events_claim", "claim", "factuality"),
    # an actor's events (event_actors gives their ids) by document, type, factuality and speaker,
    # without reading the rows (recoupe serve: actor pages, events filtered by actor)
    Index("events_by_id", "id", "doc", "start", "type", "factuality", "speaker").ddl_if(dialect=SQLITE),
)

# One row per (event, actor code, side), so `--actor` is an index lookup instead of a scan
# over JSON columns. Codes are stored upper-case: the lookup is case-insensitive on both back-ends.
event_actors = Table(
    "event_actors", metadata,
    Column("event", TEXT, ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("code", TEXT, primary_key=True),
    Column("side", TEXT, primary_key=True),  # source | target
    Index("event_actors_code", "code"),
)

actor_mentions = Table(
    "actor_mentions", metadata,
    _doc_key(nullable=False),
    Column("code", TEXT, nullable=False),
    Column("text", TEXT, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", TEXT, nullable=False),
    Index("actor_mentions_doc", "doc"),
    Index("actor_mentions_code", "code"),
    # how an actor is written and tagged, counted without the rows (recoupe serve's actor page)
    Index("actor_mentions_names", "code", "text", "kind").ddl_if(dialect=SQLITE),
)

# Cross-document claims (SPEC section 4), rebuilt per story; events.claim holds the id.
claims = Table(
    "claims", metadata,
    Column("id", TEXT, primary_key=True),
    Column("story", TEXT, nullable=False),
    Column("type", TEXT, nullable=False),
    Column("label", TEXT, nullable=False),
    # what the mentions state (schema version 5): the act, an intention to act or a request that
    # someone act (claims/modes.py); three different claims even with the same type and actors
    Column("mode", TEXT, nullable=False, server_default="act"),
    Column("data", TEXT, nullable=False),  # JSON: source, target, context, objects, mentions
    Index("claims_story", "story"),
)

# The clustering fingerprint of each document (stories/records.py DocFeatures, as JSON), so a
# new batch joins the stored stories without re-reading their documents.
doc_features = Table(
    "doc_features", metadata,
    _doc_key(primary_key=True),
    Column("data", TEXT, nullable=False),
    # the date the text gives its happening (DocFeatures.text_date, also in `data`), as a column so
    # the story list reads it without the fingerprints (schema version 5)
    Column("text_date", TEXT),
)

# Wire copies: a document whose text (nearly) repeats an earlier one.
duplicates = Table(
    "duplicates", metadata,
    _doc_key(primary_key=True),
    Column("original", TEXT, nullable=False),
)

# Story assignment (SPEC section 5): each document is in at most one row; a document without a
# row is a story of its own. `seq` is the order documents were placed in, which is the order
# the clusterer is replayed in (the same on both back-ends, whatever order documents were saved in).
stories = Table(
    "stories", metadata,
    Column("story", TEXT, nullable=False),
    _doc_key(primary_key=True),
    Column("seq", Integer),
    Index("stories_story", "story"),
)

# Latest failure per input path; cleared when a document from that path is saved.
failures = Table(
    "failures", metadata,
    Column("path", TEXT, primary_key=True),
    Column("reason", TEXT, nullable=False),
    Column("at", TEXT, nullable=False),
)

# Grouping left to do, written in the same transaction as the change that calls for it, so a
# run killed half-way is finished by the next one: documents saved since they were last placed
# in a story, and stories whose claims no longer match their documents' events.
pending_docs = Table(
    "pending_docs", metadata,
    _doc_key(primary_key=True),
)
stale_stories = Table(
    "stale_stories", metadata,
    Column("story", TEXT, primary_key=True),
)

-- recoupe store schema version 2 (SQLite only), as recoupe 0.1 wrote it: the migration test
-- builds a version-2 file from it.
-- "end" and "trigger" are SQL keywords, hence the quotes.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    outlet      TEXT,
    url         TEXT,
    published   TEXT,
    language    TEXT,
    path        TEXT,
    hash        TEXT NOT NULL,
    analysed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);

CREATE TABLE IF NOT EXISTS events (
    id            TEXT PRIMARY KEY,            -- Event.id (deterministic)
    doc           TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    type          TEXT NOT NULL,
    context       TEXT,
    source        TEXT NOT NULL DEFAULT '[]',  -- JSON list of actor codes
    target        TEXT NOT NULL DEFAULT '[]',  -- JSON list of actor codes
    object        TEXT,
    transit       TEXT NOT NULL DEFAULT '[]',  -- JSON list of actor codes
    factuality    TEXT NOT NULL,
    speaker       TEXT,
    "trigger"     TEXT NOT NULL DEFAULT '',
    trigger_start INTEGER NOT NULL DEFAULT 0,
    source_text   TEXT NOT NULL DEFAULT '[]',  -- JSON list, actors as written
    target_text   TEXT NOT NULL DEFAULT '[]',  -- JSON list, actors as written
    evidence      TEXT NOT NULL DEFAULT '',
    claim         TEXT,
    story         TEXT
);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc, start);
CREATE INDEX IF NOT EXISTS events_type ON events(type);

-- One row per (event, actor code, side), so `--actor` is an index lookup
-- instead of a scan over JSON columns.
CREATE TABLE IF NOT EXISTS event_actors (
    event TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    code  TEXT NOT NULL COLLATE NOCASE,
    side  TEXT NOT NULL,                       -- source | target
    PRIMARY KEY (event, code, side)
);
CREATE INDEX IF NOT EXISTS event_actors_code ON event_actors(code);

CREATE TABLE IF NOT EXISTS actor_mentions (
    doc   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    code  TEXT NOT NULL,
    text  TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS actor_mentions_doc ON actor_mentions(doc);
CREATE INDEX IF NOT EXISTS actor_mentions_code ON actor_mentions(code);

-- Cross-document claims (SPEC section 4), rebuilt per story; events.claim holds the id.
CREATE TABLE IF NOT EXISTS claims (
    id    TEXT PRIMARY KEY,
    story TEXT NOT NULL,
    type  TEXT NOT NULL,
    label TEXT NOT NULL,
    data  TEXT NOT NULL                        -- JSON: source, target, context, objects, mentions
);
CREATE INDEX IF NOT EXISTS claims_story ON claims(story);

-- The clustering fingerprint of each document (stories/records.py DocFeatures, as JSON), so
-- a new batch joins the stored stories without re-reading their documents.
CREATE TABLE IF NOT EXISTS doc_features (
    doc  TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    data TEXT NOT NULL
);

-- Wire copies: a document whose text (nearly) repeats an earlier one.
CREATE TABLE IF NOT EXISTS duplicates (
    doc      TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    original TEXT NOT NULL
);

-- Story assignment (SPEC section 5): each document is in at most one row; a
-- document without a row is a story of its own.
CREATE TABLE IF NOT EXISTS stories (
    story TEXT NOT NULL,
    doc   TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS stories_story ON stories(story);

-- Latest failure per input path; cleared when a document from that path is saved.
CREATE TABLE IF NOT EXISTS failures (
    path   TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
);

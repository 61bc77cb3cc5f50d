-- recoupe store schema. Every statement is idempotent (IF NOT EXISTS): the file is
-- applied each time a store is opened. The schema version lives in `meta`.
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
-- Covering indexes for listings: outlet and published come after the text in a row, so reading
-- them from the table walks the text's overflow pages; these answer listings and joins without
-- the texts (recoupe serve: stories by date, events newest first, date filters).
CREATE INDEX IF NOT EXISTS documents_published ON documents(published, id, outlet);
CREATE INDEX IF NOT EXISTS documents_meta ON documents(id, outlet, published);

-- Full-text search over titles and texts (recoupe serve's story search), kept in step with
-- `documents` by the triggers below; accents and case are folded ("election" finds "élection").
CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

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
-- a claim's factualities without reading the events (contested claims: denied and stated)
CREATE INDEX IF NOT EXISTS events_claim ON events(claim, factuality);
-- an actor's events (event_actors gives their ids) by document, type, factuality and speaker,
-- without reading the rows (recoupe serve: actor pages, events filtered by actor)
CREATE INDEX IF NOT EXISTS events_by_id ON events(id, doc, start, type, factuality, speaker);

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
-- how an actor is written and tagged, counted without the rows (recoupe serve's actor page)
CREATE INDEX IF NOT EXISTS actor_mentions_names ON actor_mentions(code, text, kind);

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

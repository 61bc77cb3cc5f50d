"""Full-text search over the documents' titles and texts: every word given must occur, case and
accents folded ("election" finds "Élection"), on both back-ends behind one function (`matching`).

- SQLite: an FTS5 table over `documents` (external content: it holds the index, not a copy of
  the texts), kept in step by triggers, tokenised by `unicode61 remove_diacritics 2`.
- PostgreSQL: a GIN index over `to_tsvector('simple', ...)` of the folded title and text; the
  'simple' configuration, like FTS5's tokeniser, neither stems nor drops stop words, so both
  find the same documents. Accents are folded by `normalize(..., NFD)` and removing the combining
  marks: built-in and immutable (an index may use it), where the `unaccent` extension would need
  CREATE EXTENSION in every database that holds a store.
- Elsewhere (a SQLite built without FTS5, or an older store opened read-only, which must not be
  written to): LIKE over the texts, the same words found, but accents not folded and no index.

Each word is matched as a phrase of the tokens it holds ("nord-coréens" is "nord" then
"coréens"); operators in the input stay words. A word with no letter or digit holds no token
and is left out; with no word left, nothing matches.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, Executable, and_, false, or_, select, text
from sqlalchemy.exc import OperationalError

from recoupe.store import tables as t

FTS5 = "fts5"
TSVECTOR = "tsvector"
LIKE = "like"

_FTS_TABLE = "documents_fts"
_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {_FTS_TABLE} USING fts5(title, text, content='documents', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO {_FTS_TABLE}(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO {_FTS_TABLE}({_FTS_TABLE}, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO {_FTS_TABLE}({_FTS_TABLE}, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO {_FTS_TABLE}(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
)


# Latin capitals that NFD does not split into a letter and an accent, lower-cased by hand: the
# store's C collation makes lower() fold ASCII only (FTS5 folds these itself).
_CAPITALS, _SMALL = "ÆÐØÞĐĦŁŊŒŦ", "æðøþđħłŋœŧ"


def _folded(expr: str) -> str:
    """`expr` lower-cased without its accents, in PostgreSQL: NFD splits "É" into "E" and a
    combining accent (U+0300-U+036F), which goes; lower() then folds the ASCII capitals left."""
    stripped = f"regexp_replace(normalize({expr}, NFD), '[\\u0300-\\u036f]', '', 'g')"
    return f"lower(translate({stripped}, '{_CAPITALS}', '{_SMALL}'))"


# The index expression and the queries' must be the same text, or PostgreSQL does not use the index.
_PG_DOCUMENT = "title || ' ' || \"text\""
_PG_VECTOR = f"to_tsvector('simple'::regconfig, {_folded(_PG_DOCUMENT)})"
_PG_INDEX = f"CREATE INDEX IF NOT EXISTS documents_search ON documents USING gin (({_PG_VECTOR}))"


def install(conn: Connection) -> str:
    """Make the full-text index if it is missing and fill it from the stored documents (inside
    the caller's write transaction); returns the method searches will use."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_PG_INDEX)
        return TSVECTOR
    if _FTS_TABLE in _sqlite_tables(conn):
        return FTS5
    try:
        with conn.begin_nested():  # a SQLite built without FTS5: the store goes on without the index
            conn.exec_driver_sql(_SQLITE_DDL[0])
    except OperationalError as exc:
        if "fts5" not in str(exc).lower():
            raise
        return LIKE
    for ddl in _SQLITE_DDL[1:]:
        conn.exec_driver_sql(ddl)
    conn.exec_driver_sql(f"INSERT INTO {_FTS_TABLE}({_FTS_TABLE}) VALUES ('rebuild')")  # the documents stored so far
    return FTS5


def _sqlite_tables(conn: Connection) -> set[str]:
    return set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").scalars())


def method(backend: str, tables: Collection[str]) -> str:
    """How a store with these tables is searched."""
    if backend == "postgresql":
        return TSVECTOR  # without its index (an older store, read-only) the same query scans the texts
    return FTS5 if _FTS_TABLE in tables else LIKE


def _phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def matching(words: Sequence[str], how: str) -> Executable:
    """The ids (column `id`) of the documents whose title or text holds every word."""
    kept = [w for w in words if any(ch.isalnum() for ch in w)]
    d = t.documents.c
    if not kept:
        return select(d.id).where(false())
    if how == FTS5:
        return text(f"SELECT d.id FROM {_FTS_TABLE} f JOIN documents d ON d.rowid = f.rowid "
                    f"WHERE {_FTS_TABLE} MATCH :query").bindparams(query=" ".join(_phrase(w) for w in kept))
    if how == TSVECTOR:
        params: dict[str, Any] = {f"w{k}": w for k, w in enumerate(kept)}
        query = " && ".join(f"phraseto_tsquery('simple'::regconfig, {_folded(':' + name)})" for name in params)
        return text(f"SELECT id FROM documents WHERE {_PG_VECTOR} @@ ({query})").bindparams(**params)
    return select(d.id).where(and_(*(or_(d.title.contains(w, autoescape=True), d.text.contains(w, autoescape=True))
                                     for w in kept)))

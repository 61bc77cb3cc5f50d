"""Persistence: documents, events, actor mentions, stories and claims, in a SQLite file (the
default) or a PostgreSQL database (a postgresql:// URL), behind one interface (database.Store)."""

from __future__ import annotations

from recoupe.store.database import Store
from recoupe.store.rows import default_story
from recoupe.store.tables import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "default_story"]

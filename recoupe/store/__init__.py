"""Persistence: the SQLite store of documents, events, actor mentions and stories."""

from __future__ import annotations

from recoupe.store.sqlite import SCHEMA_VERSION, Store, default_story

__all__ = ["SCHEMA_VERSION", "Store", "default_story"]

"""The import path of the store from before PostgreSQL: `recoupe.store` (database.py) is the one
to use; this module stays for the callers that name it."""

from __future__ import annotations

from recoupe.store.database import Store
from recoupe.store.rows import default_story
from recoupe.store.tables import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "Store", "default_story"]

"""Exports: stored events and stories as JSON lines (the SPEC section 5 interface) or CSV."""

from __future__ import annotations

from recoupe.export.events import EVENT_COLUMNS, EVENT_FORMATS, write_events
from recoupe.export.stories import STORY_FORMATS, write_stories

__all__ = ["EVENT_COLUMNS", "EVENT_FORMATS", "STORY_FORMATS", "write_events", "write_stories"]

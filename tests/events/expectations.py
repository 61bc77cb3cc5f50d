"""Matching an expected event of a data file's example against what the extractor gives (the scorer's
rule: same type, each side shares a code; factuality and speaker when the example states them)."""

from __future__ import annotations

from collections.abc import Iterable

from recoupe.events.lexicon import Expected
from recoupe.records import Event


def _words(text: str) -> set[str]:
    return {w.lower().strip(".,;:«»\"'") for w in text.replace("'", " ").split() if len(w) > 1}


def matches(e: Expected, s: Event) -> bool:
    if e.type != s.type:
        return False
    if (e.source and not set(e.source) & set(s.source)) or (e.target and not set(e.target) & set(s.target)):
        return False
    if e.factuality is not None and e.factuality != s.factuality:
        return False
    if e.speaker is None:
        return True
    if e.speaker.lower() == "null":
        return s.speaker is None
    return s.speaker is not None and bool(_words(e.speaker) & _words(s.speaker))


def satisfied(e: Expected, events: list[Event]) -> bool:
    """An expected event is given; an absent one ("not ...") is not."""
    found = any(matches(e, s) for s in events)
    return not found if e.absent else found


def explain(text: str, missing: Iterable[Expected], events: Iterable[Event]) -> str:
    got = [f"{s.type} {s.source} -> {s.target} [{s.factuality}] speaker={s.speaker!r} ({s.rule})" for s in events]
    return f"{text}\n  missing: {list(missing)}\n  got: {got}"

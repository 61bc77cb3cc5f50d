"""What two stores must agree on to be "the same store": documents, events, stories, claims,
wire copies and failures, as the sorted exports give them (byte for byte), and no grouping
left to do."""

from __future__ import annotations

import io

from recoupe.export import write_events, write_stories
from recoupe.export.claims import write_claims
from recoupe.store import Store


def _sorted_lines(text: str) -> str:
    return "".join(sorted(text.splitlines(keepends=True)))


def snapshot(store: Store) -> dict[str, object]:
    exports = {}
    for name, write in (("events", lambda out: write_events(store, out)),
                        ("stories", lambda out: write_stories(store, out)),
                        ("claims", lambda out: write_claims(store.claims(), out))):
        out = io.StringIO()
        write(out)
        exports[name] = _sorted_lines(out.getvalue()).encode("utf-8")
    return {
        **exports,
        "documents": list(store.documents()),
        "duplicates": store.duplicates(),
        "failures": [(path, reason) for path, reason, _ in store.failures()],
        "left to do": (sorted(store.pending()), store.stale_stories()),
    }


def differences(got: dict[str, object], want: dict[str, object]) -> list[str]:
    """The parts that differ, for a readable assertion message."""
    return [key for key in want if got.get(key) != want[key]]

"""Export stored events as JSON lines (SPEC section 5) or CSV."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from recoupe.records import Event
from recoupe.store import Store

EVENT_FORMATS = ("jsonl", "csv")
# The export columns are exactly Event.as_row()'s keys, in its order.
EVENT_COLUMNS = tuple(Event(doc="", start=0, end=0, type="", source=[], target=[]).as_row())
LIST_SEPARATOR = ";"
# A spreadsheet reads a cell starting with one of these as a formula; text from articles is data,
# so such a cell gets a leading apostrophe (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_format(format: str, known: tuple[str, ...]) -> str:
    """The normalised format name, or ValueError naming the formats that exist."""
    name = format.strip().lower()
    if name not in known:
        raise ValueError(f"unknown export format {format!r}: expected one of {', '.join(known)}")
    return name


def csv_cell(value: object) -> object:
    """Lists as 'A;B', None as an empty cell, text that a spreadsheet would run as a formula
    behind an apostrophe; everything else as is."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_events(
    store: Store,
    out: TextIO,
    *,
    format: str = "jsonl",
    type: str | None = None,
    actor: str | None = None,
    factuality: str | None = None,
    doc: str | None = None,
) -> int:
    """Write the stored events (filtered like `Store.events`) to `out`; return how many."""
    name = check_format(format, EVENT_FORMATS)
    events = store.events(type=type, actor=actor, factuality=factuality, doc=doc)
    count = 0
    if name == "jsonl":
        for event in events:
            out.write(json.dumps(event.as_row(), ensure_ascii=False) + "\n")
            count += 1
        return count
    # "\n" rather than csv's default "\r\n": text-mode files translate it per platform.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for event in events:
        row = event.as_row()
        writer.writerow([csv_cell(row.get(column)) for column in EVENT_COLUMNS])
        count += 1
    return count

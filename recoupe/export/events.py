"""Export stored events as JSON lines (SPEC section 5) or CSV: each row the event line, its date,
place and actor kinds, and its document's title, outlet, publication date and URL, so a row stands
alone in a spreadsheet or a join."""

from __future__ import annotations

import csv
import json
from typing import TextIO

from recoupe.records import DocumentHeader, Event
from recoupe.store import Store

EVENT_FORMATS = ("jsonl", "csv")
# The export columns: Event.as_row()'s keys in its order, then DocumentHeader.as_row()'s.
EVENT_COLUMNS = tuple({**Event(doc="", start=0, end=0, type="", source=[], target=[]).as_row(),
                       **DocumentHeader("").as_row()})
LIST_SEPARATOR = ";"


def check_format(format: str, known: tuple[str, ...]) -> str:
    """The normalised format name, or ValueError naming the formats that exist."""
    name = format.strip().lower()
    if name not in known:
        raise ValueError(f"unknown export format {format!r}: expected one of {', '.join(known)}")
    return name


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
# (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`, `@SUM(...)`; tab and CR start one after a separator).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """`text`, with a leading single quote when a spreadsheet would read it as a formula.

    OWASP's CSV-injection rule, as spreadsheet-safe exporters apply it: the quote makes the
    cell text and is hidden by the spreadsheet. A negative number in a text field ("-3") gets
    it too: a number column is written as a number (int/float), never through here."""
    return "'" + text if text.startswith(FORMULA_START) else text


# Characters JSON leaves raw but line readers split on (Python's str.splitlines, editors, some
# JSON Lines tools): NEL and the Unicode line and paragraph separators. Escaped, a line stays one line.
_LINE_BREAKERS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_line(value: object, *, sort_keys: bool = False) -> str:
    """`value` as one line of JSON Lines (UTF-8 text kept readable, ending in a newline)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys).translate(_LINE_BREAKERS) + "\n"


def csv_cell(value: object) -> object:
    """Lists as 'A;B', None as an empty cell, text made spreadsheet-safe; numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        # each item too: a spreadsheet user may split the cell on the separator
        return LIST_SEPARATOR.join(spreadsheet_safe(str(v)) for v in value)
    if isinstance(value, bool | int | float):
        return value
    return spreadsheet_safe(str(value))


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
    rows = ({**event.as_row(), **header.as_row()}
            for event, header in store.sourced_events(type=type, actor=actor, factuality=factuality, doc=doc))
    count = 0
    if name == "jsonl":
        for row in rows:
            out.write(json_line(row))
            count += 1
        return count
    # "\n" rather than csv's default "\r\n": text-mode files translate it per platform.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in EVENT_COLUMNS])
        count += 1
    return count

"""Export the story assignment: one story per line, every document in exactly one."""

from __future__ import annotations

import csv
from typing import TextIO

from recoupe.export.events import check_format, csv_cell, json_line
from recoupe.store import Store

STORY_FORMATS = ("jsonl", "csv")


def write_stories(store: Store, out: TextIO, *, format: str = "jsonl") -> int:
    """Write `{"story": ..., "docs": [...]}` lines (SPEC section 5); return how many stories."""
    name = check_format(format, STORY_FORMATS)
    writer = csv.writer(out, lineterminator="\n") if name == "csv" else None
    if writer is not None:
        writer.writerow(["story", "docs"])
    count = 0
    for story, docs in store.stories():
        if writer is None:
            out.write(json_line({"story": story, "docs": docs}))
        else:
            writer.writerow([csv_cell(story), csv_cell(docs)])
        count += 1
    return count

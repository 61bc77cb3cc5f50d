"""Export claims: one cross-document happening per line, with every mention that states it."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from recoupe.claims.records import Claim, Mention
from recoupe.export.events import LIST_SEPARATOR, check_format, csv_cell, json_line

CLAIM_FORMATS = ("jsonl", "csv")
# JSON lines carry the mentions as objects; CSV, one row per claim, gives their count and the
# event ids (joined) so a spreadsheet can still be joined back to the event export.
CLAIM_COLUMNS = (
    "id", "story", "type", "mode", "context", "source", "target", "objects", "label", "outlets", "speakers",
    "factualities", "first_seen", "last_seen", "mentions", "events",
)
MENTION_FIELDS = (
    "event", "doc", "outlet", "start", "end", "factuality", "speaker", "object", "published", "trigger", "evidence",
)


def mention_row(mention: Mention) -> dict[str, object]:
    """One mention as a JSON object: the event it was read from and its provenance."""
    return {name: getattr(mention, name) for name in MENTION_FIELDS}


def claim_row(claim: Claim) -> dict[str, object]:
    """One claim as a JSON object (the jsonl line); derived fields are computed once here."""
    return {
        "id": claim.id,
        "story": claim.story,
        "type": claim.type,
        "mode": claim.mode,  # act, intended or requested: three different claims
        "context": claim.context,
        "source": list(claim.source),
        "target": list(claim.target),
        "objects": list(claim.objects),
        "label": claim.label,
        "outlets": claim.outlets,
        "speakers": claim.speakers,
        "factualities": claim.factualities,
        "first_seen": claim.first_seen,
        "last_seen": claim.last_seen,
        "mentions": [mention_row(m) for m in claim.mentions],
    }


def write_claims(claims: Iterable[Claim], out: TextIO, *, format: str = "jsonl") -> int:
    """Write one claim per line (JSON lines, or CSV with a header) to `out`; return how many."""
    name = check_format(format, CLAIM_FORMATS)
    count = 0
    if name == "jsonl":
        for claim in claims:
            out.write(json_line(claim_row(claim)))
            count += 1
        return count
    # "\n" rather than csv's default "\r\n": text-mode files translate it per platform.
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CLAIM_COLUMNS)
    for claim in claims:
        row = claim_row(claim)
        row["mentions"] = len(claim.mentions)
        row["events"] = LIST_SEPARATOR.join(m.event for m in claim.mentions)
        writer.writerow([csv_cell(row.get(column)) for column in CLAIM_COLUMNS])
        count += 1
    return count

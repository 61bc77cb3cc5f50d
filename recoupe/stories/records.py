"""What story clustering reads and writes: one fingerprint per document, one story per group."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field


@dataclass(slots=True, frozen=True)
class DocFeatures:
    """The clustering fingerprint of one document, computed once at analysis time and stored.

    `terms` are content lemmas (lower-case, no stop words, no punctuation) of the title and body,
    with counts; `title_terms` the same for the title alone; `actors` the actor codes mentioned
    (from the gazetteer) with counts; `events` short keys of the events read from the document
    ("AID:PRK>RUS"); `date` the publication date (ISO 8601, None when unknown); `text_date` the
    date the text itself gives its happening ("2022-11-02", or "--11-02" without a year; see
    dating.py); `shingles` 64-bit hashes of word 5-grams of the raw text, for near-duplicate detection.
    """

    doc: str
    terms: dict[str, int]
    title_terms: dict[str, int] = field(default_factory=dict)
    actors: dict[str, int] = field(default_factory=dict)
    events: tuple[str, ...] = ()
    date: str | None = None
    outlet: str | None = None
    shingles: tuple[int, ...] = ()
    text_date: str | None = None


@dataclass(slots=True, frozen=True)
class Assignment:
    """Where clustering put one document: its story, and the wire copy it duplicates, if any."""

    doc: str
    story: str
    score: float = 0.0  # similarity to the story it joined (0 when it opened a new one)
    duplicate_of: str | None = None  # an earlier document with (nearly) the same text


def features_to_json(features: DocFeatures) -> str:
    """Compact JSON for the store (about 5 kB for a long article)."""
    return json.dumps(dataclasses.asdict(features), ensure_ascii=False, separators=(",", ":"))


def features_from_json(text: str) -> DocFeatures:
    """The inverse of `features_to_json`; fields missing from older rows take their defaults."""
    row = json.loads(text)
    return DocFeatures(
        doc=row["doc"],
        terms=row.get("terms") or {},
        title_terms=row.get("title_terms") or {},
        actors=row.get("actors") or {},
        events=tuple(row.get("events") or ()),
        date=row.get("date"),
        outlet=row.get("outlet"),
        shingles=tuple(row.get("shingles") or ()),
        text_date=row.get("text_date"),
    )

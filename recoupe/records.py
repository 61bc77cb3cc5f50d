"""Typed records that flow through the pipeline: ingest -> nlp -> events -> store."""

from __future__ import annotations

import builtins
import hashlib
from dataclasses import dataclass, field

# PLOVER event types (SPEC section 2) and factuality values (SPEC section 3).
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
FACTUALITIES = ("asserted", "reported", "alleged", "possible", "denied", "intended")


def stable_id(*parts: object, size: int = 16) -> str:
    """Deterministic id: sha1 of the parts, so a re-run gives the same ids."""
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:size]


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True, frozen=True)
class Document:
    """One news article, its text as SPEC section 1 defines it (offsets count from here)."""

    id: str
    text: str
    title: str = ""
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date, when known
    language: str | None = None
    path: str | None = None  # the file it came from (provenance)
    hash: str = ""
    line: int | None = None  # the line of a .jsonl it came from, for messages (not stored)

    @staticmethod
    def make(
        id: str,
        text: str,
        *,
        title: str = "",
        outlet: str | None = None,
        url: str | None = None,
        published: str | None = None,
        language: str | None = None,
        path: str | None = None,
        line: int | None = None,
    ) -> Document:
        h = content_hash("\x1f".join([title, text, outlet or "", url or "", published or ""]))
        return Document(id, text, title, outlet, url, published, language, path, h, line)


@dataclass(slots=True, frozen=True)
class ActorMention:
    """An actor as written in a document, with the code it resolves to."""

    code: str  # ISO alpha-3, body code (UN, UNSC...), or a normalised name
    text: str
    start: int
    end: int
    kind: str = "state"  # state | igo | group | person | entity


@dataclass(slots=True)
class Event:
    """One "who did what to whom" statement read from one clause of one document."""

    doc: str
    start: int  # evidence span (character offsets into the document text)
    end: int
    type: str
    source: list[str]
    target: list[str]
    context: str | None = None
    object: str | None = None
    transit: list[str] = field(default_factory=list)
    factuality: str = "asserted"
    speaker: str | None = None
    trigger: str = ""  # the word the event was read from (lemma)
    trigger_start: int = 0
    source_text: list[str] = field(default_factory=list)  # actors as written
    target_text: list[str] = field(default_factory=list)
    evidence: str = ""
    claim: str | None = None
    story: str | None = None
    rule: str = ""  # the construction the event was read with (provenance: "verb:livrer#0")
    source_kind: list[str] = field(default_factory=list)  # kinds of the sides' actors (SPEC 5)
    target_kind: list[str] = field(default_factory=list)
    date_text: str | None = None  # the time expression the clause gives ("lundi", "le 15 septembre")
    tense: str = "past"  # past | present | future: which way a weekday or a month points
    date: str | None = None  # ISO, as precise as the text allows (resolved against the publication date)
    date_precision: str | None = None  # day | month | year | publication
    place: str | None = None  # the place as written ("à Odessa", "en mer Rouge")
    place_code: str | None = None  # its state (ISO3), when it has one

    @property
    def id(self) -> str:
        return "e" + stable_id(
            self.doc, self.start, self.end, self.type, ",".join(self.source), ",".join(self.target),
            self.factuality, self.trigger_start,
        )

    def as_row(self) -> dict[str, builtins.object]:
        """The SPEC section 5 event line (plus extra fields the scorer ignores)."""
        return {
            "id": self.id,
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "context": self.context,
            "source": self.source,
            "target": self.target,
            "object": self.object,
            "transit": self.transit,
            "factuality": self.factuality,
            "speaker": self.speaker,
            "claim": self.claim or self.id,
            "story": self.story,
            "trigger": self.trigger,
            "evidence": self.evidence,
            "rule": self.rule,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "place": self.place,
            "place_code": self.place_code,
            "source_kind": self.source_kind,
            "target_kind": self.target_kind,
        }


@dataclass(slots=True, frozen=True)
class DocumentHeader:
    """What an event row tells of its document (SPEC section 5 extras): no text, no provenance."""

    id: str
    title: str = ""
    outlet: str | None = None
    published: str | None = None
    url: str | None = None

    def as_row(self) -> dict[str, builtins.object]:
        return {"title": self.title, "outlet": self.outlet, "published": self.published, "url": self.url}

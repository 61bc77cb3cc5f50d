"""Records <-> table rows: the typed records of the pipeline, as the store's columns hold them.

Lists and structured values are JSON text with `ensure_ascii=False`, the same bytes on both back-ends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from recoupe.claims.records import Claim, Mention
from recoupe.errors import StoreError
from recoupe.records import ActorMention, Document, Event, stable_id

Row = Mapping[str, Any]


def default_story(doc_id: str) -> str:
    """The story id of a document that no clustering has assigned: a story of its own."""
    return "s" + stable_id(doc_id)[:12]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def document_row(doc: Document) -> dict[str, object]:
    return {"id": doc.id, "title": doc.title, "text": doc.text, "outlet": doc.outlet, "url": doc.url,
            "published": doc.published, "language": doc.language, "path": doc.path, "hash": doc.hash,
            "analysed_at": now()}


def document_from(r: Row) -> Document:
    return Document(r["id"], r["text"], r["title"], r["outlet"], r["url"], r["published"], r["language"],
                    r["path"], r["hash"])


def event_row(e: Event) -> dict[str, object]:
    return {
        "id": e.id, "doc": e.doc, "start": e.start, "end": e.end, "type": e.type, "context": e.context,
        "source": _json(e.source), "target": _json(e.target), "object": e.object, "transit": _json(e.transit),
        "factuality": e.factuality, "speaker": e.speaker, "trigger": e.trigger, "trigger_start": e.trigger_start,
        "source_text": _json(e.source_text), "target_text": _json(e.target_text), "evidence": e.evidence,
        "claim": e.claim, "story": e.story, "rule": e.rule, "source_kind": _json(e.source_kind),
        "target_kind": _json(e.target_kind), "date_text": e.date_text, "tense": e.tense, "date": e.date,
        "date_precision": e.date_precision, "place": e.place, "place_code": e.place_code,
    }


def event_from(r: Row) -> Event:
    return Event(
        doc=r["doc"], start=r["start"], end=r["end"], type=r["type"],
        source=json.loads(r["source"]), target=json.loads(r["target"]),
        context=r["context"], object=r["object"], transit=json.loads(r["transit"]),
        factuality=r["factuality"], speaker=r["speaker"], trigger=r["trigger"],
        trigger_start=r["trigger_start"], source_text=json.loads(r["source_text"]),
        target_text=json.loads(r["target_text"]), evidence=r["evidence"], claim=r["claim"],
        story=r["story"] or default_story(r["doc"]),
        # a store older than schema version 6 (read without migrating) has none of these columns
        rule=r.get("rule") or "", source_kind=json.loads(r.get("source_kind") or "[]"),
        target_kind=json.loads(r.get("target_kind") or "[]"), date_text=r.get("date_text"),
        tense=r.get("tense") or "past", date=r.get("date"), date_precision=r.get("date_precision"),
        place=r.get("place"), place_code=r.get("place_code"),
    )


def actor_sides(events: Sequence[Event]) -> list[dict[str, object]]:
    """The event_actors rows: one per (event, code, side), codes upper-case for the lookup."""
    return [
        {"event": e.id, "code": code, "side": side}
        for e in events
        for side, codes in (("source", e.source), ("target", e.target))
        for code in dict.fromkeys(c.upper() for c in codes)
    ]


def mention_rows(doc_id: str, mentions: Sequence[ActorMention]) -> list[dict[str, object]]:
    return [{"doc": doc_id, "code": a.code, "text": a.text, "start": a.start, "end": a.end, "kind": a.kind}
            for a in dict.fromkeys(mentions)]


def mention_from(r: Row) -> ActorMention:
    return ActorMention(r["code"], r["text"], r["start"], r["end"], r["kind"])


def claim_row(story: str, c: Claim) -> dict[str, object]:
    data = {"source": c.source, "target": c.target, "context": c.context, "objects": c.objects,
            "mentions": [{"event": m.event, "doc": m.doc, "outlet": m.outlet, "start": m.start, "end": m.end,
                          "factuality": m.factuality, "speaker": m.speaker, "object": m.object,
                          "evidence": m.evidence, "published": m.published, "trigger": m.trigger}
                         for m in c.mentions]}
    return {"id": c.id, "story": story, "type": c.type, "label": c.label, "mode": c.mode, "data": _json(data)}


def claim_from(r: Row) -> Claim:
    d = json.loads(r["data"])
    return Claim(id=r["id"], story=r["story"], type=r["type"], source=list(d["source"]), target=list(d["target"]),
                 context=d.get("context"), objects=list(d.get("objects") or []),
                 mentions=[Mention(**m) for m in d.get("mentions") or []],
                 mode=r.get("mode") or "act")  # no mode column before schema version 5: acts


def refuse_nul(doc_id: str, rows: Sequence[Mapping[str, object]]) -> None:
    """PostgreSQL text cannot hold U+0000 (SQLite can): both back-ends refuse it, so a document
    is stored, or named in an error, the same way whichever holds the store."""
    if any(isinstance(v, str) and "\x00" in v for r in rows for v in r.values()):
        raise StoreError("the document holds a NUL character (U+0000), which the store does not keep",
                         doc=doc_id)

"""What each page shows, assembled from the store: one builder per page, shared by the HTML
pages and the JSON API (the API returns the same records the templates render)."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from recoupe.claims.records import Claim, Mention
from recoupe.compare.records import ClaimStatus, StoryComparison
from recoupe.compare.story import claim_status, compare_story, independent_count, outlet_label
from recoupe.records import ActorMention, Document, Event
from recoupe.web import queries
from recoupe.web.database import Database
from recoupe.web.sentences import claim_factuality, sentence

STATUS_ORDER = {"contested": 0, "corroborated": 1, "single": 2}


def claim_sentence(claim: Claim) -> str:
    """The claim as one French sentence, in the factuality its mentions give it, "selon" the
    speakers of the mentions that give it that factuality (a denier is not a source of the claim);
    a request reads as one ("Il est demandé à la Thaïlande de reculer...")."""
    factuality = claim_factuality([m.factuality for m in claim.mentions])
    voiced = [m for m in claim.mentions if m.factuality == factuality] or claim.mentions
    speakers = sorted({m.speaker for m in voiced if m.speaker})
    return sentence(claim.type, claim.source, claim.target, obj=claim.objects[0] if claim.objects else None,
                    factuality=factuality, speakers=speakers, evidence=voiced[0].evidence if voiced else "",
                    mode=claim.mode)


def event_sentence(e: Event | queries.EventRow) -> str:
    return sentence(e.type, e.source, e.target, obj=e.object, factuality=e.factuality,
                    speakers=[e.speaker] if e.speaker else [], evidence=e.evidence)


def mention_sentence(claim: Claim, m: Mention) -> str:
    return sentence(claim.type, claim.source, claim.target, obj=m.object or (claim.objects[0] if claim.objects
                    else None), factuality=m.factuality, speakers=[m.speaker] if m.speaker else [],
                    evidence=m.evidence)


# -- story ---------------------------------------------------------------------------------

@dataclass(slots=True)
class ClaimLine:
    status: ClaimStatus
    sentence: str
    speakers: dict[str, list[str]]  # outlet -> the speakers its mentions name

    @property
    def claim(self) -> Claim:
        return self.status.claim


@dataclass(slots=True)
class TimelineDoc:
    doc: Document
    mentions: int  # event mentions of the story's claims read in this document
    copy_of: str | None


@dataclass(slots=True)
class StoryView:
    comparison: StoryComparison
    claims: list[ClaimLine]  # contested first, then corroborated, then the rest
    docs: list[TimelineDoc]  # by publication date
    summary: queries.StorySummary | None
    labels: dict[str, str] = field(default_factory=dict)  # claim id -> sentence

    @property
    def unextracted(self) -> dict[str, dict[str, str]]:
        """claim id -> outlet -> the sentence of its text that may state the claim (not extracted)."""
        return {s.claim.id: s.unextracted for s in self.comparison.claims if s.unextracted}


def story_view(db: Database, story: str) -> StoryView | None:
    docs = db.store().story_documents(story)
    if not docs:
        return None
    claims = list(db.store().claims(story=story))
    duplicates = queries.duplicates_of(db, [d.id for d in docs])
    # the actors each text names tell an omission from a claim the extractor did not read there
    comparison = compare_story(story, docs, claims, duplicates, queries.actor_mentions(db, [d.id for d in docs]))
    outlet_of = {d.id: outlet_label(d.outlet, d.id) for d in docs}  # as compare_story names the grid's columns
    lines = []
    for s in comparison.claims:
        speakers: dict[str, list[str]] = {}
        for m in s.claim.mentions:
            said = speakers.setdefault(outlet_of.get(m.doc) or outlet_label(m.outlet, m.doc), [])
            if m.speaker and m.speaker not in said:
                said.append(m.speaker)
        lines.append(ClaimLine(s, claim_sentence(s.claim), speakers))
    lines.sort(key=lambda c: (STATUS_ORDER.get(c.status.status, 3), -c.status.independent_outlets,
                              -len(c.status.outlets), c.claim.id))
    per_doc = Counter(m.doc for c in claims for m in c.mentions)
    by_id = {d.id: d for d in docs}
    timeline = [TimelineDoc(by_id[i], per_doc.get(i, 0), duplicates.get(i)) for i in comparison.docs]
    return StoryView(comparison, lines, timeline, queries.story_summary(db, story),
                     {c.claim.id: c.sentence for c in lines})


# -- claim ---------------------------------------------------------------------------------

@dataclass(slots=True)
class MentionView:
    mention: Mention
    doc: Document | None
    outlet: str
    sentence: str
    before: str  # the paragraph around the evidence, split at it
    evidence: str
    after: str
    copy_of: str | None


@dataclass(slots=True)
class ClaimView:
    claim: Claim
    sentence: str
    status: str
    independent_outlets: int
    outlets: list[str]
    speakers: list[str]
    mentions: list[MentionView]
    story: queries.StorySummary | None


def paragraph_around(text: str, start: int, end: int, *, context: int = 700) -> tuple[str, str, str]:
    """(before, span, after) within the span's paragraph (lines of the text), trimmed to `context`
    characters either side."""
    if not (0 <= start <= end <= len(text)):
        return "", "", ""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    before, after = text[max(left, start - context):start], text[end:min(right, end + context)]
    if left < start - context:
        before = "… " + before.lstrip()
    if right > end + context:
        after = after.rstrip() + " …"
    return before, text[start:end], after


def claim_view(db: Database, claim_id: str) -> ClaimView | None:
    story = queries.story_of_claim(db, claim_id)
    if story is None:
        return None
    claim = next((c for c in db.store().claims(story=story) if c.id == claim_id), None)
    if claim is None:
        return None
    docs = queries.documents(db, sorted({m.doc for m in claim.mentions}))
    duplicates = queries.duplicates_of(db, list(docs))
    mentions = []
    for m in sorted(claim.mentions, key=lambda m: (m.published or "9999", m.doc, m.start)):
        doc = docs.get(m.doc)
        before, span, after = paragraph_around(doc.text, m.start, m.end) if doc else ("", m.evidence, "")
        outlet = outlet_label(doc.outlet if doc else m.outlet, m.doc)
        mentions.append(MentionView(m, doc, outlet, mention_sentence(claim, m), before, span or m.evidence, after,
                                    duplicates.get(m.doc)))
    pairs = [(mv.outlet, mv.mention.doc) for mv in mentions]
    independent = independent_count(pairs, duplicates)
    status = claim_status({m.factuality for m in claim.mentions}, independent)
    return ClaimView(claim, claim_sentence(claim), status, independent, sorted({o for o, _ in pairs}),
                     claim.speakers, mentions, queries.story_summary(db, story))


# -- document ------------------------------------------------------------------------------

@dataclass(slots=True)
class Piece:
    text: str
    events: list[int]  # numbers (1-based, in the events list) of the events covering it
    actor: str | None  # code of the actor mention it is part of
    ends: list[int]  # events whose span ends here: their reference mark follows the piece


@dataclass(slots=True)
class DocumentView:
    doc: Document
    story: str | None
    events: list[tuple[int, Event, str]]  # (number, event, sentence), in text order
    paragraphs: list[list[Piece]]
    copy_of: str | None


def _pieces(text: str, events: list[Event], actors: list[ActorMention]) -> list[list[Piece]]:
    """The text cut at every event and actor boundary and every line break, each piece knowing
    what covers it; a piece is the unit the template wraps in a mark or a link."""
    cuts = {0, len(text)}
    spans = [(e.start, e.end) for e in events if 0 <= e.start < e.end <= len(text)]
    named = [(a.start, a.end, a.code) for a in actors if 0 <= a.start < a.end <= len(text)]
    for s, e in spans:
        cuts.update((s, e))
    for s, e, _ in named:
        cuts.update((s, e))
    cuts.update(i for i, ch in enumerate(text) if ch == "\n")
    ordered = sorted(cuts)
    paragraphs: list[list[Piece]] = [[]]
    for a, b in itertools.pairwise(ordered):
        chunk = text[a:b]
        if chunk.startswith("\n"):
            paragraphs.append([])
            chunk, a = chunk[1:], a + 1
            if not chunk:
                continue
        covering = [n for n, (s, e) in enumerate(spans, 1) if s <= a and b <= e]
        ending = [n for n, (s, e) in enumerate(spans, 1) if e == b]
        actor = next((code for s, e, code in named if s <= a and b <= e), None)
        paragraphs[-1].append(Piece(chunk, covering, actor, ending))
    return [p for p in paragraphs if any(piece.text.strip() for piece in p)]


def document_view(db: Database, doc_id: str) -> DocumentView | None:
    doc = queries.document(db, doc_id)
    if doc is None:
        return None
    store = db.store()
    events = [e for e in store.events(doc=doc_id) if 0 <= e.start < e.end <= len(doc.text)]
    numbered = [(n, e, event_sentence(e)) for n, e in enumerate(events, 1)]
    copies = queries.duplicates_of(db, [doc_id])
    return DocumentView(doc, queries.story_of_document(db, doc_id), numbered,
                        _pieces(doc.text, events, store.actor_mentions(doc_id)), copies.get(doc_id))

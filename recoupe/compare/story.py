"""Compare the outlets of one story claim by claim: who corroborates, who contradicts, who adds
and who omits.

Independence is what corroboration means: a wire copy (a near-duplicate of another document)
repeats its original and is not a second source, so outlets are counted once per group of
near-duplicates, and speakers once per person however many outlets quote them.

An outlet omits a claim only when its text does not state it: where its text names the claim's
actors beside a trigger word of the claim's kind, the claim is "not extracted" there
(textcheck.py), not omitted. A denial anywhere makes a claim contested.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from recoupe.claims.records import Claim, Mention
from recoupe.compare.records import ClaimStatus, OutletView, StoryComparison
from recoupe.compare.textcheck import TextCheck
from recoupe.records import ActorMention, Document

# strongest first: what a cell shows when an outlet gives a claim several factualities
STRENGTH = ("asserted", "reported", "alleged", "possible", "intended")
UNKNOWN_OUTLET = "unknown outlet"
_SPEAKER_STOP = frozenset({"le", "la", "les", "l", "de", "des", "du", "d", "un", "une", "the", "of", "a", "par",
                           "au", "aux", "et", "en"})
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”']?\s+|\n")
MAX_SENTENCE = 600


def _by_date(doc: Document) -> tuple[bool, str, str]:
    return (doc.published is None, doc.published or "", doc.id)


def _root(doc: str, duplicates: Mapping[str, str]) -> str:
    """The original a document repeats, following chains of copies."""
    path = [doc]
    while doc in duplicates:
        doc = duplicates[doc]
        if doc in path:  # a cycle of copies: its smallest member stands for all of it
            return min(path[path.index(doc):])
        path.append(doc)
    return doc


class _Groups:
    """Union-find over outlets and original documents: one group per independent source."""

    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(self, x: tuple[str, str]) -> tuple[str, str]:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def independent_count(pairs: Iterable[tuple[str, str]], duplicates: Mapping[str, str]) -> int:
    """How many independent sources (outlet, doc) pairs make: outlets that share an original count once."""
    groups = _Groups()
    outlets = set()
    for outlet, doc in pairs:
        outlets.add(outlet)
        groups.union(("o", outlet), ("d", _root(doc, duplicates)))
    return len({groups.find(("o", o)) for o in outlets})


def speaker_words(name: str) -> frozenset[str]:
    """"Les services de renseignement américains" -> {services, renseignement, americains}."""
    plain = unicodedata.normalize("NFKD", name.lower())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return frozenset(w for w in re.findall(r"\w+", plain) if w not in _SPEAKER_STOP and len(w) > 1)


def distinct_speakers(names: Iterable[str]) -> list[str]:
    """Speakers counted once each: "Kirby" is "John Kirby", "The Guardian" is "le journal The Guardian"."""
    kept: list[tuple[frozenset[str], str]] = []
    for name in sorted(set(names), key=lambda n: (-len(speaker_words(n)), n)):
        words = speaker_words(name)
        if words and not any(words <= other for other, _ in kept):
            kept.append((words, name))
    return sorted(name for _, name in kept)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a span, for the hover; the span itself when the sentence is too long."""
    if not (0 <= start < end <= len(text)):
        return ""
    left = 0
    for stop in _SENTENCE_END.finditer(text, 0, start):
        left = stop.end()
    after = _SENTENCE_END.search(text, max(start, end - 1))  # the span may end on its period
    right = after.start() + len(after.group().rstrip()) if after else len(text)
    if right - left > MAX_SENTENCE:
        return text[start:end].strip()
    return text[left:right].strip()


def _cell(mentions: list[Mention]) -> tuple[str, Mention]:
    """An outlet's strongest factuality for a claim ("denied" when it carries a denial), and the mention."""
    denial = next((m for m in mentions if m.factuality == "denied"), None)
    if denial is not None:
        return "denied", denial
    rank = {f: i for i, f in enumerate(STRENGTH)}
    best = min(mentions, key=lambda m: rank.get(m.factuality, len(rank)))
    return best.factuality, best


def _wordings(mentions: list[Mention]) -> list[str]:
    out: list[str] = []
    for m in mentions:
        for w in (m.trigger, m.object):
            if w and w not in out:
                out.append(w)
    return out


def is_contested(factualities: set[str]) -> bool:
    """Denied by some mention: whoever states it, someone says it did not happen or is false (a
    denial is itself the sign that the claim was made)."""
    return "denied" in factualities


def outlet_label(outlet: str | None, doc: str) -> str:
    """The outlet as shown: its name, or "unknown outlet (doc id)" (each such document its own source)."""
    return outlet or f"{UNKNOWN_OUTLET} ({doc})"


def claim_status(factualities: set[str], independent_outlets: int) -> str:
    """contested (some mention denies it), corroborated (two independent outlets or more), or single."""
    if is_contested(factualities):
        return "contested"
    return "corroborated" if independent_outlets >= 2 else "single"


def _status(claim: Claim, outlet_of: Mapping[str, str], texts: Mapping[str, str],
            duplicates: Mapping[str, str]) -> ClaimStatus:
    by_outlet: dict[str, list[Mention]] = {}
    for m in claim.mentions:
        by_outlet.setdefault(outlet_of.get(m.doc) or outlet_label(m.outlet, m.doc), []).append(m)
    outlets = sorted(by_outlet)
    independent = independent_count(((o, m.doc) for o, ms in by_outlet.items() for m in ms), duplicates)
    # the outlet's own voice counts once per independent group that states the claim itself
    own_voice = independent_count(((o, m.doc) for o, ms in by_outlet.items() for m in ms if not m.speaker),
                                  duplicates)
    speakers = len(distinct_speakers(m.speaker for m in claim.mentions if m.speaker)) + own_voice
    status = claim_status({m.factuality for m in claim.mentions}, independent)
    cells: dict[str, str] = {}
    evidence: dict[str, str] = {}
    for outlet in outlets:
        cells[outlet], shown = _cell(by_outlet[outlet])
        text = texts.get(shown.doc, "")
        evidence[outlet] = _sentence(text, shown.start, shown.end) or shown.evidence
    wordings = {o: _wordings(by_outlet[o]) for o in outlets}
    if len({frozenset(w) for w in wordings.values()}) < 2:
        wordings = {}  # everyone words it alike: nothing to show
    return ClaimStatus(claim, outlets, independent, speakers, status, cells, evidence, wordings)


def _unextracted(statuses: list[ClaimStatus], docs_of: Mapping[str, list[str]], check: TextCheck) -> None:
    """Fill `unextracted` for the claims an outlet could be said to omit (two independent outlets
    report them): the outlets without a mention of the claim whose text may state it."""
    for st in statuses:
        if st.independent_outlets < 2:
            continue
        for outlet, own in docs_of.items():
            if outlet in st.cells:
                continue
            sentence = next((s for d in own if (s := check.carrying(d, st.claim)) is not None), None)
            if sentence is not None:
                st.unextracted[outlet] = sentence


def _views(docs_of: Mapping[str, list[str]], statuses: list[ClaimStatus],
           duplicates: Mapping[str, str]) -> list[OutletView]:
    several = independent_count(((o, d) for o, ds in docs_of.items() for d in ds), duplicates) >= 2
    views = []
    for outlet, own in docs_of.items():
        adds, omits, missed = [], [], []
        for st in statuses:
            if outlet in st.outlets:
                # no other independent source carries it (its own wire copies may); meaningless
                # when the story has a single source
                if several and st.independent_outlets == 1:
                    adds.append(st.claim.id)
            elif outlet in st.unextracted:
                missed.append(st.claim.id)
            elif st.independent_outlets >= 2:  # every source it has is another outlet's
                omits.append(st.claim.id)
        copied = sorted({duplicates[d] for d in own if d in duplicates})
        views.append(OutletView(outlet, own, adds, omits, copied, missed))
    return views


def compare_story(story: str, docs: Sequence[Document], claims: Sequence[Claim],
                  duplicates: Mapping[str, str] | None = None,
                  actors: Mapping[str, Sequence[ActorMention]] | None = None) -> StoryComparison:
    """The cross-source comparison of one story.

    `duplicates` maps a document id to the document it is a near-duplicate (wire copy) of;
    `actors` a document id to the actor mentions stored for it, which tell whether an outlet's
    text names a claim's actors (without them, a trigger of the claim's kind is enough to say
    "not extracted" rather than "omits").
    Claims come most widely reported first, then by id; outlets and views by first publication.
    """
    dups = dict(duplicates or {})
    ordered = sorted(docs, key=_by_date)
    outlet_of = {d.id: outlet_label(d.outlet, d.id) for d in ordered}
    texts = {d.id: d.text for d in ordered}
    statuses = [_status(c, outlet_of, texts, dups) for c in claims]
    docs_of: dict[str, list[str]] = {}
    for d in ordered:
        docs_of.setdefault(outlet_of[d.id], []).append(d.id)
    _unextracted(statuses, docs_of, TextCheck(texts, actors))
    statuses.sort(key=lambda s: (-len(s.outlets), s.claim.id))
    outlets = list(dict.fromkeys(outlet_of[d.id] for d in ordered))
    for st in statuses:  # outlets known only from a claim's mentions (documents not passed in)
        outlets.extend(o for o in st.outlets if o not in outlets)
    dates = sorted(d.published for d in ordered if d.published)
    return StoryComparison(
        story=story,
        title=ordered[0].title if ordered else "",
        docs=[d.id for d in ordered],
        outlets=outlets,
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        claims=statuses,
        views=_views(docs_of, statuses, dups),
    )

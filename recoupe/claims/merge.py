"""Merge the event mentions of one story into claims: one claim per real-world happening.

Mentions are merged whatever their factuality or speaker (an allegation, a report and a
denial of the same supply are one claim) when their types are compatible, their actors
overlap, their objects do not name different specific things and they have the same mode: a
request for an act, an intention to act and a report of the act are three claims (modes.py). Merging is agglomerative:
the most alike pairs merge first, and a merge that would put two different specific objects
(or two contexts) in one claim is refused, so a loosely worded mention ("des armes") joins
the claim it is most like instead of bridging two claims.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import yaml

from recoupe.claims.modes import ModeCues, default_modes, mode_of
from recoupe.claims.records import Claim, Mention
from recoupe.records import Document, Event, stable_id

DATA = Path(__file__).parent / "data"
_WORD = re.compile(r"[^\W\d_](?:[\w-]*\w)?")
_SPLIT = re.compile(r"\s+(?:et|ou)\s+|\s*[,;/]\s*")
MAX_EVIDENCE_KINDS = 2
_STOP = frozenset({"de", "d", "des", "du", "la", "le", "les", "l", "en", "à", "au", "aux", "un", "une", "leur",
                   "leurs", "son", "sa", "ses", "ce", "ces", "cet", "cette"})


def fold(word: str) -> str:
    """Case, apostrophe and plural folding, applied alike to the data file and to the text."""
    w = word.lower().replace("’", "'").strip("'\"« »")
    if len(w) > 3 and w[-1] in "sx" and not w.endswith("ss"):
        w = w[:-1]
    return w


@dataclass(slots=True, frozen=True)
class ObjectLexicon:
    """The object knowledge of `data/objects.yaml`, folded for lookup."""

    kinds: dict[str, str]  # word -> kind
    generic: frozenset[str]
    through: frozenset[str]
    ignore: frozenset[str]
    weak: frozenset[str]
    object_types: frozenset[str]
    symmetric_types: frozenset[str]
    type_group: dict[str, str]  # type -> the first type of its compatibility group

    def group(self, etype: str) -> str:
        return self.type_group.get(etype, etype)


def load_objects(path: Path | None = None) -> ObjectLexicon:
    """Read the object lexicon; a user may point to their own file to extend it."""
    raw = yaml.safe_load((path or DATA / "objects.yaml").read_text(encoding="utf-8"))

    def words(key: str) -> frozenset[str]:
        return frozenset(fold(w) for w in raw.get(key) or [])

    kinds = {fold(w): kind for kind, ws in (raw.get("kinds") or {}).items() for w in ws}
    groups = {t: g[0] for g in raw.get("compatible_types") or [] for t in g}
    return ObjectLexicon(
        kinds=kinds, generic=words("generic"), through=words("through"), ignore=words("ignore"),
        weak=words("weak"), object_types=frozenset(raw.get("object_types") or []),
        symmetric_types=frozenset(raw.get("symmetric_types") or []), type_group=groups,
    )


@lru_cache(maxsize=1)
def default_objects() -> ObjectLexicon:
    return load_objects()


def _conjunct_key(conjunct: str, lex: ObjectLexicon) -> str | None:
    """What one conjunct of an object names: a kind, "*" (generic), "=lemma" (unknown) or None."""
    toks = [fold(t) for t in _WORD.findall(conjunct.replace("’", "'").replace("'", " "))]
    toks = [t for t in toks if t not in _STOP]
    if not toks:
        return None
    # "achat d'armes" is about the arms: pass over heads that stand for their complement
    head = next((t for t in toks if t not in lex.through and t not in lex.ignore), None)
    if head is None:  # a bare "livraisons", "stock": judge the head itself
        head = next((t for t in toks if t not in lex.ignore), None)
        if head is None or (head not in lex.kinds and head not in lex.generic):
            return None
    if head in lex.kinds:
        return lex.kinds[head]
    if head in lex.generic:
        return "*"
    return "=" + head


def object_keys(obj: str | None, evidence: str, etype: str, lex: ObjectLexicon | None = None) -> frozenset[str]:
    """The specific things a mention's object names; empty when it names none (generic or no object).

    When the object is missing or unknown (a parse error such as "quantité et guerre de mois"),
    the kinds named in the evidence clause stand in for it: "l'Iran en a fourni ... concernant
    les drones" is about drones.
    """
    lex = lex or default_objects()
    if etype not in lex.object_types:
        return frozenset()
    keys = {k for c in _SPLIT.split(obj or "") if (k := _conjunct_key(c, lex)) is not None}
    kinds = {k for k in keys if k != "*" and not k.startswith("=")}
    if kinds or "*" in keys:  # a known word outweighs a stray unknown one the parser hung beside it
        return frozenset(kinds)
    found = {lex.kinds[w] for w in (fold(t) for t in _WORD.findall(evidence.replace("'", " ")))
             if w in lex.kinds and w not in lex.weak}
    if len(found) > MAX_EVIDENCE_KINDS:  # a clause listing many things does not say which one this is
        found = set()
    return frozenset(found or keys)


@dataclass(slots=True)
class _Item:
    """One event, with what merging compares, precomputed."""

    event: Event
    group: str  # compatible type group and mode: only items of one group merge
    source: frozenset[str]
    target: frozenset[str]
    undirected: bool
    keys: frozenset[str]

    @property
    def parties(self) -> frozenset[str]:
        return self.source | self.target


@dataclass(slots=True)
class _Cluster:
    members: list[int]
    keys: frozenset[str]
    contexts: frozenset[str] = field(default_factory=frozenset)


def _actors_match(a: _Item, b: _Item) -> bool:
    """Overlapping sides; reciprocal and symmetric events compare their parties, whatever the side."""
    if a.undirected or b.undirected:
        pa, pb = a.parties, b.parties
        return len(pa & pb) >= max(1, min(2, len(pa), len(pb)))
    shared = (a.source & b.source) or (a.target & b.target)
    src_ok = not a.source or not b.source or bool(a.source & b.source)
    tgt_ok = not a.target or not b.target or bool(a.target & b.target)
    return bool(shared) and src_ok and tgt_ok


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _affinity(a: _Item, b: _Item) -> float:
    """How alike two compatible mentions are: the order in which merges are tried."""
    if a.keys and b.keys:
        obj = 2.0 + _jaccard(a.keys, b.keys)
    elif a.keys or b.keys:
        obj = 0.5  # a loose wording may belong to either of two specific claims: decide last
    else:
        obj = 1.0
    if a.undirected or b.undirected:
        actors = 2 * _jaccard(a.parties, b.parties)
    else:
        actors = _jaccard(a.source, b.source) + _jaccard(a.target, b.target)
    ea, eb = a.event, b.event
    same_type = 1.0 if ea.type == eb.type else 0.0
    same_context = 0.5 if ea.context and ea.context == eb.context else 0.0
    # a loose wording most likely repeats what its own article or its own speaker said
    same_doc = 0.25 if ea.doc == eb.doc else 0.0
    same_speaker = 0.25 if ea.speaker and ea.speaker == eb.speaker else 0.0
    return obj + actors + same_type + same_context + same_doc + same_speaker


def _mergeable(a: _Cluster, b: _Cluster) -> bool:
    if a.keys and b.keys and not a.keys & b.keys:
        return False
    return len(a.contexts | b.contexts) <= 1


def _mention(e: Event, docs: Mapping[str, Document]) -> Mention:
    d = docs.get(e.doc)
    return Mention(
        event=e.id, doc=e.doc, outlet=d.outlet if d else None, start=e.start, end=e.end,
        factuality=e.factuality, speaker=e.speaker, object=e.object, evidence=e.evidence,
        published=d.published if d else None, trigger=e.trigger,
    )


def _order(m: Mention) -> tuple[bool, str, str, int, int, str]:
    """Earliest first: dated before undated, then by date, document and position."""
    return (m.published is None, m.published or "", m.doc, m.start, m.end, m.event)


def _ranked(counts: Counter[str]) -> list[str]:
    return sorted(counts, key=lambda c: (-counts[c], c))


def _claim(story: str, members: list[_Item], docs: Mapping[str, Document], mode: str) -> Claim:
    events = [it.event for it in members]
    mentions = sorted((_mention(e, docs) for e in events), key=_order)
    types = Counter(e.type for e in events)
    contexts = Counter(e.context for e in events if e.context)
    # the specific wordings first, so the label reads "obus d'artillerie" rather than "armes"
    specific = {it.event.object for it in members if it.keys}
    objects: list[str] = []
    for m in sorted(mentions, key=lambda m: m.object not in specific):
        if m.object and m.object not in objects:
            objects.append(m.object)
    return Claim(
        id="c" + stable_id(story, mentions[0].event)[:12],
        story=story,
        type=_ranked(types)[0],
        source=_ranked(Counter(c for e in events for c in dict.fromkeys(e.source))),
        target=_ranked(Counter(c for e in events for c in dict.fromkeys(e.target))),
        context=_ranked(contexts)[0] if contexts else None,
        objects=objects,
        mentions=mentions,
        mode=mode,
    )


def merge_claims(story: str, events: Sequence[Event], docs: Mapping[str, Document], *,
                 lexicon: ObjectLexicon | None = None, modes: ModeCues | None = None) -> list[Claim]:
    """Group the event mentions of one story into claims; every event lands in exactly one.

    Events are read, never changed: the caller writes `event.claim` from the claims' mentions.
    Claims come earliest first; ids are stable across re-runs of the same story.
    """
    lex = lexicon or default_objects()
    cues = modes or default_modes()
    unique = list({e.id: e for e in events}.values())  # a repeated headline is one mention
    items = []
    mode_of_item: list[str] = []
    for e in unique:
        src, tgt = frozenset(e.source), frozenset(e.target)
        undirected = e.type in lex.symmetric_types or (src == tgt and len(src) >= 2)
        mode = mode_of(e, cues, docs[e.doc].text if e.doc in docs else None)
        mode_of_item.append(mode)
        items.append(_Item(e, f"{lex.group(e.type)}/{mode}", src, tgt, undirected,
                           object_keys(e.object, e.evidence, e.type, lex)))

    by_group: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        by_group.setdefault(it.group, []).append(i)
    pairs: list[tuple[float, str, str, int, int]] = []
    for members in by_group.values():
        for i, j in combinations(members, 2):
            a, b = items[i], items[j]
            if _actors_match(a, b):
                lo, hi = sorted((a.event.id, b.event.id))
                pairs.append((-_affinity(a, b), lo, hi, i, j))
    pairs.sort()  # most alike first; ties by event id, so the input order changes nothing

    owner = list(range(len(items)))
    clusters = {i: _Cluster([i], it.keys, frozenset({it.event.context} if it.event.context else ()))
                for i, it in enumerate(items)}
    for _, _, _, i, j in pairs:
        ci, cj = owner[i], owner[j]
        if ci == cj or not _mergeable(clusters[ci], clusters[cj]):
            continue
        keep, gone = (ci, cj) if ci < cj else (cj, ci)
        kept, joined = clusters[keep], clusters.pop(gone)
        clusters[keep] = _Cluster(kept.members + joined.members, kept.keys | joined.keys,
                                  kept.contexts | joined.contexts)
        for m in joined.members:
            owner[m] = keep

    claims = [_claim(story, [items[m] for m in c.members], docs, mode_of_item[c.members[0]])
              for c in clusters.values()]
    return sorted(claims, key=lambda c: _order(c.mentions[0]))


def claim_of_events(claims: Sequence[Claim]) -> dict[str, str]:
    """Event id -> claim id, what the pipeline writes back into `event.claim`."""
    return {m.event: c.id for c in claims for m in c.mentions}

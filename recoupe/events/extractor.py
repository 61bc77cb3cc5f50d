"""The event extractor: a spaCy component, a small engine over data.

    parse -> clause records (reader.py, repairs.py) -> a construction per clause (matching.py)
    -> roles (roles.py, mentions.py, reference.py) -> factuality and speaker (factuality.py)
    -> PLOVER coding policy (policy.py) -> events -> discourse (discourse.py)
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..actors.gazetteer import entity_code
from ..records import Event
from .clauses import Clause
from .discourse import finish
from .factuality import Attribution, Reading
from .finders import Context
from .grammar import clause_span, preposition, verb_form
from .lexicon import Lexicon, default_lexicon, load_lexicon
from .matching import Match, Matcher, object_heads
from .mentions import Found, Mentions
from .places import place_of, role_tokens
from .policy import Draft, Policy, besides, merge
from .quotes import Quotes
from .reader import ClauseReader
from .repairs import retag
from .roles import RoleFiller, Roles, head_lemma
from .timing import tense_of, time_phrase

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("clauses"):
    Doc.set_extension("clauses", default=None)


@dataclass(slots=True)
class Tools:
    """What one document's extraction reads from: built once per document."""

    doc: Doc
    lex: Lexicon
    m: Mentions
    reader: ClauseReader
    matcher: Matcher
    filler: RoleFiller
    att: Attribution
    policy: Policy
    text: str  # doc.text, read once: spaCy joins every token's text at each read


class EventExtractor:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.verbs = lexicon.known_verbs

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.extract(doc)
        return doc

    def tools(self, doc: Doc) -> Tools:
        retag(doc, self.verbs)
        m = Mentions(doc, self.lex)
        reader = ClauseReader(doc, self.lex, m)
        clauses = reader.read()
        doc._.clauses = clauses

        def subject(tok: Token) -> Token | None:
            return reader.subject(tok)[0]

        m.ref.subject_of = subject
        quotes = Quotes(doc, self.lex, subject)
        ctx = Context(doc, self.lex, m, clauses, subject)
        return Tools(doc, self.lex, m, reader, Matcher(doc, self.lex, m, clauses), RoleFiller(doc, self.lex, m),
                     Attribution(doc, self.lex, clauses, m, quotes), Policy(ctx), doc.text)

    def extract(self, doc: Doc) -> list[Event]:
        t = self.tools(doc)
        events: list[Event] = []
        consumed: set[int] = set()
        seen_sentences: set[str] = set()
        for sent in doc.sents:
            key = " ".join(sent.text.split()).lower()
            if key in seen_sentences:  # a headline repeated at the end of a scraped page
                continue
            seen_sentences.add(key)
            for tok in sent:
                c = doc._.clauses.at(tok.i)
                if c is None or c.pred in consumed:
                    continue
                match = t.matcher.match(c)
                if match is None:
                    continue
                if match.obj is not None and match.consumes and c.pos == "verb":
                    # the object and what its sense was read through ("suspendu l'ensemble de l'aide")
                    consumed.update(k.i for k in object_heads(doc[match.obj]))
                consumed.update(match.fixed)  # an idiom's noun ("prendre d'assaut") is no event of its own
                consumed.update(k.i for u in match.used for k in object_heads(doc[u]))
                events.extend(build(t, c, match))
        return finish(doc, events, t.m, t.att, self.lex)


def build(t: Tools, c: Clause, match: Match) -> list[Event]:
    """The events of one clause read with one construction."""
    frame = match.construction.frame
    roles = t.filler.fill(c, match)
    reading = t.att.read(c)
    if reading.controller is not None and frame.agent and not roles.side(frame.agent):
        roles.add(frame.agent, t.m.of_nominal(t.doc[reading.controller]))
    source, target = roles.source, roles.target
    if frame.reciprocal:
        parts = merge(source, target, roles.both)
        if len(parts) < 2:
            return []
        source = target = parts
    else:
        target = besides(target, source)
    d = Draft(frame.type, source, target, reading, frame.tags, frame.reciprocal, _subject_words(t, c, roles),
              frozenset(w for w in (roles.object_lemma, _obj_lemma(t, c, match)) if w), _named_other(t, c, roles))
    t.policy.apply(d, c, match)
    if d.dropped:
        return []
    events = _events(t, c, match, d, roles)
    if d.mediator and d.source:
        # the mediator meets the parties: an event of its own beside theirs
        d2 = replace(d, source=d.mediator, target=merge(d.source, d.target), reciprocal=False)
        events += _events(t, c, match, d2, roles)
    return events


def _subject_words(t: Tools, c: Clause, roles: Roles) -> frozenset[str]:
    if c.pos != "verb" or roles.subject is None:
        return frozenset()
    s = t.doc[roles.subject]
    return frozenset(k.lemma_.lower() for k in (s, *s.children))


def _named_other(t: Tools, c: Clause, roles: Roles) -> bool:
    """The clause names a counterpart: a target, even the source's own, or another actor within its
    object ("a levé son blocage du plan d'aide européen")."""
    if roles.target:
        return True
    own = {f.code for f in roles.source}
    obj = t.doc[c.obj.head] if c.obj is not None else None
    return obj is not None and any(
        (sp := t.m.span_at(k)) is not None and sp.label_ not in own for k in obj.subtree)


def _obj_lemma(t: Tools, c: Clause, match: Match) -> str | None:
    """The head lemma of the clause's object, read through quantities ("des centaines de manifestants")."""
    if c.obj is None or c.obj.head in match.fixed:
        return None
    return head_lemma(t.doc[c.obj.head])


def _speaker(t: Tools, c: Clause, d: Draft) -> str | None:
    """A declared intention ("X a déclaré avoir l'intention de ...") is X's own act, not a report;
    but "X va retirer ..., selon un responsable de X" is reported by someone after the fact."""
    r: Reading = d.reading
    if not d.own_intention or r.speaker_token is None or verb_form(t.doc[c.pred]) == "Fin":
        return r.speaker
    said = t.doc[r.speaker_token]
    trailing = said.i > c.pred or preposition(said) in t.att.g.according_to
    said_by = {f.code for f in t.m.of_nominal(said, deep=True)}
    if not trailing and said_by and said_by <= {f.code for f in d.source}:
        return None
    return r.speaker


def _context(t: Tools, c: Clause, match: Match, d: Draft, roles: Roles) -> str | None:
    frame = match.construction.frame
    context = frame.context or (t.lex.object_context(roles.object_lemma) if roles.object_lemma else None)
    if context is None and d.type == "AID" and roles.object_lemma and t.lex.in_class(roles.object_lemma, "weapons"):
        context = "military"
    return context


def _events(t: Tools, c: Clause, match: Match, d: Draft, roles: Roles) -> list[Event]:
    start, end = clause_span(t.doc[c.anchor])
    tok = t.doc[c.pred]
    # several sellers named in complements ("achète des armes à la Russie et à la Chine"): one
    # transfer each
    groups = [[s] for s in d.source] if (
        d.type in ("AID", "REQUEST") and len(d.source) > 1 and all(s.via_pp for s in d.source)) else [d.source]
    speaker = _speaker(t, c, d)
    context = _context(t, c, match, d, roles)
    when, owner = time_phrase(t.doc, c, t.reader.clauses)
    tense = tense_of(t.doc, c, d.reading.factuality) if owner is c else tense_of(t.doc, owner, "asserted")
    where = place_of(t.doc, c, t.m, t.lex, role_tokens(d.type, (*d.source, *d.target)), t.reader.clauses)
    return [Event(doc="", start=start, end=end, type=d.type, source=[f.code for f in grp],
                  target=[f.code for f in d.target], context=context, object=roles.object,
                  transit=roles.transit, factuality=d.reading.factuality, speaker=speaker,
                  trigger=tok.lemma_.lower(), trigger_start=tok.idx,
                  source_text=[f.text for f in grp], target_text=[f.text for f in d.target],
                  evidence=t.text[start:end], rule=match.construction.id,
                  source_kind=[_side_kind(t, d.type, f, "source", grp) for f in grp],
                  target_kind=[_side_kind(t, d.type, f, "target", grp) for f in d.target],
                  date_text=when, tense=tense,
                  place=where[0] if where else None, place_code=where[1] if where else None)
            for grp in groups]


# a side's kind the happening itself gives: a protest's target that is its protesters' own state
# (the same mention on both sides) is its government; people who protest (civilians, a demonym's
# people, a town's) are protesters
PROTEST_TARGET = "government"
PROTESTERS = "protesters"


def _side_kind(t: Tools, etype: str, f: Found, side: str, sources: list[Found]) -> str:
    kind = _kind(t, f, hit=side == "target" and etype == "ASSAULT")
    if etype == "PROTEST":
        if side == "target" and any(s.token == f.token and s.code == f.code for s in sources):
            return PROTEST_TARGET
        if side == "source" and (kind == "civilians" or f.kind == "place" or (
                f.kind == "demonym" and t.doc[f.token].pos_ in ("NOUN", "PROPN"))):
            return PROTESTERS  # "des milliers de Géorgiens", a town's people, civilians
    return kind


def _kind(t: Tools, f: Found, *, hit: bool = False) -> str:
    """The kind of actor a side is (SPEC): a body's or crowd's own kind, else by the gazetteer (a
    capital that acts is its government; one that is bombed is its state; a town or region that
    is bombed, its people)."""
    lex = t.lex
    if hit and f.kind in ("capital", "seat"):
        return lex.mention_kinds.get("state", "state")
    if hit and f.kind == "place":
        return HIT_PLACE
    if f.kind in lex.mention_kinds.values() and f.kind not in lex.mention_kinds:
        return f.kind  # a description's kind: police, protesters, government...
    if f.code in lex.code_kinds:
        return lex.code_kinds[f.code]
    if f.kind == "demonym" and (noun := _described(t, f)):
        return noun
    kind = "known_person" if f.kind == "person" and f.code != entity_code(f.text) else f.kind
    return lex.mention_kinds.get(kind, lex.kinds.get(kind, kind or "state"))


HIT_PLACE = "civilians"  # "a frappé un immeuble à Odessa": a town's people are hit


def _described(t: Tools, f: Found) -> str | None:
    """The kind of the thing or person a demonym qualifies, or of an adjective beside it: "un
    missile russe" is Russia's military, "le président libanais" its government, "deux
    ressortissants colombiens" civilians, "un avion militaire français" military."""
    tok = t.doc[f.token]
    if tok.dep_ != "amod" or tok.head.i == tok.i:
        return None
    head = tok.head
    for w in (head, *[k for k in head.children if k.dep_ == "amod" and k.i != tok.i]):
        if (kind := t.lex.kinds.get(w.lemma_.lower())) is not None:
            return kind
    return None


@Language.factory("recoupe_events", default_config={"data": None})
def make_event_extractor(nlp: Language, name: str, data: str | None) -> EventExtractor:
    from pathlib import Path

    return EventExtractor(default_lexicon() if data is None else load_lexicon(Path(data)))

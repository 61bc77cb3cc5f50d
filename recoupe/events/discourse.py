"""Rules across clauses: implicit parties of transfers, denials of earlier allegations,
and one event per statement (a headline repeated, two triggers of one clause)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..records import Event
from .factuality import Attribution
from .grammar import clause_span, grammar
from .lexicon import Lexicon
from .mentions import Mentions

TRANSFERS = frozenset({"AID", "REQUEST"})
IMPLICIT_REACH = 400  # characters back within which an implicit party is looked for
DENIAL_REACH = 600  # characters back within which a denial answers an allegation


def finish(doc: Doc, events: list[Event], m: Mentions, att: Attribution, lex: Lexicon) -> list[Event]:
    events = _fill_implicit(events)
    events = events + _denials(doc, events, att, lex) + _rebuttals(doc, events, m, lex)
    out = [ev for ev in events if ev.source and ev.target and not _self_loop(ev)]
    return _dedupe(out)


def _self_loop(ev: Event) -> bool:
    """An actor against itself: kept for a people against its own government (PROTEST) and for
    reciprocal events; otherwise only when the two sides are different kinds of actor of one
    state ("la police a arrêté des manifestants")."""
    if ev.source != ev.target or len(ev.source) >= 2 or ev.type == "PROTEST":
        return False
    return not (ev.source_kind and ev.target_kind and ev.source_kind != ev.target_kind)


def _fill_implicit(events: list[Event]) -> list[Event]:
    """A transfer with one party left unsaid takes it from a transfer or request just before that
    involves the other party ('X seeks arms from Y ... Y may hide the shipments')."""
    done: list[Event] = []
    for ev in sorted(events, key=lambda e: e.trigger_start):
        explicit = bool(ev.source) and bool(ev.target)
        if ev.type in TRANSFERS and bool(ev.source) != bool(ev.target):
            known = set(ev.source or ev.target)
            for prev in reversed(done[-8:]):
                if prev.type not in TRANSFERS or not prev.source or not prev.target:
                    continue
                if ev.trigger_start - prev.trigger_start > IMPLICIT_REACH:
                    break
                giver, taker = (prev.target, prev.source) if prev.type == "REQUEST" else (prev.source, prev.target)
                if known & set(giver) and ev.source:  # the supplier is known: the receiver asked before
                    ev.target = list(taker)
                    break
                if known & set(taker) and ev.target:
                    ev.source = list(giver)
                    break
        if explicit:  # only what the text states is evidence for filling in others
            done.append(ev)
    return events


def _denials(doc: Doc, events: list[Event], att: Attribution, lex: Lexicon) -> list[Event]:
    """'ces allégations sont totalement fausses', 'a qualifié ces affirmations de mensonges': a
    predicate of falsity on an allegation noun denies the allegations stated just before, in the
    denier's voice."""
    out: list[Event] = []
    false, nouns = lex.cue("false_predicates"), lex.cue("denial_objects")
    for tok in doc:
        subj = _falsified(tok, false, nouns, lex)
        if subj is None:
            continue
        alleged = [e for e in events if e.factuality == "alleged" and e.trigger_start < tok.idx
                   and tok.idx - e.trigger_start < DENIAL_REACH]
        if not alleged:
            continue
        start, end = clause_span(tok)
        topic = _topic(doc, start)
        if topic is not None:
            start = min(start, topic[0])
        who = _denier(tok, att)
        for e in alleged:
            obj = e.object
            if topic is not None:
                obj = topic[1]
                if e.object and not _mentions(e.object, obj):
                    continue
            out.append(replace(e, start=start, end=end, factuality="denied", speaker=who, object=obj,
                               trigger=tok.lemma_.lower(), trigger_start=tok.idx, evidence=doc.text[start:end]))
    return out


def _falsified(tok: Token, false: frozenset[str], nouns: frozenset[str], lex: Lexicon) -> Token | None:
    """The allegation noun a falsity predicate applies to: its copula subject ("ces allégations
    sont fausses") or the object of a verb that qualifies it ("a qualifié ces affirmations de
    mensonges", "a jugé ces accusations infondées")."""
    if tok.lemma_.lower() not in false and tok.lower_ not in false:
        return None
    if any(c.dep_ == "cop" for c in tok.children):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        return subj if subj is not None and subj.lemma_.lower() in nouns else None
    verb = tok.head
    if verb.lemma_.lower() in lex.cue("qualify_verbs") | lex.cue("speech_verbs"):
        obj = next((c for c in verb.children if c.dep_ == "obj"), None)
        return obj if obj is not None and obj.lemma_.lower() in nouns else None
    return None


def _denier(tok: Token, att: Attribution) -> str | None:
    verb = tok.head if tok.head.lemma_.lower() in att.lex.cue("qualify_verbs") else None
    if verb is not None:
        k = att.clauses.at(verb.i)
        if k is not None and k.subj is not None:
            return att.who(tok.doc[k.subj.head])
    return att.who(att.speech_speaker(tok))


def _rebuttals(doc: Doc, events: list[Event], m: Mentions, lex: Lexicon) -> list[Event]:
    """'Kinshasa accuse Kigali d'armer le M23, ce que le Rwanda dément', '... La Corée du Nord
    dément.': a denial without an object of its own answers the allegations just made; the
    accused who denies them is the speaker of their denied version."""
    g = grammar()
    out: list[Event] = []
    forms, verbs = lex.cue("denial_forms"), lex.cue("denial_verbs")
    for tok in doc:
        if tok.lower_ not in forms and not (tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs):
            continue
        named = [c for c in tok.children if c.dep_ in ("obj", "ccomp", "xcomp", "obl:arg") and c.lower_ not in g.que]
        if any(c.lemma_.lower() not in lex.cue("denial_objects") for c in named):
            continue  # it denies something it names ("dément avoir livré des armes": read as such)
        scope = _rebuttal_scope(doc, tok, lex)
        if scope is None:
            continue
        lo, reach, start, relative = scope
        deniers = [sp for sp in m.spans if lo <= sp.start < tok.i and sp.kb_id_ not in ("entity", "place")]
        if not deniers:
            continue
        denier = deniers[-1]
        end = tok.sent.end_char
        for e in events:
            if e.factuality == "alleged" and reach <= e.trigger_start < tok.idx and denier.label_ in e.source:
                out.append(replace(e, start=min(start, e.start), end=end, factuality="denied",
                                   speaker=_phrase(doc, lo + 2 if relative else lo, tok.i),
                                   trigger=tok.lower_, trigger_start=tok.idx,
                                   evidence=doc.text[min(start, e.start):end]))
    return out


def _rebuttal_scope(doc: Doc, tok: Token, lex: Lexicon) -> tuple[int, int, int, bool] | None:
    """(first token of the denier, first character of the allegations answered, evidence start,
    relative?) for "ce que X dément" and for a bare "X dément (ces informations)."."""
    g = grammar()
    sent = tok.sent
    before = list(doc[max(sent.start, tok.i - 8):tok.i])
    relative = next((k for k, t in enumerate(before[:-1]) if t.lower_ in g.relative_ce
                     and before[k + 1].lower_ in g.que), None)
    rest = [t for t in doc[tok.i + 1:sent.end] if not t.is_punct]
    if relative is not None:
        return before[relative].i, sent.start_char, sent.start_char, True
    if tok.i - sent.start <= 6 and all(t.pos_ == "DET" or t.lemma_.lower() in lex.cue("denial_objects") for t in rest):
        reach = doc[sent.start - 1].sent.start_char if sent.start else 0
        return sent.start, reach, sent.start_char, False
    return None


def _phrase(doc: Doc, lo: int, verb: int) -> str:
    """The words before the denial verb, less auxiliaries and adverbs: "le Rwanda", "L'Iran"."""
    words = [t for t in doc[lo:verb] if t.pos_ not in ("AUX", "ADV") and t.dep_ != "expl:comp"]
    return " ".join(t.text for t in words).replace("' ", "'").replace("’ ", "’").strip()


def _topic(doc: Doc, clause_start: int) -> tuple[int, str] | None:
    """'pour ce qui est des missiles, ces allégations ...': the topic limits the denial."""
    window = doc.text[max(0, clause_start - 80):clause_start + 40]
    low = window.lower()
    for marker in grammar().topic_markers:
        k = low.rfind(marker)
        if k != -1:
            noun = window[k + len(marker):].split(",")[0].strip()
            return max(0, clause_start - 80) + k, noun
    return None


def _mentions(a: str, b: str) -> bool:
    aw = {w.rstrip("s").lower() for w in a.replace("'", " ").split()}
    bw = {w.rstrip("s").lower() for w in b.replace("'", " ").split()}
    return bool(aw & bw)


def _dedupe(events: list[Event]) -> list[Event]:
    seen: set[tuple[object, ...]] = set()
    out: list[Event] = []
    for ev in sorted(events, key=lambda e: (e.start, e.trigger_start)):
        key = (ev.type, tuple(ev.source), tuple(ev.target), ev.start, ev.end, ev.factuality)
        said = (ev.type, tuple(ev.source), tuple(ev.target), ev.factuality, " ".join(ev.evidence.lower().split()))
        if key in seen or said in seen or any(_nested(k, ev) for k in out):
            continue  # the same clause twice (a headline repeated) is one event
        seen.update((key, said))
        out.append(ev)
    return out


def _nested(a: Event, b: Event) -> bool:
    """Two triggers of one statement ('ont convenu de rétablir leurs relations'): same reading, and
    the clause of one holds the trigger of the other."""
    if (a.type, sorted(a.source), sorted(a.target), a.factuality, a.speaker) != (
            b.type, sorted(b.source), sorted(b.target), b.factuality, b.speaker):
        return False
    return a.start <= b.trigger_start < a.end or b.start <= a.trigger_start < b.end

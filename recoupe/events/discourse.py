"""Rules across clauses: implicit arguments, denials of earlier allegations, duplicates."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..records import Event
from .arguments import ActorIndex
from .attribution import Attributor, speaker_text
from .lexicon import Lexicon
from .syntax import clause_span, preposition

TOPIC_MARKERS = ("pour ce qui est des", "pour ce qui est du", "pour ce qui est de", "concernant les",
                 "concernant le", "concernant la", "quant aux", "quant au", "quant à", "s'agissant des",
                 "s'agissant du", "en ce qui concerne les", "en ce qui concerne le", "en ce qui concerne la")
LOOKBACK = 3  # sentences within which an implicit argument is looked for


def finish(doc: Doc, events: list[Event], idx: ActorIndex, att: Attributor, lex: Lexicon) -> list[Event]:
    sent_of = _sentence_index(doc)
    events = _fill_implicit(events, sent_of)
    events = events + _denials(doc, events, att, lex, sent_of) + _rebuttals(doc, events, idx, lex)
    out = []
    for ev in events:
        if not ev.source or not ev.target:
            continue
        if ev.source == ev.target and len(ev.source) < 2 and ev.type != "PROTEST":
            continue  # (a people protesting against its own government is coded X -> X)
        out.append(ev)
    return _dedupe(out)


def _sentence_index(doc: Doc) -> dict[int, int]:
    return {s.start_char: k for k, s in enumerate(doc.sents)}


def _sent_no(ev: Event, doc: Doc, sent_of: dict[int, int]) -> int:
    span = doc.char_span(ev.trigger_start, ev.trigger_start + 1, alignment_mode="expand")
    return sent_of.get(span.sent.start_char, 0) if span is not None else 0


def _fill_implicit(events: list[Event], sent_of: dict[int, int]) -> list[Event]:
    """A transfer with one party left unsaid takes it from a transfer or request just
    before that involves the other party ('X seeks arms from Y ... Y may hide the shipments')."""
    order = sorted(range(len(events)), key=lambda k: events[k].trigger_start)
    done: list[Event] = []
    for k in order:
        ev = events[k]
        explicit = bool(ev.source) and bool(ev.target)
        if ev.type in ("AID", "REQUEST") and bool(ev.source) != bool(ev.target):
            known = ev.source or ev.target
            for prev in reversed(done[-8:]):
                if prev.type not in ("AID", "REQUEST") or not prev.source or not prev.target:
                    continue
                if ev.trigger_start - prev.trigger_start > 400:
                    break
                if set(known) & set(prev.target if prev.type == "REQUEST" else prev.source) and ev.source:
                    # the supplier is known: the receiver is the one who asked, or received before
                    ev.target = list(prev.source if prev.type == "REQUEST" else prev.target)
                    break
                if set(known) & set(prev.source if prev.type == "REQUEST" else prev.target) and ev.target:
                    ev.source = list(prev.target if prev.type == "REQUEST" else prev.source)
                    break
        if explicit:  # only what the text states is evidence for filling in others
            done.append(ev)
    return events


def _denials(doc: Doc, events: list[Event], att: Attributor, lex: Lexicon,
             sent_of: dict[int, int]) -> list[Event]:
    """'ces allégations sont totalement fausses': a predicate of falsity on an allegation
    noun denies the allegations stated just before, in the denier's voice."""
    out: list[Event] = []
    false = lex.cue("false_predicates")
    nouns = lex.cue("denial_objects")
    for tok in doc:
        if tok.lemma_.lower() not in false or not any(c.dep_ == "cop" for c in tok.children):
            continue
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if subj is None or subj.lemma_.lower() not in nouns:
            continue
        alleged = [e for e in events if e.factuality == "alleged" and e.trigger_start < tok.idx
                   and tok.idx - e.trigger_start < 600]
        if not alleged:
            continue
        start, end = clause_span(tok)
        topic = _topic(doc, tok, start)
        if topic is not None:
            start = min(start, topic[0])
        who = att.speech_speaker(tok)  # the one who says the allegations are false
        speaker = speaker_text(who) if who is not None else None
        for e in alleged:
            obj = e.object
            if topic is not None:
                obj = topic[1]
                if e.object and not _mentions(e.object, obj):
                    continue
            out.append(replace(e, start=start, end=end, factuality="denied", speaker=speaker, object=obj,
                               trigger=tok.lemma_.lower(), trigger_start=tok.idx,
                               evidence=doc.text[start:end]))
    return out


def _rebuttals(doc: Doc, events: list[Event], idx: ActorIndex, lex: Lexicon) -> list[Event]:
    """'Kinshasa accuse Kigali d'armer le M23, ce que le Rwanda dément', '... La Corée du Nord
    dément.': a denial without an object of its own answers the allegations just made; the
    accused who denies them is the speaker of their denied version."""
    out: list[Event] = []
    forms, verbs = lex.cue("denial_forms"), lex.cue("denial_verbs")
    for tok in doc:
        if tok.lower_ not in forms and not (tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in verbs):
            continue
        named = [c for c in tok.children if c.dep_ in ("obj", "ccomp", "xcomp", "obl:arg")
                 and c.lower_ not in ("que", "qu'", "qu’")]
        if any(c.lemma_.lower() not in lex.cue("denial_objects") for c in named):
            continue  # it denies something it names ("dément avoir livré des armes": read as such)
        sent = tok.sent
        before = list(doc[max(sent.start, tok.i - 8):tok.i])
        relative = next((k for k, t in enumerate(before[:-1]) if t.lower_ == "ce"
                         and before[k + 1].lower_ in ("que", "qu'", "qu’")), None)
        rest = [t for t in doc[tok.i + 1:sent.end] if not t.is_punct]
        if relative is not None:
            lo, reach = before[relative].i, sent.start_char  # allegations of this sentence
        elif tok.i - sent.start <= 6 and all(t.pos_ == "DET" or t.lemma_.lower() in lex.cue("denial_objects")
                                             for t in rest):  # "La Corée du Nord dément (ces informations)."
            lo, reach = sent.start, doc[sent.start - 1].sent.start_char if sent.start else 0  # "... X dément."
        else:
            continue
        deniers = [sp for sp in idx.spans if lo <= sp.start < tok.i and sp.kb_id_ not in ("entity", "place")]
        if not deniers:
            continue
        denier = deniers[-1]
        start, end = (reach if relative is not None else sent.start_char), sent.end_char
        for e in events:
            if (e.factuality == "alleged" and reach <= e.trigger_start < tok.idx
                    and denier.label_ in e.source):
                out.append(replace(e, start=min(start, e.start), end=end, factuality="denied",
                                   speaker=_denier_phrase(doc, lo + 2 if relative is not None else lo, tok.i),
                                   trigger=tok.lower_, trigger_start=tok.idx,
                                   evidence=doc.text[min(start, e.start):end]))
    return out


def _denier_phrase(doc: Doc, lo: int, verb: int) -> str:
    """The words before the denial verb, less auxiliaries and adverbs: "le Rwanda", "L'Iran"."""
    words = [t for t in doc[lo:verb] if t.pos_ not in ("AUX", "ADV") and t.dep_ != "expl:comp"]
    return " ".join(t.text for t in words).replace("' ", "'").strip()


def _topic(doc: Doc, tok: Token, clause_start: int) -> tuple[int, str] | None:
    """'pour ce qui est des missiles, ces allégations ...': the topic limits the denial."""
    window = doc.text[max(0, clause_start - 80):clause_start + 40]
    low = window.lower()
    for m in TOPIC_MARKERS:
        k = low.rfind(m)
        if k != -1:
            rest = window[k + len(m):]
            noun = rest.split(",")[0].strip()
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
        if key in seen or said in seen:  # the same clause twice (a headline repeated) is one event
            continue
        if any(_nested(k, ev) for k in out):
            continue
        seen.update((key, said))
        out.append(ev)
    return out


def _nested(a: Event, b: Event) -> bool:
    """Two triggers of one statement ('ont convenu de rétablir leurs relations'): same
    reading, and the clause of one holds the trigger of the other."""
    if (a.type, sorted(a.source), sorted(a.target), a.factuality, a.speaker) != (
            b.type, sorted(b.source), sorted(b.target), b.factuality, b.speaker):
        return False
    return a.start <= b.trigger_start < a.end or b.start <= a.trigger_start < b.end


__all__ = ["finish", "preposition"]

"""Rules across clauses: implicit parties of transfers, denials of earlier allegations,
and one event per statement (a headline repeated, two triggers of one clause)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from ..records import Event
from .factuality import Attribution
from .grammar import clause_span, grammar, negated
from .lexicon import Lexicon
from .mentions import Mentions

TRANSFERS = frozenset({"AID", "REQUEST"})
IMPLICIT_REACH = 400  # characters back within which an implicit party is looked for
DENIAL_REACH = 600  # characters back within which a denial answers an allegation


def finish(doc: Doc, events: list[Event], m: Mentions, att: Attribution, lex: Lexicon) -> list[Event]:
    events = _fill_implicit(events)
    events = events + _denials(doc, events, att, lex) + _rebuttals(doc, events, m, att)
    out = [ev for ev in events if ev.source and (ev.target or ev.rule == DENIAL_RULE) and not _self_loop(ev)]
    return _dedupe([ev for ev in out if not _superseded(doc, ev, out)])


def _self_loop(ev: Event) -> bool:
    """An actor against itself: kept for a people against its own government (PROTEST) and for
    reciprocal events; otherwise only when the two sides are different kinds of actor of one
    state ("la police a arrêté des manifestants")."""
    if ev.source != ev.target or len(ev.source) >= 2 or ev.type == "PROTEST":
        return False
    return not (ev.source_kind and ev.target_kind and ev.source_kind != ev.target_kind)


def _superseded(doc: Doc, ev: Event, events: list[Event]) -> bool:
    """A state acting on itself is the reading of last resort: not when the same sentence gives its
    act a counterpart ("a levé son blocage ..., cédant à la pression de ses partenaires")."""
    if ev.source != ev.target or len(ev.source) != 1:
        return False
    sent = doc.char_span(ev.trigger_start, ev.trigger_start + 1, alignment_mode="expand")
    if sent is None:
        return False
    lo, hi = sent.sent.start_char, sent.sent.end_char
    return any(o is not ev and o.type == ev.type and o.source == ev.source and o.target != ev.target
               and lo <= o.trigger_start < hi for o in events)


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
                   and tok.idx - e.trigger_start < DENIAL_REACH and e.source and e.target]
        start, end = clause_span(tok)
        if not alleged:  # "Moscou a qualifié ces affirmations de mensonges": it rejects what others say
            out += _rejection(doc, tok, _denier_token(tok, att), events, att, (start, end))
            continue
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
    if verb.lemma_.lower() in nouns and verb.dep_ == "obj":  # "qualifié ces affirmations de mensonges"
        return verb if verb.head.lemma_.lower() in lex.cue("qualify_verbs") else None
    if verb.lemma_.lower() in lex.cue("qualify_verbs") | lex.cue("speech_verbs"):
        obj = next((c for c in verb.children if c.dep_ == "obj"), None)
        return obj if obj is not None and obj.lemma_.lower() in nouns else None
    return None


def _denier_token(tok: Token, att: Attribution) -> Token | None:
    qualify = att.lex.cue("qualify_verbs")
    verb = next((v for v in (tok.head, tok.head.head) if v.lemma_.lower() in qualify), None)
    if verb is not None:
        k = att.clauses.at(verb.i)
        if k is not None and k.subj is not None:
            return tok.doc[k.subj.head]
    return att.speech_speaker(tok)


def _denier(tok: Token, att: Attribution) -> str | None:
    return att.who(_denier_token(tok, att))


def _rejection(doc: Doc, tok: Token, denier: Token | None, events: list[Event], att: Attribution,
               span: tuple[int, int]) -> list[Event]:
    """A denial that answers nothing said before it in the text ("Le Kremlin a démenti ces
    informations.", with no allegation before): the denier rejects what others say (REJECT, with
    no target the text names)."""
    found = att.m.of_nominal(denier) if denier is not None else []
    if not found or _accused(found[0].code, tok, events):
        return []
    start, end = span
    return [Event(doc="", start=start, end=end, type="REJECT", source=[found[0].code], target=[],
                  context="diplomatic", trigger=tok.lemma_.lower(), trigger_start=tok.idx,
                  evidence=doc.text[start:end], rule=DENIAL_RULE)]


def _accused(code: str, tok: Token, events: list[Event]) -> bool:
    """An accusation of the denier, or a claim about it, precedes the denial: the denial answers it (the
    claim's denied version is what a reader codes, even where its content could not be read)."""
    return any((e.trigger_start < tok.idx and code in e.target + e.source and e.factuality != "asserted")
               or (e.type == "ACCUSE" and code in e.target and e.trigger_start < tok.idx) for e in events)


def _rebuttals(doc: Doc, events: list[Event], m: Mentions, att: Attribution) -> list[Event]:
    """'Kinshasa accuse Kigali d'armer le M23, ce que le Rwanda dément', 'une accusation que Caracas a
    toujours rejetée', 'des faits que ne reconnaît pas Belgrade', '... La Corée du Nord dément.': a
    denial without an object of its own answers the claims just made about the denier, who is the
    speaker of their denied version. With no such claim before it, the denial is the denier's
    rejection of what others say (REJECT, its target the accuser when one is named)."""
    lex = att.lex
    out: list[Event] = []
    for tok in doc:
        if not _denies(tok, lex) or _names_what(tok, lex):
            continue
        scope = _rebuttal_scope(doc, tok, lex, att)
        if scope is None:
            continue
        denier, reach, start, phrase = scope
        end = tok.sent.end_char
        answered = [e for e in events if e.factuality in ("alleged", "reported", "possible")
                    and reach <= e.trigger_start < tok.idx and denier in e.source + e.target and e.type != "ACCUSE"
                    and e.source and e.target]
        for e in answered:
            out.append(replace(e, start=min(start, e.start), end=end, factuality="denied", speaker=phrase,
                               trigger=tok.lower_, trigger_start=tok.idx, evidence=doc.text[min(start, e.start):end]))
        if not answered and not _accused(denier, tok, events):
            out.append(Event(doc="", start=start, end=end, type="REJECT", source=[denier], target=[],
                             context="diplomatic", trigger=tok.lemma_.lower(), trigger_start=tok.idx,
                             evidence=doc.text[start:end], rule=DENIAL_RULE))
    return out


DENIAL_RULE = "discourse:denial"


def _denies(tok: Token, lex: Lexicon) -> bool:
    """A denial verb (or a form the tagger misreads), or an admission verb negated ("ne reconnaît pas")."""
    if tok.lower_ in lex.cue("denial_forms"):
        return True
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "ADJ" and tok.dep_.startswith("acl")):
        return False  # (a participle tagged as an adjective: "une accusation que Caracas a rejetée")
    lemma = tok.lemma_.lower()
    return lemma in lex.cue("denial_verbs") or (lemma in lex.cue("admission_verbs") and negated(tok))


def _names_what(tok: Token, lex: Lexicon) -> bool:
    """It denies something it names ("dément avoir livré des armes": read as such)."""
    g = grammar()
    named = [c for c in tok.children if c.dep_ in ("obj", "ccomp", "xcomp", "obl:arg") and c.lower_ not in g.que
             and c.morph.get("PronType", []) != ["Rel"] and not (c.dep_ == "xcomp" and c.pos_ == "PROPN")]
    return any(c.lemma_.lower() not in lex.cue("denial_objects") for c in named)


def _rebuttal_scope(doc: Doc, tok: Token, lex: Lexicon, att: Attribution) -> tuple[str, int, int, str] | None:
    """(the denier's code, first character of the claims answered, evidence start, the denier as
    written) for "ce que X dément", "une accusation que X rejette" and a bare "X dément (ces
    informations).", or None."""
    g = grammar()
    sent = tok.sent
    before = list(doc[max(sent.start, tok.i - 8):tok.i])
    relative = next((k for k, t in enumerate(before[:-1]) if t.lower_ in g.relative_ce
                     and before[k + 1].lower_ in g.que), None)
    clause = att.clauses.at(tok.i)
    subject = doc[clause.subj.head] if clause is not None and clause.subj is not None else None
    found = att.m.of_nominal(subject) if subject is not None else []
    on_claim = tok.dep_ in ("acl", "acl:relcl") and tok.head.lemma_.lower() in lex.cue("denial_objects") and any(
        t.lower_ in g.que for t in doc[tok.head.i + 1:tok.i])  # "une accusation que Caracas a rejetée"
    if relative is not None or on_claim:
        lo = before[relative].i + 2 if relative is not None else tok.head.i + 2  # past "ce que" / "que"
        named = [sp for sp in att.m.spans if lo <= sp.start < tok.i and sp.kb_id_ not in ("entity", "place")]
        if named:  # "ce que le Rwanda dément": the actor between the relative and the verb
            return named[-1].label_, sent.start_char, sent.start_char, _phrase(doc, lo, tok.i)
        if not found:
            return None
        return found[0].code, sent.start_char, sent.start_char, att.who(subject) or found[0].text
    rest = [t for t in doc[tok.i + 1:sent.end] if not t.is_punct]
    if tok.i - sent.start <= 6 and all(t.pos_ == "DET" or t.lemma_.lower() in lex.cue("denial_objects") for t in rest):
        deniers = [sp for sp in att.m.spans if sent.start <= sp.start < tok.i and sp.kb_id_ not in ("entity", "place")]
        if not deniers:
            return None
        reach = doc[sent.start - 1].sent.start_char if sent.start else 0
        return deniers[-1].label_, reach, sent.start_char, _phrase(doc, sent.start, tok.i)
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

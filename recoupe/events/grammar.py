"""Reading French function words off the parse: prepositions, coordination, voice, mood,
tense and negation. The words themselves are data (``data/grammar.yaml``); this module only
says where in the parse to look for them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Token

from ..errors import RecoupeError

DATA = Path(__file__).parent / "data"
VERBAL = frozenset({"VERB", "AUX"})
NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})


class LexiconError(RecoupeError):
    """A linguistic data file does not follow its schema."""


@dataclass(slots=True, frozen=True)
class Grammar:
    """The closed classes of French the clause reader tests (see data/grammar.yaml)."""

    contractions: dict[str, str]
    locution_adverbs: frozenset[str]
    according_to: frozenset[str]
    relative_selon: frozenset[str]
    circumstantial: frozenset[str]
    cause_nouns: frozenset[str]
    reaction_preps: frozenset[str]
    time_words: frozenset[str]
    time_nouns: frozenset[str]
    clitics: frozenset[str]
    reflexive: frozenset[str]
    object_clitics: frozenset[str]
    dative_clitics: frozenset[str]
    negation_particles: frozenset[str]
    negation_words: frozenset[str]
    negation_with_ne: frozenset[str]
    conditional_endings: tuple[str, ...]
    future_endings: tuple[str, ...]
    verb_endings: tuple[tuple[str, str], ...]
    que: frozenset[str]
    purpose_marks: frozenset[str]
    gerund_marks: frozenset[str]
    condition_marks: frozenset[str]
    infinitive_marks: frozenset[str]
    comparison_marks: frozenset[str]
    coordinators: frozenset[str]
    part_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    transparent_nouns: frozenset[str]
    quantity_adverbs: frozenset[str]
    not_of_things: frozenset[str]
    group_pronouns: frozenset[str]
    singular_pronouns: frozenset[str]
    possessive_singular: frozenset[str]
    possessive_plural: frozenset[str]
    feminine_pronouns: frozenset[str]
    masculine_pronouns: frozenset[str]
    personal_pronouns: frozenset[str]
    first_person: frozenset[str]
    small_counts: frozenset[str]
    fronting_words: frozenset[str]
    particularly: frozenset[str]
    speaker_leading: frozenset[str]
    topic_markers: tuple[str, ...]
    relative_ce: frozenset[str]
    prepositions_before_name: frozenset[str]
    articles: frozenset[str]
    participle_prepositions: frozenset[str]
    partner_participles: frozenset[str]
    auxiliaries: frozenset[str]
    condition_nouns: frozenset[str]
    mediation_nouns: frozenset[str]
    active_auxiliary: frozenset[str]
    genitive: tuple[str, ...]
    etre_verbs: frozenset[str]
    latter_pronouns: frozenset[str]
    demonym_endings: tuple[str, ...]
    prep_genitive: str
    prep_agent: str
    prep_dative: str
    prep_purpose: str
    prep_condition: str
    place_preps: frozenset[str]
    instrument_preps: frozenset[str]
    aim_preps: frozenset[str]
    threat_preps: frozenset[str]
    partner_preps: frozenset[str]
    deal_preps: frozenset[str]
    object_joiner: str
    elision_initials: str

    @property
    def times(self) -> frozenset[str]:
        return self.time_words | self.time_nouns

    def is_time(self, tok: Token) -> bool:
        return tok.lower_ in self.time_words or tok.lemma_.lower() in self.times


def _coerce(name: str, kind: Any, value: Any) -> Any:
    if kind == "str":
        return str(value)
    if kind == "dict[str, str]":
        return {str(k): str(v) for k, v in (value or {}).items()}
    if kind == "tuple[tuple[str, str], ...]":
        return tuple((str(a), str(b)) for a, b in value)
    if kind == "tuple[str, ...]":
        return tuple(str(v) for v in value)
    return frozenset(str(v) for v in value)


def load_grammar(path: Path | None = None) -> Grammar:
    raw = yaml.safe_load((path or DATA / "grammar.yaml").read_text(encoding="utf-8")) or {}
    known = {f.name: f.type for f in fields(Grammar)}
    unknown = sorted(set(raw) - set(known))
    missing = sorted(set(known) - set(raw))
    if unknown or missing:
        raise LexiconError(f"[E101] grammar.yaml: unknown keys {unknown}, missing keys {missing}")
    return Grammar(**{k: _coerce(k, known[k], raw[k]) for k in known})


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return load_grammar()


# -- the parse ------------------------------------------------------------------------------

def child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def verb_form(tok: Token) -> str:
    forms = tok.morph.get("VerbForm", [])
    return forms[0] if forms else ""


def is_finite(tok: Token) -> bool:
    """A finite verb, or a participle with a finite auxiliary ("a livré"); not "d'avoir livré"."""
    return verb_form(tok) == "Fin" or any(c.dep_.startswith("aux") and verb_form(c) == "Fin" for c in tok.children)


def preposition(tok: Token) -> str | None:
    """The preposition heading a nominal ('à', 'auprès de', 'à travers'), or None."""
    g = grammar()
    for c in tok.children:
        if c.dep_ == "case" and c.i < tok.i:
            words = [g.contractions.get(c.lower_, c.lower_)]
            words += [g.contractions.get(f.lower_, f.lower_) for f in c.children if f.dep_ == "fixed"]
            if words == [g.prep_genitive] and c.i > 0:
                # "auprès de l'Iran" parsed as the adverb + 'de', the adverb hung above or below
                before = tok.doc[c.i - 1]
                if before.lower_ in g.locution_adverbs and (
                        before.i == tok.head.i or before.head.i in (tok.i, tok.head.i)):
                    return f"{before.lower_} {g.prep_genitive}"
            return " ".join(words)
    return None


def conjuncts(tok: Token) -> list[Token]:
    """A nominal and the nominals coordinated with it ("des missiles et des drones")."""
    out = [tok]
    stack = [tok]
    if tok.dep_ in ("nsubj", "nsubj:pass"):
        # "La Turquie et la Syrie ont conclu": the parser makes each conjunct a subject of its own
        out += [s for s in tok.head.children if s.dep_ == tok.dep_ and s.i > tok.i
                and any(c.dep_ == "cc" and c.lower_ in grammar().coordinators for c in s.children)]
        stack += out[1:]
    split = split_first_conjunct(tok)
    if split is not None:
        out.append(split)
        stack.append(split)
        out += [c for c in split.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        stack += out[2:]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.pos_ not in VERBAL and c not in out:
                out.append(c)
                stack.append(c)
            elif c.dep_ in ("amod", "flat:name", "flat:foreign") and c.i > t.i:
                # "l'Arabie saoudite et l'Iran": the second name hung on the first one's last word
                for g in c.children:
                    if g.dep_ == "conj" and g.pos_ in ("PROPN", "NOUN") and g.i > c.i and g not in out:
                        out.append(g)
                        stack.append(g)
    return out


def split_first_conjunct(tok: Token) -> Token | None:
    """'Pyongyang et Moscou coopèrent': the parser sometimes makes the first conjunct of a
    sentence-initial subject a root of its own and hangs 'et' on the verb."""
    if tok.dep_ not in ("nsubj", "nsubj:pass") or tok.left_edge.i < 2:
        return None
    cc = tok.doc[tok.left_edge.i - 1]
    if cc.lower_ not in grammar().coordinators or cc.head.i not in (tok.head.i, tok.i):
        return None
    first = tok.doc[cc.i - 1]
    while first.head.i != first.i and first.head.i < cc.i:
        first = first.head
    if first.head.i == first.i and first.pos_ in ("PROPN", "NOUN") and first.i < cc.i:
        return first
    return None


def is_passive(tok: Token) -> bool:
    # "ont reconnu": the parser sometimes labels an active subject nsubj:pass; the auxiliary
    # 'avoir' without 'être' says it is active; so does a verb conjugated with 'être' ("sont
    # descendus dans la rue") and a pronominal one ("se sont soulevés")
    g = grammar()
    if tok.lemma_.lower() in g.etre_verbs or any(
            c.lower_ in g.reflexive and c.dep_ in ("expl:pv", "expl:comp", "obj", "iobj") for c in tok.children):
        return False
    active_aux = any(c.dep_.startswith("aux") and c.lemma_ in g.active_auxiliary for c in tok.children)
    return any(c.dep_ == "aux:pass" or (c.dep_ == "nsubj:pass" and not active_aux) for c in tok.children) or (
        tok.dep_ == "acl" and tok.morph.get("VerbForm", []) == ["Part"] and tok.morph.get("Tense", []) == ["Past"]
        and not active_aux)  # "une accusation que Caracas a rejetée": active, in a relative the parser missed


def is_reflexive(tok: Token) -> bool:
    return any(c.lower_ in grammar().reflexive and c.dep_.startswith(("expl", "obj", "iobj")) for c in tok.children)


def negated(tok: Token) -> bool:
    """'ne ... pas', 'ne ... jamais', 'n'a aucun': a negation on this word itself."""
    g = grammar()
    words = {c.lower_ for c in tok.children if c.dep_ in ("advmod", "det", "obj", "advmod:neg")}
    for c in tok.children:
        if c.dep_ in ("aux:tense", "aux:pass", "cop"):
            words |= {k.lower_ for k in c.children if k.dep_ == "advmod"}
    has_ne = any(c.lower_ in g.negation_particles for c in tok.children)
    return bool(words & g.negation_words) or (has_ne and bool(words & g.negation_with_ne))


def conditional(tok: Token) -> bool:
    """Conditional mood on the verb, its auxiliary ('aurait fourni') or a modal the parser hung
    under it; the ending is checked too, as the tagger sometimes reads it as an imperfect."""
    if "Cnd" in tok.morph.get("Mood", []):
        return True
    if tok.pos_ in VERBAL and verb_form(tok) == "Fin" and tok.lower_.endswith(grammar().conditional_endings):
        return True
    return any(conditional(c) for c in tok.children
               if c.dep_.startswith("aux") or (c.dep_ in ("dep", "advmod") and c.pos_ in VERBAL))


def future(tok: Token) -> bool:
    """Future tense, checked against the ending too: the tagger marks some presents as future."""
    endings = grammar().future_endings
    if "Fut" in tok.morph.get("Tense", []) and tok.lower_.endswith(endings):
        return True
    return any("Fut" in c.morph.get("Tense", []) and c.lower_.endswith(endings)
               for c in tok.children if c.dep_ == "aux:tense")


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above a word."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return t if t.pos_ in VERBAL else None
        t = t.head
        if t.pos_ in VERBAL:
            return t
    return None


def mark_of(tok: Token) -> str | None:
    m = child(tok, "mark")
    return m.lower_ if m is not None else None


def clause_span(tok: Token) -> tuple[int, int]:
    """Character span of the clause a predicate heads: its subtree without coordinated or
    subordinate clauses, so each event keeps its own evidence."""
    keep = [tok]
    stack = [tok]
    verbal = tok.pos_ in VERBAL
    while stack:
        t = stack.pop()
        for c in t.children:
            if t.i == tok.i and (c.dep_ in ("conj", "cc", "parataxis", "advcl", "ccomp", "punct", "acl:relcl")
                                 or (c.dep_ == "acl" and verbal)):
                continue
            if t.i != tok.i and c.dep_ in ("acl:relcl", "parataxis", "conj") and c.pos_ in VERBAL:
                continue
            keep.append(c)
            stack.append(c)
    lo = min(keep, key=lambda x: x.i)
    hi = max(keep, key=lambda x: x.i)
    while hi.i > lo.i and hi.is_punct:
        hi = hi.doc[hi.i - 1]
    while lo.i < hi.i and lo.is_punct:
        lo = lo.doc[lo.i + 1]
    start, end = lo.idx, hi.idx + len(hi.text)
    if end - start > 320:  # a runaway subtree: keep the predicate's neighbourhood
        sent = tok.sent
        a = max(sent.start, tok.i - 12)
        b = min(sent.end - 1, tok.i + 16)
        start, end = tok.doc[a].idx, tok.doc[b].idx + len(tok.doc[b].text)
    return start, end

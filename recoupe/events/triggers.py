"""Finding triggers and choosing their sense: verbs and nominalisations from the lexicon."""

from __future__ import annotations

from spacy.attrs import POS
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc, Token

from .arguments import QUANTITIES, ActorIndex
from .lexicon import Lexicon, Sense
from .syntax import TIME_NOUNS, TIME_WORDS, VERBAL, conjuncts, direct_object, preposition


def noun_object(tok: Token, idx: ActorIndex) -> Token | None:
    """The thing a nominal trigger is about: 'livraisons d'armes' -> armes."""
    for c in tok.children:
        if c.dep_ == "nmod" and preposition(c) == "de" and idx.span_at(c) is None and c.pos_ == "NOUN":
            return c
    return None


def support_verb(tok: Token, lex: Lexicon) -> Token | None:
    """The verb that a nominal trigger completes ('imposer des sanctions', 'utiliser son veto',
    'procéder à des frappes')."""
    h = tok.head
    dep = tok.dep_
    if dep == "nmod" and h.lower_ in TIME_WORDS | TIME_NOUNS and h.head.pos_ in VERBAL and h.i < tok.i:
        # "ont entamé lundi des manœuvres", "participera la semaine prochaine à des pourparlers":
        # the complement hung on the date
        dep, h = ("obj" if preposition(tok) in (None, "de") else "obl"), h.head  # "de": a partitive "des"
    if h.i == tok.i or h.pos_ not in VERBAL:
        return None
    if dep in ("obj", "nsubj:pass") and h.lemma_.lower() in lex.support_verbs:
        return h
    if dep.startswith("obl") and preposition(tok) == "à" and lex.in_class(h.lemma_.lower(), "support_verbs_a"):
        return h
    return None


def recipient_verb(tok: Token, lex: Lexicon) -> Token | None:
    h = tok.head
    if h.i != tok.i and h.pos_ in VERBAL and h.lemma_.lower() in lex.recipient_verbs and tok.dep_ in (
            "obj", "obl:arg", "obl", "obl:mod"):
        return h
    return None


def object_heads(obj: Token) -> list[Token]:
    """The object, its conjuncts and the nouns its sense is read through: "de grandes quantités
    de munitions", "des dizaines de milliers de soldats", "l'ensemble de l'aide"."""
    out = []
    for t in conjuncts(obj):
        out.append(t)
        for c in t.children:
            if c.dep_ == "nmod" and preposition(c) == "de":
                out.append(c)
                if c.lemma_.lower() in QUANTITIES:
                    out += [g for g in c.children if g.dep_ == "nmod" and preposition(g) == "de"]
    return out


def object_lemmas(obj: Token | None) -> set[str]:
    # the form too: the lemmatiser misses some plurals ("obus" -> "obu")
    return set() if obj is None else {w for t in object_heads(obj) for w in (t.lemma_.lower(), t.lower_)}


def choose_sense(tok: Token, senses: list[Sense], lex: Lexicon, idx: ActorIndex) -> tuple[Sense, Token | None] | None:
    """The first sense whose conditions the context meets, with the object it used."""
    nominal = tok.pos_ not in VERBAL
    obj = noun_object(tok, idx) if nominal else direct_object(tok)
    lemmas = object_lemmas(obj)
    mods = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "nmod", "acl")}
    for s in senses:
        if s.when_obj and not (lemmas & s.when_obj):
            continue
        if s.when_mod and not (mods & s.when_mod):
            continue
        if s.when_obj_actor and (obj is None or not idx.of_nominal(obj)):
            continue
        if s.when_clause and not _governs_clause(tok, obj):
            continue
        if s.support_only and support_verb(tok, lex) is None:
            continue
        if s.when_pp and not _pp_ok(tok, s, idx):
            continue
        return s, obj
    return None


def _governs_clause(tok: Token, obj: Token | None) -> bool:
    """An infinitive or a clause under the trigger, or an infinitive the parser hung on its object
    ("a appelé l'Union européenne à renforcer son soutien")."""
    heads = [tok] + ([obj] if obj is not None else [])
    return any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ in ("acl", "advcl") and "Inf" in c.morph.get("VerbForm", [])
                                                and any(m.lower_ in ("à", "de", "d'") for m in c.children))
               for h in heads for c in h.children)


def _pp_ok(tok: Token, s: Sense, idx: ActorIndex) -> bool:
    from .syntax import complements

    for p, n in complements(tok, depth=1):
        for prep, lemmas in s.when_pp:
            if p == prep and (n.lemma_.lower() in lemmas or ("@actor" in lemmas and idx.of_nominal(n))):
                return True
    return False


# Present-tense endings -> infinitive endings, to recover a verb the tagger read as a noun
# ("La Chine livre des drones": 'livre' tagged as the noun "book").
VERB_ENDINGS = (("ent", "er"), ("es", "er"), ("e", "er"), ("issent", "ir"), ("it", "ir"), ("dent", "dre"),
                ("d", "dre"), ("ient", "ir"), ("oit", "oir"))


def mistagged_verb(tok: Token, lex: Lexicon) -> str | None:
    """The infinitive of a finite verb tagged as a noun: it has a subject and no determiner."""
    if tok.pos_ not in _RETAGGABLE:
        return None
    # The ending test first: it needs no parse and rules out almost every noun.
    cand = _infinitive(tok.lower_, lex)
    if cand is None or any(c.dep_ in ("det", "cop") for c in tok.children):
        return None
    has_subject = any(c.dep_ == "nsubj" for c in tok.children)
    # "la Syrie livre des roquettes" parsed as one noun phrase: a bare noun right after a name
    after_name = tok.dep_ in ("nmod", "appos", "amod") and tok.head.i == tok.i - 1 and tok.head.pos_ == "PROPN"
    if not (has_subject or after_name):
        return None
    return cand


_RETAGGABLE = ("NOUN", "PROPN", "ADJ")
_RETAGGABLE_IDS = frozenset(int(IDS[p]) for p in _RETAGGABLE)


def _infinitive(low: str, lex: Lexicon) -> str | None:
    """The lexicon verb whose present-tense form `low` can be (first matching ending wins)."""
    for end, inf in VERB_ENDINGS:
        if low.endswith(end) and (cand := low[: -len(end)] + inf) in lex.verbs:
            return cand
    return None


def retag(doc: Doc, lex: Lexicon) -> None:
    # Only nouns, proper nouns and adjectives can be retagged: find them in the POS column
    # instead of making a Token of every word. Left to right, one token at a time: a retag
    # changes the POS that the next word's "after_name" test reads.
    for i, pos in enumerate(doc.to_array(POS).tolist()):
        if pos in _RETAGGABLE_IDS:
            tok = doc[i]
            verb = mistagged_verb(tok, lex)
            if verb is not None:
                tok.pos_ = "VERB"
                tok.lemma_ = verb


def lookup(tok: Token, lex: Lexicon) -> list[Sense] | None:
    pos = tok.pos_
    if pos in VERBAL:
        return lex.verbs.get(tok.lemma_.lower())
    if pos == "NOUN":
        return lex.nouns.get(tok.lemma_.lower())
    return None

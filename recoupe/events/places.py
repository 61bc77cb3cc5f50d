"""Where an event happened: the place complement of its clause ("à Odessa", "en mer Rouge", "dans
l'est de la RDC"), as written, and the state the gazetteer gives it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .clauses import Clause
from .grammar import grammar, preposition
from .lexicon import Lexicon
from .mentions import PLACE_KINDS, Mentions
from .timing import phrase_of

G = grammar()


def place_of(doc: Doc, c: Clause, m: Mentions, lex: Lexicon) -> tuple[str, str | None] | None:
    """(the place as written, its state's code or None) from the clause's own place complements: not
    a place an actor is from ("son ambassadeur au Kenya"), nor a transit."""
    heads = {c.pred, c.anchor}
    if c.obj is not None and not lex.in_class(doc[c.obj.head].lemma_.lower(), "diplomats"):
        heads.add(c.obj.head)  # "a arrêté des manifestants à Tbilissi", not "son ambassadeur au Kenya"
    for a in c.comps:
        if a.prep not in G.place_preps:
            continue
        n = doc[a.head]
        if n.head.i not in heads and not G.is_time(n.head):
            continue
        code = _state(n, m)
        if code is not None or lex.in_class(n.lemma_.lower(), "waters"):
            return phrase_of(n), code or None
    return None


def _state(n: Token, m: Mentions) -> str | None:
    """The state of a place nominal: a place, capital or state it names, or that a part of it names
    ("l'est de la RDC", "le nord du pays")."""
    sp = m.span_at(n)
    if sp is not None:
        return sp.label_ if sp.kb_id_ in PLACE_KINDS else None
    if n.lemma_.lower() in G.part_nouns:
        for k in n.children:
            if preposition(k) == G.prep_genitive and (found := m.of_nominal(k)):
                return found[0].code
    return None

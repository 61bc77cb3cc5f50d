"""Where an event happened: the place complement of its clause ("à Odessa", "en mer Rouge", "dans
l'est de la RDC"), as written, and the state the gazetteer gives it."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from spacy.tokens import Doc, Token

from .clauses import Clause, Clauses
from .grammar import grammar, preposition
from .lexicon import Lexicon
from .mentions import PLACE_KINDS, Found, Mentions
from .timing import phrase_of, time_words

G = grammar()
# a relative or participle clause happens where the clause it hangs on does ("a interpellé à
# Tbilissi des manifestants qui bloquaient l'avenue"); what is said or announced (ccomp), or a
# clause beside another (parataxis), does not happen where it is said
NOT_INHERITED = frozenset({"ccomp", "parataxis"})
# happenings on the ground: a town that fills one of their roles is also where they happen ("a livré
# des vivres à Port-au-Prince"); the addressee of a demand or a charge is no place ("a demandé à
# Washington de...")
ON_THE_GROUND = frozenset({"AID", "ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "SEIZE", "RETREAT", "CONSULT"})
TOWNS = frozenset({"capital", "place"})


def role_tokens(etype: str, sides: Iterable[Found]) -> set[int]:
    """The tokens of the sides that are no place of the happening: a state named as an actor ("a
    demandé à l'Allemagne", "livrée à l'Ukraine"), and any actor of a happening told in words."""
    return {f.token for f in sides if not (etype in ON_THE_GROUND and f.kind in TOWNS)}


def place_of(doc: Doc, c: Clause, m: Mentions, lex: Lexicon, roles: Collection[int] = (),
             clauses: Clauses | None = None) -> tuple[str, str | None] | None:
    """(the place as written, its state's code or None) from the clause's own place complements,
    else from the clause it hangs on in the same sentence (a relative or participle clause). Not a
    place an actor is from ("son ambassadeur au Kenya"), nor a transit, nor a complement that fills
    a role (`roles`: the tokens of the sides, "a demandé à l'Allemagne", "livrée à l'Ukraine")."""
    found = _own_place(doc, c, m, lex, roles)
    if found is None and clauses is not None:
        for child, parent in clauses.chain(c):
            if found is not None or parent.sent != c.sent or child.relation in NOT_INHERITED:
                break
            found = _own_place(doc, parent, m, lex, roles)
    return found


def _own_place(doc: Doc, c: Clause, m: Mentions, lex: Lexicon, roles: Collection[int]) -> tuple[str, str | None] | None:
    nominals = _object_nominals(doc, c, lex)
    heads = {c.pred, c.anchor} | nominals
    for a in c.comps:
        n = doc[a.head]
        if n.i in roles or any(k.i in roles for k in n.conjuncts):
            continue
        if a.prep in G.place_preps:
            if not _hangs_on(n, heads) or _addressed_state(a.prep, n, m):
                continue
            code = _state(n, m)
            if code is not None or lex.in_class(n.lemma_.lower(), "waters"):
                return phrase_of(n), code or None
        elif a.prep == G.prep_genitive and n.head.i in nominals and _town(n, m, lex):
            # "a bombardé un marché d'El-Obeid", "a fermé le consulat de Narva": the town of the
            # thing the happening hits
            return phrase_of(n), m.span_at(n).label_  # type: ignore[union-attr]
    return None


def _addressed_state(prep: str, n: Token, m: Mentions) -> bool:
    """A state after "à la", "à l'" is one given to or asked ("a demandé à l'Allemagne"): French
    puts a state where something happens with "en" ("en Allemagne"), "au" or "aux"."""
    sp = m.span_at(n)
    return (prep == G.prep_dative and sp is not None and sp.kb_id_ == "state"
            and any(k.dep_ == "det" and k.lower_ in ("la", "l'", "l’") for k in n.children))


def _hangs_on(n: Token, heads: set[int]) -> bool:
    """Whether a place complement hangs on the clause: on its verb or object, or on a time
    expression of it ("mercredi soir à Tbilissi", "mardi prochain à Nairobi")."""
    h = n.head
    for _ in range(3):
        if h.i in heads:
            return True
        if not (G.is_time(h) or h.lower_ in _markers()) or h.head.i == h.i:
            return False
        h = h.head
    return False


def _markers() -> frozenset[str]:
    words = time_words()
    return words.past_markers | words.future_markers


def _town(n: Token, m: Mentions, lex: Lexicon) -> bool:
    """A town or capital named in a genitive, not that of a person ("le maire de Kiev")."""
    sp = m.span_at(n)
    return sp is not None and sp.kb_id_ in TOWNS and not lex.in_class(n.head.lemma_.lower(), "persons")


def _object_nominals(doc: Doc, c: Clause, lex: Lexicon) -> set[int]:
    """The object and the nominals hung on it by genitives ("a frappé un immeuble d'habitation à
    Odessa", "a dispersé des centaines de manifestants à Lomé"): a place there is the happening's;
    not past a diplomat ("son ambassadeur au Kenya" is where the ambassador serves)."""
    if c.obj is None:
        return set()
    out: set[int] = set()
    todo = [doc[c.obj.head]]
    while todo and len(out) < 8:
        n = todo.pop()
        if lex.in_class(n.lemma_.lower(), "diplomats"):
            continue
        out.add(n.i)
        todo.extend(k for k in n.children if k.dep_ == "nmod" and preposition(k) == G.prep_genitive)
    return out


def _state(n: Token, m: Mentions) -> str | None:
    """The state of a place nominal: a place, capital or state it names, or that a part of it names
    ("l'est de la RDC", "le nord du pays")."""
    sp = m.span_at(n)
    if sp is not None:
        return sp.label_ if sp.kb_id_ in PLACE_KINDS else None
    if n.lemma_.lower() in G.part_nouns or n.lower_ in G.part_nouns:  # "dans l'est" tagged as a verb
        for k in n.children:
            if preposition(k) == G.prep_genitive and (found := m.of_nominal(k)):
                return found[0].code
    return None

"""Choosing a construction for a clause: the first sense of its lemma whose conditions the
clause meets (object class, modifier, complement, governed clause, support verb, idiom part)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .clauses import Arg, Clause, Clauses
from .grammar import conjuncts, grammar, preposition, verb_form
from .lexicon import Construction, Lexicon
from .mentions import Mentions


@dataclass(slots=True, frozen=True)
class Match:
    construction: Construction
    obj: int | None  # the object the sense was read with
    consumes: bool = False  # the sense was chosen by its object: the object is no event of its own
    fixed: tuple[int, ...] = ()  # tokens of the idiom's fixed parts (not arguments)


def object_heads(obj: Token) -> list[Token]:
    """The object, its conjuncts and the nouns its sense is read through: "de grandes quantités
    de munitions", "des dizaines de milliers de soldats", "l'ensemble de l'aide"."""
    g = grammar()
    out = []
    for t in conjuncts(obj):
        out.append(t)
        for c in t.children:
            if c.dep_ == "nmod" and preposition(c) == "de":
                out.append(c)
                if c.lemma_.lower() in g.quantity_nouns:
                    out += [k for k in c.children if k.dep_ == "nmod" and preposition(k) == "de"]
    return out


def object_lemmas(obj: Token | None) -> set[str]:
    # the form too: the lemmatiser misses some plurals ("obus" -> "obu")
    return set() if obj is None else {w for t in object_heads(obj) for w in (t.lemma_.lower(), t.lower_)}


class Matcher:
    def __init__(self, doc: Doc, lex: Lexicon, mentions: Mentions, clauses: Clauses) -> None:
        self.doc = doc
        self.lex = lex
        self.m = mentions
        self.clauses = clauses
        self.children: dict[int, list[Clause]] = {}
        for c in clauses:
            if c.parent is not None:
                self.children.setdefault(c.parent, []).append(c)

    def senses(self, c: Clause) -> list[Construction]:
        table = self.lex.verbs if c.pos == "verb" else self.lex.nouns
        return table.get(c.lemma, [])

    def match(self, c: Clause) -> Match | None:
        senses = self.senses(c)
        if not senses:
            return None
        obj = self.doc[c.obj.head] if c.obj is not None else None
        lemmas = object_lemmas(obj)
        tok = self.doc[c.pred]
        mods = {k.lemma_.lower() for k in tok.children if k.dep_ in ("amod", "nmod", "acl")}
        for s in senses:
            if (s.when_obj and not lemmas & s.when_obj) or (s.fixed_obj and not lemmas & s.fixed_obj):
                continue
            if s.when_mod and not mods & s.when_mod:
                continue
            if s.when_obj_actor and (obj is None or not self.m.of_nominal(obj)):
                continue
            if s.when_clause and not self._governs_clause(c):
                continue
            if s.support_only and c.support is None:
                continue
            if s.when_reflexive and c.voice != "pronominal":
                continue
            if s.when_subj and not (c.subj is not None and object_lemmas(self.doc[c.subj.head]) & s.when_subj):
                continue
            if s.when_pp and self._pp(c, s.when_pp) is None:
                continue
            fixed: tuple[int, ...] = ()
            if s.fixed_pp:
                found = self._pp(c, s.fixed_pp)
                if found is None:
                    continue
                fixed = (found.head,)
            if s.fixed_obj and obj is not None:
                fixed += (obj.i,)
            return Match(s, obj.i if obj is not None else None, bool(s.when_obj or s.fixed_obj), fixed)
        return None

    def _governs_clause(self, c: Clause) -> bool:
        """An infinitive or a clause under the predicate, or an infinitive the parser hung on its
        object ("a appelé l'Union européenne à renforcer son soutien")."""
        heads = {c.pred} | ({c.obj.head} if c.obj is not None else set())
        for h in heads:
            for k in self.doc[h].children:
                if k.dep_ in ("xcomp", "ccomp"):
                    return True
                if k.dep_ in ("acl", "advcl") and verb_form(k) == "Inf" and any(
                        m.lower_ in grammar().infinitive_marks for m in k.children):
                    return True
        return False

    def _pp(self, c: Clause, wanted: tuple[tuple[str, frozenset[str]], ...]) -> Arg | None:
        args = list(c.comps)
        if c.obj is not None and (p := preposition(self.doc[c.obj.head])) is not None:
            args.append(Arg(c.obj.head, p))  # "pris d'assaut": the idiom's noun parsed as the object
        for a in args:
            n = self.doc[a.head]
            for prep, lemmas in wanted:
                if a.prep == prep and (n.lemma_.lower() in lemmas or n.lower_ in lemmas
                                       or ("@actor" in lemmas and self.m.of_nominal(n))):
                    return a
        return None

"""From a nominal to the actors it names: gazetteer matches, nationality adjectives, the state
behind a government body or an official, pronouns, possessives and definite descriptions
(the last three through ``reference.py``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..actors.gazetteer import entity_code
from .grammar import VERBAL, conjuncts, grammar, preposition
from .lexicon import Lexicon

G = grammar()  # the French words the code below names (data/grammar.yaml)

STATE_KINDS = frozenset({"state", "capital", "seat", "demonym"})
PLACE_KINDS = frozenset({"state", "capital", "place"})


@dataclass(slots=True, frozen=True)
class Found:
    """An actor found for a role: its code, the text that named it, where, and how."""

    code: str
    text: str
    token: int
    via_pp: bool = False
    kind: str = ""  # the gazetteer kind of the mention (state, person, igo...), or the description's


def found_of(sp: Span) -> Found:
    return Found(sp.label_, sp.text, sp.start, kind=sp.kb_id_)


class Mentions:
    """Actor spans of a document, by token, and what a nominal names."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        from .reference import Reference

        self.doc = doc
        self.lex = lex
        self.g = grammar()
        self.spans: list[Span] = list(doc.spans["actors"]) if "actors" in doc.spans else []
        self.by_token: dict[int, Span] = {}
        for sp in self.spans:
            for i in range(sp.start, sp.end):
                self.by_token[i] = sp
        self.ref = Reference(self)

    def span_at(self, tok: Token) -> Span | None:
        return self.by_token.get(tok.i)

    def is_actor(self, tok: Token) -> bool:
        return tok.i in self.by_token

    # -- nominals -----------------------------------------------------------------------------
    def of_nominal(self, tok: Token, *, deep: bool = False, strict: bool = False, _d: int = 0) -> list[Found]:
        """Actors a nominal names (with its conjuncts). `deep`: also the owner of a thing ("des
        positions russes"); `strict`: a thing ("des armes américaines") is not its origin, only
        names, pronouns and state bodies count."""
        out: list[Found] = []
        seen: set[str] = set()
        for t in conjuncts(tok):
            for f in self._one(t, deep=deep, d=_d, strict=strict):
                if f.code not in seen:
                    seen.add(f.code)
                    out.append(f)
        return out

    def _one(self, t: Token, *, deep: bool, d: int, strict: bool) -> list[Found]:
        found = self._named(t, deep=deep, d=d, strict=strict)
        kind = self._qualified_kind(t) or self.lex.kinds.get(t.lemma_.lower())
        if kind and found and self.span_at(t) is None:  # "l'armée russe": Russia, as its military
            return [replace(f, kind=kind) for f in found]
        return found

    @staticmethod
    def _possessive(t: Token) -> Token | None:
        return next((k for k in t.children if k.dep_ == "det" and "Yes" in k.morph.get("Poss", [])), None)

    def _qualified_kind(self, t: Token) -> str | None:
        """"un député d'opposition", "les militants du parti": a bare genitive says which side a member
        belongs to, whatever the head noun's own kind."""
        for c in t.children:
            if (c.dep_ == "nmod" and preposition(c) == G.prep_genitive and self.span_at(c) is None
                    and self.lex.kinds.get(c.lemma_.lower()) in ("opposition", "party", "union")):
                return self.lex.kinds[c.lemma_.lower()]
        return None

    def _named(self, t: Token, *, deep: bool, d: int, strict: bool) -> list[Found]:
        sp = self.span_at(t)
        if sp is not None:
            return [found_of(sp)]
        for c in t.children:  # the head may be outside the span while a flat name is inside ("Kim Jong Un")
            if (c.dep_ in ("flat:name", "flat:foreign", "fixed") and (sp := self.span_at(c)) is not None
                    and (t.pos_ == "PROPN" or t.lemma_.lower() in self.lex.institutions)):
                # "le président Macron", but "des canons Caesar": a make, no actor
                return [found_of(sp)]
        g = self.g
        if t.pos_ == "PRON" or t.lower_ in g.singular_pronouns | g.group_pronouns:
            return self.ref.pronoun(t)
        lemma = t.lemma_.lower()
        if lemma in self.lex.generic_states and any(c.lower_ in g.small_counts for c in t.children):
            return self.ref.recent_group(t)  # "les deux pays"
        if lemma in g.quantity_nouns and d < 3:  # "des dizaines de milliers de Géorgiens"
            for c in t.children:
                if c.dep_ == "nmod" and preposition(c) == G.prep_genitive:
                    return self.of_nominal(c, deep=deep, strict=strict, _d=d + 1)
        institutional = lemma in self.lex.institutions or lemma in self.lex.generic_states or lemma in g.part_nouns
        people = self.lex.in_class(lemma, "persons")  # "des hommes armés des FSR": people are their side's
        if strict and not institutional:
            return []
        found = self._modifiers(t, deep=deep, d=d)
        # "le porte-parole des Houthis, Yahya Saree": a person the gazetteer does not know speaks
        # for the body that the genitive names
        unknown = bool(found) and all(self._unknown(f) for f in found)
        authored = self.lex.in_class(lemma, "proposals") and d < 2  # "un projet de résolution du Conseil"
        if (not found or (unknown and institutional)) and (institutional or deep or authored or people) and d < 3:
            heads = [t] + ([c for c in t.children if c.dep_ == "acl" and c.pos_ in VERBAL] if people else [])
            owners = [f for h in heads for c in h.children if c.dep_ in ("nmod", "appos")
                      and preposition(c) in (G.prep_genitive, None) for f in self.of_nominal(c, deep=deep, _d=d + 1)]
            known = [f for f in owners if not self._unknown(f)]
            found = (known or found) if unknown else owners
        if (not found and deep and d < 2 and (lemma in g.part_nouns or self.lex.in_class(lemma, "strike_targets"))
                and (poss := self._possessive(t)) is not None):
            found = self.ref.pronoun(poss)  # "sur ses villages frontaliers": the owner of the place hit
        if not found and institutional and lemma in self.lex.institutions and d < 2:
            # "la junte au pouvoir à Niamey": a body placed in a capital or a state is that state's
            found = self.places([c for c in t.subtree if c.dep_ == "nmod" and preposition(c) in G.place_preps
                                 and c.i > t.i])
        if not found and institutional and d < 2:
            # "des pays occidentaux, en particulier les États-Unis et le Royaume-Uni"
            for c in t.children:
                if c.dep_ == "nmod" and any(k.lower_ in g.particularly for k in c.subtree):
                    found.extend(self.of_nominal(c, _d=d + 1))
        if not found and d < 3 and not strict and lemma in self.lex.descriptions:
            found = self.ref.description(t)  # "le pays", "les rebelles", "la police"
        return found

    def _modifiers(self, t: Token, *, deep: bool, d: int) -> list[Found]:
        found: list[Found] = []
        for c in t.children:
            if c.dep_ == "amod" or (c.dep_ == "acl" and self.span_at(c) is not None):
                # "les dirigeants arménien et azerbaïdjanais": coordinated adjectives;
                # "des combattants chabab": a name the tagger read as a participle
                for a in [c] + [k for k in c.children if k.dep_ == "conj" and k.pos_ == "ADJ"]:
                    if (sp := self.span_at(a)) is not None:
                        found.append(found_of(sp))
            elif c.dep_ in ("appos", "flat:name") and d < 2:
                found.extend(self.of_nominal(c, deep=deep, _d=d + 1))
        return found

    def _unknown(self, found: Found) -> bool:
        """A name the gazetteer does not know: the model's entity, or a person coded by their own name."""
        sp = self.span_at(self.doc[found.token])
        return sp is not None and (
            sp.kb_id_ == "entity" or (sp.kb_id_ == "person" and sp.label_ == entity_code(sp.text)))

    def adjectives(self, tok: Token) -> list[Found]:
        """Actors named by the adjectives of a nominal ("armes iraniennes"), with a demonym the tagger
        read as a noun ("des militaires dominicains")."""
        return [found_of(sp) for c in tok.children if (sp := self.span_at(c)) is not None and (
            c.dep_ == "amod" or (c.dep_ == "nmod" and sp.kb_id_ == "demonym" and preposition(c) is None))]

    def places(self, toks: list[Token]) -> list[Found]:
        """The state of the first place among nominals ("à Tbilissi", "en Irak")."""
        for t in toks:
            sp = self.span_at(t)
            if sp is not None and sp.kb_id_ in PLACE_KINDS:
                return [found_of(sp)]
        return []

    # -- around a verb ------------------------------------------------------------------------
    def span_before(self, tok: Token) -> Token | None:
        """The actor right before a verb, past clitics, negation and adverbs (a subject the
        parser lost); not one inside a prepositional phrase."""
        g = self.g
        i = tok.i - 1
        # not bounded by the sentence: a subject the parser left as a root of its own also starts
        # a 'sentence' of its own ("Washington | va imposer ..."); a full stop bounds it
        while i >= 0 and not (self.doc[i].is_sent_end and self.doc[i].is_punct) and "\n" not in self.doc[i].text:
            t = self.doc[i]
            if t.pos_ in ("ADV", "AUX") or (t.pos_ == "PRON" and t.lower_ in g.clitics) or t.text == ",":
                i -= 1
                continue
            sp = self.span_at(t)
            if sp is None or sp.end != t.i + 1:
                return None
            root = sp.root
            while root.dep_ == "conj" and self.span_at(root.head) is not None:
                root = root.head  # "les États-Unis et le Royaume-Uni": the whole coordination
            if root.i != sp.root.i:
                return root
            first = self.doc[sp.start - 1] if sp.start > 0 else None
            if first is not None and first.lower_ in g.prepositions_before_name:
                return None
            return sp.root
        return None

    def actor_after(self, tok: Token) -> Token | None:
        """The first actor after `tok` in its sentence that heads the clause following it."""
        for sp in self.spans:
            if sp.start > tok.i and sp.sent.start == tok.sent.start:
                nxt = self.doc[sp.end] if sp.end < len(self.doc) else None
                before = self.doc[sp.start - 1].lower_
                if nxt is not None and nxt.pos_ in VERBAL and (before == "," or before in self.g.articles):
                    return sp.root
        return None

    def scene(self, tok: Token) -> list[Found]:
        """The state of the place the sentence says its happening is in ("à Tbilissi", "en Géorgie")."""
        sent = tok.sent
        where = G.place_preps
        for sp in self.spans:
            if not (sent.start <= sp.start < sent.end and sp.kb_id_ in PLACE_KINDS):
                continue
            root = sp.root
            if preposition(root) in where or (  # "dans les rues de Lomé", "à l'est de la RDC"
                    preposition(root) == G.prep_genitive and root.head.i != root.i and preposition(root.head) in where):
                return [found_of(sp)]
        return []

    def in_sentence(self, tok: Token, codes: frozenset[str]) -> list[Found]:
        sent = tok.sent
        return [found_of(sp) for sp in self.spans if sent.start <= sp.start < sent.end and sp.label_ in codes]

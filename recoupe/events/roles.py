"""Filling a construction's roles from a clause record: the frame says which slot is source,
target or object; the mentions say which actors a slot names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from . import repairs as R
from .clauses import Clause
from .grammar import grammar, preposition
from .lexicon import Frame, Lexicon
from .matching import Match, object_heads
from .mentions import Found, Mentions, found_of

G = grammar()  # the French words the code below names (data/grammar.yaml)


@dataclass(slots=True)
class Roles:
    source: list[Found] = field(default_factory=list)
    target: list[Found] = field(default_factory=list)
    both: list[Found] = field(default_factory=list)
    transit: list[str] = field(default_factory=list)
    object: str | None = None
    object_lemma: str | None = None
    subject: int | None = None  # the subject token (for the policy's tests on who acts)

    def add(self, role: str | None, found: Iterable[Found]) -> None:
        if role in ("source", "target", "both"):
            have: list[Found] = getattr(self, role)
            for f in found:
                if all(f.code != g.code for g in have):
                    have.append(f)

    def side(self, role: str | None) -> list[Found]:
        return list(getattr(self, role)) if role in ("source", "target", "both") else []


class RoleFiller:
    def __init__(self, doc: Doc, lex: Lexicon, mentions: Mentions) -> None:
        self.doc = doc
        self.lex = lex
        self.m = mentions
        self.g = grammar()

    def fill(self, c: Clause, match: Match) -> Roles:
        frame = match.construction.frame
        roles = Roles()
        obj = self.doc[c.obj.head] if c.obj is not None and c.obj.head not in match.fixed else None
        if c.pos == "noun":
            self._noun_agent(c, frame, roles)
        else:
            self._verb_agent(c, frame, roles)
        if c.undergoer is not None:
            roles.add("target", self.m.of_nominal(self.doc[c.undergoer.head]))
        self._object(frame, obj, roles)
        self._complements(c, frame, obj, match, roles)
        self._object_adjective(frame, obj, roles)
        return roles

    # -- agents -------------------------------------------------------------------------------
    def _verb_agent(self, c: Clause, frame: Frame, roles: Roles) -> None:
        if c.subj is None:
            return
        s = self.doc[c.subj.head]
        roles.subject = s.i
        found = self.m.of_nominal(s)
        if not found and s.pos_ == "NOUN":  # "leur volonté d'élargir": the noun's own agent
            found = self._own_agent(s)
        tok = self.doc[c.pred]
        if not found and c.form in ("infinitive", "gerund") and (k := R.climbed_controller(tok)) is not None:
            found = self.m.of_nominal(k)
        roles.add(frame.agent, found)

    def _noun_agent(self, c: Clause, frame: Frame, roles: Roles) -> None:
        found = self._own_agent(self.doc[c.pred])
        if not found and c.subj is not None:
            found = self.m.of_nominal(self.doc[c.subj.head])
            roles.subject = c.subj.head
        roles.add(frame.agent, found)

    def _own_agent(self, tok: Token) -> list[Found]:
        """A noun's possessive, nationality adjective or "par X"."""
        found: list[Found] = []
        for k in tok.children:
            if k.dep_ == "det" and "Yes" in k.morph.get("Poss", []):
                found.extend(self.m.ref.pronoun(k))
            elif k.dep_ == "amod" and (sp := self.m.span_at(k)) is not None:
                found.append(found_of(sp))
            elif k.dep_ in ("nmod", "obl:agent") and preposition(k) == G.prep_agent:
                found.extend(self.m.of_nominal(k))
        return found

    # -- object -------------------------------------------------------------------------------
    def _object(self, frame: Frame, obj: Token | None, roles: Roles) -> None:
        if obj is None:
            return
        actors = self.m.of_nominal(obj, strict=True)
        if (not actors and frame.obj_actor and frame.obj is None and not self._event_agent(frame, obj)
                and not any(t.lemma_.lower() in self.lex.nouns for t in obj.subtree)):
            # the object can only be a participant ("a bombardé des villages arméniens"): what it
            # belongs to is the participant. Not for transfers, where "des armes américaines" names
            # the origin of the thing, nor for acts ("reconnaître l'annexion par Moscou de ...").
            actors = self.m.of_nominal(obj, deep=True)
        if actors and frame.obj_actor:
            roles.add(frame.obj_actor, actors)
        elif frame.obj == "object" or frame.obj is None:
            roles.object = object_text(obj)
            roles.object_lemma = head_lemma(obj)
        if frame.obj_event_agent and not actors:
            roles.add(frame.obj_event_agent, self._act_agent(obj))
        if frame.obj_part_of and not actors and obj.lemma_.lower() in self.g.part_nouns:
            for k in obj.children:
                if preposition(k) == G.prep_genitive:
                    roles.add(frame.obj_part_of, self.m.of_nominal(k))

    def _event_agent(self, frame: Frame, obj: Token) -> bool:
        return bool(frame.obj_event_agent) and any(
            preposition(t) == G.prep_agent and self.m.of_nominal(t) for t in obj.subtree)

    def _act_agent(self, obj: Token) -> list[Found]:
        """The agent of an act named as the object: "par X", else for an event noun its adjective or
        genitive ("exiger le retrait des troupes rwandaises", "condamner l'offensive russe")."""
        for t in obj.subtree:
            if preposition(t) == G.prep_agent and (f := self.m.of_nominal(t)):
                return f
        lemma = obj.lemma_.lower()
        if lemma not in self.lex.nouns and not any(self.lex.in_class(lemma, k) for k in ("demands", "proposals")):
            return []
        found = self._adjectives(obj)
        for k in obj.children:  # "le plan de paix américain": the adjective after a bare complement
            if not found and k.dep_ == "nmod" and preposition(k) == G.prep_genitive and k.pos_ == "NOUN" and not any(
                    d.dep_ == "det" for d in k.children):
                found = self._adjectives(k)
        for k in obj.children:
            if not found and k.dep_ == "nmod" and preposition(k) == G.prep_genitive:
                found = self.m.of_nominal(k, deep=True)
        return found

    def _adjectives(self, tok: Token) -> list[Found]:
        return [found_of(sp) for k in tok.children if k.dep_ == "amod" and (sp := self.m.span_at(k)) is not None]

    def _object_adjective(self, frame: Frame, obj: Token | None, roles: Roles) -> None:
        """'armes iraniennes': a nationality adjective on the object names its origin; when the
        origin is already given ('l'achat d'armes russes à l'Iran'), it names the other party."""
        if obj is None or not frame.obj_adj:
            return
        adj = [f for t in object_heads(obj) for f in self.m.adjectives(t)]
        if not adj:
            # "un hélicoptère de l'armée malienne": the owner named by a genitive; "l'importation de
            # diamants russes": the origin of what the object is made of
            genitives = [k for t in [obj] + [k for k in obj.children if k.dep_ == "conj"] for k in t.children
                         if k.dep_ == "nmod" and preposition(k) == G.prep_genitive]
            adj = [f for k in genitives for f in self.m.of_nominal(k, strict=True)]
            if not adj and self.lex.in_class(obj.lemma_.lower(), "trade"):
                adj = [found_of(sp) for k in genitives for t in k.subtree
                       if t.pos_ == "ADJ" and (sp := self.m.span_at(t)) is not None][:2]
        if not adj:
            return
        side = frame.obj_adj
        other = "target" if side == "source" else "source"
        filled = {f.code for f in roles.side(side)}
        if filled and not filled & {f.code for f in adj}:
            if frame.type in ("AID", "REQUEST") or side == "target":  # (troops of another state: not a party)
                roles.add(other, adj)
        elif not filled:
            roles.add(side, adj)

    def _second_party(self, n: Token) -> list[Found]:
        """"entre X et Y" where the parser hung Y elsewhere ("des pourparlers entre Washington et les
        talibans" with Y coordinated to the noun): the actor right after "X et", as written."""
        sp = self.m.span_at(n)
        i = sp.end if sp is not None else n.i + 1
        doc = self.doc
        if i >= len(doc) or doc[i].lower_ not in self.g.coordinators:
            return []
        i += 1
        while i < len(doc) and doc[i].lower_ in self.g.articles:
            i += 1
        nxt = self.m.span_at(doc[i]) if i < len(doc) else None
        if nxt is None or nxt.start != i or nxt.root.dep_.startswith("nsubj"):
            return []  # (a subject of its own is another clause's party)
        return [found_of(nxt)]

    # -- complements --------------------------------------------------------------------------
    def _complements(self, c: Clause, frame: Frame, obj: Token | None, match: Match, roles: Roles) -> None:
        nominal = c.pos == "noun"
        for a in c.comps:
            n = self.doc[a.head]
            if (obj is not None and n.i == obj.i) or n.i in match.fixed or a.prep is None:
                continue
            own = self.m.span_at(n)
            if own is not None and own.start < n.i:  # a word inside a name ("Conseil de sécurité")
                continue
            role = frame.pp.get(a.prep)
            if role is None and nominal and a.prep == G.prep_genitive and n.head.i == c.pred and (
                    own is not None or self.m.of_nominal(n, strict=True)):
                role = frame.agent  # "l'offensive du Hamas", "les insultes du président turc": the agent
            if role is None:
                continue
            if role == "object":
                if roles.object is None and not self.m.of_nominal(n):
                    roles.object = object_text(n)  # (its class gives no context: "appelle à l'aide")
                continue
            if role == "transit":
                roles.transit.extend([f.text for f in self.m.of_nominal(n)] or [n.text])
                continue
            found = self.m.of_nominal(n)
            if role == "both" and len(found) == 1:
                found += self._second_party(n)
            if not found and n.lemma_.lower() in self.g.part_nouns:
                found = [f for k in n.children if preposition(k) == G.prep_genitive for f in self.m.of_nominal(k)]
            elif not found and frame.type not in ("AID", "REQUEST"):
                # "une frappe contre un hôpital de Kiev", "s'insurger contre les propos du président
                # français": what a thing belongs to is the party (not for transfers: "des armes
                # américaines" is an origin)
                found = self.m.of_nominal(n, deep=True)
            roles.add(role, [Found(f.code, f.text, f.token, via_pp=True, kind=f.kind) for f in found])


def object_text(tok: Token) -> str:
    """The transferred thing as a short phrase: the nominal and its noun complements, without
    determiners or quantities ("de grandes quantités de munitions" -> munitions)."""
    g = grammar()
    head = tok
    for _ in range(2):  # skip quantity nouns
        if head.lemma_.lower() in g.quantity_nouns:
            nm = [k for k in head.children if k.dep_ == "nmod" and preposition(k) == G.prep_genitive]
            if nm:
                head = nm[0]
                continue
        break
    from .grammar import conjuncts

    words = []
    for t in conjuncts(head):
        if (t.pos_ != "NOUN" and t.i != head.i) or t.pos_ == "PROPN":
            continue
        part = [t.text]
        for k in t.children:
            if (k.dep_ == "nmod" and preposition(k) == G.prep_genitive and k.pos_ == "NOUN" and not k.ent_type_
                    and k.lemma_.lower() not in g.not_of_things):
                part.append(_de(k.text))
        words.append(" ".join(part))
    return G.object_joiner.join(words)


def _de(word: str) -> str:
    """The genitive as French writes it: elided before a vowel or a mute h."""
    plain, elided = grammar().genitive
    return (elided if word[:1].lower() in G.elision_initials else plain) + word


def head_lemma(obj: Token) -> str:
    lemma = obj.lemma_.lower()
    if lemma in grammar().quantity_nouns:
        for k in obj.children:
            if k.dep_ == "nmod" and preposition(k) == G.prep_genitive:
                return k.lemma_.lower()
    return lemma

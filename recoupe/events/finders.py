"""Finders: where to look for a side the clause leaves unsaid. The coding policy
(``data/policy.yaml``) names them; each reads the clause records around the trigger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from .clauses import Clause, Clauses
from .grammar import child, grammar, preposition
from .lexicon import Lexicon
from .matching import Match
from .mentions import Found, Mentions, found_of

G = grammar()  # the French words the code below names (data/grammar.yaml)


@dataclass(slots=True)
class Context:
    doc: Doc
    lex: Lexicon
    m: Mentions
    clauses: Clauses
    subject: Callable[[Token], Token | None]  # the logical subject of a verb (the clause reader's)


def _subject_actors(ctx: Context, verb: Token) -> list[Found]:
    s = ctx.subject(verb)
    return ctx.m.of_nominal(s) if s is not None else []


def place_state(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """The state of the first place named as where the act happened ("à Tbilissi", "en Irak")."""
    toks = [ctx.doc[a.head] for a in c.comps if a.prep in G.place_preps]
    # "dans le centre de Tbilissi", "devant le parlement de Lomé": the place a spot belongs to
    toks += [k for t in toks if not ctx.lex.in_class(t.lemma_.lower(), "waters")  # (no state: "golfe de Finlande")
             for k in t.children if k.dep_ == "nmod" and preposition(k) == G.prep_genitive]
    return ctx.m.places(toks)


def crowd_place(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """A crowd is the people of the place where it gathers: the place's state as its protesters, a side
    apart from the government it may face ("Des milliers de personnes ont défilé à Tbilissi")."""
    return [replace(f, kind="protesters") for f in place_state(ctx, c, match)]


def police_place(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """Who arrests or disperses where no one is named: the state of the place, as its police ("Un
    opposant a été placé en résidence surveillée à Libreville")."""
    return [replace(f, kind="police") for f in place_state(ctx, c, match)]


def object_partner(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """The partner named in the object of a rejection ("a rejeté toute négociation avec Washington",
    "a écarté l'idée d'un sommet avec le président sud-coréen")."""
    if c.obj is None:
        return []
    obj = ctx.doc[c.obj.head]
    for a in c.comps:
        n = ctx.doc[a.head]
        if a.prep in G.partner_preps and a.prep != G.prep_genitive and n.head.i != c.pred and any(
                t.i == n.i for t in obj.subtree) and (found := ctx.m.of_nominal(n, deep=True)):
            return found
    return []


def hit_object(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """"Des frappes israéliennes ont visé l'aéroport de Damas": what the hit verb names is hit."""
    tok = ctx.doc[c.pred]
    if tok.head.lemma_.lower() not in ctx.lex.cue("hit_verbs"):
        return []
    k = ctx.clauses.at(tok.head.i)
    if k is None or k.obj is None or k.obj.head == tok.i:
        return []
    return ctx.m.of_nominal(ctx.doc[k.obj.head], deep=True)


def apposed_victims(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """"Trois soldats ont été tués ..., une attaque revendiquée par X": an attack named beside a
    clause is that clause's act, and the clause's patient its victim."""
    tok = ctx.doc[c.pred]
    if (c.pos != "noun" or tok.dep_ not in ("obl:mod", "appos", "parataxis") or tok.head.pos_ not in ("VERB", "AUX")
            or preposition(tok) is not None):  # a bare apposition, not "après les bombardements"
        return []
    k = ctx.clauses.at(tok.head.i)
    if k is None or k.obj is None:
        return []
    return ctx.m.of_nominal(ctx.doc[k.obj.head], deep=True)


def act_apposition(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """"..., une décision dénoncée par Israël": the act named in apposition is the clause before
    it; its authors are the ones aimed at."""
    if match.obj is None:
        return []
    obj = ctx.doc[match.obj]
    head = obj.head
    if (obj.lemma_.lower() not in ctx.lex.cue("act_nouns") or head.pos_ not in ("VERB", "AUX")
            or head.i == c.pred or obj.i < head.i):
        return []
    return _subject_actors(ctx, head)


def inverted_accused(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """"X détient des Américains, a accusé Washington": the accused is the subject of the clause."""
    tok = ctx.doc[c.pred]
    if tok.dep_ not in ("advcl", "parataxis") or c.subj is None or c.subj.repair != "inverted_subject":
        return []
    return _subject_actors(ctx, tok.head)


def demanded_party(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """"a exigé que l'Inde retire ses soldats": the one asked to act."""
    for k in ctx.clauses:
        if k.parent == c.id and k.relation == "ccomp" and k.subj is not None:
            return ctx.m.of_nominal(ctx.doc[k.subj.head])
    return []


def threatened(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """Who a threat is aimed at when no object names it: the party of the condition ('si Mexico
    ne freinait pas', 'en cas d'attaque américaine'), else the one the threatened act would hit."""
    g = grammar()
    m = ctx.m
    acts = [k for k in ctx.clauses if k.parent == c.id and k.relation in ("xcomp", "ccomp") and k.pos == "verb"]
    for h in [c, *acts[:1]]:
        for k in ctx.clauses:
            if (k.parent == h.id and k.relation == "advcl" and k.mark in g.condition_marks and k.subj is not None
                    and (found := m.of_nominal(ctx.doc[k.subj.head], deep=True))):
                return found
        for a in h.comps:
            n = ctx.doc[a.head]
            if a.prep == G.prep_condition and _is_case(n):
                for k in n.children:
                    if k.dep_ == "nmod" and (found := m.of_nominal(k, deep=True)):
                        return found
    launched = ctx.doc[c.obj.head] if c.obj is not None else None
    for rel in [k for k in launched.children if k.dep_ == "acl:relcl"] if launched is not None else []:
        # "a tiré un missile qui a survolé le Japon": where the missile went
        relc = ctx.clauses.at(rel.i)
        nominals = ([ctx.doc[relc.obj.head]] if relc is not None and relc.obj is not None else []) + (
            [ctx.doc[a.head] for a in relc.comps] if relc is not None else [])
        for n in nominals:
            if found := m.of_nominal(n, deep=True):
                return found
    for act in acts[:1]:
        nominals = ([ctx.doc[act.obj.head]] if act.obj is not None else []) + [
            ctx.doc[a.head] for a in act.comps if a.prep in G.threat_preps]
        for n in nominals:
            if found := m.of_nominal(n, deep=True):
                return found
        if act.obj is not None:
            for rel in [k for k in ctx.doc[act.obj.head].children if k.dep_ == "acl"]:
                # "viser tout navire lié à Israël", "les intérêts appartenant aux États-Unis"
                for k in rel.children:
                    if preposition(k) and (found := m.of_nominal(k, deep=True)):
                        return found
    return []


def _is_case(n: Token) -> bool:
    """"en cas de": the condition noun (its lemma is the grammar's, not a content word)."""
    return n.lemma_.lower() in grammar().condition_nouns


def council(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """The voting body named in the trigger's sentence or the two before it, if any."""
    tok = ctx.doc[c.pred]
    starts = [s.start for s in ctx.doc.sents if s.start <= tok.i]
    lo = starts[-3] if len(starts) >= 3 else 0
    bodies = ctx.lex.cue("voting_bodies")
    return [found_of(sp) for sp in ctx.m.spans if lo <= sp.start < tok.sent.end and sp.label_ in bodies][:1]


def faced(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """Whom forces are deployed against when no complement names an actor: the other side of the
    border they go to ("à la frontière ukrainienne", "à sa frontière avec le Guyana"), the place
    stationed forces leave, else the target of the attack they are meant for."""
    lex, m = ctx.lex, ctx.m
    tok = ctx.doc[c.pred]
    obj = ctx.doc[c.obj.head] if c.obj is not None else None
    heads = [tok] + ([obj] if obj is not None else [])
    nominals = [t for h in heads for t in h.subtree if t.pos_ in ("NOUN", "PROPN") and _governed_by(t, tok)]
    for n in nominals:
        if lex.in_class(n.lemma_.lower(), "borders"):
            found = [f for k in n.children if k.dep_ == "amod" for f in m.of_nominal(k)]
            for t in n.sent:  # "frontière avec X", "frontière de X", wherever the parser hung X
                case = next((k for k in t.children if k.dep_ == "case"), None)
                if case is not None and preposition(t) in G.partner_preps and (t.head.i == n.i or case.i == n.i + 1):
                    found += m.of_nominal(t)
            if found:
                return found
    for h in heads:  # "retirer ses soldats stationnés en Irak": where the forces are
        for t in h.subtree:
            if t.dep_ == "acl" and t.lemma_.lower() in lex.cue("stationed_verbs"):
                for k in t.children:
                    if preposition(k) in G.place_preps and (found := m.of_nominal(k, deep=True)):
                        return found
    for n in nominals:
        if lex.in_class(n.lemma_.lower(), "attacks"):
            for k in n.children:
                if preposition(k) in G.aim_preps and (found := m.of_nominal(k, deep=True)):
                    return found
    return _answered(ctx, c) or _deterred(ctx, c)


def _answered(ctx: Context, c: Clause) -> list[Found]:
    """Forces raised in answer to an act face its author ("après le tir de missiles par la Corée du
    Nord", "après un incident avec des garde-côtes chinois")."""
    for a in c.comps:
        if a.prep not in G.reaction_preps:
            continue
        n = ctx.doc[a.head]
        found = ctx.m.adjectives(n)
        for k in n.children:
            if not found and k.dep_ in ("nmod", "obl:agent") and preposition(k) in (G.prep_agent, *G.partner_preps):
                found = ctx.m.of_nominal(k, deep=True)
        if found:
            return found
    return []


def _deterred(ctx: Context, c: Clause) -> list[Found]:
    """Forces sent "pour dissuader l'Iran": whom the purpose clause acts on."""
    for k in ctx.doc[c.pred].children:
        if k.dep_ == "advcl" and any(j.dep_ == "mark" and j.lower_ in G.purpose_marks for j in k.children):
            for o in k.children:
                if o.dep_ == "obj" and (found := ctx.m.of_nominal(o, strict=True)):
                    return found
    return []


def salient_other(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """An act whose counterpart the clause leaves to the context ("Le Conseil a dénoncé une décision
    unilatérale", "Bogota dénonce une offensive"): the most salient actor named in the sentences
    before, other than the clause's own subject — the author of what it reacts to."""
    tok = ctx.doc[c.pred]
    own = {f.code for f in (ctx.m.of_nominal(ctx.doc[c.subj.head]) if c.subj is not None else [])}
    if c.obj is not None and ctx.m.of_nominal(ctx.doc[c.obj.head], strict=True):
        return []  # the object names its own counterpart
    pool = [sp for sp in ctx.m.ref.before(tok) if sp.label_ not in own and sp.start < tok.sent.start]
    best = ctx.m.ref.best(pool, tok, None, set(), False)
    return [found_of(best)] if best is not None else []


def mediator(ctx: Context, c: Clause, match: Match) -> list[Found]:
    """"sous l'égide de l'Angola", "sous la médiation du Qatar": who brings the parties together."""
    for a in c.comps:
        n = ctx.doc[a.head]
        if n.lemma_.lower() in G.mediation_nouns:
            for k in n.children:
                if k.dep_ == "nmod" and preposition(k) == G.prep_genitive and (found := ctx.m.of_nominal(k)):
                    return found
    return []


def _governed_by(t: Token, verb: Token) -> bool:
    v = t
    for _ in range(6):
        if v.head.i == v.i:
            return True
        v = v.head
        if v.pos_ in ("VERB", "AUX"):
            return v.i in (verb.i, verb.head.i)
    return True


FINDERS: dict[str, Callable[[Context, Clause, Match], list[Found]]] = {
    "place_state": place_state, "crowd_place": crowd_place, "police_place": police_place,
    "object_partner": object_partner, "apposed_victims": apposed_victims, "hit_object": hit_object,
    "act_apposition": act_apposition,
    "inverted_accused": inverted_accused, "demanded_party": demanded_party, "threatened": threatened,
    "council": council, "faced": faced, "salient_other": salient_other, "mediator": mediator,
}

__all__ = ["FINDERS", "Context", "child"]

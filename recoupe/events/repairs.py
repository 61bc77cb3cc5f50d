"""Known failures of the French parser, each one named, with an example, and repaired where
the clause reader reads a slot. A repair returns the token the parse should have given (or
None when it does not apply); the reader notes its name on the clause, so a coverage report
says which repairs fire where, and ``tests/events/test_repairs.py`` runs every example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import yaml
from spacy.attrs import POS
from spacy.parts_of_speech import IDS
from spacy.tokens import Doc, Token

from .grammar import DATA, VERBAL, child, grammar, is_finite, preposition, verb_form

G = grammar()  # the French words the code below names (data/grammar.yaml)


@dataclass(frozen=True, slots=True)
class Repair:
    name: str
    slot: str  # the slot it repairs: subject | object | complement | tag
    fn: Callable[..., object]


REPAIRS: dict[str, Repair] = {}


def repair(name: str, slot: str) -> Callable[[Callable[..., Token | None]], Callable[..., Token | None]]:
    def register(fn: Callable[..., Token | None]) -> Callable[..., Token | None]:
        REPAIRS[name] = Repair(name, slot, fn)
        return fn
    return register


@lru_cache(maxsize=1)
def examples() -> dict[str, str]:
    """Each repair's example sentence (data/repairs.yaml), on which it fires."""
    raw = yaml.safe_load((DATA / "repairs.yaml").read_text(encoding="utf-8")) or {}
    return {str(name): str(spec["example"]) for name, spec in raw.items()}


# -- objects ----------------------------------------------------------------------------------

@repair("date_as_object", "object")
def date_as_object(verb: Token, obj: Token | None) -> Token | None:
    """A day or a span of time read as the direct object: the real object is another one, if any."""
    g = grammar()
    if obj is None or not g.is_time(obj):
        return None
    return next((c for c in verb.children if c.dep_ == "obj" and not g.is_time(c)), None)


@repair("object_on_date", "object")
def object_on_date(verb: Token) -> Token | None:
    """The object hung on the date before it ("a rencontré vendredi X", "a entamé lundi des manœuvres")."""
    g = grammar()
    for c in verb.children:
        if g.is_time(c) and c.i > verb.i:
            for k in c.children:
                if (k.dep_ == "nmod" and k.pos_ in ("NOUN", "PROPN") and k.i > c.i
                        and preposition(k) in (None, G.prep_genitive)):
                    return k
    return None


@repair("name_as_article", "object")
def name_as_article(verb: Token, is_actor: Callable[[Token], bool]) -> Token | None:
    """A name right after the verb tagged as the article of the date after it ("Kiev lundi")."""
    if verb.i + 1 >= len(verb.doc):
        return None
    nxt = verb.doc[verb.i + 1]
    if nxt.dep_ == "det" and nxt.head.i > nxt.i and grammar().is_time(nxt.head) and is_actor(nxt):
        return nxt
    return None


@repair("object_on_place", "object")
def object_on_place(verb: Token) -> Token | None:
    """The object hung on the place complement before it."""
    return next((g for c in verb.children if c.dep_ in ("obl:mod", "obl") and c.i > verb.i
                 for g in c.children if g.dep_ == "obj" and g.i > c.i and preposition(g) is None), None)


@repair("partitive_as_preposition", "object")
def partitive_as_preposition(verb: Token) -> Token | None:
    """The partitive article read as a preposition: "recevoir des technologies", "imposer de
    nouvelles sanctions" ("de" before an adjective is the plural partitive). Not after a pronominal
    verb, whose "de" is its complement ("s'est retiré du sud du Liban")."""
    if verb.pos_ != "VERB" or any(k.dep_ in ("expl:comp", "expl:pv") or "Yes" in k.morph.get("Reflex", [])
                                  for k in verb.children):
        return None
    g = grammar()
    for c in verb.children:
        if (c.dep_ not in ("obl:arg", "nmod") or c.pos_ != "NOUN" or c.i < verb.i
                or preposition(c) not in (None, G.prep_genitive)):
            continue
        cases = [k for k in c.children if k.dep_ == "case"]
        adjective_first = any(k.dep_ == "amod" and k.i < c.i for k in c.children)
        if all(g.contractions.get(k.lower_) == G.prep_genitive or (adjective_first and k.lower_ == G.prep_genitive)
               for k in cases):
            return c
    return None


@repair("name_as_modifier", "object")
def name_as_modifier(verb: Token) -> Token | None:
    """A bare name after the verb read as a noun modifier (nmod without a preposition)."""
    return next((c for c in verb.children if c.dep_ == "nmod" and c.pos_ == "PROPN" and c.i > verb.i
                 and preposition(c) is None), None)


@repair("quantity_before_object", "object")
def quantity_before_object(verb: Token) -> Token | None:
    """A quantity adverb before the object: the noun hung on 'plus' or after "plus de"."""
    g = grammar()
    for c in verb.children:
        if c.dep_ == "advmod" and c.lower_ in g.quantity_adverbs and c.i > verb.i:
            for k in c.children:
                if k.pos_ == "NOUN" and preposition(k) == G.prep_genitive:
                    return k
        if (c.dep_ in ("obl:arg", "nmod", "obl") and c.pos_ == "NOUN" and preposition(c) == G.prep_genitive
                and c.i > verb.i and c.left_edge.i > 0 and verb.doc[c.left_edge.i - 1].lower_ in g.quantity_adverbs):
            return c
    return None


@repair("name_as_predicate", "object")
def name_as_predicate(verb: Token) -> Token | None:
    """A bare name after the verb read as a predicative complement (xcomp)."""
    return next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "PROPN" and c.i > verb.i), None)


@repair("name_as_adverbial", "object")
def name_as_adverbial(verb: Token) -> Token | None:
    """A bare name after the verb read as an adverbial (obl without preposition)."""
    return next((c for c in verb.children if c.dep_ in ("obl:mod", "obl") and c.pos_ == "PROPN"
                 and c.i > verb.i and preposition(c) is None), None)


@repair("quoted_object", "object")
def quoted_object(verb: Token) -> Token | None:
    """An object in quotation marks that the parser read as an oblique: the first nominal right
    after an opening quote that follows the verb."""
    doc = verb.doc
    k = verb.i + 1
    while k < len(doc) and doc[k].pos_ in ("ADV", "AUX"):
        k += 1
    if k >= len(doc) or not doc[k].is_quote:
        return None
    for c in verb.children:
        if c.i > k and c.pos_ in ("NOUN", "PROPN") and c.dep_ in ("obl:arg", "obl", "obl:mod", "nmod") and (
                preposition(c) in (None, G.prep_genitive)) and c.left_edge.i <= k + 2:
            return c
    return None


@repair("relative_object", "object")
def relative_object(verb: Token) -> Token | None:
    """A relative clause whose pronoun is the object: the antecedent is the object."""
    if verb.dep_ != "acl:relcl":
        return None
    o = child(verb, "obj")
    if o is not None and o.morph.get("PronType", []) == ["Rel"]:
        return verb.head
    if o is None:
        rel = [c for c in verb.children if c.morph.get("PronType", []) == ["Rel"]]
        if rel and rel[0].dep_ != "nsubj" and rel[0].lower_ in grammar().que:
            return verb.head
    return None


@repair("participle_agreement", "object")
def participle_agreement(verb: Token) -> Token | None:
    """A participle hung on the genitive of the noun it describes: French agreement says which
    noun it is ("le retrait de ses soldats, exigé par la junte": exigé agrees with retrait)."""
    head = verb.head
    if verb.dep_ != "acl" or head.dep_ != "nmod" or preposition(head) != G.prep_genitive or _agrees(verb, head):
        return None
    return head.head if _agrees(verb, head.head) else None


@repair("detached_participle", "object")
def detached_participle(verb: Token) -> Token | None:
    """A past participle detached after a comma describes the noun before it ("..., à l'Iran,
    accusé de fournir des drones"): that noun, the nearest one it agrees with, is its patient."""
    if verb.dep_ not in ("advcl", "conj") or verb_form(verb) != "Part" or verb.morph.get("Tense", []) != ["Past"]:
        return None
    if any(c.dep_.startswith("aux") for c in verb.children) or verb.i < 2 or verb.doc[verb.i - 1].text != ",":
        return None
    for t in reversed(verb.doc[verb.sent.start:verb.i - 1]):
        if t.pos_ in ("NOUN", "PROPN") and _agrees(verb, t):
            return t
        if t.pos_ in ("VERB", "AUX"):
            return None
    return None


def _agrees(a: Token, b: Token) -> bool:
    return all(not a.morph.get(f, []) or not b.morph.get(f, []) or a.morph.get(f, []) == b.morph.get(f, [])
               for f in ("Gender", "Number"))


@repair("relative_inverted_subject", "subject")
def relative_inverted_subject(verb: Token) -> Token | None:
    """'des faits que ne reconnaît pas Budapest': in a relative clause on its object, French may put the
    subject after the verb, where the parser reads a complement."""
    if verb.dep_ != "acl:relcl" or not any(c.morph.get("PronType", []) == ["Rel"] and c.lower_ in grammar().que
                                           for c in verb.children):
        return None
    return next((c for c in verb.children if c.i > verb.i and c.pos_ in ("PROPN", "NOUN")
                 and c.dep_ in ("nsubj", "xcomp", "obj", "obl", "obl:mod") and preposition(c) is None), None)


@repair("detached_gerundive", "subject")
def detached_gerundive(verb: Token) -> Token | None:
    """A present participle detached by a comma ("..., reprochant à X de ...") describes the subject of
    the clause it follows, wherever the parser hung it: the verb above it gives its subject."""
    if verb_form(verb) != "Part" or verb.morph.get("Tense", []) != ["Pres"] or verb.i == 0:
        return None
    if verb.doc[verb.i - 1].text != "," or verb.dep_ not in ("acl", "advcl", "conj", "obj", "nmod", "parataxis"):
        return None
    t = verb.head
    for _ in range(6):
        if t.pos_ in VERBAL and t.i < verb.i:
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


# -- subjects ---------------------------------------------------------------------------------

@repair("inverted_subject", "subject")
def inverted_subject(verb: Token, speech: Callable[[str], bool]) -> Token | None:
    """'..., a confirmé le Pentagone': a verb of saying after a comma puts its subject after
    it, where the parser reads an object."""
    if not speech(verb.lemma_.lower()) or not is_finite(verb):
        return None  # "reprochant aux Occidentaux leur inaction": a participle inverts no subject
    if any(c.dep_ in ("nsubj", "nsubj:pass") and c.i < verb.i for c in verb.children):
        return None  # "Le chef de la diplomatie, X, a jugé la décision ...": the subject is before
    k = min([c.i for c in verb.children if c.dep_.startswith("aux")] + [verb.i])
    if k == 0 or verb.doc[k - 1].text not in (",", "»", "”", '"'):
        return None
    if any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None  # "a accusé X de ...": a real object
    found = next((c for c in verb.children if c.dep_ in ("obj", "nsubj") and c.i > verb.i
                  and c.pos_ in ("NOUN", "PROPN")), None)
    if found is None:  # "..., a affirmé vendredi la Maison Blanche": the subject hung on the date
        found = next((k for c in verb.children if c.i > verb.i and grammar().is_time(c) for k in c.children
                      if k.dep_ in ("nmod", "conj", "appos") and k.pos_ in ("NOUN", "PROPN") and k.i > c.i), None)
    return found


@repair("fronted_nominal", "subject")
def fronted_nominal(verb: Token) -> Token | None:
    """A fronted subject the parser left as 'dep' or read as a bare adverbial ("X, selon les
    analystes, pourrait ...", "I think tank Les Asiatiques, spéculant sur ..., ont suggéré")."""
    return next((c for c in verb.children if c.dep_ in ("dep", "obl:mod", "obl") and c.i < verb.i
                 and c.pos_ in ("PROPN", "NOUN") and preposition(c) is None and not grammar().is_time(c)
                 and not any(k.dep_ == "case" for k in c.children)), None)


@repair("fronted_infinitive", "subject")
def fronted_infinitive(verb: Token, actor_after: Callable[[Token], Token | None]) -> Token | None:
    """'en plus de bénéficier ..., X pourrait': a fronted adverbial infinitive is controlled by
    the subject of the clause that follows it."""
    if verb_form(verb) != "Inf" or verb.i < 2 or verb.doc[verb.i - 2].lower_ not in grammar().fronting_words:
        return None
    return actor_after(verb)


@repair("headline_subject", "subject")
def headline_subject(verb: Token, is_actor: Callable[[Token], bool]) -> Token | None:
    """A headline verb the parser hung under a noun: its subject is the actor heading it."""
    if not (verb.dep_ == "acl" and verb_form(verb) == "Fin"):
        return None
    t = verb.head
    while t.head.i != t.i:
        t = t.head
    return t if is_actor(t) and t.i < verb.i else None


@repair("adjacent_subject", "subject")
def adjacent_subject(verb: Token, span_before: Callable[[Token], Token | None]) -> Token | None:
    """A finite verb the parser left without a subject: French puts the subject right before the
    verb, past clitics, negation and adverbs."""
    aux = min([c.i for c in verb.children if c.dep_.startswith("aux")] + [verb.i])
    if aux > 0 and verb.doc[aux - 1].text == "," and verb.head.i != verb.i and verb.head.i < verb.i:
        return None  # "..., a affirmé X": after a comma, a verb hung on what precedes it inverts its subject
    t: Token = verb
    for _ in range(3):
        if verb_form(t) == "Fin" or t.dep_ in ("xcomp", "ROOT") or not verb_form(t):
            s = span_before(t)
            if s is not None:
                return s
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            break
        t = t.head
    return None


@repair("climbed_controller", "subject")
def climbed_controller(verb: Token) -> Token | None:
    """Subject control is the default in French: an infinitive whose controller the parse lost
    takes the subject of the nearest clause above it that has one."""
    t = verb
    gerund = any(c.dep_ == "mark" and c.lower_ in grammar().gerund_marks for c in verb.children)
    allowed = ("acl", "xcomp", "obj", "obl", "obl:mod", "obl:arg", "nmod", "conj") + (
        ("advcl", "amod") if gerund else ())
    for _ in range(7):
        if t.head.i == t.i or t.dep_ not in allowed:
            return None
        t = t.head
        s = child(t, "nsubj") if t.pos_ in VERBAL else None
        if s is not None:
            return s
    return None


def infinitive_host(tok: Token) -> Token | None:
    """'les tentatives russes de se procurer': the noun right before 'de'/'à' + infinitive
    controls it, whatever the parser attached the infinitive to."""
    if verb_form(tok) != "Inf":
        return None
    g = grammar()
    i = tok.i - 1
    doc = tok.doc
    while i > tok.sent.start and ((doc[i].pos_ == "PRON" and doc[i].dep_.startswith("expl"))
                                  or doc[i].lower_ in g.clitics):
        i -= 1
    if i <= tok.sent.start or doc[i].lower_ not in g.infinitive_marks:
        return None
    i -= 1
    while i >= tok.sent.start and doc[i].pos_ in ("ADJ", "ADV"):
        i -= 1
    if i >= tok.sent.start and doc[i].pos_ == "NOUN" and doc[i].lower_ not in g.time_words:
        return doc[i]  # (not "se sont engagés mercredi à renforcer": a date controls nothing)
    return None


REPAIRS["infinitive_host"] = Repair("infinitive_host", "subject", infinitive_host)


# -- tags -------------------------------------------------------------------------------------

_RETAGGABLE = ("NOUN", "PROPN", "ADJ")
_RETAGGABLE_IDS = frozenset(int(IDS[p]) for p in _RETAGGABLE)


def _infinitive(low: str, verbs: frozenset[str]) -> str | None:
    """The lexicon verb whose present-tense form `low` can be (first matching ending wins)."""
    for end, inf in grammar().verb_endings:
        if low.endswith(end) and (cand := low[: -len(end)] + inf) in verbs:
            return cand
    return None


def mistagged_verb(tok: Token, verbs: frozenset[str]) -> str | None:
    """The infinitive of a finite verb tagged as a noun: it has a subject and no determiner."""
    if tok.pos_ not in _RETAGGABLE:
        return None
    cand = _infinitive(tok.lower_, verbs)  # the ending test first: it rules out almost every noun
    if cand is None or any(c.dep_ in ("det", "cop") for c in tok.children):
        return None
    has_subject = any(c.dep_ == "nsubj" for c in tok.children)
    # "la Syrie livre des roquettes" parsed as one noun phrase: a bare noun right after a name
    after_name = tok.dep_ in ("nmod", "appos", "amod") and tok.head.i == tok.i - 1 and tok.head.pos_ == "PROPN"
    return cand if has_subject or after_name else None


def verb_lemma(tok: Token, verbs: frozenset[str]) -> str | None:
    """A present-tense verb lemmatised as itself ("la Russie cherche" -> "cherche", "tente"): the
    infinitive the ending gives, when it is a verb the lexicon or the cues know."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() in verbs or tok.lemma_.lower() != tok.lower_:
        return None
    return _infinitive(tok.lower_, verbs)


REPAIRS["verb_lemma"] = Repair("verb_lemma", "tag", verb_lemma)


def retag(doc: Doc, verbs: frozenset[str]) -> list[int]:
    """Retag verbs the tagger read as nouns ("La Chine livre des drones"); the tokens changed."""
    changed = []
    for i, pos in enumerate(doc.to_array(POS).tolist()):  # left to right: a retag changes the next test
        if pos in _RETAGGABLE_IDS:
            tok = doc[i]
            verb = mistagged_verb(tok, verbs)
            if verb is not None:
                tok.pos_ = "VERB"
                tok.lemma_ = verb
                changed.append(i)
        elif (lemma := verb_lemma(doc[i], verbs)) is not None:
            doc[i].lemma_ = lemma
            changed.append(i)
    return changed


REPAIRS["mistagged_verb"] = Repair("mistagged_verb", "tag", mistagged_verb)

OBJECT_REPAIRS = ("object_on_date", "name_as_article", "object_on_place", "quoted_object",
                  "partitive_as_preposition", "quantity_before_object", "name_as_predicate", "name_as_adverbial",
                  "name_as_modifier")

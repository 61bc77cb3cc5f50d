"""From a nominal to the actors it names: gazetteer matches, nationality adjectives,
the state behind a government body or an official, pronouns and possessives."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..actors.gazetteer import entity_code
from .lexicon import Lexicon
from .syntax import VERBAL, conjuncts, governing_verb, preposition, subject

# Nouns through which a genitive actor is the real participant ("le gouvernement de la Russie",
# "quatre régions d'Ukraine", "une série de lancements"). Institutions come from the gazetteer.
PART_NOUNS = frozenset({"région", "territoire", "province", "partie", "ville", "île", "péninsule", "zone",
                        "oblast", "frontière", "sol", "côte", "nord", "sud", "est", "ouest", "capitale"})
QUANTITIES = frozenset({"dizaine", "vingtaine", "trentaine", "quarantaine", "cinquantaine", "centaine", "millier",
                        "million", "nombre", "foule", "groupe", "poignée", "majorité", "partie", "plupart", "tiers",
                        "moitié", "quart", "ensemble", "douzaine"})
GROUP_PRONOUNS = frozenset({"ils", "elles", "eux", "leur", "leurs"})
SINGULAR_PRONOUNS = frozenset({"il", "elle", "lui", "son", "sa", "ses", "celui-ci", "celle-ci"})
STATE_KINDS = frozenset({"state", "capital", "seat", "demonym"})
GENERIC_STATE = frozenset({"pays", "état", "nation", "puissance", "voisin", "allié", "capitale", "régime"})


@dataclass(slots=True, frozen=True)
class Found:
    """An actor found for a role: its code, the text that named it, where."""

    code: str
    text: str
    token: int
    via_pp: bool = False


class ActorIndex:
    """Actor spans of a document, by token, and the coreference that pronouns need."""

    def __init__(self, doc: Doc, lex: Lexicon, institutions: frozenset[str]) -> None:
        self.doc = doc
        self.lex = lex
        self.institutions = institutions
        self.spans: list[Span] = list(doc.spans["actors"]) if "actors" in doc.spans else []
        self.by_token: dict[int, Span] = {}
        self._resolving = 0
        for sp in self.spans:
            for i in range(sp.start, sp.end):
                self.by_token[i] = sp

    def span_at(self, tok: Token) -> Span | None:
        return self.by_token.get(tok.i)

    # -- nominals -------------------------------------------------------------------------
    def of_nominal(self, tok: Token, *, deep: bool = False, strict: bool = False, _d: int = 0) -> list[Found]:
        """Actors a nominal names (with its conjuncts). `strict`: a thing ("des armes
        américaines") is not its origin; only names, pronouns and state bodies count."""
        out: list[Found] = []
        for t in conjuncts(tok):
            out.extend(self._one(t, deep=deep, d=_d, strict=strict))
        seen: set[str] = set()
        uniq = []
        for f in out:
            if f.code not in seen:
                seen.add(f.code)
                uniq.append(f)
        return uniq

    def _one(self, t: Token, *, deep: bool, d: int, strict: bool = False) -> list[Found]:
        sp = self.span_at(t)
        if sp is not None:
            return [Found(sp.label_, sp.text, sp.start)]
        # the head may be outside the span while a flat name is inside ("Kim Jong Un")
        for c in t.children:
            if c.dep_ in ("flat:name", "flat:foreign", "fixed") and (sp := self.span_at(c)) is not None:
                return [Found(sp.label_, sp.text, sp.start)]
        low = t.lower_
        if t.pos_ == "PRON" or low in SINGULAR_PRONOUNS | GROUP_PRONOUNS:
            return self.resolve_pronoun(t)
        if t.lemma_.lower() in GENERIC_STATE and any(c.lower_ in ("deux", "trois") for c in t.children):
            return self.recent_group(t)
        found: list[Found] = []
        lemma = t.lemma_.lower()
        if lemma in QUANTITIES and d < 3:  # "des dizaines de milliers de Géorgiens"
            for c in t.children:
                if c.dep_ == "nmod" and preposition(c) == "de":
                    return self.of_nominal(c, deep=deep, strict=strict, _d=d + 1)
        institutional = lemma in self.institutions or lemma in GENERIC_STATE or lemma in PART_NOUNS
        if strict and not institutional:
            return []
        # a proposal's "de X" is its author: "un projet de résolution du Conseil de sécurité"
        authored = self.lex.in_class(lemma, "proposals") and d < 2
        for c in t.children:
            if c.dep_ == "amod" or (c.dep_ == "acl" and self.span_at(c) is not None):
                # "les dirigeants arménien et azerbaïdjanais": coordinated adjectives;
                # "des combattants chabab": a name the tagger read as a participle
                for a in [c] + [g for g in c.children if g.dep_ == "conj" and g.pos_ == "ADJ"]:
                    if (sp := self.span_at(a)) is not None:
                        found.append(Found(sp.label_, sp.text, sp.start))
            elif c.dep_ in ("appos", "flat:name") and d < 2:
                found.extend(self.of_nominal(c, deep=deep, _d=d + 1))
        # "le porte-parole des Houthis, Yahya Saree": a person the gazetteer does not know speaks
        # for the body that the genitive names
        unknown = bool(found) and all(self._unknown(f) for f in found)
        if (not found or (unknown and institutional)) and (institutional or deep or authored) and d < 3:
            owners: list[Found] = []
            for c in t.children:
                if c.dep_ in ("nmod", "appos") and preposition(c) in ("de", None):
                    owners.extend(self.of_nominal(c, deep=deep, _d=d + 1))
            known = [f for f in owners if not self._unknown(f)]
            found = (known or found) if unknown else owners
        if not found and institutional and d < 2:
            # "des pays occidentaux, en particulier les États-Unis et le Royaume-Uni"
            for c in t.children:
                if c.dep_ == "nmod" and any(g.lower_ in ("particulier", "notamment") for g in c.subtree):
                    found.extend(self.of_nominal(c, _d=d + 1))
        return found

    def _unknown(self, found: Found) -> bool:
        """A name the gazetteer does not know: the model's entity, or a person coded by their own name."""
        sp = self.span_at(self.doc[found.token])
        return sp is not None and (
            sp.kb_id_ == "entity" or (sp.kb_id_ == "person" and sp.label_ == entity_code(sp.text)))

    # -- coreference ----------------------------------------------------------------------
    def _mentions_before(self, tok: Token, sentences: int = 2) -> list[Span]:
        sent_starts = [s.start for s in self.doc.sents if s.start <= tok.i]
        lo = sent_starts[-(sentences + 1)] if len(sent_starts) > sentences else 0
        return [sp for sp in self.spans if lo <= sp.start < tok.i and sp.kb_id_ not in ("entity", "place")]

    def resolve_pronoun(self, tok: Token) -> list[Found]:
        # a possessive inside the phrase that resolves another one ("leur X de leurs Y")
        # must not start the search again: bound the nesting
        if self._resolving >= 2:
            return []
        self._resolving += 1
        try:
            return self._resolve_pronoun(tok)
        finally:
            self._resolving -= 1

    def _resolve_pronoun(self, tok: Token) -> list[Found]:
        low = tok.lower_
        if low in GROUP_PRONOUNS or ("Plur" in tok.morph.get("Number", []) and low not in ("ses",)):
            g = self.possessor_group(tok) if low in ("leur", "leurs") else []
            return g or self.recent_group(tok)
        if low in ("son", "sa", "ses"):
            v = governing_verb(tok.head)
            if v is not None:
                s = subject(v, self.lex)
                if s is not None and s.i != tok.head.i and s.pos_ != "PRON":
                    r = self.of_nominal(s, deep=True)
                    if r:
                        return r[:1]
        want = None
        if low in ("elle", "celle-ci"):
            want = "Fem"
        elif low in ("il", "celui-ci"):
            want = "Masc"
        # an object clitic ("l'a félicité") is never its own clause's subject
        bound: set[str] = set()
        if tok.dep_ in ("obj", "iobj") and tok.head.pos_ in VERBAL:
            s = subject(tok.head, self.lex)
            if s is not None and s.pos_ != "PRON":
                bound = {f.code for f in self.of_nominal(s)}
            else:  # "Lula l'a félicité" with the name misparsed: the name right before the clitic
                bound = {sp.label_ for sp in self.spans if sp.end == tok.i}
        best: tuple[float, Span] | None = None
        for sp in self._mentions_before(tok):
            if sp.label_ in bound:
                continue
            root = sp.root
            score = -0.01 * (tok.i - sp.start)
            if root.dep_ in ("nsubj", "nsubj:pass"):
                score += 1.0
            if sp.kb_id_ == "person" and low in ("il", "elle"):
                score += 0.3  # personal pronouns lean towards people
            gender = _gender(root)
            if want and gender and gender != want:
                continue
            if want and gender == want:
                score += 0.5
            if root.dep_ == "obj" and any(c.dep_ == "xcomp" for c in root.head.children):
                score += 0.8  # the controller of an infinitive is salient ("accusé la Russie de ...")
            if best is None or score > best[0]:
                best = (score, sp)
        if best is None:
            return []
        sp = best[1]
        return [Found(sp.label_, sp.text, sp.start)]

    def possessor_group(self, tok: Token) -> list[Found]:
        """'leur volonté', 'leur soutien': the plural subject of the clause."""
        v = governing_verb(tok.head)
        for _ in range(6):
            if v is None:
                break
            s = subject(v, self.lex)
            if s is not None and s.i != tok.head.i and s.pos_ != "PRON":
                r = self.of_nominal(s, deep=True)
                if len(r) < 2:
                    r = self._deep_actors(s)
                if len(r) >= 2:
                    return r
            if v.head.i == v.i:
                break
            v = governing_verb(v)
        return []

    def _deep_actors(self, tok: Token) -> list[Found]:
        out: list[Found] = []
        seen: set[str] = set()
        for t in tok.subtree:
            if t.dep_ in ("acl:relcl", "advcl", "ccomp") or t.pos_ in VERBAL:
                break
            sp = self.span_at(t)
            if sp is not None and sp.label_ not in seen and sp.kb_id_ != "entity":
                seen.add(sp.label_)
                out.append(Found(sp.label_, sp.text, sp.start))
        return out

    def recent_group(self, tok: Token) -> list[Found]:
        """'les deux pays', 'ils': the last two or more distinct actors mentioned."""
        out: list[Found] = []
        seen: set[str] = set()
        states = tok.lemma_.lower() in GENERIC_STATE  # "les deux pays": states, not bodies or people
        for sp in reversed(self._mentions_before(tok)):
            if states and sp.kb_id_ not in STATE_KINDS:
                continue
            if sp.label_ not in seen:
                seen.add(sp.label_)
                out.append(Found(sp.label_, sp.text, sp.start))
            if len(out) == 2:
                break
        return list(reversed(out)) if len(out) == 2 else []


def _gender(root: Token) -> str | None:
    for c in root.children:
        if c.dep_ == "det":
            g = c.morph.get("Gender", [])
            if g:
                return g[0]
            if c.lower_ in ("l'", "l’"):
                break
    g = root.morph.get("Gender", [])
    if g and root.pos_ == "PROPN" and any(c.dep_ == "det" for c in root.children):
        return g[0]
    return None


# "de manière", "de mois", "de guerre": manner and time, not what the thing is made of
_NOT_OF_THINGS = frozenset({"manière", "façon", "mois", "année", "an", "semaine", "jour", "guerre", "fois"})


def object_text(tok: Token) -> str:
    """The transferred thing as a short phrase: the nominal and its noun complements,
    without determiners or quantities ("de grandes quantités de munitions" -> munitions)."""
    head = tok
    for _ in range(2):  # skip quantity nouns
        if head.lemma_.lower() in ("quantité", "nombre", "stock", "série", "lot", "partie", "tonne", "millier",
                                   "centaine", "dizaine", "type", "sorte", "livraison", "envoi", "cargaison"):
            nm = [c for c in head.children if c.dep_ == "nmod" and preposition(c) == "de"]
            if nm:
                head = nm[0]
                continue
        break
    words = []
    for t in conjuncts(head):
        if t.pos_ != "NOUN" and t.i != head.i:  # "en Corée du Nord et ailleurs": not a thing
            continue
        if t.pos_ == "PROPN":
            continue
        part = [t.text]
        for c in t.children:
            if (c.dep_ == "nmod" and preposition(c) == "de" and c.pos_ == "NOUN" and not c.ent_type_
                    and c.lemma_.lower() not in _NOT_OF_THINGS):
                part.append("d'" + c.text if c.text[0].lower() in "aeiouéèh" else "de " + c.text)
        words.append(" ".join(part))
    return " et ".join(words)

"""Reference across clauses and sentences: pronouns, possessives and definite descriptions ("le
pays", "l'organisation", "les rebelles", "la police") resolve to the salient compatible actor
named before them, or in the title.

Salience is a small score, as in classic rule-based resolvers (Lappin and Leass): recency,
subjecthood, agreement in gender and number, and the kind of actor a description can stand
for. coreferee's French model is not on PyPI (it is fetched from GitHub at install time), so
this stays hand-written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from .grammar import VERBAL, child

if TYPE_CHECKING:
    from .mentions import Found, Mentions

WINDOW = 2  # sentences before the mention searched for an antecedent
KIND_GROUPS = {"state": frozenset({"state", "capital", "seat", "demonym"})}


class Reference:
    def __init__(self, mentions: Mentions) -> None:
        self.m = mentions
        self.doc = mentions.doc
        self.g = mentions.g
        self._depth = 0
        self._starts = [s.start for s in self.doc.sents]
        # the clause reader's subject finder, once there is one (a coordinated verb's shared subject)
        self.subject_of: Callable[[Token], Token | None] | None = None

    def before(self, tok: Token, sentences: int = WINDOW) -> list[Span]:
        starts = [s for s in self._starts if s <= tok.i]
        lo = starts[-(sentences + 1)] if len(starts) > sentences else 0
        return [sp for sp in self.m.spans if lo <= sp.start < tok.i and sp.kb_id_ not in ("entity", "place")]

    def _title(self, tok: Token) -> list[Span]:
        """The title line's actors (the first sentence, when it ends with a line break)."""
        if not self._starts or len(self._starts) < 2:
            return []
        end = self._starts[1]
        if end > tok.i or "\n" not in self.doc[end - 1].text_with_ws + self.doc[end - 1].whitespace_:
            return []
        return [sp for sp in self.m.spans if sp.start < end and sp.kb_id_ not in ("entity", "place")]

    # -- pronouns -----------------------------------------------------------------------------
    def pronoun(self, tok: Token) -> list[Found]:
        # a possessive inside the phrase that resolves another one must not start the search again
        if self._depth >= 2:
            return []
        self._depth += 1
        try:
            return self._pronoun(tok)
        finally:
            self._depth -= 1

    def _pronoun(self, tok: Token) -> list[Found]:
        from .mentions import found_of

        g = self.g
        low = tok.lower_
        if low in g.group_pronouns or ("Plur" in tok.morph.get("Number", []) and low not in g.possessive_singular):
            grp = self.possessor_group(tok) if low in g.possessive_plural else []
            if not grp and low not in g.possessive_plural:  # "Les rebelles du M23 ... Ils ont attaqué": one plural
                plural = [sp for sp in self.before(tok) if "Plur" in self._head(sp).morph.get("Number", [])]
                best = self.best(plural, tok, None, self._bound(tok), False)
                grp = [found_of(best)] if best is not None else []
            return grp or self.recent_group(tok)
        if low in g.possessive_singular:
            v = _verb_above(tok.head)
            s = child(v, "nsubj") if v is not None else None
            if s is not None and s.i != tok.head.i and s.pos_ != "PRON":
                r = self.m.of_nominal(s, deep=True)
                if r:
                    return r[:1]
        want = "Fem" if low in g.feminine_pronouns else "Masc" if low in g.masculine_pronouns else None
        bound = self._bound(tok)
        if low in g.latter_pronouns:  # "celui-ci": the latter, the last one named that agrees
            latter = [sp for sp in self.before(tok) if sp.label_ not in bound
                      and (want is None or _gender(self._head(sp)) in (None, want))]
            return [found_of(latter[-1])] if latter else []
        best = self.best(self.before(tok), tok, want, bound, low in g.personal_pronouns)
        if best is None:
            best = self.best(self._title(tok), tok, want, bound, low in g.personal_pronouns)
        return [found_of(best)] if best is not None else []

    def _bound(self, tok: Token) -> set[str]:
        """An object clitic ("l'a félicité") is never its own clause's subject."""
        if tok.dep_ not in ("obj", "iobj") or tok.head.pos_ not in VERBAL:
            return set()
        s = child(tok.head, "nsubj")
        if s is None and self.subject_of is not None:
            s = self.subject_of(tok.head)  # "Il a rencontré X et l'a félicité": the shared subject
        if s is not None and s.pos_ == "PRON" and s.i != tok.i:  # "Il l'a félicité": what "il" stands for
            return {f.code for f in self.pronoun(s)}
        if s is not None and s.pos_ != "PRON":
            return {f.code for f in self.m.of_nominal(s)}
        return {sp.label_ for sp in self.m.spans if sp.end == tok.i}  # "Lula l'a félicité", name misparsed

    def best(self, spans: list[Span], tok: Token, want: str | None, bound: set[str],
              personal: bool) -> Span | None:
        best: tuple[float, Span] | None = None
        for sp in spans:
            if sp.label_ in bound:
                continue
            root = self._head(sp)
            gender = _gender(root)
            if want and gender and gender != want:
                continue
            score = -0.01 * (tok.i - sp.start)
            if root.dep_ in ("nsubj", "nsubj:pass"):
                score += 1.0
            if sp.kb_id_ == "person" and personal:
                score += 0.3  # personal pronouns lean towards people
            if want and gender == want:
                score += 0.5
            if root.dep_ == "obj" and any(c.dep_ == "xcomp" for c in root.head.children):
                score += 0.8  # the controller of an infinitive is salient ("accusé la Russie de ...")
            if best is None or score > best[0]:
                best = (score, sp)
        return best[1] if best is not None else None

    def _head(self, sp: Span) -> Token:
        """The noun phrase a mention stands for: "le président *français*", "les rebelles *du M23*"."""
        root = sp.root
        if root.head.pos_ in ("NOUN", "PROPN") and (root.dep_ == "amod" or (
                root.dep_ == "nmod" and (self.m.lex.in_class(root.head.lemma_.lower(), "persons")
                                         or root.head.lemma_.lower() in self.m.lex.institutions))):
            return root.head
        return root

    def possessor_group(self, tok: Token) -> list[Found]:
        """'leur volonté', 'leur soutien': the plural subject of the clause."""
        v = _verb_above(tok.head)
        for _ in range(6):
            if v is None:
                break
            s = child(v, "nsubj")
            if s is not None and s.i != tok.head.i and s.pos_ != "PRON":
                r = self.m.of_nominal(s, deep=True)
                if len(r) < 2:
                    r = self._deep_actors(s)
                if len(r) >= 2:
                    return r
            if v.head.i == v.i:
                break
            v = _verb_above(v)
        return []

    def _deep_actors(self, tok: Token) -> list[Found]:
        from .mentions import found_of

        out: list[Found] = []
        seen: set[str] = set()
        for t in tok.subtree:
            if t.dep_ in ("acl:relcl", "advcl", "ccomp") or t.pos_ in VERBAL:
                break
            sp = self.m.span_at(t)
            if sp is not None and sp.label_ not in seen and sp.kb_id_ != "entity":
                seen.add(sp.label_)
                out.append(found_of(sp))
        return out

    def recent_group(self, tok: Token) -> list[Found]:
        """'les deux pays', 'ils': the last two distinct actors mentioned."""
        from .mentions import found_of

        out: list[Found] = []
        seen: set[str] = set()
        states = tok.lemma_.lower() in self.m.lex.generic_states  # "les deux pays": states, not people
        for sp in reversed(self.before(tok)):
            if states and sp.kb_id_ not in KIND_GROUPS["state"]:
                continue
            if sp.label_ not in seen:
                seen.add(sp.label_)
                # "les deux pays" names states, whatever named them before ("Kinshasa", "Kigali")
                out.append(replace(found_of(sp), kind="state") if states else found_of(sp))
            if len(out) == 2:
                break
        return list(reversed(out)) if len(out) == 2 else []

    # -- descriptions -------------------------------------------------------------------------
    def description(self, tok: Token) -> list[Found]:
        """'le pays', 'l'organisation', 'les rebelles', 'la police': the salient earlier actor of a
        kind the noun can stand for; a state body with none takes the home state."""
        if self._depth >= 2:  # a description met while resolving another one: bound the nesting
            return []
        self._depth += 1
        try:
            return self._description(tok)
        finally:
            self._depth -= 1

    def _description(self, tok: Token) -> list[Found]:
        from .mentions import Found

        lex = self.m.lex
        lemma = tok.lemma_.lower()
        kind = lex.kinds.get(lemma, "")
        if lemma in lex.local_bodies and (scene := self.m.scene(tok)):
            return [Found(scene[0].code, tok.text, tok.i, kind=kind or "state")]  # "à Tbilissi, la police a ..."
        kinds = lex.descriptions.get(lemma, frozenset())
        allowed = frozenset().union(*(KIND_GROUPS.get(k, frozenset({k})) for k in kinds))
        pool = [sp for sp in self.before(tok, sentences=3) if sp.kb_id_ in allowed]
        if not pool:
            pool = [sp for sp in self._title(tok) if sp.kb_id_ in allowed]
        best = self.best(pool, tok, None, self._bound(tok), False)
        if best is not None:
            return [Found(best.label_, tok.text, tok.i, kind=kind or best.kb_id_)]
        if lemma in lex.home_bodies and lex.home and not any(
                k.dep_ == "amod" and k.lower_.endswith(self.g.demonym_endings) for k in tok.children):
            # a bare "la police", "le gouvernement": the home state's; not "l'armée congolaise", whose
            # adjective names another state the gazetteer could not tell
            return [Found(lex.home, tok.text, tok.i, kind=kind or "state")]
        return []


def _verb_above(tok: Token) -> Token | None:
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return t if t.pos_ in VERBAL else None
        t = t.head
        if t.pos_ in VERBAL:
            return t
    return None


def _gender(root: Token) -> str | None:
    for c in root.children:
        if c.dep_ == "det":
            g = c.morph.get("Gender", [])
            if g:
                return g[0]
            if c.text[-1:] in "'’":  # the elided article carries no gender
                break
    g = root.morph.get("Gender", [])
    if g and root.pos_ == "PROPN" and any(c.dep_ == "det" for c in root.children):
        return g[0]
    return None

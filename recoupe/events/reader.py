"""The clause reader: one pass from the dependency parse to typed clause records.

Each verb and each predicate noun (an event noun of the constructions, or a noun that
carries a cue: "accusation", "rapport", "tentative") becomes a ``Clause``. Its subject and
object are read with voice undone and the known parser failures repaired (``repairs.py``);
its complements are gathered from the predicate and from where the parser often hangs them
(its object, a date, a place); its embedding says which clause it depends on and how.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from . import repairs as R
from .clauses import Arg, Clause, Clauses
from .grammar import (
    NOMINAL,
    VERBAL,
    child,
    clause_span,
    conditional,
    conjuncts,
    future,
    grammar,
    is_finite,
    is_passive,
    is_reflexive,
    mark_of,
    negated,
    preposition,
    verb_form,
)
from .lexicon import Lexicon
from .mentions import Mentions

G = grammar()  # the French words the code below names (data/grammar.yaml)

CLAUSAL = frozenset({"ccomp", "xcomp", "advcl", "acl", "acl:relcl", "parataxis", "csubj"})
ARG_DEPS = frozenset({"obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj", "obl:comp"})


class ClauseReader:
    def __init__(self, doc: Doc, lex: Lexicon, mentions: Mentions) -> None:
        self.doc = doc
        self.lex = lex
        self.m = mentions
        self.g = grammar()
        self.clauses = Clauses()
        self._subjects: dict[int, tuple[Token | None, str]] = {}

    # -- the pass -----------------------------------------------------------------------------
    def read(self) -> Clauses:
        for sent in self.doc.sents:
            for tok in sent:
                pos = self._predicate(tok)
                if pos is not None:
                    self.clauses.add(Clause(id=len(self.clauses.items), pred=tok.i, lemma=tok.lemma_.lower(),
                                            pos=pos, sent=sent.start))
        for c in self.clauses:
            self._fill(c)
        return self.clauses

    def _predicate(self, tok: Token) -> str | None:
        if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and not tok.dep_.startswith("aux") and tok.dep_ != "cop"):
            return "verb"
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.predicate_nouns:
            return "noun"
        if tok.pos_ == "ADJ" and (any(k.dep_ == "cop" for k in tok.children)
                                  or tok.lemma_.lower() in self.lex.cue("readiness_adjectives")):
            return "adj"  # "Kiev serait prête à céder": the copula carries mood and negation
        return None

    def _fill(self, c: Clause) -> None:
        tok = self.doc[c.pred]
        self._embed(c, tok)
        if c.pos == "verb":
            self._verb(c, tok)
        elif c.pos == "noun":
            self._noun(c, tok)
        else:
            cop = child(tok, "cop")
            c.anchor = tok.i
            c.conditional = cop is not None and conditional(cop)
            c.negated = negated(tok)
            s, why = self.subject(tok)
            c.subj = Arg(s.i, None, why) if s is not None else None

    # -- embedding ------------------------------------------------------------------------------
    def _embed(self, c: Clause, tok: Token) -> None:
        node = tok
        host = R.infinitive_host(tok)
        for _ in range(12):
            head = host if host is not None and node.i == tok.i else node.head
            if head.i == node.i:
                return
            rel = "acl" if head is host else node.dep_
            if rel == "conj" and node.pos_ in ("NOUN", "PROPN") and head.pos_ in VERBAL:
                rel = "obj"  # a nominal coordinated with a verb: the parser lost the object it joins
            parent = self.clauses.at(head.i)
            if parent is not None and parent.id != c.id:
                c.parent, c.relation = parent.id, rel
                return
            node = head

    # -- verbs ----------------------------------------------------------------------------------
    def _verb(self, c: Clause, tok: Token) -> None:
        form = verb_form(tok)
        has_aux = any(k.dep_ in ("aux:tense", "aux:pass") for k in tok.children)
        gerund = any(k.dep_ == "mark" and k.lower_ in self.g.gerund_marks for k in tok.children)
        c.form = ("gerund" if gerund else "finite" if is_finite(tok)
                  else "infinitive" if form == "Inf" or has_aux else "participle" if form == "Part" else "finite")
        c.conditional, c.future, c.negated = conditional(tok), future(tok), negated(tok)
        c.voice = ("passive" if is_passive(tok) or R.detached_participle(tok) is not None
                   else "pronominal" if is_reflexive(tok) else "active")
        c.mark = mark_of(tok)
        c.anchor = tok.i
        obj, why = self._object(tok)
        if obj is not None:
            c.obj = Arg(obj.i, None, why)
            c.note(why)
        s, why = self.subject(tok)
        if s is not None:
            c.subj = Arg(s.i, None, why)
            c.note(why)
        c.comps = list(self._complements(c, tok, obj))

    def _object(self, verb: Token) -> tuple[Token | None, str]:
        """The logical object: a passive's subject, a relative's antecedent, else the direct
        object after the repairs of objects the parser misplaced."""
        detached = R.detached_participle(verb)
        if detached is not None:
            return detached, "detached_participle"
        if is_passive(verb) or any(k.dep_ == "expl:pass" for k in verb.children):
            s = child(verb, "nsubj:pass", "nsubj")
            if s is not None:  # "les relations se sont renforcées": a pronominal passive's subject
                return (verb.head, "relative_object") if s.morph.get("PronType", []) == ["Rel"] and (
                    verb.dep_ == "acl:relcl") else (s, "")
            if verb.dep_ == "acl":  # "les drones livrés à la Russie"
                upper = R.participle_agreement(verb)
                return (upper, "participle_agreement") if upper is not None else (verb.head, "")
        o = child(verb, "obj")
        dated = o is not None and self.g.is_time(o)
        if dated:
            o = R.date_as_object(verb, o)
            self.clauses.at(verb.i).note("date_as_object")  # type: ignore[union-attr]
        rel = R.relative_object(verb)
        if rel is not None:
            return rel, "relative_object"
        if o is not None:
            return o, "date_as_object" if dated else ""
        for name in R.OBJECT_REPAIRS:
            found = self._run_object_repair(name, verb)
            if found is not None:
                return found, name
        return None, ""

    def _run_object_repair(self, name: str, verb: Token) -> Token | None:
        fn = R.REPAIRS[name].fn
        found = fn(verb, self.m.is_actor) if name == "name_as_article" else fn(verb)
        return found if isinstance(found, Token) else None

    # -- subjects -------------------------------------------------------------------------------
    def subject(self, tok: Token) -> tuple[Token | None, str]:
        if tok.i not in self._subjects:
            self._subjects[tok.i] = (None, "")  # a cycle in a broken parse ends here
            self._subjects[tok.i] = self._subject(tok)
        return self._subjects[tok.i]

    def _subject(self, tok: Token) -> tuple[Token | None, str]:
        if is_passive(tok) or R.detached_participle(tok) is not None:
            for k in tok.children:
                if k.dep_ == "obl:agent" or (
                        k.dep_ in ("obl", "obl:mod", "obl:arg") and preposition(k) == G.prep_agent):
                    return k, ""
            return None, ""  # the actor before a passive verb is its patient, not its agent
        s, why = self._own_subject(tok)
        if s is not None:
            if s.morph.get("PronType", []) == ["Rel"] and tok.dep_ == "acl:relcl":
                return tok.head, "relative_subject"
            return s, why
        if verb_form(tok) == "Inf" and (s := R.fronted_infinitive(tok, self.m.actor_after)) is not None:
            return s, "fronted_infinitive"  # "en plus de bénéficier ..., la Corée du Nord pourrait"
        if is_finite(tok) and tok.dep_ != "conj" and (s := R.adjacent_subject(tok, self.m.span_before)) is not None:
            return s, "adjacent_subject"  # a finite verb has a subject of its own, right before it
        s, why = self._controlled(tok)
        if s is not None:
            return s, why
        return self._fallback_subject(tok)

    def _own_subject(self, tok: Token) -> tuple[Token | None, str]:
        inverted = R.inverted_subject(tok, self.lex.is_speech)
        if inverted is not None:  # "..., a indiqué le ministère": also when the parse has it right
            return inverted, "inverted_subject"
        s = child(tok, "nsubj", "expl:subj") or child(tok, "nsubj:pass")
        if s is not None:
            return s, ""
        found = R.fronted_nominal(tok)
        return (found, "fronted_nominal") if found is not None else (None, "")

    def _controlled(self, tok: Token) -> tuple[Token | None, str]:
        """Control, raising, coordination, relatives: the subject another clause gives."""
        head, dep = tok.head, tok.dep_
        if head.i == tok.i:
            return None, ""
        if self.g.is_time(head) and head.head.i != head.i and head.head.pos_ in VERBAL:
            head, dep = head.head, "xcomp"  # "ont convenu vendredi de reprendre": a date controls nothing
        if dep == "conj" and head.pos_ in VERBAL:
            return self.subject(head)[0], "shared_subject"
        if dep == "ccomp" and is_finite(tok):
            return None, ""  # a finite completive has its own subject
        if dep in ("xcomp", "ccomp") and head.pos_ in VERBAL:
            if head.lemma_.lower() in self.lex.cue("object_control_verbs"):
                return self._object_controller(head), "object_control"
            return self.subject(head)[0], "subject_control"
        if dep == "advcl" and head.pos_ in VERBAL:
            return self.subject(head)[0], "subject_control"
        if dep == "advcl" and head.pos_ in NOMINAL:
            return head, "noun_control"
        host_verb = R.detached_gerundive(tok)
        if host_verb is not None:  # "..., reprochant à X de ...": the subject of the clause it follows
            return self.subject(host_verb)[0], "detached_gerundive"
        if dep == "acl" and (s := R.headline_subject(tok, self.m.is_actor)) is not None:
            return s, "headline_subject"  # "La Russie à court de munitions appelle ..."
        host = R.infinitive_host(tok)
        if host is not None and host.i != head.i:
            head, dep = host, "acl"
        if dep in ("acl", "nmod") and head.pos_ in NOMINAL:
            pred = head  # "l'un des rares pays à reconnaître": the predicate nominal's subject
            while pred.dep_ in ("nmod", "obl", "conj") and pred.head.i != pred.i:
                pred = pred.head
            if any(k.dep_ == "cop" for k in pred.children) and (s2 := child(pred, "nsubj")) is not None:
                return s2, "copula_subject"
            return head, "noun_control"
        if dep == "acl:relcl":
            inverted = R.relative_inverted_subject(tok)
            if inverted is not None:
                return inverted, "relative_inverted_subject"
            if any(k.morph.get("PronType", []) == ["Rel"] and k.lower_ in self.g.que for k in tok.children):
                return None, ""  # "les drones qu'elle achète": the antecedent is the object, not the subject
            return head, "relative_subject"
        return None, ""

    def _object_controller(self, head: Token) -> Token | None:
        k = self.clauses.at(head.i)
        if k is not None and k.obj is not None and k.voice == "passive":
            return self.doc[k.obj.head]  # "l'Iran, accusé de fournir des drones": the Iran supplies
        if is_passive(head) and (ps := child(head, "nsubj:pass", "nsubj")) is not None:
            return ps  # "Bakou a été accusé par Erevan d'avoir bombardé": Bakou bombed
        o = child(head, "obj", "iobj")
        if o is not None:
            return o
        for p, n in self._pps(head, depth=0):
            if p == G.prep_dative:
                return n
        return R.name_as_predicate(head)

    def _fallback_subject(self, tok: Token) -> tuple[Token | None, str]:
        for name, found in (
                ("fronted_infinitive", R.fronted_infinitive(tok, self.m.actor_after)),
                ("adjacent_subject", R.adjacent_subject(tok, self.m.span_before))):
            if found is not None:
                return found, name
        if not is_finite(tok) or any(k.dep_ == "mark" and k.lower_ in self.g.gerund_marks for k in tok.children):
            found = R.climbed_controller(tok)
            if found is not None:
                return found, "climbed_controller"
        return None, ""

    # -- nouns ----------------------------------------------------------------------------------
    def _noun(self, c: Clause, tok: Token) -> None:
        c.anchor = tok.i
        c.mark = preposition(tok)
        c.negated = any(k.dep_ == "det" and k.lower_ in self.g.negation_with_ne for k in tok.children)
        for k in tok.children:
            if k.dep_ == "det" and "Yes" in k.morph.get("Poss", []):
                c.poss = k.i
            elif k.dep_ in ("amod", "acl") and (k.pos_ == "ADJ" or self.m.is_actor(k)):
                c.adjs.append(k.i)
            elif k.dep_ in ("nmod", "obl:agent") and preposition(k) == G.prep_agent:
                c.subj = Arg(k.i, G.prep_agent)
        if c.subj is None and (author := self._claimed_by(tok)) is not None:
            c.subj = Arg(author.i, G.prep_agent, "claimed_act")  # "un attentat revendiqué par les shebab"
            c.note("claimed_act")
        obj = self._noun_object(tok)
        if obj is not None:
            c.obj = Arg(obj.i, G.prep_genitive)
        heads = [tok]
        host = self._host(tok, heads)
        if host is not None:
            c.support = host.i
            c.anchor = host.i
            c.conditional, c.future, c.negated = conditional(host), future(host), c.negated or negated(host)
            if c.subj is None:
                s, why = self.subject(host)
                if s is not None:
                    c.subj = Arg(s.i, None, why or "support_verb")
                    c.note("support_verb")
            heads.append(host)
        else:
            self._inherited(c, heads[-1])
        seen: set[int] = set()
        for h in heads:
            for p, n in self._pps(h, depth=2 if h.i != tok.i or len(heads) == 1 else 1):
                if n.i not in seen and n.i != tok.i:
                    seen.add(n.i)
                    c.comps.append(Arg(n.i, p))
        for p, n in self._adjacent(tok):
            if n.i not in seen:
                seen.add(n.i)
                c.comps.append(Arg(n.i, p, "adjacent_complement"))

    def _claimed_by(self, tok: Token) -> Token | None:
        """The author a participle of claiming or attributing names for an act ("une attaque
        revendiquée par X", "un attentat attribué à X")."""
        for k in tok.children:
            lemma = k.lemma_.lower()
            prep = (G.prep_agent if lemma in self.lex.cue("claim_verbs")
                    else G.prep_dative if lemma in self.lex.cue("attribution_verbs") else None)
            if k.dep_ == "acl" and prep is not None:
                for a in k.children:
                    if a.dep_.startswith(("obl", "nmod")) and preposition(a) == prep:
                        return a
        return None

    def _noun_object(self, tok: Token) -> Token | None:
        """The thing a nominal predicate is about: 'livraisons d'armes' -> armes."""
        for k in tok.children:
            if k.dep_ == "nmod" and preposition(k) == G.prep_genitive and not self.m.is_actor(k) and k.pos_ == "NOUN":
                return k
        return None

    def _host(self, tok: Token, heads: list[Token]) -> Token | None:
        """The support verb a noun completes ('imposer des sanctions', 'procéder à des frappes'),
        looking through transparent nouns ('une série de frappes') and dates."""
        t = tok
        while t.dep_ == "nmod" and t.head.lemma_.lower() in self.g.transparent_nouns:
            t = t.head
            heads.append(t)
        h, dep = t.head, t.dep_
        if dep == "nmod" and self.g.is_time(h) and h.head.pos_ in VERBAL and h.i < t.i:
            # "ont entamé lundi des manœuvres": the complement hung on the date
            dep, h = ("obj" if preposition(t) in (None, G.prep_genitive) else "obl"), h.head
        if h.i == t.i or h.pos_ not in VERBAL:
            return None
        lemma = h.lemma_.lower()
        if dep in ("obj", "nsubj:pass") and lemma in self.lex.support_verbs:
            return h
        if dep.startswith("obl") and preposition(t) == G.prep_dative and self.lex.in_class(lemma, "support_verbs_a"):
            return h
        return None

    def _inherited(self, c: Clause, t: Token) -> None:
        """A noun with no support verb takes its agent from the verb it completes."""
        lex = self.lex
        h = t.head
        lemma = h.lemma_.lower()
        if h.i == t.i or (h.pos_ not in VERBAL and not lex.in_class(lemma, "agreements")):
            return
        if t.dep_ == "obj" and lemma in lex.cue("denial_verbs"):
            self._inherit_subject(c, h, "denied_act")  # "Téhéran dément toute livraison d'armes": its own
        elif t.dep_ in ("obj", "nsubj:pass", "nsubj") and lemma in lex.cue("claim_verbs"):
            self._inherit_subject(c, h, "claimed_act")  # "l'attaque a été revendiquée par le JNIM": its author
        elif t.dep_ in ("obj", "nsubj:pass", "nsubj") and lemma in lex.cue("attribution_verbs"):
            author = next((a for p, a in self._pps(h, depth=0) if p == G.prep_dative), None)
            if author is not None and c.subj is None:  # "l'attentat, attribué au Hamas": its author
                c.subj = Arg(author.i, G.prep_dative, "attributed_act")
                c.note("attributed_act")
        elif lemma in lex.recipient_verbs and t.dep_ in ("obj", "obl:arg", "obl", "obl:mod"):
            s, _why = self.subject(h)  # "X a subi une attaque", "X bénéficie de transferts"
            if s is not None:
                c.undergoer = Arg(s.i, None, "recipient_verb")
                c.note("recipient_verb")
        elif (t.dep_ == "nmod" and preposition(t) in G.deal_preps and lex.in_class(lemma, "agreements")
              and h.dep_ in ("obj", "nsubj:pass") and h.head.pos_ in VERBAL):
            self._inherit_subject(c, h.head, "agreement_party")  # "a signé un contrat pour l'achat de ..."
        elif (t.dep_.startswith("obl") and preposition(t) == G.prep_purpose and h.pos_ in VERBAL
              and (o := child(h, "obj")) is not None and lex.in_class(o.lemma_.lower(), "agreements")):
            self._inherit_subject(c, h, "agreement_party")
        elif h.pos_ in VERBAL and t.dep_.startswith("obl") and preposition(t) in G.instrument_preps:
            self._inherit_subject(c, h, "instrument_user")  # an instrument: its user is the agent

    def _inherit_subject(self, c: Clause, verb: Token, why: str) -> None:
        if c.subj is None:
            s, _ = self.subject(verb)
            if s is not None:
                c.subj = Arg(s.i, None, why)
                c.note(why)

    # -- complements ----------------------------------------------------------------------------
    def _complements(self, c: Clause, tok: Token, obj: Token | None) -> Iterator[Arg]:
        seen: set[int] = set()
        for p, n in self._pps(tok, depth=2):
            if obj is None or n.i != obj.i:
                seen.add(n.i)
                yield Arg(n.i, p)
        if obj is not None and obj.head.i != tok.i:
            # an object recovered from where the parser hung it ("réclame depuis des semaines des
            # missiles à Washington"): its own complements
            for h in (obj, obj.head):
                if h.i == tok.i:
                    continue
                for p, n in self._pps(h, depth=1):
                    if n.i not in seen and n.i != obj.i:
                        seen.add(n.i)
                        yield Arg(n.i, p, "complement_on_object")

    def _pps(self, tok: Token, *, depth: int) -> Iterator[tuple[str, Token]]:
        """(preposition, nominal) pairs for a predicate, and for its object and nominal complements
        down to `depth` (where the parser misattaches PPs). Coordinated nominals inherit the
        preposition when they have none."""
        seen: set[int] = set()
        yield from self._walk(tok, depth, depth, seen)

    def _walk(self, t: Token, d: int, depth: int, seen: set[int]) -> Iterator[tuple[str, Token]]:
        g = self.g
        for k in t.children:
            if k.i in seen:
                continue
            if k.dep_ == "acl" and k.lower_ in g.participle_prepositions and d < depth:
                o = child(k, "obj")
                if o is not None and o.i not in seen:
                    seen.add(o.i)  # "les sanctions visant le secteur pétrolier vénézuélien"
                    yield k.lower_, o
                continue
            if (k.dep_ == "acl" and d < depth and t.pos_ == "NOUN" and k.lemma_.lower() in g.partner_participles
                    and verb_form(k) == "Part"):
                yield from self._walk(k, 0, depth, seen)  # "l'accord conclu avec X": the partner of the thing
                continue
            if k.dep_ in CLAUSAL or (k.dep_ == "conj" and k.pos_ in VERBAL):
                continue
            p = preposition(k) if k.dep_ in ARG_DEPS or k.dep_ in ("obj", "conj") else None
            if k.dep_ == "obl:agent":
                p = G.prep_agent
            if p:
                seen.add(k.i)
                yield p, k
                for cj in conjuncts(k)[1:]:
                    if cj.i not in seen:
                        seen.add(cj.i)
                        yield preposition(cj) or p, cj
                        if d > 0:  # "de conteneurs d'équipements et de munitions à la Russie"
                            yield from self._walk(cj, d - 1, depth, seen)
                if (d > 0 or k.lemma_.lower() in g.quantity_nouns) and p not in g.circumstantial and (
                        k.lemma_.lower() not in g.cause_nouns):
                    yield from self._walk(k, d if k.lemma_.lower() in g.quantity_nouns else d - 1, depth, seen)
            elif k.pos_ == "NOUN" and g.is_time(k) and k.dep_ in ("obl:mod", "obj", "xcomp"):
                seen.add(k.i)  # "s'est rendu mercredi à la Maison Blanche": PPs hung on the date
                yield from self._walk(k, d, depth, seen)
            elif k.dep_ == "advmod" and k.lower_ in g.locution_adverbs:
                for n in k.children:  # "auprès de l'Iran": the nominal hangs on the adverb
                    if n.i not in seen and n.pos_ in ("NOUN", "PROPN") and (np := preposition(n)):
                        seen.add(n.i)
                        yield np, n
            elif k.dep_ == "nmod" and k.pos_ == "PROPN" and d < depth:
                seen.add(k.i)  # "appelle à l'aide la Corée du Nord": a bare nominal, an inverted object
                yield "obj", k
            elif k.dep_ in ("obj", "nmod", "obl:arg", "amod") and (d > 0 or k.lemma_.lower() in g.quantity_nouns):
                # PPs hung on an adjective belong to its noun; a quantity is read through
                yield from self._walk(k, d if k.lemma_.lower() in g.quantity_nouns else d - 1, depth, seen)

    def _adjacent(self, tok: Token) -> Iterator[tuple[str, Token]]:
        """PPs right after a nominal and its adjectives ('leur soutien militaire conjoint au régime'),
        for when the parser hung them elsewhere."""
        doc = tok.doc
        i = tok.i + 1
        end = tok.sent.end
        while i < end and doc[i].pos_ in ("ADJ", "ADV"):
            i += 1
        if i < end and doc[i].pos_ == "ADP" and doc[i].dep_ == "case":
            n = doc[i].head
            p = preposition(n)
            if p and n.i > i:
                yield p, n
                for cj in conjuncts(n)[1:]:
                    yield preposition(cj) or p, cj


def evidence(doc: Doc, c: Clause) -> tuple[int, int]:
    return clause_span(doc[c.anchor])


def sentence_of(doc: Doc, tok: int) -> Span:
    return doc[tok].sent

"""Reading the dependency parse: clause structure, complements, control and negation.

The French model's parses are imperfect (prepositional phrases often hang from the
object instead of the verb), so complements are gathered from the trigger and from
its object, and subjects are followed through control, raising, coordination and
relative clauses.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from .lexicon import Lexicon

CLAUSAL = {"ccomp", "xcomp", "advcl", "acl", "acl:relcl", "parataxis", "csubj"}
ARG_DEPS = {"obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj", "obl:comp"}
CONTRACTIONS = {"au": "à", "aux": "à", "du": "de", "des": "de", "d'": "de", "d’": "de"}
VERBAL = {"VERB", "AUX"}


def preposition(tok: Token) -> str | None:
    """The preposition heading a nominal ('à', 'auprès de', 'à travers'), or None."""
    for c in tok.children:
        if c.dep_ == "case" and c.i < tok.i:
            words = [CONTRACTIONS.get(c.lower_, c.lower_)]
            words += [CONTRACTIONS.get(f.lower_, f.lower_) for f in c.children if f.dep_ == "fixed"]
            if words == ["de"] and c.i > 0:
                # "auprès de l'Iran", "près de Tombouctou" parsed as the adverb + 'de', the adverb
                # hung above the nominal or below it
                before = tok.doc[c.i - 1]
                if before.lower_ in LOCUTION_ADVERBS and (
                        before.i == tok.head.i or before.head.i in (tok.i, tok.head.i)):
                    return f"{before.lower_} de"
            return " ".join(words)
    return None


# adverbs that head a complex preposition with 'de' when the parser splits it
LOCUTION_ADVERBS = frozenset({"auprès", "près", "autour", "lors", "loin", "hors", "au-dessus", "au-delà"})
# prepositions of time and cause: what hangs below them is not the trigger's participant
# ("imposer des sanctions à l'Iran après l'attaque contre Israël")
CIRCUMSTANTIAL = frozenset({"après", "avant", "depuis", "pendant", "lors de", "malgré", "suite à",
                            "à la suite de", "en raison de", "au lendemain de", "à la veille de", "dès"})

# nouns of a cause or a response: what hangs below them is the other act, not the trigger's participants
# ("a placé sous sanctions ..., en représailles aux ventes d'armes à Taïwan")
CAUSE_NOUNS = frozenset({"représaille", "représailles", "réponse", "riposte", "réaction", "raison", "protestation"})


def conjuncts(tok: Token) -> list[Token]:
    """A nominal and the nominals coordinated with it ("des missiles et des drones")."""
    out = [tok]
    stack = [tok]
    split = _split_first_conjunct(tok)
    if split is not None:
        out.append(split)
        stack.append(split)
        for c in split.children:  # "L'Espagne, l'Irlande et la Norvège": the list read as apposition
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                out.append(c)
                stack.append(c)
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.pos_ not in VERBAL:
                out.append(c)
                stack.append(c)
            elif c.dep_ in ("amod", "flat:name", "flat:foreign") and c.i > t.i:
                # "l'Arabie saoudite et l'Iran": the parser hangs the second name on the
                # last word of the first one
                for g in c.children:
                    if g.dep_ == "conj" and g.pos_ in ("PROPN", "NOUN") and g.i > c.i:
                        out.append(g)
                        stack.append(g)
    return out


def _split_first_conjunct(tok: Token) -> Token | None:
    """'Pyongyang et Moscou coopèrent': the parser sometimes makes the first conjunct of a
    sentence-initial subject a root of its own and hangs 'et' on the verb."""
    if tok.dep_ not in ("nsubj", "nsubj:pass") or tok.left_edge.i < 2:
        return None
    cc = tok.doc[tok.left_edge.i - 1]
    if cc.lower_ not in ("et", "ou") or cc.head.i not in (tok.head.i, tok.i):
        return None
    first = tok.doc[cc.i - 1]
    while first.head.i != first.i and first.head.i < cc.i:
        first = first.head
    if first.head.i == first.i and first.pos_ in ("PROPN", "NOUN") and first.i < cc.i:
        return first
    return None


def inverted_subject(verb: Token, lex: Lexicon) -> Token | None:
    """'..., a confirmé le Pentagone', '..., a accusé jeudi le département d'État': a verb of
    saying or accusing after a comma puts its subject after it, where the parser reads an object."""
    lemma = verb.lemma_.lower()
    if not (lemma in lex.cue("speech_verbs") or lemma in lex.cue("allegation_verbs")
            or lemma in lex.cue("denial_verbs")):
        return None
    k = min([c.i for c in verb.children if c.dep_.startswith("aux")] + [verb.i])
    if k == 0 or verb.doc[k - 1].text != ",":
        return None
    if any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None  # "a accusé X de ...": a real object
    return next((c for c in verb.children if c.dep_ in ("obj", "nsubj") and c.i > verb.i
                 and c.pos_ in ("NOUN", "PROPN")), None)


def child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def is_passive(tok: Token) -> bool:
    # "ont reconnu": the parser sometimes labels an active subject nsubj:pass; the auxiliary
    # 'avoir' without 'été' says it is active
    active_aux = any(c.dep_.startswith("aux") and c.lemma_ == "avoir" for c in tok.children)
    return any(c.dep_ == "aux:pass" or (c.dep_ == "nsubj:pass" and not active_aux) for c in tok.children) or (
        tok.dep_ == "acl" and tok.morph.get("VerbForm", []) == ["Part"] and tok.morph.get("Tense", []) == ["Past"]
    )


def mark(tok: Token) -> str | None:
    m = child(tok, "mark")
    return m.lower_ if m is not None else None


def negated(tok: Token, lex: Lexicon) -> bool:
    """'ne ... pas', 'ne ... jamais', 'n'a aucun': a negation on this verb itself."""
    words = {c.lower_ for c in tok.children if c.dep_ in ("advmod", "det", "obj", "advmod:neg")}
    for c in tok.children:
        if c.dep_ == "aux:tense" or c.dep_ == "aux:pass":
            words |= {g.lower_ for g in c.children if g.dep_ == "advmod"}
    has_ne = any(c.lower_ in ("ne", "n'", "n’") for c in tok.children)
    return bool(words & {"pas", "jamais", "nullement", "guère", "point"}) or (
        has_ne and bool(words & {"aucun", "aucune", "rien", "personne", "plus", "ni"}))


CONDITIONAL_ENDINGS = ("rait", "raient", "rais", "rions", "riez")


def conditional(tok: Token) -> bool:
    """Conditional mood on the verb, its auxiliary ('aurait fourni') or a modal the parser
    hung under it ('pourrait essayer'); the ending is checked too, as the tagger sometimes
    reads a conditional as an imperfect."""
    if "Cnd" in tok.morph.get("Mood", []):
        return True
    if tok.pos_ in VERBAL and "Fin" in tok.morph.get("VerbForm", []) and tok.lower_.endswith(CONDITIONAL_ENDINGS):
        return True
    return any(conditional(c) for c in tok.children
               if c.dep_.startswith("aux") or (c.dep_ in ("dep", "advmod") and c.pos_ in VERBAL))


FUTURE_ENDINGS = ("rai", "ras", "ra", "rons", "rez", "ront")


def future(tok: Token) -> bool:
    """Future tense, checked against the ending too: the tagger marks some presents as future."""
    if "Fut" in tok.morph.get("Tense", []) and tok.lower_.endswith(FUTURE_ENDINGS):
        return True
    return any("Fut" in c.morph.get("Tense", []) and c.lower_.endswith(FUTURE_ENDINGS)
               for c in tok.children if c.dep_ == "aux:tense")


def complements(tok: Token, *, depth: int = 1) -> Iterator[tuple[str, Token]]:
    """(preposition, nominal) pairs for the trigger, and for its object and nominal
    complements down to `depth` (where the parser misattaches PPs). Coordinated
    nominals inherit the preposition when they have none."""
    seen: set[int] = set()

    def walk(t: Token, d: int) -> Iterator[tuple[str, Token]]:
        for c in t.children:
            if (c.dep_ == "acl" and c.lower_ in ("visant", "ciblant") and d < depth
                    and (o := child(c, "obj")) is not None and o.i not in seen):
                seen.add(o.i)  # "les sanctions visant le secteur pétrolier vénézuélien"
                yield "visant", o
                continue
            if (c.dep_ == "acl" and d < depth and t.pos_ == "NOUN" and c.lemma_.lower() in PARTNER_PARTICIPLES
                    and "Part" in c.morph.get("VerbForm", [])):
                yield from walk(c, 0)  # "l'accord conclu avec Trinité-et-Tobago": the partner of the thing
                continue
            if c.i in seen or c.dep_ in CLAUSAL or (c.dep_ == "conj" and c.pos_ in VERBAL):
                continue
            p = preposition(c) if c.dep_ in ARG_DEPS or c.dep_ in ("obj", "conj") else None
            if c.dep_ == "obl:agent":
                p = "par"
            if p:
                seen.add(c.i)
                yield p, c
                for cj in conjuncts(c)[1:]:
                    if cj.i not in seen:
                        seen.add(cj.i)
                        yield preposition(cj) or p, cj
                if d > 0 and p not in CIRCUMSTANTIAL and c.lemma_.lower() not in CAUSE_NOUNS:
                    yield from walk(c, d - 1)
            elif c.pos_ == "NOUN" and (c.lower_ in TIME_WORDS or c.lemma_.lower() in TIME_NOUNS) and c.dep_ in (
                    "obl:mod", "obj", "xcomp"):
                seen.add(c.i)  # "s'est rendu mercredi à la Maison Blanche": PPs hung on the date
                yield from walk(c, d)
            elif c.dep_ == "advmod" and c.lower_ in LOCUTION_ADVERBS:
                for g in c.children:  # "auprès de l'Iran": the nominal hangs on the adverb
                    if g.i not in seen and g.pos_ in ("NOUN", "PROPN") and (gp := preposition(g)):
                        seen.add(g.i)
                        yield gp, g
            elif c.dep_ == "nmod" and c.pos_ == "PROPN" and d < depth:
                seen.add(c.i)  # "appelle à l'aide la Corée du Nord": a bare nominal, an inverted object
                yield "obj", c
            elif c.dep_ in ("obj", "nmod", "obl:arg", "amod") and d > 0:
                yield from walk(c, d - 1)  # PPs hung on an adjective belong to its noun

    yield from walk(tok, depth)


# participles whose complement names the other party of the thing they describe
PARTNER_PARTICIPLES = frozenset({"conclure", "signer", "négocier", "passer", "lier", "nouer", "établir"})
# dates the parser reads as direct objects ("ont convenu vendredi de ...")
TIME_WORDS = frozenset({"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "hier",
                        "aujourd'hui", "demain", "matin", "soir", "nuit", "janvier", "février", "mars", "avril",
                        "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"})
# spans of time the parser takes for objects ("participera la semaine prochaine à des pourparlers")
TIME_NOUNS = frozenset({"semaine", "mois", "année", "week-end", "lendemain", "veille", "soirée", "matinée", "journée"})


def direct_object(tok: Token) -> Token | None:
    """The direct object; for a passive, the passive subject; for a relative clause
    whose relative pronoun is the object, the antecedent ('des drones qu'elle achète')."""
    if is_passive(tok) or any(c.dep_ == "expl:pass" for c in tok.children):
        s = child(tok, "nsubj:pass", "nsubj")
        if s is not None:  # "les relations se sont renforcées": the pronominal passive's subject
            return s
        if tok.dep_ == "acl":
            return tok.head
    times = TIME_WORDS | TIME_NOUNS
    o = child(tok, "obj")
    if o is not None and o.lower_ in times:  # "a convenu vendredi de ...": a date, not an object
        o = next((c for c in tok.children if c.dep_ == "obj" and c.lower_ not in times), None)
    if o is None:
        # "ont entamé lundi des manœuvres", "a rencontré vendredi Nicolás Maduro", "doit recevoir
        # la semaine prochaine son homologue": the object hung on the date before it
        for c in tok.children:
            if (c.lower_ in times or c.lemma_.lower() in times) and c.i > tok.i:
                o = next((g for g in c.children if g.dep_ == "nmod" and g.pos_ in ("NOUN", "PROPN")
                          and g.i > c.i and preposition(g) in (None, "de")), None)
                if o is not None:
                    break
    if o is None:  # "a signé mardi à Rabat un accord": the object hung on the place complement
        o = next((g for c in tok.children if c.dep_ in ("obl:mod", "obl") and c.i > tok.i
                  for g in c.children if g.dep_ == "obj" and g.i > c.i and preposition(g) is None), None)
    if o is not None and o.morph.get("PronType", []) == ["Rel"] and tok.dep_ == "acl:relcl":
        return tok.head
    if o is None and tok.dep_ == "acl:relcl":
        rel = [c for c in tok.children if c.morph.get("PronType", []) == ["Rel"]]
        if rel and rel[0].dep_ not in ("nsubj",) and rel[0].lower_ in ("que", "qu'", "qu’"):
            return tok.head
    if o is None and tok.pos_ == "VERB":
        # "recevoir des technologies": the partitive article read as a preposition
        for c in tok.children:
            if c.dep_ in ("obl:arg", "nmod") and c.pos_ == "NOUN" and preposition(c) in (None, "de") and all(
                    k.lower_ in ("des", "du", "de la") for k in c.children if k.dep_ == "case"):
                return c
            if c.dep_ == "advmod" and c.lower_ in ("plus", "moins", "près", "environ") and c.i > tok.i:
                for g in c.children:  # "a massé plus de 100 000 soldats", the noun hung on 'plus'
                    if g.pos_ == "NOUN" and preposition(g) == "de":
                        return g
            # "a massé plus de 100 000 soldats": a quantity adverb before the object
            if (c.dep_ in ("obl:arg", "nmod", "obl") and c.pos_ == "NOUN" and preposition(c) == "de"
                    and c.i > tok.i and tok.doc[c.left_edge.i - 1].lower_ in ("plus", "moins", "près", "environ")):
                return c
        for c in tok.children:  # "a appelé Israël et le Hamas à ...": a bare name read as a predicate
            if c.dep_ == "xcomp" and c.pos_ == "PROPN" and c.i > tok.i:
                return c
        for c in tok.children:  # "financé le Hamas" read as an adverbial: a bare nominal after the verb
            if c.dep_ in ("obl:mod", "obl") and c.pos_ == "PROPN" and c.i > tok.i and preposition(c) is None:
                return c
    return o


def subject(tok: Token, lex: Lexicon, _depth: int = 0) -> Token | None:
    """The agent of a verb: its own subject, or the controller of an infinitive or
    gerund, the antecedent of 'qui', the subject of the first conjunct."""
    if _depth > 8:
        return None
    if is_passive(tok):
        for c in tok.children:
            if c.dep_ == "obl:agent" or (c.dep_ in ("obl", "obl:mod", "obl:arg") and preposition(c) == "par"):
                return c
        return None
    s = child(tok, "nsubj", "expl:subj") or child(tok, "nsubj:pass") or inverted_subject(tok, lex)
    if s is None:  # "Pyongyang, selon les analystes, pourrait essayer": a fronted nominal left as 'dep'
        s = next((c for c in tok.children if c.dep_ == "dep" and c.i < tok.i and c.pos_ in ("PROPN", "NOUN")
                  and preposition(c) is None), None)
    if s is not None:
        if s.morph.get("PronType", []) == ["Rel"] and tok.dep_ == "acl:relcl":
            return tok.head
        return s
    head = tok.head
    if head.i == tok.i:
        return None
    dep = tok.dep_
    if dep == "conj":
        return subject(head, lex, _depth + 1)
    if dep == "ccomp" and "Inf" not in tok.morph.get("VerbForm", []):
        return None  # a finite completive has its own subject
    if dep in ("xcomp", "ccomp") and head.pos_ in VERBAL:
        if head.lemma_ in lex.cue("object_control_verbs"):
            if is_passive(head) and (ps := child(head, "nsubj:pass", "nsubj")) is not None:
                return ps  # "Bakou a été accusé par Erevan d'avoir bombardé": Bakou bombed
            o = child(head, "obj", "iobj")
            if o is not None:
                return o
            for p, n in complements(head, depth=0):
                if p == "à":
                    return n
        return subject(head, lex, _depth + 1)
    if dep == "advcl" and head.pos_ in VERBAL:
        return subject(head, lex, _depth + 1)
    if dep == "advcl" and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return head
    host = infinitive_host(tok)
    if host is not None and host.i != head.i:
        head, dep = host, "acl"
    if dep in ("acl", "nmod") and head.pos_ in ("NOUN", "PRON", "PROPN"):
        # "l'un des rares pays à reconnaître": the predicate nominal's subject.
        pred = head
        while pred.dep_ in ("nmod", "obl", "conj") and pred.head.i != pred.i:
            pred = pred.head
        if any(c.dep_ == "cop" for c in pred.children):
            s2 = child(pred, "nsubj")
            if s2 is not None:
                return s2
        return head
    if dep == "acl:relcl":
        return head
    return None


def infinitive_host(tok: Token) -> Token | None:
    """'les tentatives russes de se procurer': the noun right before 'de'/'à' + infinitive
    controls it, whatever the parser attached the infinitive to."""
    if "Inf" not in tok.morph.get("VerbForm", []):
        return None
    i = tok.i - 1
    doc = tok.doc
    while i > tok.sent.start and ((doc[i].pos_ == "PRON" and doc[i].dep_.startswith("expl"))
                                  or doc[i].lower_ in ("se", "s'", "s’", "en", "y")):
        i -= 1
    if i <= tok.sent.start or doc[i].lower_ not in ("de", "d'", "d’", "à"):
        return None
    i -= 1
    while i >= tok.sent.start and doc[i].pos_ in ("ADJ", "ADV"):
        i -= 1
    if i >= tok.sent.start and doc[i].pos_ == "NOUN" and doc[i].lower_ not in TIME_WORDS:
        return doc[i]  # (not "se sont engagés mercredi à renforcer": a date controls nothing)
    return None


def adjacent_complements(tok: Token) -> Iterator[tuple[str, Token]]:
    """Prepositional phrases right after a nominal and its adjectives ('leur soutien militaire
    conjoint au régime de ...'), for when the parser hung them elsewhere."""
    doc = tok.doc
    i = tok.i + 1
    while i < tok.sent.end and doc[i].pos_ in ("ADJ", "ADV"):
        i += 1
    if i < tok.sent.end and doc[i].pos_ == "ADP" and doc[i].dep_ == "case":
        n = doc[i].head
        p = preposition(n)
        if p and n.i > i:
            yield p, n
            for cj in conjuncts(n)[1:]:
                yield preposition(cj) or p, cj


def governing_verb(tok: Token) -> Token | None:
    """The nearest verb above a nominal."""
    t = tok
    for _ in range(6):
        if t.head.i == t.i:
            return t if t.pos_ in VERBAL else None
        t = t.head
        if t.pos_ in VERBAL:
            return t
    return None


def clause_span(tok: Token) -> tuple[int, int]:
    """Character span of the clause a trigger heads: its subtree without coordinated
    or subordinate clauses, so each event keeps its own evidence."""
    keep = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if t.i == tok.i and (c.dep_ in ("conj", "cc", "parataxis", "advcl", "ccomp", "punct", "acl:relcl")
                             or (c.dep_ == "acl" and tok.pos_ in VERBAL)):
                continue
            if t.i != tok.i and c.dep_ in ("acl:relcl", "parataxis", "conj") and c.pos_ in VERBAL:
                continue
            keep.append(c)
            stack.append(c)
    lo = min(keep, key=lambda x: x.i)
    hi = max(keep, key=lambda x: x.i)
    while hi.i > lo.i and hi.is_punct:
        hi = hi.doc[hi.i - 1]
    while lo.i < hi.i and lo.is_punct:
        lo = lo.doc[lo.i + 1]
    start, end = lo.idx, hi.idx + len(hi.text)
    if end - start > 320:  # a runaway subtree: keep the trigger's neighbourhood
        sent = tok.sent
        a = max(sent.start, tok.i - 12)
        b = min(sent.end - 1, tok.i + 16)
        start, end = tok.doc[a].idx, tok.doc[b].idx + len(tok.doc[b].text)
    return start, end

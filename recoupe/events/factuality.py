"""Factuality and speaker of an event (SPEC section 3), read from its clause and the clauses
above it.

The clause's own mood, tense and negation give a first reading; then each step up the
embedding chain applies the rows of ``data/attribution.yaml`` (verbs of saying, accusing,
denying, hedging, intending; allegation and report nouns); "selon X" on any clause of the
chain names a source. A quotation passes its speaker to what it contains.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Token

from .clauses import Clause, Clauses
from .grammar import VERBAL, LexiconError, child, grammar, preposition
from .lexicon import CUE_NAMES, DATA, Lexicon
from .mentions import Mentions
from .quotes import Quotes
from .speakers import speaker_text

G = grammar()  # the French words the code below names (data/grammar.yaml)

# Stronger readings win: a denied allegation is denied; an alleged event stated in the
# conditional of reported speech is still alleged.
PRIORITY = ("denied", "alleged", "possible", "intended", "reported", "asserted")
STEP_KEYS = frozenset({"parent", "cue", "relations", "negated", "conditional", "inverted", "infinitive", "child",
                       "direct", "reading", "speaker", "flag", "ex"})


@dataclass(slots=True, frozen=True)
class Step:
    parent: str
    cue: str | None
    relations: tuple[str, ...]
    negated: bool
    conditional: bool
    inverted: bool
    infinitive: bool
    child: str | None
    direct: bool
    reading: str | None
    speaker: str | None
    flag: str | None

    def relation_ok(self, rel: str) -> bool:
        return any(rel == r or (r.endswith("*") and rel.startswith(r[:-1])) for r in self.relations)


@lru_cache(maxsize=4)
def load_steps(path: Path | None = None) -> tuple[Step, ...]:
    raw = yaml.safe_load((path or DATA / "attribution.yaml").read_text(encoding="utf-8")) or {}
    out = []
    for k, s in enumerate(raw.get("steps") or []):
        unknown = set(s) - STEP_KEYS
        bad_cue = s.get("cue") and s["cue"] not in CUE_NAMES
        if unknown or bad_cue or (s.get("reading") and s["reading"] not in PRIORITY):
            raise LexiconError(f"[E120] attribution.yaml: row {k}: unknown keys, cue or reading in {s}")
        out.append(Step(s["parent"], s.get("cue"), tuple(s.get("relations") or ()), bool(s.get("negated")),
                        bool(s.get("conditional")), bool(s.get("inverted")), bool(s.get("infinitive")),
                        s.get("child"), bool(s.get("direct")), s.get("reading"), s.get("speaker"), s.get("flag")))
    return tuple(out)


@dataclass(slots=True)
class Reading:
    factuality: str = "asserted"
    speaker: str | None = None
    speaker_token: int | None = None
    conative: bool = False  # under an attempt: an acquisition becomes a request
    committed: bool = False  # under 's'engager à', 'accepter de', 'promettre de'
    blocked: bool = False  # under 'bloquer', 'empêcher': the act does not take place
    requested: bool = False  # under 'appeler X à', 'exhorter X à': asked for, not done
    refused: bool = False  # under 'refuser de': the source's own act, refused
    controller: int | None = None  # "X dément avoir fourni": X, the denied act's own agent

    def add(self, factuality: str, speaker: str | None = None, token: int | None = None) -> None:
        if PRIORITY.index(factuality) < PRIORITY.index(self.factuality):
            self.factuality = factuality
        if self.speaker is None and speaker:
            self.speaker = speaker
            self.speaker_token = token


class Attribution:
    def __init__(self, doc: Doc, lex: Lexicon, clauses: Clauses, mentions: Mentions, quotes: Quotes) -> None:
        self.doc = doc
        self.lex = lex
        self.clauses = clauses
        self.m = mentions
        self.quotes = quotes
        self.g = grammar()
        self.steps = load_steps()

    def who(self, tok: Token | None) -> str | None:
        """The speaker as written; a pronoun stands for the actor it refers to."""
        if tok is None:
            return None
        if tok.pos_ == "PRON" and tok.lower_ not in self.g.first_person:
            found = self.m.ref.pronoun(tok)
            return found[0].text if found else None
        return speaker_text(tok)

    def _first_person(self, text: str) -> bool:
        return text.split()[0].lower() in self.g.first_person

    def _add(self, r: Reading, factuality: str, tok: Token | None = None) -> None:
        r.add(factuality, self.who(tok), tok.i if tok is not None else None)

    def _subject(self, c: Clause) -> Token | None:
        return self.doc[c.subj.head] if c.subj is not None else None

    # -- the reading -----------------------------------------------------------------------------
    def read(self, c: Clause) -> Reading:
        r = Reading()
        tok = self.doc[c.pred]
        if c.pos == "noun":
            if any(k.dep_ == "amod" and k.lemma_.lower() in self.lex.cue("hedge_adjectives") for k in tok.children):
                self._add(r, "possible")
            host = self.clauses.at(c.support) if c.support is not None else None
            start = host if host is not None else c
        else:
            start = c
        self._own(start, r)
        top = start
        for k, (child_c, parent) in enumerate(self.clauses.chain(start)):
            self._selon(child_c, r)
            self._step(child_c, parent, r, first=k == 0)
            top = parent
        self._selon(top, r)
        if r.speaker is None:
            self._fallbacks(top, tok, r)
        q = self.quotes.speaker(tok)
        if q is not None and (r.speaker is None or self._first_person(r.speaker)):
            r.speaker = None  # "« Nos informations indiquent que ... », a dit John Kirby": Kirby speaks
            self._add(r, "reported", q)
        elif q is None and r.speaker is None and self.quotes.around(tok) is not None:
            r.add("reported")
        return r

    def _own(self, c: Clause, r: Reading) -> None:
        tok = self.doc[c.pred]
        if c.negated and c.pos == "verb":
            self._add(r, "denied")
        if c.conditional:
            self._add(r, "intended" if self._future_in_past(c) else "possible")
        if c.future:
            self._add(r, "intended")
        if c.form == "infinitive" and c.mark in self.g.purpose_marks:
            self._add(r, "intended")  # "réclame des missiles pour frapper le territoire russe": a purpose
        if c.pos == "verb":
            self._hedges(tok, r)
            self._mistagged_denial(tok, r)

    def _future_in_past(self, c: Clause) -> bool:
        """"ont annoncé qu'ils organiseraient des exercices": after an announcement in the past, the
        present conditional is the future seen from then, not a hedge; "aurait livré" stays a hedge."""
        p = self.clauses.parent(c)
        tok = self.doc[c.pred]
        return (p is not None and c.relation == "ccomp" and p.lemma in self.lex.cue("announcement_verbs")
                and not p.conditional and not any(k.dep_ == "aux:tense" for k in tok.children))

    def _hedges(self, tok: Token, r: Reading) -> None:
        if any(k.dep_ == "advmod" and k.lemma_.lower() in self.lex.cue("hedge_adverbs") for k in tok.children):
            self._add(r, "possible")

    def _mistagged_denial(self, tok: Token, r: Reading) -> None:
        """'X dément avoir fourni': the tagger reads 'dément' as an adjective and loses the clause;
        the finite denial form just before the infinitive still denies it."""
        forms = self.lex.cue("denial_forms")
        k = tok.i - 1
        while k >= 0 and self.doc[k].pos_ in ("AUX", "ADV") and self.doc[k].lower_ not in forms:
            k -= 1
        if k < 0:
            return
        form = self.doc[k]
        if form.pos_ in VERBAL or form.lower_ not in forms:
            return
        s = child(tok, "nsubj")
        if s is None and k > 0 and self.doc[k - 1].pos_ in ("PROPN", "NOUN"):
            s = self.doc[k - 1]
        self._add(r, "denied", s)
        if s is not None:
            r.controller = s.i

    def _selon(self, c: Clause, r: Reading) -> None:
        for a in c.comps:
            n = self.doc[a.head]
            if a.prep in self.g.according_to and n.lower_ not in self.g.relative_selon:
                self._add(r, "reported", n)

    # -- one step up ------------------------------------------------------------------------------
    def _step(self, c: Clause, p: Clause, r: Reading, *, first: bool) -> None:
        rel = c.relation
        ptok = self.doc[p.pred]
        spoken = False
        for s in self.steps:
            if (s.direct and not first) or not self._holds(s, c, p, ptok, rel):
                continue
            if s.flag:
                setattr(r, s.flag, True)
            if s.speaker:
                if spoken:
                    continue
                spoken = True
                who = self._subject(p) if s.speaker == "subject" else self._owner(p)
                if who is not None and who.lower_ in self.g.first_person:
                    continue
                if s.reading:
                    self._add(r, s.reading, who)
            elif s.reading:
                self._add(r, s.reading)
        if p.pos == "verb":
            self._hedges(ptok, r)
        if p.pos == "noun" and p.lemma in self.lex.cue("allegation_nouns") and rel in ("acl", "acl:relcl", "nmod"):
            gv = self.clauses.parent(p)  # "dément les accusations selon lesquelles ...": denied
            if gv is not None and p.relation == "obj" and gv.lemma in self.lex.cue("denial_verbs"):
                r.speaker = None  # the denied version is the denier's, not the accuser's
                self._add(r, "denied", self._subject(gv))

    def _holds(self, s: Step, c: Clause, p: Clause, ptok: Token, rel: str) -> bool:
        if s.parent != p.pos or not s.relation_ok(rel):
            return False
        if s.cue is not None:
            words = self.lex.cue(s.cue)
            if (ptok.lower_ if s.cue == "near_future_forms" else p.lemma) not in words:
                return False
        if s.negated and not p.negated:
            return False
        if s.conditional and not p.conditional:
            return False
        if s.infinitive and c.form != "infinitive":
            return False
        if s.child is not None and s.child != c.pos:
            return False
        return not s.inverted or (p.pred > c.pred and p.subj is not None and p.subj.repair == "inverted_subject")

    def _owner(self, noun: Clause) -> Token | None:
        """Whose allegation or report: 'de X', 'leur', or the subject that publishes it."""
        tok = self.doc[noun.pred]
        for k in tok.children:
            if k.dep_ == "nmod" and preposition(k) in (G.prep_genitive, G.prep_agent) and k.i > tok.i:
                return k
        if noun.poss is not None:
            gv = self.clauses.parent(noun)
            if gv is not None and gv.pos == "verb":
                return self._subject(gv)
        return None

    # -- when the chain names no speaker ----------------------------------------------------------
    def _fallbacks(self, top: Clause, tok: Token, r: Reading) -> None:
        for finder in (self._inverted_speech, self._sentence_selon, self._sentence_speech, self._as_reported):
            finder(top, tok, r)
            if r.speaker is not None:
                return

    def _inverted_speech(self, top: Clause, tok: Token, r: Reading) -> None:
        """'Le Venezuela détient des Américains, a accusé le département d'État': a verb of saying
        hung under the clause it reports, after it, with its subject inverted."""
        for k in self.clauses:
            if (k.parent == top.id and k.relation in ("advcl", "parataxis", "conj", "advmod", "dep") and k.pred > tok.i
                    and k.pos == "verb" and k.subj is not None and k.subj.repair == "inverted_subject"):
                accusing = self.lex.cue("allegation_verbs") | self.lex.cue("denunciation_verbs")
                kind = ("alleged" if k.lemma in accusing else
                        "denied" if k.lemma in self.lex.cue("denial_verbs") else "reported")
                self._add(r, kind, self.doc[k.subj.head])
                return

    def _sentence_selon(self, top: Clause, tok: Token, r: Reading) -> None:
        """'selon X' the parser attached away from the clause still scopes over the sentence."""
        for t in tok.sent:
            if t.dep_ == "case" and preposition(t.head) in self.g.according_to and (
                    t.head.lower_ not in self.g.relative_selon):
                self._add(r, "reported", t.head)
                return

    def _sentence_speech(self, top: Clause, tok: Token, r: Reading) -> None:
        """'X a déclaré ..., que ... et que Y a fourni': a verb of saying before the trigger, with
        'que' between them, attributes the clause even when the parse lost the link."""
        saw_que = False
        ancestors = {a.i for a in tok.ancestors}
        for t in reversed(list(tok.sent)[: tok.i - tok.sent.start]):
            if t.i in ancestors and not saw_que:
                return  # the trigger's own clauses were read already
            if t.lower_ in self.g.que and t.pos_ == "SCONJ":
                saw_que = True
            if saw_que and t.pos_ in VERBAL and t.lemma_.lower() in self.lex.cue("speech_verbs"):
                k = self.clauses.at(t.i)
                s = self._subject(k) if k is not None else None
                if s is not None and s.lower_ not in self.g.first_person:
                    self._add(r, "reported", s)
                    return

    def _as_reported(self, top: Clause, tok: Token, r: Reading) -> None:
        """'comme le rapporte le journal britannique The Guardian, ...' attributes the sentence."""
        for t in tok.sent:
            if (t.pos_ in VERBAL and t.lemma_.lower() in self.lex.cue("speech_verbs")
                    and any(k.dep_ == "mark" and k.lower_ in self.g.comparison_marks for k in t.children)):
                s = child(t, "nsubj", "nsubj:pass")
                if s is not None and s.pos_ != "PRON":
                    self._add(r, "reported", s)
                    return

    def speech_speaker(self, tok: Token) -> Token | None:
        """The subject of the verb of saying that governs `tok`, or the first one before it."""
        speech = self.lex.cue("speech_verbs")
        node = tok
        for _ in range(12):
            head = node.head
            if head.i == node.i:
                break
            if head.pos_ in VERBAL and head.lemma_.lower() in speech and node.dep_ in ("ccomp", "xcomp", "parataxis"):
                k = self.clauses.at(head.i)
                if k is not None and k.subj is not None:
                    return self.doc[k.subj.head]
            node = head
        for t in tok.sent:
            if t.i >= tok.i:
                break
            if t.pos_ in VERBAL and t.lemma_.lower() in speech:
                k = self.clauses.at(t.i)
                if k is not None and k.subj is not None and self.doc[k.subj.head].lower_ not in self.g.first_person:
                    return self.doc[k.subj.head]
        return None


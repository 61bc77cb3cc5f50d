"""Factuality and speaker of an event (SPEC section 3).

The trigger's head chain is climbed to the sentence root; every cue met on the way
(conditional mood, hedges, intentions, accusations, denials, verbs of saying,
"selon X") adds a reading. A quotation passes its speaker to what it contains,
whether the speaker is named before or after it, in the same sentence or the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon
from .syntax import (
    VERBAL,
    child,
    conditional,
    future,
    governing_verb,
    infinitive_host,
    inverted_subject,
    negated,
    preposition,
    subject,
)

# Stronger readings win: a denied allegation is denied; an alleged event stated in
# the conditional of reported speech is still alleged.
PRIORITY = ("denied", "alleged", "possible", "intended", "reported", "asserted")
LEADING = frozenset({"de", "des", "du", "d'", "d’", "selon", "par"})
QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“"}


@dataclass(slots=True)
class Reading:
    factuality: str = "asserted"
    speaker: str | None = None
    speaker_token: int | None = None
    conative: bool = False  # under an attempt: an acquisition becomes a request
    committed: bool = False  # under 's'engager à', 'accepter de', 'promettre de'
    controller: int | None = None  # "X dément avoir fourni": X, the denied act's own agent

    def add(self, factuality: str, speaker: Token | None = None, text: str | None = None) -> None:
        if PRIORITY.index(factuality) < PRIORITY.index(self.factuality):
            self.factuality = factuality
        if self.speaker is None and (speaker is not None or text):
            self.speaker = text or (speaker_text(speaker) if speaker is not None else None)
            self.speaker_token = speaker.i if speaker is not None else None


def speaker_text(tok: Token) -> str | None:
    """The speaker as written: a person's name when the phrase holds one, else the
    phrase without its relative clauses and appended remarks."""
    for t in tok.subtree:
        if t.ent_type_ == "PER" and t.dep_ in ("appos", "flat:name", "nsubj", "nmod") and t.pos_ == "PROPN":
            ent = next((e for e in tok.doc.ents if e.start <= t.i < e.end), None)
            if ent is not None and len(ent) >= 2:
                return ent.text
    cut = {"acl:relcl", "advcl", "parataxis", "punct", "ccomp", "conj"}
    keep = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in cut and not (c.dep_ == "conj" and c.pos_ != "VERB"):
                continue
            if c.dep_ == "acl" and c.morph.get("Tense", []) == ["Pres"]:  # "spéculant sur ..."
                continue
            if c.dep_ == "case" and c.head.i == tok.i:
                continue
            if c.dep_ == "nmod" and preposition(c) not in (None, "de", "par"):
                continue  # "l'évaluation des services sur les tentatives ...": not the speaker
            keep.append(c)
            stack.append(c)
    keep.sort(key=lambda x: x.i)
    while len(keep) > 1 and keep[0].lower_ in LEADING:
        keep.pop(0)
    lo, hi = keep[0].i, keep[-1].i
    text = tok.doc[lo:hi + 1].text.strip(" ,")
    return text or None


ACCORDING_TO = ("selon", "de après", "d'après", "d’après")  # "D'après X" reads "de après"


class Attributor:
    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.text = doc.text  # built from the tokens on every access: read it once
        self.quotes = find_quotes(self.text)
        self._quote_speakers: dict[int, Token | None] = {}

    def read(self, trigger: Token, *, nominal: bool) -> Reading:
        lex = self.lex
        r = Reading()
        if nominal:
            for c in trigger.children:
                if c.dep_ == "amod" and c.lemma_.lower() in lex.cue("hedge_adjectives"):
                    r.add("possible")
        elif negated(trigger, lex):
            r.add("denied")
        if trigger.pos_ in VERBAL and conditional(trigger):
            r.add("intended" if self._future_in_past(trigger) else "possible")
        if trigger.pos_ in VERBAL and future(trigger):
            r.add("intended")
        if "Inf" in trigger.morph.get("VerbForm", []) and any(
                c.dep_ == "mark" and c.lower_ in ("pour", "afin") for c in trigger.children):
            r.add("intended")  # "réclame des missiles pour frapper le territoire russe": a purpose
        self._hedges(trigger, r)
        if trigger.pos_ in VERBAL:
            self._mistagged_denial(trigger, r)
        node = trigger
        for _ in range(12):
            self._selon(node, r)
            head = infinitive_host(node) or node.head
            if head.i == node.i:
                break
            self._step(node, head, r)
            node = head
        if r.speaker is None:
            self._inverted_speech(node, trigger, r)
        if r.speaker is None:
            self._sentence_selon(trigger, r)
        if r.speaker is None:
            self._sentence_speech(trigger, r)
        if r.speaker is None:
            self._as_reported(trigger, r)
        q = self.quote_speaker(trigger)
        if q is not None and (r.speaker is None or r.speaker.split()[0].lower() in lex.cue("first_person")):
            r.speaker = None
            r.add("reported", q)
        elif q is None and r.speaker is None and self.in_quote(trigger) is not None:
            r.add("reported")
        return r

    def _future_in_past(self, tok: Token) -> bool:
        """"ont annoncé qu'ils organiseraient des exercices": after an announcement in the past, the
        present conditional is the future seen from then (concordance of tenses), not a hedge.
        The past conditional ("aurait livré") stays a hedge."""
        head = tok.head
        return (tok.dep_ == "ccomp" and head.lemma_.lower() in self.lex.cue("announcement_verbs")
                and not conditional(head) and not any(c.dep_ == "aux:tense" for c in tok.children))

    def _mistagged_denial(self, tok: Token, r: Reading) -> None:
        """'X dément avoir fourni': the tagger reads 'dément' as an adjective or adverb and
        loses the clause; the finite denial form just before the infinitive still denies it."""
        # the broken parse may also have cut the sentence in two there: look past its start
        k = tok.i - 1
        while k >= 0 and self.doc[k].pos_ in ("AUX", "ADV") and self.doc[k].lower_ not in (
                self.lex.cue("denial_forms")):
            k -= 1
        if k < 0:
            return
        form = self.doc[k]
        if form.pos_ in VERBAL or form.lower_ not in self.lex.cue("denial_forms"):
            return
        s = child(tok, "nsubj")
        if s is None and k > 0 and self.doc[k - 1].pos_ in ("PROPN", "NOUN"):
            s = self.doc[k - 1]
        r.add("denied", s)
        if s is not None:
            r.controller = s.i

    def _hedges(self, tok: Token, r: Reading) -> None:
        for c in tok.children:
            if c.dep_ == "advmod" and c.lemma_.lower() in self.lex.cue("hedge_adverbs"):
                r.add("possible")

    def _selon(self, node: Token, r: Reading) -> None:
        for c in node.children:
            if (c.dep_ in ("obl", "obl:mod", "nmod", "advmod", "obl:arg") and preposition(c) in ACCORDING_TO
                    and c.lower_ not in ("lesquelles", "lesquels", "laquelle", "lequel")):
                r.add("reported", c)
        if preposition(node) in ACCORDING_TO and node.lower_ not in ("lesquelles", "lesquels", "laquelle", "lequel"):
            r.add("reported", node)

    def _inverted_speech(self, root: Token, trigger: Token, r: Reading) -> None:
        """'Le Venezuela détient des Américains, a accusé le département d'État': a verb of saying
        or accusing hung under the clause it reports, after it, with its subject inverted."""
        lex = self.lex
        for c in root.children:
            if c.dep_ not in ("advcl", "parataxis", "conj") or c.i <= trigger.i or c.pos_ not in VERBAL:
                continue
            s = inverted_subject(c, lex)
            if s is None:
                continue
            lemma = c.lemma_.lower()
            kind = ("alleged" if lemma in lex.cue("allegation_verbs") else
                    "denied" if lemma in lex.cue("denial_verbs") else "reported")
            r.add(kind, s)
            return

    def _sentence_selon(self, tok: Token, r: Reading) -> None:
        """'selon X' the parser attached away from the clause still scopes over the sentence."""
        for t in tok.sent:
            if t.dep_ == "case" and preposition(t.head) in ACCORDING_TO and t.head.lower_ not in (
                    "lesquelles", "lesquels", "laquelle", "lequel"):
                r.add("reported", t.head)
                return

    def _sentence_speech(self, tok: Token, r: Reading) -> None:
        """'X a déclaré ..., que ... et que Y a fourni': a verb of saying before the trigger,
        with 'que' between them, attributes the clause even when the parse lost the link."""
        lex = self.lex
        saw_que = False
        ancestors = {a.i for a in tok.ancestors}
        for t in reversed(list(tok.sent)[: tok.i - tok.sent.start]):
            if t.i in ancestors and not saw_que:
                return  # the trigger's own clauses were read already
            if t.lower_ in ("que", "qu'", "qu’") and t.pos_ == "SCONJ":
                saw_que = True
            if saw_que and t.pos_ in VERBAL and t.lemma_.lower() in lex.cue("speech_verbs"):
                s = subject(t, lex)
                if s is not None and s.lower_ not in lex.cue("first_person"):
                    r.add("reported", s)
                    return

    def _as_reported(self, tok: Token, r: Reading) -> None:
        """'comme le rapporte le journal britannique The Guardian, ...' attributes the sentence."""
        for t in tok.sent:
            if (t.pos_ in VERBAL and t.lemma_.lower() in self.lex.cue("speech_verbs")
                    and any(c.dep_ == "mark" and c.lower_ == "comme" for c in t.children)):
                s = child(t, "nsubj", "nsubj:pass")
                if s is not None and s.pos_ != "PRON":
                    r.add("reported", s)
                    return

    def speech_speaker(self, tok: Token) -> Token | None:
        """The subject of the verb of saying that governs `tok`, or the first one before it."""
        lex = self.lex
        node = tok
        for _ in range(12):
            head = node.head
            if head.i == node.i:
                break
            if head.pos_ in VERBAL and head.lemma_.lower() in lex.cue("speech_verbs") and node.dep_ in (
                    "ccomp", "xcomp", "parataxis"):
                s = subject(head, lex)
                if s is not None:
                    return s
            node = head
        for t in tok.sent:
            if t.i >= tok.i:
                break
            if t.pos_ in VERBAL and t.lemma_.lower() in lex.cue("speech_verbs"):
                s = subject(t, lex)
                if s is not None and s.lower_ not in lex.cue("first_person"):
                    return s
        return None

    def _step(self, node: Token, head: Token, r: Reading) -> None:
        lex = self.lex
        lemma = head.lemma_.lower()
        dep = node.dep_
        if head.pos_ in VERBAL and dep == "conj" and node.pos_ in ("NOUN", "PROPN"):
            dep = "obj"  # a nominal coordinated with a verb: the parser lost the object it joins
        if head.pos_ == "ADJ" and dep in ("xcomp", "obl:arg", "ccomp"):
            cop = child(head, "cop")  # "Kiev serait prête à céder": the copula carries the mood
            if cop is not None and conditional(cop):
                r.add("possible")
            if lemma in lex.cue("readiness_adjectives"):  # "s'est dit prêt à participer à des pourparlers"
                r.add("intended")
                r.committed = True
        if head.pos_ in VERBAL:
            if dep in ("xcomp", "ccomp", "advcl", "obj", "obl:arg", "parataxis", "acl") or dep.startswith("obl"):
                if lemma in lex.cue("hedge_verbs") or lemma == "pouvoir":
                    r.add("possible")
                if conditional(head) and dep in ("xcomp", "ccomp"):
                    r.add("possible")
                if dep == "xcomp" and head.lower_ in lex.cue("near_future_forms"):
                    r.add("intended")  # "va livrer", "doivent se retrouver": the near future, the scheduled
                if lemma in lex.cue("intention_verbs") and dep in ("xcomp", "ccomp", "obj"):
                    r.add("intended")
                    r.committed = r.committed or lemma in lex.cue("commitment_verbs")
                if lemma in lex.cue("conative_verbs") and dep in ("xcomp", "obj", "advcl"):
                    r.conative = True
                if negated(head, lex) and dep in ("xcomp", "obj"):
                    r.add("denied")
                if lemma in lex.cue("allegation_verbs") and dep in ("xcomp", "ccomp", "obj", "advcl"):
                    r.add("alleged", subject(head, lex))
                elif lemma in lex.cue("denial_verbs") and dep in ("xcomp", "ccomp", "obj"):
                    r.add("denied", subject(head, lex))
                elif lemma in lex.cue("opinion_verbs") and dep in ("ccomp", "xcomp"):
                    r.add("possible", subject(head, lex))
                elif lemma in lex.cue("speech_verbs") and (dep in ("ccomp", "xcomp", "parataxis") or (
                        dep == "advcl" and head.i > node.i and inverted_subject(head, lex) is not None)):
                    s = subject(head, lex)
                    if s is not None and s.lower_ in lex.cue("first_person"):
                        return
                    r.add("reported", s)
                if head.pos_ in VERBAL:
                    self._hedges(head, r)
        elif head.pos_ in ("NOUN", "PROPN"):
            if lemma in lex.cue("intention_nouns") and dep == "acl" and "Inf" in node.morph.get("VerbForm", []):
                r.add("intended")
            if lemma in lex.cue("conative_nouns") and dep in ("acl", "nmod"):
                r.conative = True
            if lemma in lex.cue("allegation_nouns") and dep in ("acl", "acl:relcl", "nmod"):
                owner = self._owner(head)
                r.add("alleged", owner)
                gv = head.head
                if head.dep_ == "obj" and gv.lemma_.lower() in lex.cue("denial_verbs"):
                    r.add("denied", subject(gv, lex))
            elif lemma in lex.cue("report_nouns") and dep in ("nmod", "acl", "acl:relcl"):
                owner = self._owner(head)
                if owner is not None:
                    r.add("reported", owner)

    def _owner(self, noun: Token) -> Token | None:
        """Whose allegation or report: 'de X', 'leur', or the subject that publishes it."""
        for c in noun.children:
            if c.dep_ == "nmod" and preposition(c) in ("de", "par") and c.i > noun.i:
                return c
        for c in noun.children:
            if c.dep_ == "det" and "Yes" in c.morph.get("Poss", []):
                v = governing_verb(noun)
                if v is not None:
                    return subject(v, self.lex)
        return None

    # -- quotations -----------------------------------------------------------------------
    def in_quote(self, tok: Token) -> tuple[int, int] | None:
        for a, b in self.quotes:
            if a <= tok.idx < b:
                return a, b
        return None

    def quote_speaker(self, tok: Token) -> Token | None:
        q = self.in_quote(tok)
        if q is None:
            return None
        if q[0] not in self._quote_speakers:
            self._quote_speakers[q[0]] = self._find_quote_speaker(q)
        return self._quote_speakers[q[0]]

    def _find_quote_speaker(self, q: tuple[int, int]) -> Token | None:
        """The subject of the verb of saying just after the quote ('..., a dit X') or just
        before it ('X a déclaré : « ... »')."""
        doc = self.doc
        after = [t for t in doc if q[1] <= t.idx < q[1] + 160]
        before = [t for t in doc if q[0] - 200 <= t.idx < q[0]]
        for group in (after[:14], list(reversed(before))):
            for t in group:
                if t.pos_ in VERBAL and t.lemma_.lower() in self.lex.cue("speech_verbs"):
                    # the speaker is outside the quotation: "« ... », a déclaré X" inverts the subject
                    outside = [c for c in t.children if c.dep_ in ("nsubj", "nsubj:pass")
                               and not q[0] <= c.idx < q[1]]
                    s = outside[0] if outside else subject(t, self.lex)
                    if s is not None and q[0] <= s.idx < q[1]:
                        s = None
                    if s is None or s.pos_ == "PRON":
                        named = self._named_after(t)
                        if named is not None:
                            return named
                    if s is not None and s.lower_ not in self.lex.cue("first_person"):
                        return s
        return None

    def _named_after(self, verb: Token) -> Token | None:
        """'il a dit aux journalistes John Kirby': a postposed person names the speaker."""
        sent_end = verb.sent.end
        for t in verb.doc[verb.i + 1:min(sent_end, verb.i + 12)]:
            if t.ent_type_ == "PER" and t.pos_ == "PROPN":
                return t
        return None


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (« », “ ”, straight double quotes), at least a few words
    long, so that scare quotes around a term ("opération militaire spéciale") don't count."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        close = QUOTE_PAIRS.get(ch)
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1)
        if ch == '"':
            nl = text.find("\n", i + 1)
            if j == -1 or (nl != -1 and nl < j):
                i += 1
                continue
        if j == -1:
            i += 1
            continue
        inner = text[i + 1:j]
        if len(re.findall(r"\w+", inner)) >= 6:
            out.append((i, j + 1))
        i = j + 1
    return out


def sentence_of(doc: Doc, start: int) -> Span:
    return doc.char_span(start, start + 1, alignment_mode="expand").sent  # type: ignore[union-attr]


__all__ = ["PRIORITY", "Attributor", "Reading", "child", "find_quotes", "speaker_text"]

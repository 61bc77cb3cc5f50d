"""Quotations and who speaks them: « ... », a déclaré X / X a déclaré : « ... »."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .grammar import VERBAL, grammar
from .lexicon import Lexicon

QUOTE_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“"}
MIN_WORDS = 6  # shorter quotes are scare quotes around a term ("opération militaire spéciale")


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Character spans of quotations (« », “ ”, straight double quotes), at least a few words long."""
    out: list[tuple[int, int]] = []
    i = 0
    n = len(text)
    while i < n:
        close = QUOTE_PAIRS.get(text[i])
        if close is None:
            i += 1
            continue
        j = text.find(close, i + 1)
        if text[i] == '"':
            nl = text.find("\n", i + 1)
            if j == -1 or (nl != -1 and nl < j):
                i += 1
                continue
        if j == -1:
            i += 1
            continue
        if len(re.findall(r"\w+", text[i + 1:j])) >= MIN_WORDS:
            out.append((i, j + 1))
        i = j + 1
    return out


class Quotes:
    def __init__(self, doc: Doc, lex: Lexicon, subject_of: object) -> None:
        self.doc = doc
        self.lex = lex
        self.spans = find_quotes(doc.text)
        self._subject_of = subject_of  # the clause reader's subject finder: Token -> Token | None
        self._speakers: dict[int, Token | None] = {}

    def around(self, tok: Token) -> tuple[int, int] | None:
        for a, b in self.spans:
            if a <= tok.idx < b:
                return a, b
        return None

    def speaker(self, tok: Token) -> Token | None:
        q = self.around(tok)
        if q is None:
            return None
        if q[0] not in self._speakers:
            self._speakers[q[0]] = self._find(q)
        return self._speakers[q[0]]

    def _find(self, q: tuple[int, int]) -> Token | None:
        """The subject of the verb of saying just after the quote ('..., a dit X') or just before it
        ('X a déclaré : « ... »')."""
        doc = self.doc
        after = [t for t in doc if q[1] <= t.idx < q[1] + 160]
        before = [t for t in doc if q[0] - 200 <= t.idx < q[0]]
        first = self.lex.cue("speech_verbs")
        for group in (after[:14], list(reversed(before))):
            for t in group:
                if t.pos_ not in VERBAL or t.lemma_.lower() not in first:
                    continue
                # the speaker is outside the quotation: "« ... », a déclaré X" inverts the subject
                outside = [c for c in t.children if c.dep_ in ("nsubj", "nsubj:pass") and not q[0] <= c.idx < q[1]]
                s = outside[0] if outside else self._subject_of(t)  # type: ignore[operator]
                if s is not None and q[0] <= s.idx < q[1]:
                    s = None
                if s is None or s.pos_ == "PRON":
                    named = self._named_after(t)
                    if named is not None:
                        return named
                if s is not None and s.lower_ not in grammar().first_person:
                    return s
        return None

    def _named_after(self, verb: Token) -> Token | None:
        """'il a dit aux journalistes John Kirby': a postposed person names the speaker."""
        for t in verb.doc[verb.i + 1:min(verb.sent.end, verb.i + 12)]:
            if t.ent_type_ == "PER" and t.pos_ == "PROPN":
                return t
        return None

"""Does an outlet's text carry a claim that the extractor did not read from it?

Before the comparison says an outlet *omits* a claim, it reads the outlet's own text: where a
sentence holds a trigger word of the claim's kind (triggers.py) and that sentence or its
neighbours name the claim's actors (one code of each side the claim fills, from the actor
mentions stored for the document), the text may well state it and the extractor missed it; the
comparison then says "not extracted" and shows that sentence. The test is generous on purpose:
a false "not extracted" only hedges, a false "omits" tells an editor something untrue.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from recoupe.claims.records import Claim
from recoupe.claims.stems import words
from recoupe.compare.triggers import TriggerWords, default_triggers
from recoupe.records import ActorMention

# a sentence ends at . ! ? … (and a closing quote) before a space, or at a line break (titles, paragraphs)
_SENTENCE_END = re.compile(r"[.!?…]+[\"»”']?\s+|\n+")
WINDOW = 1  # sentences on either side of the trigger's where the actors may be named ("Il a protesté.")


@dataclass(slots=True, frozen=True)
class _Sentence:
    start: int
    end: int
    types: frozenset[str]  # event types its words can trigger


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank sentence of `text`."""
    spans, left = [], 0
    for stop in _SENTENCE_END.finditer(text):
        spans.append((left, stop.start() + len(stop.group().rstrip())))
        left = stop.end()
    spans.append((left, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


class TextCheck:
    """The sentences of a story's documents, read once, and the actors named in each."""

    def __init__(self, texts: Mapping[str, str], actors: Mapping[str, Sequence[ActorMention]] | None = None,
                 *, triggers: TriggerWords | None = None, window: int = WINDOW) -> None:
        self._texts = texts
        self._actors = actors
        self._triggers = triggers or default_triggers()
        self._window = window
        self._read: dict[str, tuple[list[_Sentence], list[set[str]]]] = {}

    def carrying(self, doc: str, claim: Claim) -> str | None:
        """The first sentence of `doc` that could state `claim`, or None when none could."""
        sentences, named = self._sentences(doc)
        kind = self._triggers.kind(claim.type)
        source, target = set(claim.source), set(claim.target)
        for i, sentence in enumerate(sentences):
            if not sentence.types & kind:
                continue
            if self._actors is not None:
                near: set[str] = set().union(*named[max(0, i - self._window): i + self._window + 1])
                if (source and not source & near) or (target and not target & near):
                    continue
            return self._texts[doc][sentence.start:sentence.end].strip()
        return None

    def _sentences(self, doc: str) -> tuple[list[_Sentence], list[set[str]]]:
        found = self._read.get(doc)
        if found is None:
            text = self._texts.get(doc, "")
            spans = sentence_spans(text)
            sentences = [_Sentence(a, b, frozenset(self._triggers.types(w for _, w in words(text[a:b]))))
                         for a, b in spans]
            named: list[set[str]] = [set() for _ in spans]
            starts = [a for a, _ in spans]
            for mention in (self._actors or {}).get(doc, ()):
                i = bisect.bisect_right(starts, mention.start) - 1
                if i >= 0:
                    named[i].add(mention.code)
            found = self._read[doc] = (sentences, named)
        return found

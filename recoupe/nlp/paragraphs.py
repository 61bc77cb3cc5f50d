"""Line breaks end sentences: a title, a paragraph or a list item never runs into the next.
And only punctuation or a line break may end one: the parser of fr_core_news_md otherwise cuts
after a sentence-initial name ("Washington | accuse Téhéran de ...", "Moscou et Pyongyang | se
sont engagés ...") and loses the subject of the sentence.

Runs before the parser, which keeps sentence starts (and non-starts) that are already set."""

from __future__ import annotations

from typing import cast

import numpy as np
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

# Token text (by ORTH id) -> its kind: a line break, sentence-final punctuation, a closing quote,
# other. (A token's trailing whitespace, `whitespace_`, is at most one space in spaCy, so a break
# is always in some token's text.)
# Bounded: cleared when it grows past _MAX_CACHED distinct texts.
_KINDS: dict[int, int] = {}
_MAX_CACHED = 200_000


@Language.component("recoupe_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    if len(doc) < 2:
        return doc
    # Integer columns instead of a Token object per word.
    orths = doc.to_array(ORTH).tolist()
    spaces = doc.to_array(IS_SPACE).tolist()
    strings = doc.vocab.strings
    if len(_KINDS) > _MAX_CACHED:
        _KINDS.clear()
    column = doc.to_array([SENT_START]).astype(np.int64)
    kinds = []
    for orth in orths:
        kind = _KINDS.get(orth)
        if kind is None:
            kind = _KINDS[orth] = _kind(strings[orth])
        kinds.append(kind)
    terminal = False  # whether the text so far ends a sentence (punctuation, maybe a closing quote)
    for i in range(len(orths) - 1):
        kind = kinds[i]
        if kind == _BREAK:
            terminal = True
            if not spaces[i + 1]:  # the next token is not whitespace too
                column[i + 1] = 1
                continue
        elif kind == _TERMINAL:
            terminal = True
        elif kind != _CLOSING:
            terminal = False
        if column[i + 1] != 1:  # a closing quote ends the sentence before it, it starts none
            column[i + 1] = 0 if terminal and kinds[i + 1] != _CLOSING else -1
    column[0] = 1
    doc.from_array([SENT_START], cast(Ints2d, column.astype(np.uint64)))  # -1 wraps, as spaCy stores it
    return doc


_BREAK, _TERMINAL, _CLOSING, _OTHER = range(4)


def _kind(text: str) -> int:
    if "\n" in text:
        return _BREAK
    if text in (".", "!", "?", "…", ";", ":", "...", "?!", "!?"):
        return _TERMINAL
    if text in ("»", "”", '"', ")", "’", "'"):
        return _CLOSING
    return _OTHER

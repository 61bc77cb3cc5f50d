"""Line breaks end sentences: a title, a paragraph or a list item never runs into the next.

Runs before the parser, which keeps sentence starts that are already set."""

from __future__ import annotations

from typing import cast

from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

# Token text (by ORTH id) -> whether it holds a line break. (A token's trailing whitespace,
# `whitespace_`, is at most one space in spaCy, so a break is always in some token's text.)
# Bounded: cleared when it grows past _MAX_CACHED distinct texts.
_BREAKS: dict[int, bool] = {}
_MAX_CACHED = 200_000


@Language.component("recoupe_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    if len(doc) < 2:
        return doc
    # Integer columns instead of a Token object per word.
    orths = doc.to_array(ORTH).tolist()
    spaces = doc.to_array(IS_SPACE).tolist()
    strings = doc.vocab.strings
    if len(_BREAKS) > _MAX_CACHED:
        _BREAKS.clear()
    starts: list[int] = []
    for i in range(len(orths) - 1):
        orth = orths[i]
        brk = _BREAKS.get(orth)
        if brk is None:
            brk = _BREAKS[orth] = "\n" in strings[orth]
        if brk and not spaces[i + 1]:  # the next token is not whitespace too
            starts.append(i + 1)
    if starts:
        # The first through Token.is_sent_start, which refuses a parsed doc; the others in one
        # write (each Token.is_sent_start assignment scans the whole doc for a parse).
        doc[starts[0]].is_sent_start = True
        if len(starts) > 1:
            column = doc.to_array([SENT_START])
            column[starts[1:]] = 1
            doc.from_array([SENT_START], cast(Ints2d, column))  # uint64, whatever the stub says
    return doc

"""Line breaks end sentences: a title, a paragraph or a list item never runs into the next.

Runs before the parser, which keeps sentence starts that are already set."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("recoupe_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[tok.i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
    return doc

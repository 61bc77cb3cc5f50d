"""Load the French model (a pinned PyPI package, never downloaded at run time) and add
recoupe's components after it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language

from ..errors import AnalysisError

MODEL = "fr_core_news_md"


@lru_cache(maxsize=2)
def build_nlp(model: str = MODEL) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as e:  # the package is a dependency; say how to get it, never fetch it
        raise AnalysisError(f"spaCy model {model!r} is not installed: run `make install` ({e})") from e
    from ..actors import matcher  # noqa: F401  (registers the factories)
    from ..events import extractor  # noqa: F401
    from . import paragraphs  # noqa: F401

    speed_up_lemmatizer(nlp)
    nlp.add_pipe("recoupe_paragraphs", before="parser")
    nlp.add_pipe("recoupe_actors", last=True)
    nlp.add_pipe("recoupe_events", last=True)
    return nlp


class _WordIndex(list[str]):
    """A lemmatizer word list that answers ``word in index`` from a set.

    Still a list (spaCy and its serialisers see the same data), with the same answers:
    only membership is faster."""

    __slots__ = ("_members",)

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self._members = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self._members


def speed_up_lemmatizer(nlp: Language) -> None:
    """Make spaCy's rule lemmatizer's word-index look-ups constant time; lemmas are unchanged.

    The French lemmatizer keeps its "lemma_index" (the known words of each part of speech, up
    to 66,000 of them) as plain lists and asks ``word in index`` for each new word and for
    each suffix rule that applies: a linear scan, which made the lemmatizer the slowest
    component of the pipeline (about a quarter of the parse time on RPM2).
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, _WordIndex):
            table[key] = _WordIndex(words)

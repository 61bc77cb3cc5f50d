"""Load the French model (a pinned PyPI package, never downloaded at run time) and add
recoupe's components after it."""

from __future__ import annotations

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

    nlp.add_pipe("recoupe_paragraphs", before="parser")
    nlp.add_pipe("recoupe_actors", last=True)
    nlp.add_pipe("recoupe_events", last=True)
    return nlp

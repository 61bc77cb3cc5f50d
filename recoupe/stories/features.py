"""The clustering fingerprint of one document (`DocFeatures`), read off its spaCy parse.

Features are computed once, when the document is analysed, and stored beside it: the clusterer
never needs the text or the parse again, so re-clustering a large store costs no NLP. They are
kept small on purpose (a bounded number of lemmas, actors, event keys and shingle hashes) so a
stored fingerprint is a few kilobytes of JSON whatever the article's length.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from spacy.lang.fr.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from recoupe.records import Document, Event
from recoupe.stories.dating import text_date
from recoupe.stories.neardup import SKETCH_SIZE
from recoupe.stories.records import DocFeatures

MAX_TERMS = 200  # enough for TF-IDF to tell stories apart; the tail of a long article is noise
MAX_TITLE_TERMS = 40
MAX_ACTORS = 40
MAX_EVENTS = 60
SHINGLE_WORDS = 5  # wire copies keep whole sentences; 5-grams rarely repeat across different articles

_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "X"})
_WORD = re.compile(r"\w+")
# The fallback tokeniser: letters and inner hyphens; elided articles ("l'", "qu'") fall under 3 letters.
_PLAIN_WORD = re.compile(r"[^\W\d_]{3,}(?:-[^\W\d_]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=1)
def stop_lemmas() -> frozenset[str]:
    """spaCy's French stop words and recoupe's news-genre list (data/stop_lemmas.txt)."""
    path = Path(__file__).with_name("data") / "stop_lemmas.txt"
    extra = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
    return frozenset(STOP_WORDS | {w for w in extra if w and not w.startswith("#")})


def features_of(spdoc: Doc, document: Document, events: Iterable[Event] = ()) -> DocFeatures:
    """The fingerprint of `document`, given `spdoc`, the parse of its text, and the events read from it."""
    counts = FeatureCounts(document)
    counts.add(spdoc)
    return counts.features(events)


class FeatureCounts:
    """The counts behind a fingerprint, added up over the parses of a text's pieces.

    A very long text is parsed in bounded pieces (recoupe/engines/pieces.py), each parse is
    added with the offset of its piece and dropped: memory stays bounded by the vocabulary,
    not by the length of the text. One parse added at offset 0 is `features_of`.
    """

    __slots__ = ("_actors", "_document", "_end", "_forms", "_start", "_stops", "_terms", "_title_terms")

    def __init__(self, document: Document) -> None:
        self._document = document
        self._stops = stop_lemmas()
        self._terms: Counter[str] = Counter()
        self._title_terms: Counter[str] = Counter()
        self._actors: Counter[str] = Counter()
        self._start, self._end = _title_range(document)
        self._forms: dict[str, str] = {}  # surface form -> term, for a title that is not inside the text

    def add(self, spdoc: Doc, offset: int = 0) -> None:
        """Count the parse of the piece of the text that starts at character `offset`."""
        start, end = self._start - offset, self._end - offset
        for tok in spdoc:
            term = _term(tok, self._stops)
            if term is None:
                continue
            self._terms[term] += 1
            self._forms.setdefault(tok.lower_, term)
            if start <= tok.idx < end:
                self._title_terms[term] += 1
        if "actors" in spdoc.spans:
            self._actors.update(span.label_ for span in spdoc.spans["actors"] if span.label_)

    def features(self, events: Iterable[Event] = ()) -> DocFeatures:
        document, title_terms = self._document, Counter(self._title_terms)
        if self._end <= self._start and document.title:
            for word in _PLAIN_WORD.findall(document.title.lower()):
                term = self._forms.get(word)
                if term is not None:
                    title_terms[term] += 1
        return DocFeatures(
            doc=document.id,
            terms=_top(self._terms, MAX_TERMS),
            title_terms=_top(title_terms, MAX_TITLE_TERMS),
            actors=_top(self._actors, MAX_ACTORS),
            events=event_keys(events),
            date=_date(document.published),
            outlet=document.outlet,
            shingles=shingle_sketch(document.text),
            text_date=text_date(document.text),
        )


def features_of_text(document: Document, events: Iterable[Event] = (),
                     actors: Iterable[str] = ()) -> DocFeatures:
    """A fingerprint without a parser: lower-cased word forms stand in for lemmas.

    For benchmarks and tests. Forms and lemmas differ ("otages" / "otage"), so fingerprints from
    this function and from `features_of` must not be mixed in one clusterer.
    """
    stops = stop_lemmas()
    terms = Counter(_plain_terms(document.text, stops))
    title = document.title or document.text.lstrip().partition("\n")[0]
    return DocFeatures(
        doc=document.id,
        terms=_top(terms, MAX_TERMS),
        title_terms=_top(Counter(_plain_terms(title, stops)), MAX_TITLE_TERMS),
        actors=_top(Counter(actors), MAX_ACTORS),
        events=event_keys(events),
        date=_date(document.published),
        outlet=document.outlet,
        shingles=shingle_sketch(document.text),
        text_date=text_date(document.text),
    )


def event_keys(events: Iterable[Event]) -> tuple[str, ...]:
    """One key per (type, source, target) pair: "AID:PRK>RUS"; a missing side stays empty ("ACCUSE:USA>")."""
    keys: set[str] = set()
    for ev in events:
        for src in sorted(set(ev.source)) or [""]:
            for tgt in sorted(set(ev.target)) or [""]:
                if src or tgt:
                    keys.add(f"{ev.type}:{src}>{tgt}")
    return tuple(sorted(keys)[:MAX_EVENTS])


def shingle_sketch(text: str, *, words: int = SHINGLE_WORDS, keep: int = SKETCH_SIZE) -> tuple[int, ...]:
    """The `keep` smallest 64-bit hashes of the text's word `words`-grams (a bottom-k sketch).

    Keeping the smallest hashes samples the shingle set the same way in every document, so two
    sketches still estimate the Jaccard similarity of the full sets (see neardup.py).
    """
    tokens = _WORD.findall(text.lower())
    if len(tokens) < words:
        grams: Iterable[str] = [" ".join(tokens)] if tokens else []
    else:
        grams = (" ".join(tokens[i:i + words]) for i in range(len(tokens) - words + 1))
    hashes = {int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "big") for g in grams}
    return tuple(heapq.nsmallest(keep, hashes))


def _term(tok: Token, stops: frozenset[str]) -> str | None:
    if tok.pos_ not in _CONTENT_POS or tok.is_stop or tok.like_num or tok.like_url:
        return None
    lemma = (tok.lemma_ or tok.text).lower().strip("'’-")
    if len(lemma) < 2 or lemma in stops or not any(c.isalpha() for c in lemma):
        return None
    return lemma


def _plain_terms(text: str, stops: frozenset[str]) -> list[str]:
    out = []
    for word in _PLAIN_WORD.findall(text.lower()):
        if word in stops:
            continue
        # A crude plural fold, so "otages" and "otage" count as one term.
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


def _title_range(document: Document) -> tuple[int, int]:
    """Character range of the title inside the text, or (0, 0) when the text does not start with it."""
    title = document.title
    if not title:
        return 0, 0
    pos = document.text.find(title)
    if pos < 0 or document.text[:pos].strip():
        return 0, 0
    return pos, pos + len(title)


def _top(counts: Counter[str], limit: int) -> dict[str, int]:
    """The `limit` most frequent keys, most frequent first, ties in alphabetical order (stable JSON)."""
    ranked: Sequence[tuple[str, int]] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return dict(ranked[:limit])


def _date(published: str | None) -> str | None:
    if published and _DATE.match(published):
        return published[:10]
    return None

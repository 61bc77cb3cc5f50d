"""The per-document stage as a pure function: Documents in, `Analysis` records out.

`analyse(documents)` parses each text with the spaCy pipeline (actors, events), and reads
off everything the store needs: the events, the actor mentions and the clustering
fingerprint. It touches no store and no global state but the model, which each process
loads once; so the same function runs in the main process, in a process pool or on Dask
workers, and gives the same records wherever it runs.

An exception raised while analysing one document becomes that document's `Analysis.error`:
the batch goes on.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from recoupe.engines.pieces import CHUNK_CHARS, MAX_PIECE_CHARS, batches, split_text
from recoupe.records import ActorMention, Document, Event
from recoupe.stories.records import DocFeatures

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from recoupe.stories.features import FeatureCounts


@dataclass(slots=True)
class Analysis:
    """What the per-document stage read from one document: all the writer stores for it.

    Offsets (event spans, triggers, actor mentions) count from the start of the document's
    text, whatever piece they were read in. `error` is set, and nothing else, when the
    document could not be analysed."""

    doc: str
    events: list[Event] = field(default_factory=list)
    mentions: list[ActorMention] = field(default_factory=list)
    features: DocFeatures | None = None
    pieces: int = 1  # how many pieces the text was parsed in (see pieces.py)
    error: str | None = None

    @staticmethod
    def failed(document: Document, exc: BaseException) -> Analysis:
        return Analysis(document.id, error=f"analysis failed: {type(exc).__name__}: {exc}")


# One pipeline per process. The lock also makes a multi-threaded host (a Dask worker with
# several threads) take turns: a spaCy pipeline is not meant to be shared by threads.
_LOCK = threading.RLock()


def model() -> Language:
    """The process's spaCy pipeline, loaded on first use."""
    from recoupe.nlp import build_nlp  # spaCy loads on first use: the CLI starts fast

    with _LOCK:
        return build_nlp()


def analyse(documents: Sequence[Document]) -> list[Analysis]:
    """The Analysis of each document, in order. Never raises for one document's sake."""
    with _LOCK:
        done: list[Analysis] = []
        try:
            for analysis in _analyse(documents):
                done.append(analysis)
        except Exception:
            # One document broke the shared batch: the rest are parsed alone, so that
            # only the one at fault fails.
            done.extend(analyse_one(d) for d in documents[len(done):])
        return done


def analyse_one(document: Document) -> Analysis:
    """The Analysis of one document, or a failed one naming the exception."""
    with _LOCK:
        try:
            return next(_analyse([document]))
        except Exception as exc:
            return Analysis.failed(document, exc)


class _Reading:
    """One document being read, piece by piece: its events, mentions and counts so far."""

    __slots__ = ("counts", "document", "events", "left", "mentions", "pieces")

    def __init__(self, document: Document, pieces: int) -> None:
        from recoupe.stories.features import FeatureCounts

        self.document = document
        self.pieces = self.left = pieces
        self.events: list[Event] = []
        self.mentions: list[ActorMention] = []
        self.counts: FeatureCounts = FeatureCounts(document)

    def add(self, spdoc: Doc, offset: int) -> None:
        for ev in spdoc._.events or []:
            ev.doc = self.document.id
            if offset:
                ev.start += offset
                ev.end += offset
                ev.trigger_start += offset
            self.events.append(ev)
        self.mentions.extend(_mentions(spdoc, offset))
        self.counts.add(spdoc, offset)
        self.left -= 1

    def result(self) -> Analysis:
        from recoupe.events.timing import resolve  # (with the model: not at the CLI's start-up)

        resolve(self.events, self.document.published)  # dates: the clause's time against the article's
        features = self.counts.features(self.events)
        return Analysis(self.document.id, self.events, self.mentions, features, self.pieces)


def _analyse(documents: Sequence[Document]) -> Iterator[Analysis]:
    """Parse the documents' pieces in batches of at most CHUNK_CHARS characters; yield each
    document's Analysis as soon as its last piece is read (parses are dropped at once)."""
    nlp = model()
    work: list[tuple[_Reading, int, str]] = []
    for document in documents:
        pieces = split_text(document.text, MAX_PIECE_CHARS)
        reading = _Reading(document, len(pieces))
        work.extend((reading, offset, text) for offset, text in pieces)
    for batch in batches(work, lambda w: len(w[2]), max_items=len(work), max_size=CHUNK_CHARS):
        texts = [text for _, _, text in batch]
        for (reading, offset, _), spdoc in zip(batch, nlp.pipe(texts, batch_size=len(texts)), strict=True):
            reading.add(spdoc, offset)
            if reading.left == 0:
                yield reading.result()


def _mentions(spdoc: Doc, offset: int) -> list[ActorMention]:
    spans = spdoc.spans.get("actors", [])
    found = [ActorMention(sp.label_, sp.text, sp.start_char, sp.end_char, sp.kb_id_ or "entity") for sp in spans]
    if offset:
        found = [dataclasses.replace(m, start=m.start + offset, end=m.end + offset) for m in found]
    return found

"""The main job, in one direction: sources (files, URLs, feeds) -> documents -> language -> spaCy -> events -> store,
then stories and claims across documents (grouping.py).

Documents are streamed: nothing holds the corpus in memory, and each document is
committed on its own transaction once analysed, so a crash loses nothing committed
and a re-run skips what is already stored unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError, RecoupeError, StoreError
from .grouping import Grouping, Progress, group
from .ingest.ids import DocumentIds
from .ingest.language import language_error
from .ingest.readers import MAX_BYTES
from .ingest.sources import Source, iter_sources
from .records import ActorMention, Document, Event
from .store import Store


@dataclass(slots=True)
class Summary:
    """What one `analyze` run did, for the table at the end and the exit status."""

    files: int = 0
    documents: int = 0
    analysed: int = 0
    unchanged: int = 0
    other_language: int = 0
    failed: int = 0
    events: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_factuality: Counter[str] = field(default_factory=Counter)
    problems: list[RecoupeError] = field(default_factory=list)
    new_docs: list[str] = field(default_factory=list)  # analysed in this run, in order
    grouping: Grouping | None = None


@dataclass(slots=True)
class Options:
    max_bytes: int = MAX_BYTES
    batch_size: int = 32
    force: bool = False  # re-analyse unchanged documents too
    group: bool = True  # place the documents in stories and merge claims at the end


Notify = Callable[[str, RecoupeError | None], None]


def _documents(inputs: Iterable[str | Path | Source], store: Store, opts: Options, summary: Summary,
               notify: Notify) -> Iterator[tuple[str, Document]]:
    """Documents that need analysis, as (text, document) pairs for nlp.pipe."""
    ids = DocumentIds(store.document_source)  # an id shared by two inputs is made unique, not overwritten
    for source in iter_sources(inputs, max_bytes=opts.max_bytes):
        summary.files += 1
        for item in source.read():
            if isinstance(item, IngestError):
                summary.failed += 1
                summary.problems.append(item)
                store.record_failure(str(item.path or source.name), item.message)
                notify("failed", item)
                continue
            summary.documents += 1
            item = ids.assign(item)
            if not opts.force and store.document_state(item.id) == item.hash:
                summary.unchanged += 1
                notify("unchanged", None)
                continue
            err = language_error(item)  # the reader detected the language
            if err is not None:
                summary.other_language += 1
                summary.problems.append(err)
                notify("skipped", err)
                continue
            yield item.text, item


def mentions_of(spdoc: object) -> list[ActorMention]:
    spans = spdoc.spans.get("actors", [])  # type: ignore[attr-defined]
    return [ActorMention(sp.label_, sp.text, sp.start_char, sp.end_char, sp.kb_id_ or "entity") for sp in spans]


def analyze(paths: Iterable[str | Path | Source], store: Store, *, options: Options | None = None,
            notify: Notify | None = None, progress: Progress | None = None) -> Summary:
    from .nlp import build_nlp
    from .stories.features import features_of  # spaCy's French data: loaded by the jobs that parse

    opts = options or Options()
    summary = Summary()
    say: Notify = notify or (lambda kind, err: None)
    nlp = build_nlp()
    stream = _documents(paths, store, opts, summary, say)
    # No transaction is open while spaCy runs: each document is committed on its own once its
    # NLP is done (a second writer or a reader never waits for the NLP of this one).
    for spdoc, doc in nlp.pipe(stream, as_tuples=True, batch_size=opts.batch_size):
        events: list[Event] = []
        for ev in spdoc._.events or []:
            ev.doc = doc.id
            events.append(ev)
        try:
            store.save_analysed(doc, events, mentions_of(spdoc), features_of(spdoc, doc, events))
        except StoreError as refused:  # this document's content (a NUL character): named, the batch goes on
            if refused.doc is None:
                raise
            summary.failed += 1
            summary.problems.append(refused)
            store.record_failure(doc.path or doc.id, refused.message)
            say("failed", refused)
            continue
        summary.new_docs.append(doc.id)
        summary.analysed += 1
        summary.events += len(events)
        summary.by_type.update(e.type for e in events)
        summary.by_factuality.update(e.factuality for e in events)
        say("analysed", None)
    if opts.group:  # places every document waiting for a story, this run's and any left by a killed run
        summary.grouping = group(store, progress=progress)
    return summary


def extract_text(text: str) -> list[Event]:
    """Events of one text (for tests and the Python API)."""
    from .nlp import build_nlp

    spdoc = build_nlp()(text)
    return list(spdoc._.events or [])

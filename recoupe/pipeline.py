"""The main job, in one direction: sources (files, URLs, feeds) -> documents -> language -> spaCy -> events
-> store, then stories and claims across documents (grouping.py).

Documents are streamed: nothing holds the corpus in memory. The per-document stage (parse,
events, actors, fingerprint: `engines.analysis.analyse`) runs in an engine, in this process,
a pool of processes or a Dask cluster; this process alone writes, in input order, each
document in a transaction of its own, opened only once the document is analysed (no write
lock is held while spaCy runs). So Ctrl-C or a crash keeps every document already stored,
and a re-run skips what is stored unchanged, analyses the rest and groups whatever was
never grouped. A document whose analysis or storing fails is reported by name and the
batch goes on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .engines import Engine, open_engine
from .engines.analysis import Analysis, analyse_one
from .engines.pieces import CHUNK_CHARS, CHUNK_DOCS, chunks
from .errors import AnalysisError, IngestError, RecoupeError, StoreError
from .grouping import Grouping, Progress, group
from .ingest.ids import DocumentIds
from .ingest.language import language_error
from .ingest.readers import MAX_BYTES
from .ingest.sources import FileSource, Source, iter_sources
from .records import Document, Event
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
    batch_size: int = CHUNK_DOCS  # documents per chunk handed to a worker (and per spaCy batch)
    batch_chars: int = CHUNK_CHARS  # ... and about this many characters at most
    force: bool = False  # re-analyse unchanged documents too
    group: bool = True  # place the documents in stories and merge claims at the end
    engine: str = "local"  # "local" (this process or a pool) or "dask"
    workers: int = 1  # processes for the per-document stage ("local"), LocalCluster workers ("dask")
    scheduler: str | None = None  # a Dask scheduler address (tcp://HOST:PORT); None: a LocalCluster
    # the outlet of documents from files that name none (.txt files): a name, or each file's folder name
    outlet: str | None = None
    outlet_from_folder: bool = False


Notify = Callable[[str, RecoupeError | None], None]


def _documents(inputs: Iterable[str | Path | Source], store: Store, opts: Options, summary: Summary,
               notify: Notify) -> Iterator[Document]:
    """The documents that need analysis, read lazily source by source."""
    ids = DocumentIds(store.document_source)  # an id shared by two inputs is made unique, not overwritten
    for source in iter_sources(inputs, max_bytes=opts.max_bytes):
        summary.files += 1
        try:
            yield from _read(source, ids, store, opts, summary, notify)
        except Exception as exc:  # a reader bug on one odd input must not end the batch
            _failed(store, summary, notify, IngestError(f"could not be read: {type(exc).__name__}: {exc}",
                                                        path=source.name))


def _read(source: Source, ids: DocumentIds, store: Store, opts: Options, summary: Summary,
          notify: Notify) -> Iterator[Document]:
    for item in source.read():
        if isinstance(item, IngestError):
            if item.path is None:
                item.path = source.name
            _failed(store, summary, notify, item)
            continue
        summary.documents += 1
        # before the id and the unchanged check: the content hash follows the outlet
        item = ids.assign(with_outlet(item, source, opts))
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
        yield item


def with_outlet(doc: Document, source: Source, opts: Options) -> Document:
    """The document with the outlet the user gave (`--outlet`, or `--outlet-from-folder`: the name
    of the folder its file is in), when it comes from a file and names no outlet itself. Set here,
    where documents are read, so every engine (this process, a pool, Dask) analyses the same document."""
    if doc.outlet or not isinstance(source, FileSource):
        return doc
    outlet = opts.outlet or (source.path.resolve().parent.name if opts.outlet_from_folder else None)
    if not outlet:
        return doc
    return Document.make(doc.id, doc.text, title=doc.title, outlet=outlet, url=doc.url, published=doc.published,
                         language=doc.language, path=doc.path, line=doc.line)


def _failed(store: Store, summary: Summary, notify: Notify, problem: RecoupeError) -> None:
    summary.failed += 1
    summary.problems.append(problem)
    try:
        store.record_failure(problem.path or problem.doc or "-", problem.message)
    except RecoupeError as exc:  # the store itself is failing: still name the document
        summary.problems.append(exc)
    notify("failed", problem)


def analyze(paths: Iterable[str | Path | Source], store: Store, *, options: Options | None = None,
            notify: Notify | None = None, progress: Progress | None = None,
            engine: Engine | None = None) -> Summary:
    """Analyse the articles under `paths` into `store`, then group the new ones into stories
    and claims. `engine`: an engine already started (the options' engine otherwise)."""
    opts = options or Options()
    summary = Summary()
    say: Notify = notify or (lambda kind, err: None)
    documents = _documents(paths, store, opts, summary, say)
    work = chunks(documents, max_docs=opts.batch_size, max_chars=opts.batch_chars)
    if engine is None:
        with open_engine(opts.engine, workers=opts.workers, scheduler=opts.scheduler) as own:
            _write(own.map(work), store, summary, say)
    else:
        _write(engine.map(work), store, summary, say)
    if opts.group:  # places every document waiting for a story, this run's and any left by a killed run
        summary.grouping = group(store, progress=progress)
    return summary


def _write(results: Iterable[tuple[list[Document], list[Analysis]]], store: Store, summary: Summary,
           notify: Notify) -> None:
    """Store each analysed document in a transaction of its own, in input order."""
    for chunk, analyses in results:
        for doc, analysis in zip(chunk, analyses, strict=True):
            if analysis.error is None:
                try:
                    _save(store, doc, analysis)
                except StoreError as exc:
                    if exc.doc is None:  # the store itself failed, not this document: nothing more can be stored
                        raise
                    analysis.error = f"could not be stored: {exc.message}"
                except Exception as exc:  # an unforeseen value in one document: its transaction rolled back
                    analysis.error = f"could not be stored: {type(exc).__name__}: {exc}"
            if analysis.error is not None:
                _failed(store, summary, notify, AnalysisError(analysis.error, path=doc.path, doc=doc.id))
                continue
            summary.new_docs.append(doc.id)
            summary.analysed += 1
            summary.events += len(analysis.events)
            summary.by_type.update(e.type for e in analysis.events)
            summary.by_factuality.update(e.factuality for e in analysis.events)
            notify("analysed", None)


def _save(store: Store, doc: Document, analysis: Analysis) -> None:
    """One document, its events, actor mentions and fingerprint: one transaction."""
    store.save_analysed(doc, analysis.events, analysis.mentions, analysis.features)


def extract_text(text: str) -> list[Event]:
    """Events of one text (for tests and the Python API)."""
    analysis = analyse_one(Document.make("text", text))
    if analysis.error is not None:
        raise AnalysisError(analysis.error, doc="text")
    return analysis.events

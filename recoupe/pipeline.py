"""The main job, in one direction: files -> documents -> language -> spaCy -> events -> store,
then stories and claims across documents (grouping.py).

Documents are streamed: nothing holds the corpus in memory, and each document is
committed on its own (in small transactions), so a crash loses nothing committed
and a re-run skips what is already stored unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError, RecoupeError
from .grouping import Grouping, Progress, group
from .ingest.language import language_error
from .ingest.readers import MAX_BYTES, read_file
from .ingest.sources import iter_files
from .records import ActorMention, Document, Event
from .store.sqlite import Store

COMMIT_EVERY = 20


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
    # the outlet of documents that name none (.txt files): a name, or each file's folder name
    outlet: str | None = None
    outlet_from_folder: bool = False


Notify = Callable[[str, RecoupeError | None], None]


def _documents(paths: Iterable[str | Path], store: Store, opts: Options, summary: Summary,
               notify: Notify) -> Iterator[tuple[str, Document]]:
    """Documents that need analysis, as (text, document) pairs for nlp.pipe."""
    for path in iter_files(paths):
        summary.files += 1
        for item in read_file(path, max_bytes=opts.max_bytes):
            if isinstance(item, IngestError):
                summary.failed += 1
                summary.problems.append(item)
                store.record_failure(str(item.path or path), item.message)
                notify("failed", item)
                continue
            summary.documents += 1
            item = with_outlet(item, opts)
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


def with_outlet(doc: Document, opts: Options) -> Document:
    """The document with the outlet the user gave (`--outlet`, or `--outlet-from-folder`: the name
    of the folder its file is in), when it names none itself; the content hash follows the outlet."""
    if doc.outlet:
        return doc
    outlet = opts.outlet or (Path(doc.path).resolve().parent.name if opts.outlet_from_folder and doc.path else None)
    if not outlet:
        return doc
    return Document.make(doc.id, doc.text, title=doc.title, outlet=outlet, url=doc.url, published=doc.published,
                         language=doc.language, path=doc.path)


def mentions_of(spdoc: object) -> list[ActorMention]:
    spans = spdoc.spans.get("actors", [])  # type: ignore[attr-defined]
    return [ActorMention(sp.label_, sp.text, sp.start_char, sp.end_char, sp.kb_id_ or "entity") for sp in spans]


def analyze(paths: Iterable[str | Path], store: Store, *, options: Options | None = None,
            notify: Notify | None = None, progress: Progress | None = None) -> Summary:
    from .nlp import build_nlp
    from .stories.features import features_of  # spaCy's French data: loaded by the jobs that parse

    opts = options or Options()
    summary = Summary()
    say: Notify = notify or (lambda kind, err: None)
    nlp = build_nlp()
    stream = _documents(paths, store, opts, summary, say)
    pending = 0
    batch = store.batch()
    batch.__enter__()
    try:
        for spdoc, doc in nlp.pipe(stream, as_tuples=True, batch_size=opts.batch_size):
            events: list[Event] = []
            for ev in spdoc._.events or []:
                ev.doc = doc.id
                events.append(ev)
            store.save_document(doc, events, mentions_of(spdoc))
            store.save_features(features_of(spdoc, doc, events))
            summary.new_docs.append(doc.id)
            summary.analysed += 1
            summary.events += len(events)
            summary.by_type.update(e.type for e in events)
            summary.by_factuality.update(e.factuality for e in events)
            say("analysed", None)
            pending += 1
            if pending >= COMMIT_EVERY:
                batch.__exit__(None, None, None)
                batch = store.batch()
                batch.__enter__()
                pending = 0
    except BaseException as e:
        batch.__exit__(type(e), e, e.__traceback__)
        raise
    batch.__exit__(None, None, None)
    if opts.group:
        summary.grouping = group(store, summary.new_docs, progress=progress)
    return summary


def extract_text(text: str) -> list[Event]:
    """Events of one text (for tests and the Python API)."""
    from .nlp import build_nlp

    spdoc = build_nlp()(text)
    return list(spdoc._.events or [])

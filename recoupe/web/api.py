"""The JSON API behind the pages (/api/...): every list paginated (limit, offset, total), every
filter the pages have, and the events download (CSV, JSON lines) of exactly what a filter keeps."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import StreamingResponse

from recoupe.export.events import csv_cell
from recoupe.web import eventindex, queries, schemas, search
from recoupe.web.actors import actor_events, actor_facts, actor_graph
from recoupe.web.database import Database
from recoupe.web.filters import MAX_LIMIT, Actors, BadFilter, event_filter, story_filter
from recoupe.web.links import claim_path, document_path, safe_url, story_path
from recoupe.web.sentences import display_name
from recoupe.web.views import claim_view, document_view, event_sentence, story_view

router = APIRouter(prefix="/api", tags=["api"])


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


Db = Annotated[Database, Depends(get_db)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="rows per page")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Text = Annotated[str | None, Query()]
DATE_HELP = "ISO date (YYYY, YYYY-MM or YYYY-MM-DD)"


def event_query(
    db: Db,
    type: Annotated[str | None, Query(description="PLOVER type (AID, ACCUSE...)")] = None,
    actor: Annotated[str | None, Query(description="actor codes or names, comma-separated")] = None,
    factuality: Annotated[str | None, Query(description="asserted, reported, alleged, possible, denied, "
                                                        "intended")] = None,
    speaker: Annotated[str | None, Query(description="words of the speaker as written")] = None,
    outlet: Text = None,
    date_from: Annotated[str | None, Query(description=DATE_HELP)] = None,
    date_to: Annotated[str | None, Query(description=DATE_HELP)] = None,
    doc: Text = None,
    story: Text = None,
    claim: Text = None,
) -> tuple[queries.EventFilter, Actors | None]:
    try:
        return event_filter(db, type=type, actor=actor, factuality=factuality, speaker=speaker, outlet=outlet,
                            date_from=date_from, date_to=date_to, doc=doc, story=story, claim=claim)
    except BadFilter as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc


EventQuery = Annotated[tuple[queries.EventFilter, Actors | None], Depends(event_query)]


def event_item(e: queries.EventRow) -> schemas.EventItem:
    return schemas.EventItem(
        id=e.id, doc=e.doc, start=e.start, end=e.end, type=e.type, context=e.context, source=e.source,
        target=e.target, object=e.object, factuality=e.factuality, speaker=e.speaker, evidence=e.evidence,
        sentence=event_sentence(e), claim=e.claim, story=e.story, title=e.title, outlet=e.outlet,
        published=e.published, url=safe_url(e.url),
    )


@router.get("/stories", response_model=schemas.StoriesPage, summary="Stories, several outlets and newest first")
def api_stories(
    db: Db,
    q: Annotated[str | None, Query(description="words that must occur in a title or text of the story")] = None,
    actor: Annotated[str | None, Query(description="actor codes or names, comma-separated")] = None,
    type: Annotated[str | None, Query(description="PLOVER type of some event of the story")] = None,
    date_from: Annotated[str | None, Query(description=DATE_HELP)] = None,
    date_to: Annotated[str | None, Query(description=DATE_HELP)] = None,
    multi: Annotated[bool, Query(description="only stories told by two outlets or more")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> schemas.StoriesPage:
    try:
        f, actors = story_filter(db, q=q, actor=actor, type=type, date_from=date_from, date_to=date_to, multi=multi)
    except BadFilter as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    total, rows = search.stories(db, f, queries.Page(limit, offset))
    items = [schemas.StoryItem(story=s.story, title=s.title, docs=s.docs, outlets=s.outlets, first=s.first,
                               last=s.last, claims=s.claims, contested=s.contested, url=story_path(s.story))
             for s in rows]
    return schemas.StoriesPage(total=total, limit=limit, offset=offset, items=items,
                               actor_codes=list(actors.codes) if actors else None)


@router.get("/stories/{story}", response_model=schemas.StoryOut, summary="One story compared across outlets")
def api_story(db: Db, story: str, limit: Limit = 100, offset: Offset = 0) -> schemas.StoryOut:
    view = story_view(db, story)
    if view is None:
        raise HTTPException(status_code=404, detail=f"no story {story!r}")
    c = view.comparison
    docs = [schemas.DocumentItem(id=t.doc.id, title=t.doc.title, outlet=t.doc.outlet, published=t.doc.published,
                                 url=safe_url(t.doc.url), page=document_path(t.doc.id), copy_of=t.copy_of)
            for t in view.docs]
    claims = [schemas.ClaimItem(
        id=line.claim.id, type=line.claim.type, source=line.claim.source, target=line.claim.target,
        objects=line.claim.objects, mode=line.claim.mode, code=line.claim.label, sentence=line.sentence,
        status=line.status.status, independent_outlets=line.status.independent_outlets, cells=line.status.cells,
        evidence=line.status.evidence, not_extracted=line.status.unextracted, url=claim_path(line.claim.id),
    ) for line in view.claims[offset:offset + limit]]
    views = [schemas.OutletItem(outlet=v.outlet, docs=v.docs, adds=v.adds, omits=v.omits,
                                not_extracted=v.not_extracted, copies_of=v.duplicates_of) for v in c.views]
    return schemas.StoryOut(story=c.story, title=c.title, first=c.first_seen, last=c.last_seen, outlets=c.outlets,
                            documents=docs, views=views, claim_items=claims,
                            claims=schemas.ListPage(total=len(view.claims), limit=limit, offset=offset))


@router.get("/claims/{claim}", response_model=schemas.ClaimOut, summary="One claim and every mention of it")
def api_claim(db: Db, claim: str, limit: Limit = 100, offset: Offset = 0) -> schemas.ClaimOut:
    view = claim_view(db, claim)
    if view is None:
        raise HTTPException(status_code=404, detail=f"no claim {claim!r}")
    c = view.claim
    mentions = [schemas.MentionItem(
        event=m.mention.event, doc=m.mention.doc, outlet=m.outlet, published=m.mention.published,
        factuality=m.mention.factuality, speaker=m.mention.speaker, start=m.mention.start, end=m.mention.end,
        evidence=m.evidence, sentence=m.sentence, copy_of=m.copy_of, document=document_path(m.mention.doc),
    ) for m in view.mentions[offset:offset + limit]]
    return schemas.ClaimOut(
        id=c.id, story=c.story, type=c.type, source=c.source, target=c.target, objects=c.objects, mode=c.mode,
        code=c.label,
        sentence=view.sentence, status=view.status, independent_outlets=view.independent_outlets,
        outlets=view.outlets, speakers=view.speakers, mention_items=mentions,
        mentions=schemas.ListPage(total=len(view.mentions), limit=limit, offset=offset),
    )


@router.get("/documents/{doc}", response_model=schemas.DocumentOut, summary="One article, its text and events")
def api_document(db: Db, doc: str, limit: Limit = 100, offset: Offset = 0) -> schemas.DocumentOut:
    view = document_view(db, doc)
    if view is None:
        raise HTTPException(status_code=404, detail=f"no document {doc!r}")
    f = queries.EventFilter(doc=doc)
    rows = eventindex.events(db, f, queries.Page(limit, offset))
    d = view.doc
    return schemas.DocumentOut(
        id=d.id, title=d.title, outlet=d.outlet, published=d.published, url=safe_url(d.url),
        page=document_path(d.id), copy_of=view.copy_of, story=view.story, text=d.text,
        event_items=[event_item(e) for e in rows],
        events=schemas.ListPage(total=len(view.events), limit=limit, offset=offset),
    )


@router.get("/events", response_model=schemas.EventsPage, summary="Events, filtered, newest first")
def api_events(db: Db, query: EventQuery, limit: Limit = 50, offset: Offset = 0) -> schemas.EventsPage:
    f, actors = query
    rows = eventindex.events(db, f, queries.Page(limit, offset))
    return schemas.EventsPage(total=eventindex.count(db, f), limit=limit, offset=offset,
                              items=[event_item(e) for e in rows],
                              actor_codes=list(actors.codes) if actors else None)


CSV_COLUMNS = ("id", "published", "outlet", "title", "type", "context", "source", "target", "object", "factuality",
               "speaker", "sentence", "evidence", "doc", "claim", "story", "url")


def _csv_lines(db: Database, f: queries.EventFilter) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in eventindex.iter_events(db, f):
        row = event_item(e).model_dump()
        writer.writerow([csv_cell(row[c]) for c in CSV_COLUMNS])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _jsonl_lines(db: Database, f: queries.EventFilter) -> Iterator[str]:
    for e in eventindex.iter_events(db, f):
        yield json.dumps(event_item(e).model_dump(), ensure_ascii=False) + "\n"


@router.get("/events.csv", summary="Download the filtered events as CSV (every page)",
            response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}})
def api_events_csv(db: Db, query: EventQuery) -> StreamingResponse:
    return StreamingResponse(_csv_lines(db, query[0]), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="recoupe-events.csv"'})


@router.get("/events.jsonl", summary="Download the filtered events as JSON lines (every page)",
            response_class=StreamingResponse, responses={200: {"content": {"application/x-ndjson": {}}}})
def api_events_jsonl(db: Db, query: EventQuery) -> StreamingResponse:
    return StreamingResponse(_jsonl_lines(db, query[0]), media_type="application/x-ndjson; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="recoupe-events.jsonl"'})


@router.get("/actors/{code}", response_model=schemas.ActorOut, summary="One actor: name, kind, counts")
def api_actor(db: Db, code: str) -> schemas.ActorOut:
    facts = actor_facts(db, code)
    if facts is None:
        raise HTTPException(status_code=404, detail=f"no actor {code!r} in this database")
    span = facts.span
    return schemas.ActorOut(code=code, name=facts.name, kind=facts.kind, events=span.events,
                            as_source=span.as_source, as_target=span.as_target, first=span.first, last=span.last,
                            written=[t for t, _ in facts.written])


@router.get("/actors/{code}/graph", response_model=schemas.GraphOut,
            summary="The actor's events as a graph: source -> target edges per type, width = mentions")
def api_actor_graph(db: Db, code: str, query: EventQuery) -> schemas.GraphOut:
    graph = actor_graph(actor_events(db, code, query[0]), code)
    return schemas.GraphOut(
        code=code, events=graph.events, truncated=graph.truncated,
        nodes=[schemas.GraphNode(id=c, label=display_name(c), mentions=n, focus=c == code) for c, n in graph.nodes],
        edges=[schemas.GraphEdge(source=e.source, target=e.target, type=e.type, firm=e.firm, mentions=e.mentions)
               for e in graph.edges],
    )


@router.get("/outlets", response_model=schemas.OutletsPage, summary="Outlets and their number of documents")
def api_outlets(db: Db, limit: Limit = 100, offset: Offset = 0) -> schemas.OutletsPage:
    rows = queries.outlets(db)
    return schemas.OutletsPage(total=len(rows), limit=limit, offset=offset,
                               items=[schemas.OutletCount(outlet=o, docs=n) for o, n in rows[offset:offset + limit]])

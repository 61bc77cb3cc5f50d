"""The HTML pages: server-rendered Jinja2 templates (autoescaped) over the same builders as the API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from recoupe.compare.story import STRENGTH
from recoupe.records import EVENT_TYPES, FACTUALITIES
from recoupe.report.html import ABSENT, FACTUALITY_LEGEND, STATUS_LEGEND, UNEXTRACTED
from recoupe.web import eventindex, queries, search
from recoupe.web.actors import actor_facts
from recoupe.web.api import Db, Limit, Offset, event_query
from recoupe.web.filters import BadFilter, story_filter
from recoupe.web.links import actor_path, claim_path, document_path, safe_url, story_path
from recoupe.web.sentences import display_name
from recoupe.web.views import claim_view, document_view, event_sentence, story_view

TEMPLATES = Path(__file__).parent / "templates"
# autoescape everywhere (not only by file extension); an undefined name is an error, not a blank
env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined)
templates = Jinja2Templates(env=env)
env.globals.update(
    story_path=story_path, claim_path=claim_path, document_path=document_path, actor_path=actor_path,
    safe_url=safe_url, name=display_name, event_sentence=event_sentence, EVENT_TYPES=EVENT_TYPES,
    FACTUALITIES=FACTUALITIES, STRENGTH=STRENGTH,
)
# the report's glyphs and meanings: a factuality is written as a glyph and a word, not by colour alone
env.globals.update(FACTUALITY=FACTUALITY_LEGEND, STATUS=STATUS_LEGEND, ABSENT=ABSENT, UNEXTRACTED=UNEXTRACTED)

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    db = request.app.state.db
    context.setdefault("db_name", db.name)
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def pager(request: Request, total: int, limit: int, offset: int) -> dict[str, Any]:
    """Links to the previous and next pages, keeping every other query parameter."""
    params = {k: v for k, v in request.query_params.items() if k not in ("limit", "offset")}

    def link(at: int) -> str:
        return "?" + urlencode({**params, "limit": limit, "offset": at})

    return {
        "total": total, "first": offset + 1 if total else 0, "last": min(offset + limit, total),
        "prev": link(max(0, offset - limit)) if offset > 0 else None,
        "next": link(offset + limit) if offset + limit < total else None,
    }


@router.get("/", response_class=HTMLResponse)
def stories_page(
    request: Request, db: Db, q: str | None = None, actor: str | None = None, type: str | None = None,
    date_from: str | None = None, date_to: str | None = None,
    multi: Annotated[bool, Query()] = False, limit: Limit = 50, offset: Offset = 0,
) -> HTMLResponse:
    form = {"q": q or "", "actor": actor or "", "type": type or "", "date_from": date_from or "",
            "date_to": date_to or "", "multi": multi}
    try:
        f, actors = story_filter(db, q=q, actor=actor, type=type, date_from=date_from, date_to=date_to, multi=multi)
    except BadFilter as exc:
        return render(request, "stories.html", 400, form=form, error=str(exc), stories=[],
                      pager=pager(request, 0, limit, offset), actors=None)
    total, rows = search.stories(db, f, queries.Page(limit, offset))
    return render(request, "stories.html", form=form, error=None, stories=rows, actors=actors,
                  pager=pager(request, total, limit, offset))


@router.get("/stories/{story}", response_class=HTMLResponse)
def story_page(request: Request, db: Db, story: str) -> HTMLResponse:
    view = story_view(db, story)
    if view is None:
        raise HTTPException(status_code=404, detail=f"There is no story {story!r} in this database.")
    return render(request, "story.html", view=view, c=view.comparison)


@router.get("/claims/{claim}", response_class=HTMLResponse)
def claim_page(request: Request, db: Db, claim: str) -> HTMLResponse:
    view = claim_view(db, claim)
    if view is None:
        raise HTTPException(status_code=404, detail=f"There is no claim {claim!r} in this database.")
    return render(request, "claim.html", view=view)


@router.get("/documents/{doc}", response_class=HTMLResponse)
def document_page(request: Request, db: Db, doc: str) -> HTMLResponse:
    view = document_view(db, doc)
    if view is None:
        raise HTTPException(status_code=404, detail=f"There is no document {doc!r} in this database.")
    return render(request, "document.html", view=view)


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor_page(request: Request, db: Db, code: str, type: str | None = None, factuality: str | None = None,
               date_from: str | None = None, date_to: str | None = None, limit: Limit = 50,
               offset: Offset = 0) -> HTMLResponse:
    facts = actor_facts(db, code)
    if facts is None:
        raise HTTPException(status_code=404, detail=f"No event or mention names the actor {code!r}.")
    form = {"type": type or "", "factuality": factuality or "", "date_from": date_from or "",
            "date_to": date_to or ""}
    try:
        f, _ = event_query(db, type=type, factuality=factuality, date_from=date_from, date_to=date_to)
    except HTTPException as exc:
        return render(request, "actor.html", 400, code=code, facts=facts, form=form, error=exc.detail, events=[],
                      pager=pager(request, 0, limit, offset), graph_query="")
    f = queries.EventFilter(type=f.type, actors=(code,), factuality=f.factuality, date_from=f.date_from,
                            date_to=f.date_to)
    rows = eventindex.events(db, f, queries.Page(limit, offset))
    graph_query = urlencode({k: v for k, v in form.items() if v})
    return render(request, "actor.html", code=code, facts=facts, form=form, error=None, events=rows,
                  pager=pager(request, eventindex.count(db, f), limit, offset), graph_query=graph_query)


@router.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request, db: Db, type: str | None = None, actor: str | None = None, factuality: str | None = None,
    speaker: str | None = None, outlet: str | None = None, date_from: str | None = None,
    date_to: str | None = None, doc: str | None = None, story: str | None = None, claim: str | None = None,
    limit: Limit = 50, offset: Offset = 0,
) -> HTMLResponse:
    form = {"type": type or "", "actor": actor or "", "factuality": factuality or "", "speaker": speaker or "",
            "outlet": outlet or "", "date_from": date_from or "", "date_to": date_to or "", "doc": doc or "",
            "story": story or "", "claim": claim or ""}
    outlets = queries.outlets(db)
    try:
        f, actors = event_query(db, type=type, actor=actor, factuality=factuality, speaker=speaker, outlet=outlet,
                                date_from=date_from, date_to=date_to, doc=doc, story=story, claim=claim)
    except HTTPException as exc:
        return render(request, "events.html", 400, form=form, error=exc.detail, events=[], outlets=outlets,
                      actors=None, pager=pager(request, 0, limit, offset), download="")
    rows = eventindex.events(db, f, queries.Page(limit, offset))
    download = urlencode({k: v for k, v in form.items() if v})
    return render(request, "events.html", form=form, error=None, events=rows, outlets=outlets, actors=actors,
                  pager=pager(request, eventindex.count(db, f), limit, offset), download=download)


@router.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    """The API described from the OpenAPI schema, readable offline (no external documentation UI)."""
    schema = request.app.openapi()
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [(p["name"], p.get("in", ""), p.get("description", "")) for p in op.get("parameters", [])]
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                              "params": params})
    return render(request, "api.html", endpoints=endpoints)

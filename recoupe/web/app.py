"""The ASGI application of `recoupe serve`: pages, the JSON API, local static files, and the
security headers every response carries.

The Content-Security-Policy allows scripts and styles from this server only: no inline script,
no event-handler attribute, no CDN. FastAPI's own documentation pages load their scripts from a
CDN, so they are off; /api describes the API from its OpenAPI schema instead.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from os import PathLike
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from recoupe import __version__
from recoupe.actors.gazetteer import load_gazetteer
from recoupe.errors import RecoupeError
from recoupe.web import api, pages
from recoupe.web.database import Database
from recoupe.web.eventindex import event_index
from recoupe.web.queries import story_index
from recoupe.web.sentences import phrases

STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # the reader's trail is not sent to the articles' sites
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """Pure ASGI middleware (streams pass through untouched) adding HEADERS to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def _warm(db: Database) -> None:
    with suppress(RecoupeError):  # a failing read is reported by the request that needs it
        story_index(db)
        event_index(db)
        load_gazetteer()
        phrases()


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(db: str | PathLike[str]) -> FastAPI:
    """The application over one store (a SQLite file or a postgresql:// URL), opened read-only."""
    database = Database(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # the kept summaries (stories, actors) are built while the server starts taking requests,
        # so that the first reader rarely waits for them
        threading.Thread(target=_warm, args=(database,), name="recoupe-warm", daemon=True).start()
        yield
        database.close()

    app = FastAPI(title="recoupe", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Read-only API over a recoupe database: stories, their cross-outlet comparison, "
                              "claims, documents, events and actors. Every list takes limit and offset.")
    app.state.db = database
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return pages.render(request, "error.html", exc.status_code, status=exc.status_code, message=exc.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in exc.errors()]
        if _wants_json(request):
            return JSONResponse({"detail": errors}, status_code=422)
        return pages.render(request, "error.html", 422, status=422, message="; ".join(errors))

    @app.exception_handler(RecoupeError)
    async def store_error(request: Request, exc: RecoupeError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.line()}, status_code=500)
        return pages.render(request, "error.html", 500, status=500, message=exc.line())

    return app


__all__ = ["HTTPException", "create_app"]

"""A canned news site on 127.0.0.1 (pytest-httpserver) and a fake clock: no test touches the internet
or waits for a back-off."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from recoupe.ingest.fetch import Fetcher, FetchOptions

WEB = Path(__file__).parent / "fixtures" / "web"
HTML = "text/html; charset=utf-8"


@dataclass
class FakeTime:
    """A clock that only moves when something sleeps: waits are recorded, never spent."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class Site:
    """The canned site: two feeds and three French articles; robots.txt as each test wants."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.base = server.url_for("").rstrip("/")

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def robots(self, text: str | None) -> None:
        """Serve `text` as /robots.txt, or a 404 (no rules: everything allowed)."""
        if text is None:
            self.server.expect_request("/robots.txt").respond_with_data("not found", status=404)
        else:
            self.server.expect_request("/robots.txt").respond_with_data(text, content_type="text/plain")

    def page(self, path: str, name: str) -> None:
        self.server.expect_request(path).respond_with_data((WEB / name).read_bytes(), content_type=HTML)

    def feed(self, path: str, name: str, content_type: str = "application/rss+xml; charset=utf-8",
             drop: int = 0) -> None:
        """Serve a fixture feed with its links pointing at this server (the last `drop` items left out)."""
        text = (WEB / name).read_text(encoding="utf-8").replace("{base}", self.base)
        for _ in range(drop):
            start = text.rindex("<item>")
            text = text[:start] + text[text.index("</item>", start) + len("</item>"):]
        self.server.expect_request(path).respond_with_data(text.encode("utf-8"), content_type=content_type)

    def everything(self) -> None:
        self.robots(None)
        self.feed("/rss.xml", "rss.xml")
        self.feed("/atom.xml", "atom.xml", content_type="application/atom+xml")
        self.page("/monde/caesar.html", "caesar.html")
        self.page("/monde/sanctions.html", "sanctions.html")
        self.page("/monde/obus.html", "obus.html")

    def requested(self, path: str) -> int:
        """How many times `path` was asked for."""
        return sum(1 for request, _ in self.server.log if request.path == path)


@pytest.fixture
def site(httpserver: HTTPServer) -> Site:
    return Site(httpserver)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def fetcher(fake_time: FakeTime) -> Iterator[Fetcher]:
    options = FetchOptions(timeout=5.0, retries=3, backoff=1.0, delay=0.0)
    with Fetcher(options, clock=fake_time.clock, sleep=fake_time.sleep) as fetcher:
        yield fetcher

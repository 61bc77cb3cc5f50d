"""A canned news site on 127.0.0.1 (pytest-httpserver) and a fake clock, for the tests of URLs,
feeds and `watch`: no test touches the internet or waits for a back-off. Fixtures: tests/conftest.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pytest_httpserver import HTTPServer

WEB = Path(__file__).parent / "ingest" / "fixtures" / "web"
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

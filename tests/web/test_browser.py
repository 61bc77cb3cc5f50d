"""The pages in a real browser: Debian's Chromium, headless, driven by Playwright for Python.

Opens every page, clicks from a story to a claim to a document to an actor, checks that the
grid's cells open on click and all show in print, that a 20-outlet grid scrolls sideways under
a sticky claim column, that the actor network is drawn, and that no page logs a console error
or asks anything of another host. Screenshots go to a temporary folder (printed), or to
RECOUPE_SCREENSHOTS=DIR to keep them.

Skipped, with the reason, only where Chromium is not installed (`make sysdeps` installs it);
Playwright never downloads a browser here.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from recoupe.web.app import create_app

from .conftest import STORY, build

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (`make sysdeps` installs it; needs root or sudo)")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build(tmp_path_factory.mktemp("browser") / "web.db", wide=20)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert instance.started, "the test server did not start"
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder, or RECOUPE_SCREENSHOTS to keep them."""
    chosen = os.environ.get("RECOUPE_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


class Watched:
    """A page whose console errors, uncaught exceptions and requests to other hosts are kept."""

    def __init__(self, browser: Any, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="fr-FR")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        host = base.split("//", 1)[1]

        def route(r: Any) -> None:
            if r.request.url.split("//", 1)[-1].startswith(host):
                r.continue_()
            else:  # the pages work offline: nothing may come from elsewhere
                self.foreign.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any, server: str) -> Iterator[Watched]:
    w = Watched(browser, server)
    yield w
    w.close()
    assert w.errors == [], w.errors
    assert w.foreign == [], w.foreign


def test_every_page_opens_without_console_errors(watched: Watched, server: str, shots: Path) -> None:
    page = watched.page
    claim = page.request.get(f"{server}/api/stories/{STORY}").json()["claim_items"][0]["id"]
    for name, path in (("stories", "/"), ("story", f"/stories/{STORY}"), ("wide-story", "/stories/s-wide"),
                       ("claim", f"/claims/{claim}"), ("document", "/documents/d3"), ("actor", "/actors/PRK"),
                       ("events", "/events"), ("events-filtered", "/events?type=AID&actor=Corée du Nord"),
                       ("api", "/api")):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        if name == "actor":
            page.wait_for_selector("#graph[data-ready=true]", timeout=15000)
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_click_story_claim_document_actor(watched: Watched, server: str, shots: Path) -> None:
    page = watched.page
    page.goto(server + "/")
    page.click(f"a[href='/stories/{STORY}']")
    page.wait_for_url(f"**/stories/{STORY}")
    cell = page.locator("td.cell.f-reported").first
    said = cell.locator(".said")
    assert not said.is_visible()
    cell.locator("button.cellbtn").click()  # the sentence opens in the cell
    assert said.is_visible() and "John Kirby" in said.inner_text()
    page.click("#show-all")
    assert all(s.is_visible() for s in page.locator("td.cell:not(.f-absent) .said").all())
    page.screenshot(path=str(shots / "story-open-cells.png"), full_page=True)

    page.locator("a.sentence-link").first.click()
    page.wait_for_url("**/claims/*")
    assert "La Corée du Nord fournit des obus d'artillerie à la Russie" in page.inner_text("h1")
    page.locator("ol.mentions a[href^='/documents/d3']").first.click()
    page.wait_for_url("**/documents/d3*")
    assert 'alert("x")' in page.inner_text("article.text")  # hostile text shown as text, not run
    assert page.locator("article.text img").count() == 0
    page.locator("a.actor-ref[href='/actors/PRK']").first.click()
    page.wait_for_url("**/actors/PRK")
    page.wait_for_selector("#graph[data-ready=true]", timeout=15000)
    assert page.locator("#graph canvas").count() > 0  # Cytoscape drew the network
    assert "events" in page.inner_text("#graph-status")
    page.screenshot(path=str(shots / "actor-after-clicks.png"), full_page=True)


def test_print_shows_every_sentence(watched: Watched, server: str, shots: Path) -> None:
    page = watched.page
    page.goto(f"{server}/stories/{STORY}")
    page.emulate_media(media="print")
    saids = page.locator("td.cell:not(.f-absent) .said").all()
    assert saids and all(s.is_visible() for s in saids)
    page.pdf(path=str(shots / "story-print.pdf"))


def test_a_twenty_outlet_grid_scrolls_under_sticky_headers(watched: Watched, server: str, shots: Path) -> None:
    page = watched.page
    page.goto(f"{server}/stories/s-wide")
    assert page.locator("table.grid thead th.outlet").count() == 20
    wrap = page.locator(".grid-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")  # scrolls sideways, the page does not
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    claim_cell = page.locator("table.grid tbody th.claim-col").first
    before = claim_cell.bounding_box()
    wrap.evaluate("el => { el.scrollLeft = 800; }")
    after = claim_cell.bounding_box()
    assert before is not None and after is not None and abs(before["x"] - after["x"]) < 1  # sticky column
    assert page.locator("table.grid thead th").first.evaluate("el => getComputedStyle(el).position") == "sticky"
    page.screenshot(path=str(shots / "wide-story-scrolled.png"))


def test_events_filter_form_and_download_link(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(f"{server}/events")
    page.select_option("#f-type", "AID")
    page.fill("input[name=actor]", "Corée du Nord")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*type=AID*")
    assert page.locator("table.events tbody tr").count() == 3
    href = page.get_attribute("a[href^='/api/events.csv']", "href")
    assert href is not None and "type=AID" in href
    body = page.request.get(server + href).text()
    assert len(body.strip().splitlines()) == 1 + 3

"""The HTML pages (test client): every page renders, text from articles is escaped everywhere,
a javascript: URL is never a link, and no page carries inline script (the CSP forbids it)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from .conftest import STORY

PAGES = ("/", "/?q=obus&actor=PRK&type=AID&date_from=2024-01-01&multi=true", f"/stories/{STORY}", "/stories/s-greve",
         "/documents/d1", "/documents/d3", "/actors/PRK", "/actors/PRK?factuality=denied", "/events",
         "/events?type=AID&actor=Corée du Nord&speaker=Kirby", "/api")


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def _claim_ids(client: TestClient) -> list[str]:
    return [c["id"] for c in client.get(f"/api/stories/{STORY}").json()["claim_items"]]


def _all_pages(client: TestClient) -> list[str]:
    return [*PAGES, *(f"/claims/{c}" for c in _claim_ids(client))]


def test_every_page_renders(client: TestClient) -> None:
    for path in _all_pages(client):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:500])
        assert r.headers["content-type"].startswith("text/html")


def test_security_headers_on_pages_api_and_static(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/static/app.css", "/nope"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    assert client.get("/").headers["x-content-type-options"] == "nosniff"


def test_no_inline_script_and_no_event_handler_attributes(client: TestClient) -> None:
    for path in _all_pages(client):
        page = _parse(client.get(path).text)
        assert page.script_text == [], path
        for tag, attrs in page.tags:
            if tag == "script":
                assert attrs.get("src", "").startswith("/static/"), path  # served locally, no CDN
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            assert "style" not in attrs, (path, tag)  # the CSP allows no inline style either


def test_article_text_is_escaped_everywhere(client: TestClient) -> None:
    for path in _all_pages(client):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in client.get("/documents/d3").text


def test_a_javascript_url_is_never_a_link(client: TestClient) -> None:
    for path in _all_pages(client):
        for tag, attrs in _parse(client.get(path).text).tags:
            for name in ("href", "src", "action"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, tag, attrs)
    assert "javascript:alert(1)" in client.get("/documents/d3").text  # shown as text


def test_story_page_has_the_grid_links_and_timeline(client: TestClient) -> None:
    html = client.get(f"/stories/{STORY}").text
    assert "La Corée du Nord fournit des obus d&#39;artillerie à la Russie — selon John Kirby" in html
    assert "PRK AID RUS (obus d&#39;artillerie)" in html  # the code stays available
    assert html.index("s-contested") < html.index("s-single")  # contested claims first
    assert html.count('class="cell f-') == 2 * 3  # two claims x three outlets
    assert 'href="https://lemonde.example/obus"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert 'class="timeline"' in html and "2024-03-01" in html
    assert "wire copy" in html


def test_document_page_links_events_to_claims_and_actors(client: TestClient) -> None:
    html = client.get("/documents/d1").text
    claims = _claim_ids(client)
    assert all(f'href="/claims/{c}"' in html for c in claims)
    assert 'href="/actors/PRK"' in html and '<mark class="ev f-reported"' in html


def test_filters_show_in_the_form_and_in_the_download_links(client: TestClient) -> None:
    html = client.get("/events", params={"type": "AID", "actor": "PRK"}).text
    assert '<option value="AID" selected>' in html
    assert 'href="/api/events.csv?type=AID&amp;actor=PRK"' in html


def test_bad_filters_and_unknown_ids_get_a_page(client: TestClient) -> None:
    r = client.get("/events", params={"type": "NOPE"})
    assert r.status_code == 400 and "unknown type" in r.text
    r = client.get("/stories/nope")
    assert r.status_code == 404 and "no story" in r.text and "<html" in r.text


@pytest.mark.parametrize("path", ["/static/app.css", "/static/grid.js", "/static/graph.js"])
def test_static_files_are_served_locally(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_api_page_lists_the_endpoints_from_the_schema(client: TestClient) -> None:
    html = client.get("/api").text
    assert re.search(r"/api/events\.csv", html) and "/api/openapi.json" in html

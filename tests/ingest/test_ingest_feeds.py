"""RSS and Atom feeds read with feedparser: absolute canonical links, guids, dates in the feed's
own time zone; a page that is no feed is one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.errors import IngestError
from recoupe.ingest.feeds import is_feed, parse_feed
from recoupe.ingest.fetch import Page

WEB = Path(__file__).parent / "fixtures" / "web"
BASE = "http://127.0.0.1:8000"


def page(body: bytes | str, content_type: str = "application/rss+xml", url: str = f"{BASE}/rss.xml") -> Page:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Page(url, url, 200, content_type, None, data)


def fixture(name: str) -> str:
    return (WEB / name).read_text(encoding="utf-8").replace("{base}", BASE)


def test_rss_items_give_absolute_canonical_links_guids_and_local_dates() -> None:
    feed = parse_feed(page(fixture("rss.xml")))
    assert feed.title == "La Gazette - International"
    assert [e.url for e in feed.entries] == [f"{BASE}/monde/caesar.html", f"{BASE}/monde/sanctions.html"]
    assert [e.guid for e in feed.entries] == ["gazette-1001", "gazette-1002"]
    assert feed.entries[0].title == "La France livre des canons Caesar à l'Ukraine"
    # 00:30 in Paris on the 20th is still the 19th in UTC: the outlet's date is the 20th.
    assert [e.published for e in feed.entries] == ["2024-01-18", "2024-01-20"]
    assert feed.problems == []


def test_atom_entries() -> None:
    feed = parse_feed(page(fixture("atom.xml"), "application/atom+xml", f"{BASE}/atom.xml"))
    assert feed.title == "Le Quotidien — Monde"
    (entry,) = feed.entries
    assert entry.url == f"{BASE}/monde/obus.html"
    assert entry.guid == "urn:lequotidien:article:77" and entry.published == "2023-10-13"


def test_an_item_without_a_link_is_reported_and_the_others_kept() -> None:
    text = fixture("rss.xml").replace(f"<link>{BASE}/monde/caesar.html?utm_source=rss&amp;xtor=RSS-1</link>", "")
    feed = parse_feed(page(text))
    assert [e.guid for e in feed.entries] == ["gazette-1002"]
    (problem,) = feed.problems
    assert problem.path == f"{BASE}/rss.xml" and "item 1 (La France livre" in problem.message


def test_a_page_that_is_no_feed_is_one_error_naming_it() -> None:
    with pytest.raises(IngestError) as caught:
        parse_feed(page("<html><body><p>Bonjour</p></body></html>", "application/xml"))
    assert caught.value.path == f"{BASE}/rss.xml" and "not an RSS or Atom feed" in caught.value.message


def test_a_truncated_feed_keeps_the_items_it_has() -> None:
    text = fixture("rss.xml")
    feed = parse_feed(page(text[: text.index("</item>") + len("</item>")]))
    assert [e.guid for e in feed.entries] == ["gazette-1001"]


def test_feeds_are_told_from_pages_by_type_or_root_element() -> None:
    assert is_feed(page("x", "application/rss+xml"))
    assert is_feed(page("x", "application/atom+xml; charset=utf-8"))
    assert is_feed(page(fixture("rss.xml"), "text/plain"))
    assert is_feed(page(fixture("atom.xml"), ""))
    assert not is_feed(page((WEB / "caesar.html").read_bytes(), "text/html"))
    assert not is_feed(page("<rss>", "text/html"))  # a page quoting a feed is still a page

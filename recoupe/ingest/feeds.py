"""RSS and Atom feeds: which fetched pages are feeds, and the article links they list (feedparser)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser

from recoupe.errors import IngestError
from recoupe.ingest.fetch import Page
from recoupe.ingest.urls import canonical_url, is_url

_FEED_TYPES = ("rss", "atom", "rdf", "/xml", "+xml")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")
_SNIFF = 2048


@dataclass(slots=True, frozen=True)
class FeedEntry:
    """One item of a feed: the article it links to, with what the feed says about it."""

    url: str  # absolute, canonical
    guid: str  # the feed's id for the item (its link when it gives none)
    title: str
    published: str | None  # ISO date, in the feed's own time zone


@dataclass(slots=True, frozen=True)
class Feed:
    url: str
    title: str  # the channel's title: the outlet, when the article page does not name it
    entries: list[FeedEntry]
    problems: list[IngestError]  # items that could not be used (no link...), one line each


def is_feed(page: Page) -> bool:
    """Whether a fetched page is a feed rather than an article, from its type or first bytes."""
    kind = page.content_type.split(";")[0].strip().lower()
    if "html" in kind:  # text/html, application/xhtml+xml: a page, whatever it says inside
        return False
    if any(mark in kind for mark in _FEED_TYPES):
        return True
    # Servers often send feeds as text/plain or application/octet-stream: look at the root element.
    return _FEED_ROOT.search(page.body[:_SNIFF]) is not None


def parse_feed(page: Page) -> Feed:
    """The entries of a feed page, in feed order; IngestError naming the feed if it is none."""
    where = page.url
    try:
        # content-location makes relative links absolute against where the feed was found.
        parsed = feedparser.parse(page.body, response_headers={
            "content-location": page.final_url, "content-type": page.content_type or "application/xml"})
    except Exception as exc:  # feedparser is lenient, but one odd document must not stop the batch
        raise IngestError(f"feed could not be parsed: {exc}", path=where) from exc
    if not parsed.entries and not parsed.version:
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise IngestError(f"not an RSS or Atom feed: {reason}", path=where)
    if not parsed.entries and parsed.bozo:
        # A broken feed that yields nothing must not pass for an empty one (a malformed
        # feed that still yields items is read: feedparser recovers what it can).
        raise IngestError(f"malformed feed: {parsed.get('bozo_exception')}", path=where)
    entries: list[FeedEntry] = []
    problems: list[IngestError] = []
    for number, item in enumerate(parsed.entries, start=1):
        link = (item.get("link") or "").strip()
        if not is_url(link):
            title = " ".join((item.get("title") or "").split())[:80]
            problems.append(IngestError(f"item {number} ({title or 'untitled'}) has no http(s) link: "
                                        f"{link or 'none'}", path=where))
            continue
        url = canonical_url(link)
        entries.append(FeedEntry(
            url=url,
            guid=(item.get("id") or "").strip() or url,
            title=" ".join((item.get("title") or "").split()),
            published=_entry_date(item),
        ))
    title = " ".join((parsed.feed.get("title") or "").split())
    return Feed(where, title, entries, problems)


def _entry_date(item: Any) -> str | None:
    """The item's publication date as the outlet wrote it (its own time zone), ISO."""
    raw = item.get("published") or item.get("updated") or ""
    local = _written_date(raw.strip()) if raw else None
    if local is not None:
        return local.isoformat()
    # feedparser's parsed form is in UTC: right except for articles published near midnight.
    parsed: time.struct_time | None = item.get("published_parsed") or item.get("updated_parsed")
    return None if parsed is None else date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()


def _written_date(raw: str) -> date | None:
    try:  # RSS: RFC 822 ("Tue, 05 Mar 2024 23:30:00 +0100")
        return parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:  # Atom: RFC 3339 ("2024-03-05T23:30:00+01:00")
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
    except ValueError:
        return None

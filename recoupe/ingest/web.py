"""URL sources: an article page, or a feed whose items are fetched as article pages.

Both give the same `Document`s the file readers give (title line first, outlet, url,
published), so the rest of the pipeline does not know where a document came from.
Given a seen-ledger (`watch`), items already ingested are skipped before they are fetched.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from recoupe.errors import FetchError, IngestError
from recoupe.ingest.feeds import Feed, FeedEntry, is_feed, parse_feed
from recoupe.ingest.fetch import Fetcher, Page
from recoupe.ingest.language import detect_language
from recoupe.ingest.readers import decode_html, html_article
from recoupe.ingest.seen import FAILED, SeenLedger, guid_key, text_key, url_key
from recoupe.ingest.urls import canonical_url, url_id
from recoupe.records import Document

# Pages that can hold an article; an empty type is let through (many servers omit it).
_PAGE_TYPES = ("html", "text/plain", "xml")


@dataclass(slots=True)
class WebCounts:
    """What a URL source met, beside the documents it yielded (for the `watch` cycle line)."""

    listed: int = 0  # items its feed listed
    seen: int = 0  # items skipped: already ingested


class UrlSource:
    """One URL given by the user: an article, or a feed of articles (told apart once fetched)."""

    def __init__(self, url: str, fetcher: Fetcher, *, ledger: SeenLedger | None = None,
                 found: Callable[[int], None] | None = None) -> None:
        self.url = url.strip()
        self.fetcher = fetcher
        self.ledger = ledger
        self.found = found  # told how many new items a feed lists (to grow a progress total)
        self.counts = WebCounts()

    @property
    def name(self) -> str:
        return self.url

    def read(self) -> Iterator[Document | IngestError]:
        if self._seen(url_key(canonical_url(self.url))):
            return  # an article URL given again to `watch`: ingested in an earlier cycle
        try:
            page = self.fetcher.get(self.url)
        except FetchError as error:
            yield error
            return
        if is_feed(page):
            yield from self._feed(page)
        else:
            yield from self._article(page, None, None)

    def _feed(self, page: Page) -> Iterator[Document | IngestError]:
        try:
            feed = parse_feed(page)
        except IngestError as error:
            yield error
            return
        yield from feed.problems
        self.counts.listed += len(feed.entries)
        fresh = list({e.url: e for e in feed.entries if not self._seen(*_item_keys(feed, e))}.values())
        self.counts.seen += len(feed.entries) - len(fresh)
        if self.found is not None:
            self.found(len(fresh))
        for entry in fresh:
            if self._seen(*_item_keys(feed, entry)):  # listed by an earlier feed of this cycle
                continue
            try:
                article = self.fetcher.get(entry.url)
            except FetchError as error:
                if not error.transient:  # a 404 or a Disallow stays so: do not ask every cycle
                    self._mark(*_item_keys(feed, entry), doc=None, status=FAILED)
                yield error
                continue
            yield from self._article(article, entry, feed)

    def _article(self, page: Page, entry: FeedEntry | None, feed: Feed | None) -> Iterator[Document | IngestError]:
        url = entry.url if entry is not None else canonical_url(self.url)
        keys = _item_keys(feed, entry) if feed is not None and entry is not None else [url_key(url)]
        try:
            found = html_article(_page_html(page), page.url, url=page.final_url)
        except IngestError as error:
            self._mark(*keys, doc=None, status=FAILED)  # the same page will not read better next cycle
            yield error
            return
        if self._seen(text_key(found.text)):
            # The same text under another URL (a syndicated copy, a mobile page): one document.
            self.counts.seen += 1
            self._mark(*keys, doc=None)
            return
        doc = Document.make(
            url_id(url),
            found.text,
            title=found.title or (entry.title if entry is not None else ""),
            outlet=found.outlet,
            url=url,
            published=found.published or (entry.published if entry is not None else None),
            language=detect_language(found.text),
            path=url,  # provenance, and the key failures are recorded under
        )
        self._mark(*keys, text_key(found.text), doc=doc.id)
        yield doc

    def _seen(self, *keys: str) -> bool:
        return self.ledger is not None and self.ledger.seen(*keys)

    def _mark(self, *keys: str, doc: str | None, status: str = "stored") -> None:
        if self.ledger is not None:
            self.ledger.mark(*keys, doc=doc, status=status)


def url_sources(urls: Iterable[str], fetcher: Fetcher, *, ledger: SeenLedger | None = None,
                found: Callable[[int], None] | None = None) -> list[UrlSource]:
    return [UrlSource(url, fetcher, ledger=ledger, found=found) for url in urls]


def _item_keys(feed: Feed, entry: FeedEntry) -> list[str]:
    return [url_key(entry.url), guid_key(feed.url, entry.guid)]


def _page_html(page: Page) -> str:
    """The page as text: the charset the server declares, else what the page itself says."""
    kind = page.content_type.split(";")[0].strip().lower()
    if kind and not any(t in kind for t in _PAGE_TYPES):
        raise IngestError(f"not an article page: {kind}", path=page.url)
    data = page.body
    if page.charset:
        try:
            if codecs.lookup(page.charset).name != "utf-8":
                # Re-encoded as UTF-8 so the readers' decoding (BOM, line ends, binary checks) applies.
                data = page.body.decode(page.charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong header: the readers' UTF-8-then-<meta> decoding decides
    return decode_html(data, page.url)

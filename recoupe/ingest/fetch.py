"""Fetching web pages politely: robots.txt, a per-host rate limit, timeouts, retries with back-off.

    with Fetcher() as fetcher:
        page = fetcher.get("https://www.example.fr/article.html")   # Page, or raises FetchError

HTTP is httpx's; retries are tenacity's. A request that times out, cannot connect, or gets
408/425/429/5xx is tried again after 1, 2, 4... seconds (or the server's Retry-After), at
most `retries` more times; any other HTTP error fails at once. Every request, robots.txt
included, first books a slot with the host's rate limiter. Clock and sleep are injected so
tests check these decisions without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from urllib.parse import urljoin

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from recoupe.errors import FetchError
from recoupe.ingest.ratelimit import Clock, HostLimiter
from recoupe.ingest.readers import MAX_BYTES
from recoupe.ingest.robots import RobotsAnswer, RobotsCache
from recoupe.ingest.urls import host_of

try:
    _VERSION = version("recoupe")
except PackageNotFoundError:  # running from a checkout that was not installed
    _VERSION = "dev"

# The token robots.txt groups are matched against, and the header that names it: site
# operators reading their logs see who is fetching and that the crawler obeys robots.txt.
ROBOTS_AGENT = "recoupe"
USER_AGENT = f"{ROBOTS_AGENT}/{_VERSION} (French news event analysis; obeys robots.txt)"
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5  # RFC 9309 asks crawlers to follow at least five for robots.txt
# A Crawl-delay of an hour would stall a whole `watch` cycle on one site; past this the
# site is still read, one page per this many seconds.
MAX_CRAWL_DELAY = 30.0
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5")

Sleep = Callable[[float], None]


@dataclass(slots=True, frozen=True)
class FetchOptions:
    """How recoupe fetches: one object instead of keywords threaded through every layer."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0  # seconds to connect, and between two bytes of the answer
    retries: int = 3  # further attempts after a transient failure
    backoff: float = 1.0  # first wait before a retry; doubles each time
    max_backoff: float = 60.0  # longest wait; a Retry-After beyond it gives up until later
    delay: float = 1.0  # seconds between two requests to the same host
    max_bytes: int = MAX_BYTES
    robots: bool = True  # obey robots.txt (turn off only for your own sites)


@dataclass(slots=True, frozen=True)
class Page:
    """One fetched answer (status 2xx): the body as bytes, decoded by whoever reads it."""

    url: str  # as asked
    final_url: str  # after redirects (for a redirect answer itself: where it points)
    status: int
    content_type: str
    charset: str | None  # from the Content-Type header, when the server gave one
    body: bytes


class _Transient(Exception):
    """A failure worth another attempt (timeout, connection, 429, 5xx)."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class Fetcher:
    """An HTTP client that obeys robots.txt, spaces requests per host and retries with back-off."""

    def __init__(self, options: FetchOptions | None = None, *, clock: Clock = time.monotonic,
                 sleep: Sleep = time.sleep, transport: httpx.BaseTransport | None = None) -> None:
        self.options = opts = options or FetchOptions()
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": opts.user_agent, "Accept": _ACCEPT},
            timeout=httpx.Timeout(opts.timeout),
            follow_redirects=False,  # see _follow
            transport=transport,
        )
        self.limiter = HostLimiter(opts.delay, clock=clock)
        self.robots = RobotsCache(self._load_robots, ROBOTS_AGENT, clock=clock)

    def get(self, url: str) -> Page:
        """The page at `url`, or FetchError saying why not (one line, naming the URL)."""
        return self._follow(url, obey_robots=self.options.robots)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- redirects, each hop checked against its site's robots.txt and rate limit ----------

    def _follow(self, asked: str, *, obey_robots: bool) -> Page:
        # Redirects are followed here rather than by httpx so that a hop to another site
        # obeys that site's robots.txt and waits for its own rate limit.
        url = asked
        try:
            for _ in range(MAX_REDIRECTS + 1):
                if obey_robots:
                    self._obey_robots(url)
                page = self._with_retries(url)
                if page.status not in REDIRECTS:
                    return replace(page, url=asked)
                url = page.final_url
        except FetchError as error:
            if url == asked:
                raise
            raise FetchError(f"{error.message} (redirected to {url})", url=asked, status=error.status,
                             transient=error.transient) from None
        raise FetchError(f"more than {MAX_REDIRECTS} redirects", url=asked)

    def _obey_robots(self, url: str) -> None:
        verdict = self.robots.verdict(url)
        if not verdict.allowed:
            # An unreachable robots.txt may be back next cycle; a Disallow stays.
            raise FetchError(verdict.reason, url=url, transient="unreachable" in verdict.reason)
        if verdict.crawl_delay:
            self.limiter.slow_down(host_of(url), min(verdict.crawl_delay, MAX_CRAWL_DELAY))

    # -- one URL, several attempts --------------------------------------------------------

    def _with_retries(self, url: str) -> Page:
        opts = self.options
        retrying = Retrying(
            stop=stop_after_attempt(opts.retries + 1),
            # A server asking for a longer pause than max_backoff is left alone until later
            # (the next `watch` cycle) rather than hammered after a shorter wait.
            retry=retry_if_exception(lambda e: isinstance(e, _Transient)
                                     and (e.retry_after or 0.0) <= opts.max_backoff),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )
        attempts = 0

        def attempt() -> Page:
            nonlocal attempts
            attempts += 1
            return self._once(url)

        try:
            return retrying(attempt)
        except _Transient as last:
            tried = f"after {attempts} attempts" if attempts > 1 else "not retried"
            if last.retry_after and last.retry_after > opts.max_backoff:
                tried = f"the server asks to wait {last.retry_after:g} s"
            raise FetchError(f"{last.reason} ({tried})", url=url, status=last.status, transient=True) from None

    def _wait(self, state: RetryCallState) -> float:
        # Exponential back-off without jitter: one client talking to many hosts does not
        # cause the thundering herd jitter is for, and fixed waits keep the tests exact.
        backoff = wait_exponential(multiplier=self.options.backoff, max=self.options.max_backoff)(state)
        outcome = state.outcome
        failure = outcome.exception() if outcome is not None else None
        asked = failure.retry_after if isinstance(failure, _Transient) and failure.retry_after else 0.0
        return max(backoff, asked)

    def _once(self, url: str) -> Page:
        delay = self.limiter.reserve(host_of(url))
        if delay > 0:
            self._sleep(delay)
        try:
            with self._client.stream("GET", url) as response:
                status = response.status_code
                if status in REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {status} redirect without a Location", url=url, status=status)
                    return Page(url, urljoin(url, location), status, "", None, b"")
                if status in RETRY_STATUSES:
                    raise _Transient(f"HTTP {status} {response.reason_phrase}".rstrip(), status,
                                     _retry_after(response.headers.get("retry-after")))
                if status >= 400:
                    raise FetchError(f"HTTP {status} {response.reason_phrase}".rstrip(), url=url, status=status)
                body = self._body(response, url)
                return Page(url, str(response.url), status, response.headers.get("content-type", ""),
                            response.charset_encoding, body)
        except httpx.TimeoutException:
            raise _Transient(f"timed out (limit {self.options.timeout:g} s)") from None
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(f"unsupported URL: {exc}", url=url) from None
        except httpx.TransportError as exc:
            raise _Transient(f"connection failed: {exc or type(exc).__name__}") from None
        except (httpx.RequestError, httpx.InvalidURL) as exc:  # too many redirects, bad gzip, bad URL
            raise FetchError(f"request failed: {exc}", url=url) from None

    def _body(self, response: httpx.Response, url: str) -> bytes:
        limit = self.options.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"too large: {int(declared)} bytes (limit {limit})", url=url)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:  # no or false Content-Length: stop reading rather than fill memory
                raise FetchError(f"too large: over {limit} bytes", url=url)
            chunks.append(chunk)
        return b"".join(chunks)

    def _load_robots(self, robots_url: str) -> RobotsAnswer:
        try:
            page = self._follow(robots_url, obey_robots=False)
        except FetchError as exc:
            return RobotsAnswer(exc.status)
        return RobotsAnswer(page.status, page.body.decode(page.charset or "utf-8", errors="replace"))


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())

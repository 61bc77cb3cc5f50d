"""robots.txt, read as RFC 9309 says, once per site and kept for a day.

Parsing is Protego's (Scrapy's parser: wildcards, `$`, longest-match precedence, the
most specific user-agent group), which the standard library's robotparser lacks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from recoupe.ingest.ratelimit import Clock

# RFC 9309 2.4: a cached robots.txt should not be used for more than 24 hours.
KEEP_SECONDS = 24 * 3600
# An unreachable robots.txt means "disallow everything" (RFC 9309 2.3.1.4); ask again sooner,
# so that a server back from an outage is read again within a `watch` cycle or two.
RETRY_UNREACHABLE_SECONDS = 600


@dataclass(slots=True, frozen=True)
class RobotsAnswer:
    """What fetching /robots.txt gave: an HTTP status (None: no answer at all) and the text."""

    status: int | None
    text: str = ""


@dataclass(slots=True, frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""  # why not, for the error line
    crawl_delay: float | None = None


Load = Callable[[str], RobotsAnswer]


@dataclass(slots=True)
class _Entry:
    rules: Protego | None  # None: no usable file (allow all, or disallow all, per `allow_all`)
    allow_all: bool
    reason: str
    expires: float


class RobotsCache:
    """Answers "may `agent` fetch this URL?" from each site's robots.txt, loaded on first use."""

    def __init__(self, load: Load, agent: str, *, clock: Clock = time.monotonic) -> None:
        self._load = load
        self._agent = agent
        self._clock = clock
        self._sites: dict[str, _Entry] = {}

    def verdict(self, url: str) -> Verdict:
        entry = self._entry(url)
        if entry.rules is None:
            return Verdict(entry.allow_all, "" if entry.allow_all else entry.reason)
        if not entry.rules.can_fetch(url, self._agent):
            return Verdict(False, "disallowed by robots.txt")
        delay = entry.rules.crawl_delay(self._agent)
        return Verdict(True, crawl_delay=None if delay is None else float(delay))

    def _entry(self, url: str) -> _Entry:
        parts = urlsplit(url)
        site = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))
        now = self._clock()
        entry = self._sites.get(site)
        if entry is None or entry.expires <= now:
            entry = self._read(site, now)
            self._sites[site] = entry
        return entry

    def _read(self, site: str, now: float) -> _Entry:
        answer = self._load(f"{site}/robots.txt")
        status = answer.status
        if status is not None and 200 <= status < 300:
            return _Entry(Protego.parse(answer.text), True, "", now + KEEP_SECONDS)
        # 4xx: the site publishes no rules, everything is allowed (RFC 9309 2.3.1.3), except
        # 429, which, like a 5xx or no answer, means the server cannot say: allow nothing.
        if status is not None and 400 <= status < 500 and status != 429:
            return _Entry(None, True, "", now + KEEP_SECONDS)
        said = "no answer" if status is None else f"HTTP {status}"
        return _Entry(None, False, f"robots.txt unreachable ({said}): not fetched",
                      now + RETRY_UNREACHABLE_SECONDS)

"""A per-host rate limit: requests to one server are spaced at least `interval` seconds apart.

Hand-written (about 30 lines) rather than pyrate-limiter or httpx-limiter: those apply one
rate to every key, while a polite crawler needs a rate per host that robots.txt can slow
down (`Crawl-delay`), and the limiter must take an injected clock so that its decisions
are tested without waiting.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

Clock = Callable[[], float]


class HostLimiter:
    """Books a time slot per request: `reserve(host)` says how long to wait before sending."""

    def __init__(self, interval: float, *, clock: Clock = time.monotonic) -> None:
        if interval < 0:
            raise ValueError(f"interval must be >= 0, got {interval}")
        self.interval = interval
        self._clock = clock
        self._slowed: dict[str, float] = {}  # host -> its own longer interval (robots.txt)
        self._next: dict[str, float] = {}  # host -> earliest time the next request may go
        self._lock = threading.Lock()

    def slow_down(self, host: str, interval: float) -> None:
        """Space requests to `host` by `interval` when that is longer than the default."""
        with self._lock:
            if interval > self.interval:
                self._slowed[host] = interval

    def interval_for(self, host: str) -> float:
        return self._slowed.get(host, self.interval)

    def reserve(self, host: str) -> float:
        """Seconds to wait before a request to `host` may be sent; books that slot, so the
        next caller for the same host waits one interval more. Other hosts are not delayed."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval_for(host)
            return start - now

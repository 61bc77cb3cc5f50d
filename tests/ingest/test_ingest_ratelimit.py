"""The per-host rate limit, checked by its decisions on an injected clock (no timed assertions)."""

from __future__ import annotations

import pytest

from recoupe.ingest.ratelimit import HostLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_requests_to_one_host_are_spaced_by_the_interval() -> None:
    clock = Clock()
    limiter = HostLimiter(2.0, clock=clock)
    assert limiter.reserve("a.fr") == 0.0
    assert limiter.reserve("a.fr") == 2.0  # booked behind the first
    assert limiter.reserve("a.fr") == 4.0  # and behind the second


def test_other_hosts_are_not_delayed() -> None:
    clock = Clock()
    limiter = HostLimiter(2.0, clock=clock)
    limiter.reserve("a.fr")
    limiter.reserve("a.fr")
    assert limiter.reserve("b.fr") == 0.0


def test_time_passed_counts_toward_the_interval() -> None:
    clock = Clock()
    limiter = HostLimiter(2.0, clock=clock)
    limiter.reserve("a.fr")
    clock.now += 0.5
    assert limiter.reserve("a.fr") == 1.5
    clock.now += 10
    assert limiter.reserve("a.fr") == 0.0  # idle long enough: no debt carried over


def test_robots_crawl_delay_slows_one_host_but_never_speeds_it_up() -> None:
    clock = Clock()
    limiter = HostLimiter(1.0, clock=clock)
    limiter.slow_down("slow.fr", 5.0)
    limiter.slow_down("fast.fr", 0.1)
    limiter.reserve("slow.fr")
    limiter.reserve("fast.fr")
    assert limiter.reserve("slow.fr") == 5.0
    assert limiter.reserve("fast.fr") == 1.0


def test_zero_interval_never_waits_and_negative_is_refused() -> None:
    limiter = HostLimiter(0.0, clock=Clock())
    assert [limiter.reserve("a.fr") for _ in range(3)] == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError):
        HostLimiter(-1.0)

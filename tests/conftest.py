"""Shared fixtures: paths to ../shared, one loaded pipeline per test session, and a canned news
site on 127.0.0.1 with a fake clock (tests/websites.py) for the URL, feed and watch tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from websites import FakeTime, Site

from recoupe.ingest.fetch import Fetcher, FetchOptions

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from recoupe.nlp import build_nlp

    return build_nlp()


@pytest.fixture
def site(httpserver: HTTPServer) -> Site:
    return Site(httpserver)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def fetcher(fake_time: FakeTime) -> Iterator[Fetcher]:
    options = FetchOptions(timeout=5.0, retries=3, backoff=1.0, delay=0.0)
    with Fetcher(options, clock=fake_time.clock, sleep=fake_time.sleep) as fetcher:
        yield fetcher

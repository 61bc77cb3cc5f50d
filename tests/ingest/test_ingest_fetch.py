"""Fetching from a local server: User-Agent, timeouts, retries with exponential back-off on
429/503, Retry-After, no retry on 404, robots.txt obeyed, the per-host rate limit and size
limit. Waits go to a fake clock: they are checked, never spent."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from websites import FakeTime, Site

from recoupe.errors import FetchError
from recoupe.ingest.fetch import USER_AGENT, Fetcher, FetchOptions


def test_user_agent_names_recoupe_and_its_manners(site: Site, fetcher: Fetcher) -> None:
    site.robots(None)
    site.server.expect_request("/a", headers={"User-Agent": USER_AGENT}).respond_with_data("ok")
    page = fetcher.get(site.url("/a"))
    assert page.status == 200 and page.body == b"ok"
    assert USER_AGENT.startswith("recoupe/") and "robots.txt" in USER_AGENT


def test_redirects_are_followed(site: Site, fetcher: Fetcher) -> None:
    site.robots(None)
    site.server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    site.server.expect_request("/new").respond_with_data("moved here")
    page = fetcher.get(site.url("/old"))
    assert page.url == site.url("/old") and page.final_url == site.url("/new") and page.body == b"moved here"


def test_a_redirect_into_a_disallowed_path_is_not_followed(site: Site, fetcher: Fetcher) -> None:
    site.robots("User-agent: *\nDisallow: /prive/\n")
    site.server.expect_request("/lien").respond_with_data("", status=302, headers={"Location": "/prive/a.html"})
    site.server.expect_request("/prive/a.html").respond_with_data("secret")
    with pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/lien"))
    assert caught.value.path == site.url("/lien")
    assert caught.value.message == f"disallowed by robots.txt (redirected to {site.url('/prive/a.html')})"
    assert site.requested("/prive/a.html") == 0


def test_redirect_loops_end(site: Site, fetcher: Fetcher) -> None:
    site.robots(None)
    site.server.expect_request("/boucle").respond_with_data("", status=302, headers={"Location": "/boucle"})
    with pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/boucle"))
    assert caught.value.message == "more than 5 redirects" and site.requested("/boucle") == 6


def test_503_is_retried_with_exponential_back_off(site: Site, fetcher: Fetcher, fake_time: FakeTime) -> None:
    site.robots(None)
    # One-shot answers are used up first, in order; then the permanent one.
    site.server.expect_oneshot_request("/busy").respond_with_data("busy", status=503)
    site.server.expect_oneshot_request("/busy").respond_with_data("busy", status=503)
    site.server.expect_request("/busy").respond_with_data("enfin")
    assert fetcher.get(site.url("/busy")).body == b"enfin"
    assert fake_time.sleeps == [1.0, 2.0]
    assert site.requested("/busy") == 3


def test_429_waits_as_long_as_retry_after_says(site: Site, fetcher: Fetcher, fake_time: FakeTime) -> None:
    site.robots(None)
    site.server.expect_oneshot_request("/slow").respond_with_data("", status=429, headers={"Retry-After": "7"})
    site.server.expect_request("/slow").respond_with_data("ok")
    assert fetcher.get(site.url("/slow")).body == b"ok"
    assert fake_time.sleeps == [7.0]


def test_a_retry_after_beyond_the_longest_wait_is_left_for_later(site: Site, fetcher: Fetcher,
                                                                fake_time: FakeTime) -> None:
    site.robots(None)
    site.server.expect_request("/later").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    with pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/later"))
    assert caught.value.transient and caught.value.status == 429
    assert "asks to wait 3600 s" in caught.value.message
    assert fake_time.sleeps == [] and site.requested("/later") == 1


def test_retries_end_with_one_transient_error(site: Site, fetcher: Fetcher, fake_time: FakeTime) -> None:
    site.robots(None)
    site.server.expect_request("/down").respond_with_data("down", status=503)
    with pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/down"))
    error = caught.value
    assert error.transient and error.status == 503 and error.path == site.url("/down")
    assert "after 4 attempts" in error.line() and "E120" in error.line()
    assert fake_time.sleeps == [1.0, 2.0, 4.0]


def test_back_off_is_capped(site: Site, fake_time: FakeTime) -> None:
    site.robots(None)
    site.server.expect_request("/down").respond_with_data("down", status=502)
    options = FetchOptions(retries=5, backoff=1.0, max_backoff=5.0, delay=0.0)
    with Fetcher(options, clock=fake_time.clock, sleep=fake_time.sleep) as fetcher, pytest.raises(FetchError):
        fetcher.get(site.url("/down"))
    assert fake_time.sleeps == [1.0, 2.0, 4.0, 5.0, 5.0]


def test_404_is_not_retried(site: Site, fetcher: Fetcher, fake_time: FakeTime) -> None:
    site.robots(None)
    site.server.expect_request("/gone").respond_with_data("gone", status=404)
    with pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/gone"))
    assert not caught.value.transient and caught.value.status == 404
    assert "HTTP 404" in caught.value.message
    assert site.requested("/gone") == 1 and fake_time.sleeps == []


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_a_server_that_does_not_answer_times_out_and_is_retried(silent_server: str, fake_time: FakeTime) -> None:
    options = FetchOptions(timeout=0.2, retries=1, delay=0.0, robots=False)
    with Fetcher(options, clock=fake_time.clock, sleep=fake_time.sleep) as fetcher, \
            pytest.raises(FetchError) as caught:
        fetcher.get(f"{silent_server}/article.html")
    assert caught.value.transient and "timed out (limit 0.2 s)" in caught.value.message
    assert "after 2 attempts" in caught.value.message and fake_time.sleeps == [1.0]


def test_a_closed_port_is_a_connection_failure(fake_time: FakeTime) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    options = FetchOptions(retries=0, robots=False)
    with Fetcher(options, clock=fake_time.clock, sleep=fake_time.sleep) as fetcher, \
            pytest.raises(FetchError) as caught:
        fetcher.get(f"http://127.0.0.1:{port}/a")
    assert caught.value.transient and "connection failed" in caught.value.message


def test_robots_txt_disallow_is_obeyed_without_asking_for_the_page(site: Site, fetcher: Fetcher) -> None:
    site.robots("User-agent: recoupe\nDisallow: /prive/\n")
    site.server.expect_request("/prive/a.html").respond_with_data("secret")
    with pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/prive/a.html"))
    assert caught.value.message == "disallowed by robots.txt" and not caught.value.transient
    assert site.requested("/prive/a.html") == 0
    site.server.expect_request("/public.html").respond_with_data("public")
    assert fetcher.get(site.url("/public.html")).body == b"public"
    assert site.requested("/robots.txt") == 1  # read once for the site


def test_robots_txt_in_error_means_nothing_is_fetched(site: Site, fake_time: FakeTime) -> None:
    site.server.expect_request("/robots.txt").respond_with_data("oops", status=500)
    site.server.expect_request("/a.html").respond_with_data("a")
    with Fetcher(FetchOptions(retries=0, delay=0.0), clock=fake_time.clock, sleep=fake_time.sleep) as fetcher, \
            pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/a.html"))
    assert "robots.txt unreachable (HTTP 500)" in caught.value.message and caught.value.transient
    assert site.requested("/a.html") == 0


def test_requests_to_a_host_are_spaced_and_crawl_delay_slows_them(site: Site, fake_time: FakeTime) -> None:
    site.robots("User-agent: *\nCrawl-delay: 5\n")
    site.server.expect_request("/a").respond_with_data("a")
    with Fetcher(FetchOptions(delay=2.0), clock=fake_time.clock, sleep=fake_time.sleep) as fetcher:
        fetcher.get(site.url("/a"))  # robots.txt at once, then /a one default interval later
        fetcher.get(site.url("/a"))  # then the site's Crawl-delay
        fetcher.get(site.url("/a"))
    assert fake_time.sleeps == [2.0, 5.0, 5.0]


def test_pages_over_the_size_limit_are_refused(site: Site, fake_time: FakeTime) -> None:
    site.robots(None)
    site.server.expect_request("/big").respond_with_data("x" * 5000)
    with Fetcher(FetchOptions(max_bytes=1000, delay=0.0), clock=fake_time.clock, sleep=fake_time.sleep) as fetcher, \
            pytest.raises(FetchError) as caught:
        fetcher.get(site.url("/big"))
    assert "too large" in caught.value.message and not caught.value.transient

"""robots.txt as RFC 9309 reads it: rules obeyed, a missing file allows all, an unreachable one
allows nothing, and a cached file is read again after its time."""

from __future__ import annotations

from recoupe.ingest.robots import KEEP_SECONDS, RETRY_UNREACHABLE_SECONDS, RobotsAnswer, RobotsCache

RULES = """User-agent: *
Disallow: /prive/
Crawl-delay: 3

User-agent: recoupe
Disallow: /archives/
Disallow: /*.pdf$
Crawl-delay: 2
"""


class Loader:
    def __init__(self, *answers: RobotsAnswer) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, url: str) -> RobotsAnswer:
        self.asked.append(url)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_most_specific_group_is_obeyed() -> None:
    robots = RobotsCache(Loader(RobotsAnswer(200, RULES)), "recoupe")
    assert not robots.verdict("https://a.fr/archives/2020/x.html").allowed
    assert not robots.verdict("https://a.fr/doc/rapport.pdf").allowed
    # The recoupe group replaces the * group: /prive/ is not forbidden to recoupe.
    assert robots.verdict("https://a.fr/prive/x.html").allowed
    verdict = robots.verdict("https://a.fr/monde/x.html")
    assert verdict.allowed and verdict.crawl_delay == 2.0


def test_disallow_says_why() -> None:
    robots = RobotsCache(Loader(RobotsAnswer(200, "User-agent: *\nDisallow: /\n")), "recoupe")
    verdict = robots.verdict("https://a.fr/monde/x.html")
    assert not verdict.allowed and verdict.reason == "disallowed by robots.txt"


def test_one_file_per_site() -> None:
    loader = Loader(RobotsAnswer(200, RULES))
    robots = RobotsCache(loader, "recoupe")
    robots.verdict("https://a.fr/1")
    robots.verdict("https://A.fr/2")
    robots.verdict("https://b.fr/1")
    robots.verdict("http://a.fr/1")  # another scheme is another site
    assert loader.asked == ["https://a.fr/robots.txt", "https://b.fr/robots.txt", "http://a.fr/robots.txt"]


def test_missing_robots_txt_allows_everything() -> None:
    robots = RobotsCache(Loader(RobotsAnswer(404)), "recoupe")
    assert robots.verdict("https://a.fr/anything").allowed


def test_unreachable_robots_txt_allows_nothing() -> None:
    for answer in (RobotsAnswer(503), RobotsAnswer(None), RobotsAnswer(429)):
        verdict = RobotsCache(Loader(answer), "recoupe").verdict("https://a.fr/monde/x.html")
        assert not verdict.allowed and "robots.txt unreachable" in verdict.reason


def test_unreachable_is_asked_again_sooner_than_a_good_file() -> None:
    clock = Clock()
    loader = Loader(RobotsAnswer(503), RobotsAnswer(200, ""))
    robots = RobotsCache(loader, "recoupe", clock=clock)
    assert not robots.verdict("https://a.fr/x").allowed
    clock.now += RETRY_UNREACHABLE_SECONDS
    assert robots.verdict("https://a.fr/x").allowed
    clock.now += KEEP_SECONDS - 1
    robots.verdict("https://a.fr/x")
    assert len(loader.asked) == 2  # kept for a day
    clock.now += 1
    robots.verdict("https://a.fr/x")
    assert len(loader.asked) == 3

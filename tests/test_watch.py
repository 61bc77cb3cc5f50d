"""`watch`: cycles on a schedule (checked on a fake clock), only new items analysed in the next
cycle, and an interrupted cycle redone by the next run with nothing lost or stored twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from websites import FakeTime, Site

from recoupe.ingest.fetch import Fetcher
from recoupe.ingest.seen import SeenLedger
from recoupe.store.sqlite import Store
from recoupe.watch import every_seconds, repeat, run_cycle


def test_every_reads_durations_with_a_unit() -> None:
    assert every_seconds("15m") == 900
    assert every_seconds("90s") == 90
    assert every_seconds("1h30m") == 5400
    assert every_seconds(" 1d ") == 86400
    for bad in ("15", "soon", "-5m", "0s"):
        with pytest.raises(ValueError):
            every_seconds(bad)


def test_cycles_start_every_interval_start_to_start(fake_time: FakeTime) -> None:
    started: list[float] = []

    def cycle(number: int) -> None:
        started.append(fake_time.now)
        fake_time.now += 3  # each cycle takes 3 s

    assert repeat(cycle, every=10, cycles=3, clock=fake_time.clock, sleep=fake_time.sleep) == 3
    assert fake_time.sleeps == [7, 7]  # no sleep after the last cycle
    assert started == [1000, 1010, 1020]


def test_a_cycle_that_overruns_is_followed_at_once_without_catching_up(fake_time: FakeTime) -> None:
    durations = iter([25, 3, 3])
    started: list[float] = []

    def cycle(number: int) -> None:
        started.append(fake_time.now)
        fake_time.now += next(durations)

    repeat(cycle, every=10, cycles=3, clock=fake_time.clock, sleep=fake_time.sleep)
    assert started == [1000, 1025, 1035]


def test_an_interrupt_ends_the_loop(fake_time: FakeTime) -> None:
    def sleep(seconds: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        repeat(lambda n: None, every=10, clock=fake_time.clock, sleep=sleep)


@pytest.mark.model
def test_the_second_cycle_analyses_only_the_new_item(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    site.robots(None)
    site.page("/monde/caesar.html", "caesar.html")
    site.page("/monde/sanctions.html", "sanctions.html")
    site.feed("/rss.xml", "rss.xml", drop=1)
    feeds = [site.url("/rss.xml")]
    with Store(tmp_path / "w.db") as store, SeenLedger(tmp_path / "w.seen.db") as ledger:
        first = run_cycle(1, feeds, store, fetcher, ledger)
        site.server.clear_all_handlers()
        site.everything()
        second = run_cycle(2, feeds, store, fetcher, ledger)
        third = run_cycle(3, feeds, store, fetcher, ledger)
        docs = sorted(d.url or "" for d in store.documents())
    assert (first.summary.analysed, first.seen) == (1, 0)
    assert (second.summary.analysed, second.seen, second.listed) == (1, 1, 2)
    assert (third.summary.analysed, third.seen) == (0, 2)
    assert docs == [site.url("/monde/caesar.html"), site.url("/monde/sanctions.html")]
    assert site.requested("/monde/caesar.html") == 1 and site.requested("/monde/sanctions.html") == 1
    assert first.summary.events > 0  # the pages were analysed like files


@pytest.mark.model
def test_an_interrupted_cycle_is_redone_with_nothing_lost_or_doubled(site: Site, fetcher: Fetcher,
                                                                      tmp_path: Path) -> None:
    site.everything()
    feeds = [site.url("/rss.xml"), site.url("/atom.xml")]

    def interrupt(kind: str, problem: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the first document is stored

    with Store(tmp_path / "w.db") as store, SeenLedger(tmp_path / "w.seen.db") as ledger:
        with pytest.raises(KeyboardInterrupt):
            run_cycle(1, feeds, store, fetcher, ledger, notify=interrupt)
        assert ledger.count() == 0
        again = run_cycle(1, feeds, store, fetcher, ledger)
        ids = [d.id for d in store.documents()]
    assert again.summary.analysed + again.summary.unchanged == 3
    assert len(ids) == len(set(ids)) == 3

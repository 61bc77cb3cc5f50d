"""URL sources: article pages and feeds give the Documents the file readers give; with a
seen-ledger, what was ingested is skipped (by URL, guid and text) across cycles and restarts;
a bad feed or page is one error naming it while the others go on."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from websites import FakeTime, Site

from recoupe.errors import FetchError, IngestError
from recoupe.ingest.fetch import Fetcher, FetchOptions
from recoupe.ingest.seen import SeenLedger
from recoupe.ingest.urls import url_id
from recoupe.ingest.web import UrlSource
from recoupe.records import Document


def read_all(sources: Iterable[UrlSource]) -> tuple[list[Document], list[IngestError]]:
    docs: list[Document] = []
    errors: list[IngestError] = []
    for source in sources:
        for item in source.read():
            (errors if isinstance(item, IngestError) else docs).append(item)  # type: ignore[arg-type]
    return docs, errors


def test_an_article_url_gives_a_document_like_the_html_reader(site: Site, fetcher: Fetcher) -> None:
    site.everything()
    url = site.url("/monde/caesar.html")
    (doc,), errors = read_all([UrlSource(url, fetcher)])
    assert errors == []
    assert doc.id == url_id(url) and doc.id.startswith("localhost-caesar-")
    assert doc.title == "La France livre des canons Caesar à l'Ukraine"
    assert doc.text.startswith(doc.title + "\n\n") and "canons Caesar" in doc.text[len(doc.title):]
    assert doc.outlet == "La Gazette" and doc.url == url and doc.path == url
    assert doc.published == "2024-01-18" and doc.language == "fr"
    assert "Tous droits réservés" not in doc.text  # boilerplate left out, as for files


def test_a_feed_gives_its_articles_in_feed_order(site: Site, fetcher: Fetcher) -> None:
    site.everything()
    docs, errors = read_all([UrlSource(site.url("/rss.xml"), fetcher), UrlSource(site.url("/atom.xml"), fetcher)])
    assert errors == []
    assert [d.url for d in docs] == [site.url("/monde/caesar.html"), site.url("/monde/sanctions.html"),
                                     site.url("/monde/obus.html")]
    # The feed's tracking parameters are not part of the id.
    assert docs[0].id == url_id(site.url("/monde/caesar.html"))
    assert [d.outlet for d in docs] == ["La Gazette", "La Gazette", "Le Quotidien"]
    assert [d.published for d in docs] == ["2024-01-18", "2024-01-19", "2023-10-13"]  # the page's own date


def test_ids_are_the_same_on_every_run(site: Site, fetcher: Fetcher) -> None:
    site.everything()
    first, _ = read_all([UrlSource(site.url("/rss.xml"), fetcher)])
    again, _ = read_all([UrlSource(site.url("/rss.xml"), fetcher)])
    assert [(d.id, d.hash) for d in first] == [(d.id, d.hash) for d in again]
    assert len({d.id for d in first}) == 2


def test_a_second_cycle_fetches_and_yields_only_new_items(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    site.robots(None)
    site.page("/monde/caesar.html", "caesar.html")
    site.page("/monde/sanctions.html", "sanctions.html")
    site.feed("/rss.xml", "rss.xml", drop=1)  # the feed lists one item...
    with SeenLedger(tmp_path / "seen.db") as ledger:
        source = UrlSource(site.url("/rss.xml"), fetcher, ledger=ledger)
        docs, _ = read_all([source])
        assert [d.url for d in docs] == [site.url("/monde/caesar.html")]
        ledger.commit()
        site.server.clear_all_handlers()
        site.everything()  # ...then two
        source = UrlSource(site.url("/rss.xml"), fetcher, ledger=ledger)
        docs, _ = read_all([source])
    assert [d.url for d in docs] == [site.url("/monde/sanctions.html")]
    assert source.counts.listed == 2 and source.counts.seen == 1
    assert site.requested("/monde/caesar.html") == 1  # never fetched again


def test_the_ledger_survives_a_restart(site: Site, fake_time: FakeTime, tmp_path: Path) -> None:
    site.everything()
    path = tmp_path / "seen.db"
    options = FetchOptions(delay=0.0)
    with Fetcher(options, clock=fake_time.clock, sleep=fake_time.sleep) as fetcher, SeenLedger(path) as ledger:
        docs, _ = read_all([UrlSource(site.url("/rss.xml"), fetcher, ledger=ledger)])
        assert len(docs) == 2
        ledger.commit()
    with Fetcher(options, clock=fake_time.clock, sleep=fake_time.sleep) as fetcher, SeenLedger(path) as ledger:
        docs, errors = read_all([UrlSource(site.url("/rss.xml"), fetcher, ledger=ledger)])
    assert docs == [] and errors == []
    assert site.requested("/monde/caesar.html") == 1 and site.requested("/monde/sanctions.html") == 1


def test_an_uncommitted_cycle_is_done_again(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    site.everything()
    with SeenLedger(tmp_path / "seen.db") as ledger:
        first, _ = read_all([UrlSource(site.url("/rss.xml"), fetcher, ledger=ledger)])
        ledger.discard()  # the cycle was interrupted before its documents were stored
        again, _ = read_all([UrlSource(site.url("/rss.xml"), fetcher, ledger=ledger)])
    assert [d.id for d in again] == [d.id for d in first]


def test_the_same_text_under_two_urls_is_one_document(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    site.everything()
    site.page("/amp/caesar.html", "caesar.html")
    with SeenLedger(tmp_path / "seen.db") as ledger:
        first = UrlSource(site.url("/monde/caesar.html"), fetcher, ledger=ledger)
        copy = UrlSource(site.url("/amp/caesar.html"), fetcher, ledger=ledger)
        docs, _ = read_all([first, copy])
    assert [d.url for d in docs] == [site.url("/monde/caesar.html")] and copy.counts.seen == 1


def test_an_item_in_two_feeds_is_fetched_once_per_cycle(site: Site, fetcher: Fetcher) -> None:
    site.everything()
    site.feed("/une.xml", "rss.xml")
    with SeenLedger(":memory:") as ledger:
        docs, _ = read_all([UrlSource(site.url(p), fetcher, ledger=ledger) for p in ("/rss.xml", "/une.xml")])
    assert len(docs) == 2 and site.requested("/monde/caesar.html") == 1


def test_a_bad_feed_is_one_error_and_the_others_go_on(site: Site, fetcher: Fetcher) -> None:
    site.everything()
    site.server.expect_request("/missing.xml").respond_with_data("", status=404)
    site.server.expect_request("/broken.xml").respond_with_data("<?xml version='1.0'?><rss><channel><title>x",
                                                                content_type="application/rss+xml")
    site.server.expect_request("/page.xml").respond_with_data("<html><body>pas un flux</body></html>",
                                                              content_type="application/xml")
    given = ["/missing.xml", "/rss.xml", "/broken.xml", "/page.xml", "/atom.xml"]
    docs, errors = read_all([UrlSource(site.url(p), fetcher) for p in given])
    assert len(docs) == 3
    assert [e.path for e in errors] == [site.url("/missing.xml"), site.url("/broken.xml"), site.url("/page.xml")]
    assert all(e.line().startswith(e.path or "?") for e in errors)
    assert "HTTP 404" in errors[0].message and "malformed feed" in errors[1].message
    assert "not an RSS or Atom feed" in errors[2].message


def test_a_missing_article_is_remembered_a_busy_one_is_tried_again(site: Site, fetcher: Fetcher,
                                                                     tmp_path: Path) -> None:
    site.robots(None)
    site.feed("/rss.xml", "rss.xml")
    site.server.expect_request("/monde/caesar.html").respond_with_data("", status=404)
    site.server.expect_request("/monde/sanctions.html").respond_with_data("", status=503)
    with SeenLedger(tmp_path / "seen.db") as ledger:
        for _ in range(2):
            docs, errors = read_all([UrlSource(site.url("/rss.xml"), fetcher, ledger=ledger)])
            ledger.commit()
            assert docs == []
    assert site.requested("/monde/caesar.html") == 1  # a 404 stays a 404: asked once
    assert site.requested("/monde/sanctions.html") == 8  # 4 attempts in each cycle
    assert [e.path for e in errors] == [site.url("/monde/sanctions.html")]
    assert isinstance(errors[0], FetchError) and errors[0].transient


def test_a_page_that_is_not_html_is_reported(site: Site, fetcher: Fetcher) -> None:
    site.robots(None)
    site.server.expect_request("/rapport.pdf").respond_with_data(b"%PDF-1.4 ...", content_type="application/pdf")
    docs, (error,) = read_all([UrlSource(site.url("/rapport.pdf"), fetcher)])
    assert docs == [] and error.message == "not an article page: application/pdf"


def test_the_charset_the_server_declares_is_honoured(site: Site, fetcher: Fetcher) -> None:
    site.robots(None)
    html = (Path(__file__).parent / "fixtures" / "web" / "caesar.html").read_text(encoding="utf-8")
    site.server.expect_request("/latin.html").respond_with_data(
        html.replace("<meta charset=\"utf-8\">", "").encode("cp1252"), content_type="text/html; charset=windows-1252")
    (doc,), _ = read_all([UrlSource(site.url("/latin.html"), fetcher)])
    assert "canons Caesar à l'Ukraine" in doc.text

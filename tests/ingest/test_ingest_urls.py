"""SPEC section 1 (ids): a document id made from a URL is readable, deterministic and unique."""

from __future__ import annotations

from recoupe.ingest.urls import canonical_url, host_of, is_url, url_id

ARTICLE = "https://www.lemonde.fr/international/article/2024/03/01/kiev-frappe-la-crimee_6219.html"


def test_id_is_a_readable_slug_and_a_short_hash() -> None:
    doc = url_id(ARTICLE)
    assert doc.startswith("lemonde-fr-kiev-frappe-la-crimee-6219-")
    assert len(doc.rsplit("-", 1)[1]) == 10


def test_id_is_deterministic_and_ignores_tracking_parameters() -> None:
    assert url_id(ARTICLE) == url_id(ARTICLE)
    assert url_id(ARTICLE + "?utm_source=rss&xtor=RSS-3208#xtor=RSS") == url_id(ARTICLE)
    assert url_id(ARTICLE.replace("https://www.lemonde.fr", "HTTPS://WWW.LEMONDE.FR")) == url_id(ARTICLE)


def test_ids_are_unique_when_slugs_collide() -> None:
    # Two sections of one site with the same last segment, and pages told apart by a query.
    a = url_id("https://example.fr/monde/direct.html")
    b = url_id("https://example.fr/france/direct.html")
    c = url_id("https://example.fr/article?id=1")
    d = url_id("https://example.fr/article?id=2")
    assert len({a, b, c, d}) == 4


def test_slug_folds_accents_and_percent_escapes() -> None:
    assert url_id("https://example.fr/monde/la-cor%C3%A9e-du-nord.html").startswith("example-fr-la-coree-du-nord-")
    assert url_id("https://example.fr/monde/l’été-à-genève").startswith("example-fr-l-ete-a-geneve-")


def test_id_of_a_bare_site_has_no_empty_part() -> None:
    assert "--" not in url_id("https://example.fr/")


def test_urls_are_told_from_paths() -> None:
    assert is_url("https://example.fr/rss.xml") and is_url("HTTP://example.fr")
    assert not is_url("articles/") and not is_url("ftp://example.fr/a") and not is_url("http.txt")


def test_canonical_url_and_host() -> None:
    assert canonical_url("https://Example.fr:443/a.html?b=2&a=1&utm_medium=x") == "https://example.fr/a.html?a=1&b=2"
    assert host_of("https://Example.fr:443/a") == "example.fr"
    assert host_of("http://127.0.0.1:8080/a") == "127.0.0.1:8080"

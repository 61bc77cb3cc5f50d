"""The seen-ledger: marks are staged, persisted only on commit (so an interrupted cycle is
redone), and kept in a file beside the store."""

from __future__ import annotations

from pathlib import Path

from recoupe.ingest.seen import FAILED, SeenLedger, guid_key, ledger_path, text_key, url_key


def test_staged_marks_count_at_once_and_persist_only_on_commit(tmp_path: Path) -> None:
    path = tmp_path / "seen.db"
    with SeenLedger(path) as ledger:
        ledger.mark(url_key("https://a.fr/1"), guid_key("https://a.fr/rss", "1"), doc="a-fr-1")
        assert ledger.seen(url_key("https://a.fr/1"))  # within the cycle already
        ledger.discard()
        assert not ledger.seen(url_key("https://a.fr/1"))
        ledger.mark(url_key("https://a.fr/2"), doc="a-fr-2")
        ledger.mark(url_key("https://a.fr/3"), doc=None, status=FAILED)
        assert ledger.commit() == 2
    with SeenLedger(path) as ledger:
        assert ledger.seen(url_key("https://a.fr/2")) and ledger.seen(url_key("https://a.fr/3"))
        assert ledger.seen(url_key("https://x.fr/9"), url_key("https://a.fr/2"))  # any of the keys
        assert not ledger.seen(url_key("https://a.fr/1")) and ledger.count() == 2


def test_guids_belong_to_their_feed_and_texts_are_hashed() -> None:
    assert guid_key("https://a.fr/rss", "123") != guid_key("https://b.fr/rss", "123")
    assert text_key("Le texte.") == text_key("Le texte.") != text_key("Un autre texte.")


def test_the_ledger_sits_beside_the_store() -> None:
    assert ledger_path("data/recoupe.db") == "data/recoupe.seen.db"
    assert ledger_path("news.sqlite") == "news.seen.sqlite"
    assert ledger_path("postgresql://localhost/recoupe") == "recoupe.seen.db"

"""The terminal views of stories and stats: labels that say what they count (no model)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console

from recoupe.claims.records import Claim, Mention
from recoupe.cli.tables import stats_table, summary_table
from recoupe.cli.views import comparison_view, dates_cell, independence, show_date
from recoupe.compare.story import compare_story
from recoupe.grouping import Grouping
from recoupe.ingest.sources import FileSource
from recoupe.ingest.web import UrlSource
from recoupe.pipeline import Options, Summary, with_outlet
from recoupe.records import Document


def _text(renderable: object) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_stats_say_mentions_and_distinct_actors() -> None:
    shown = _text(stats_table({"documents": 2, "events": 31, "actors": 124, "failures": 0, "stories": 1,
                               "events:AID": 16}, distinct_actors=20))
    assert "actor mentions (in texts) │ 124" in shown and "distinct actors           │  20" in shown
    assert "events of type AID" in shown


def test_summary_counts_stories_touched_not_documents() -> None:
    summary = Summary(files=400, documents=400, analysed=400, by_type=Counter(), by_factuality=Counter())
    summary.grouping = Grouping(documents=400, joined=360, duplicates=2, opened=40,
                                stories={f"s{i}" for i in range(40)})
    assert "stories touched          │ 40 (40 new; 360 of 400 documents joined a story, 2 of them wire copies)" \
        in _text(summary_table(summary))


def test_dates_read_from_texts_are_marked() -> None:
    assert show_date("--07-02") == "2 Jul" and show_date("2008-07-02") == "2008-07-02"
    assert dates_cell("--07-02", "--07-05", from_text=True) == "2 Jul → 5 Jul (in text)"
    assert dates_cell("2008-07-02", "2008-07-02") == "2008-07-02"
    assert dates_cell(None, None) == ""


def test_an_unknown_outlet_is_shown_as_such_and_independence_is_spelled_out() -> None:
    text = "Titre\nPyongyang livre des obus à Moscou. Fin."
    docs = [Document.make("d1", text), Document.make("d2", text, outlet="[bold]Le Monde[/bold]")]
    claim = Claim("c1", "s1", "AID", ["PRK"], ["RUS"], mentions=[
        Mention("e1", "d1", None, 6, 40, "asserted", None, "obus", "", None, "livrer"),
        Mention("e2", "d2", "[bold]Le Monde[/bold]", 6, 40, "reported", "Kirby", "obus", "", None, "livrer")])
    comparison = compare_story("s1", docs, [claim])
    assert independence(comparison.claims[0]) == "2 outlets, 2 speakers"
    shown = _text(comparison_view(comparison))
    assert "unknown outlet (d1)" in shown and "2 outlets, 2 speakers" in shown
    assert "[bold]Le Monde[/bold]" in shown  # an outlet's name is text, never terminal markup


def test_the_outlet_comes_from_the_option_or_the_folder_only_when_the_document_names_none(tmp_path: Path) -> None:
    plain = Document.make("a", "Titre\nTexte.", path=str(tmp_path / "lemonde" / "a.txt"))
    named = Document.make("b", "Titre\nTexte.", outlet="Libération", path=str(tmp_path / "lemonde" / "b.txt"))
    file = FileSource(tmp_path / "lemonde" / "a.txt", max_bytes=1000)
    assert with_outlet(plain, file, Options()).outlet is None
    assert with_outlet(plain, file, Options(outlet="Le Figaro")).outlet == "Le Figaro"
    from_folder = with_outlet(plain, file, Options(outlet_from_folder=True))
    assert from_folder.outlet == "lemonde" and from_folder.hash != plain.hash  # a re-run stores the outlet
    assert with_outlet(named, file, Options(outlet="Le Figaro", outlet_from_folder=True)).outlet == "Libération"


def test_the_outlet_options_leave_pages_read_from_the_web_alone() -> None:
    """A page names its outlet or not; --outlet names the files of the run, not other sites."""
    page = Document.make("u", "Titre\nTexte.", path="https://example.org/a")
    web = UrlSource("https://example.org/a", fetcher=None)  # type: ignore[arg-type]  # never read here
    assert with_outlet(page, web, Options(outlet="Le Figaro")).outlet is None

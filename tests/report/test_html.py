"""The HTML report: complete, escaped, offline, deterministic, and rendered by a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from recoupe.claims.records import Claim, Mention
from recoupe.compare.records import ClaimStatus, OutletView, StoryComparison
from recoupe.report.html import render_report, write_report

XSS = "<script>alert('x')</script>"
VOID = {"meta", "br", "input", "img", "link", "hr", "col", "area", "base", "source", "wbr"}


def mention(event: str, doc: str, outlet: str, factuality: str, *, speaker: str | None = None,
            evidence: str = "", published: str = "2024-01-02") -> Mention:
    return Mention(event, doc, outlet, 0, 10, factuality, speaker, None, evidence, published, "livrer")


def stories() -> list[StoryComparison]:
    """Two stories: one contested (three outlets, a denial), one with a single claim."""
    aid = Claim("c1", "s1", "AID", ["PRK"], ["RUS"], "military", ["obus d'artillerie"], [
        mention("e1", "d1", "Le Monde", "reported", speaker="John Kirby", evidence="Selon Kirby, Pyongyang livre."),
        mention("e2", "d2", "Libération", "asserted", evidence="Pyongyang a livré des obus."),
        mention("e3", "d3", "RFI", "denied", speaker="Moscou", evidence=XSS),
    ])
    accuse = Claim("c2", "s1", "ACCUSE", ["USA"], ["PRK"], mentions=[
        mention("e4", "d1", "Le Monde", "asserted", evidence="Washington accuse Pyongyang."),
    ])
    veto = Claim("c3", "s2", "REJECT", ["RUS"], ["UNSC"], "diplomatic", mentions=[
        mention("e5", "d4", "Le Figaro", "intended", evidence="Moscou envisage un veto."),
    ])
    contested = StoryComparison(
        story="s1", title="Obus nord-coréens & <b>Russie</b>", docs=["d1", "d2", "d3"],
        outlets=["Le Monde", "Libération", "RFI"], first_seen="2024-01-02", last_seen="2024-01-04",
        claims=[
            ClaimStatus(aid, ["Le Monde", "Libération", "RFI"], 2, 2, "contested",
                        cells={"Le Monde": "reported", "Libération": "asserted", "RFI": "denied"},
                        evidence={"Le Monde": "Selon Kirby, Pyongyang livre.",
                                  "Libération": "Pyongyang a livré des obus.", "RFI": XSS},
                        wordings={"Le Monde": ["livrer"], "RFI": ["fournir", "obus"]}),
            ClaimStatus(accuse, ["Le Monde"], 1, 0, "single", cells={"Le Monde": "asserted"},
                        evidence={"Le Monde": "Washington accuse Pyongyang."}),
        ],
        views=[
            OutletView("Le Monde", ["d1"], adds=["c2"], omits=[]),
            OutletView("Libération", ["d2"], adds=[], omits=[], duplicates_of=["d1"]),
            OutletView("RFI", ["d3"], adds=[], omits=["c2"]),
        ],
    )
    single = StoryComparison(
        story="s2", title="Veto au Conseil", docs=["d4"], outlets=["Le Figaro"], first_seen="2024-02-01",
        last_seen="2024-02-01", claims=[ClaimStatus(veto, ["Le Figaro"], 1, 0, "single",
                                                    cells={"Le Figaro": "intended"},
                                                    evidence={"Le Figaro": "Moscou envisage un veto."})],
        views=[OutletView("Le Figaro", ["d4"], adds=["c3"], omits=[])],
    )
    return [contested, single]


class TagBalance(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def test_every_story_claim_and_outlet_is_in_the_report() -> None:
    text = render_report(stories(), title="Revue")
    assert "<title>Revue</title>" in text
    assert "Obus nord-coréens &amp; &lt;b&gt;Russie&lt;/b&gt;" in text and "Veto au Conseil" in text
    for label in ("PRK AID RUS (obus d&#x27;artillerie)", "USA ACCUSE PRK", "RUS REJECT UNSC"):
        assert label in text
    for outlet in ("Le Monde", "Libération", "RFI", "Le Figaro"):
        assert f'<th class="outlet" scope="col">{outlet}</th>' in text
    assert 'href="#story-s1"' in text and 'id="story-s1"' in text and 'id="story-s2"' in text


def test_grid_cells_carry_factuality_as_class_glyph_and_word() -> None:
    text = render_report(stories())
    grid = text[text.index('id="story-s1"'):text.index('id="story-s2"')]
    assert grid.count('<tr class="claim') == 2
    for factuality in ("reported", "asserted", "denied"):
        assert re.search(rf'<td class="cell f-{factuality}" tabindex="0"><span class="glyph"[^>]*>[^<]+</span>'
                         rf"{factuality}<span class=\"evidence\"", grid)
    # the single claim is absent from two outlets
    assert grid.count('class="cell f-absent"') == 2
    assert '<span class="who">John Kirby</span>' in grid
    assert '<span class="badge contested">⚑ contested</span>' in grid
    assert '<span class="badge single">○ single</span>' in grid


def test_evidence_and_titles_are_escaped() -> None:
    text = render_report(stories(), title=XSS)
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert text.count("<script>") == 1  # only the report's own inline script
    parser = TagBalance()
    parser.feed(text)
    parser.close()
    assert parser.errors == [] and parser.stack == []
    assert len(parser.ids) == len(set(parser.ids))


def test_no_external_resources() -> None:
    text = render_report(stories())
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", text, re.IGNORECASE)
    assert not re.search(r"url\(|@import|<link\b|<iframe\b", text, re.IGNORECASE)
    assert "http://" not in text and "https://" not in text
    assert "<style>" in text and "<script>" in text  # CSS and JS are inline


def test_contested_stories_are_flagged() -> None:
    text = render_report(stories())
    assert '<tr data-target="story-s1" class="contested">' in text
    assert '<tr data-target="story-s2">' in text
    assert '<details class="story contested" id="story-s1"' in text
    assert '<details class="story" id="story-s2"' in text
    assert "⚑ 1 contested claim</span>" in text


def test_outlet_views_and_wordings() -> None:
    text = render_report(stories())
    story = text[text.index('id="story-s1"'):text.index('id="story-s2"')]
    views = story[story.index('<table class="views">'):]
    # Le Monde adds the accusation, RFI omits it: both shown by label, not by id
    assert re.search(r"<th scope=\"row\">Le Monde</th>.*?<li>USA ACCUSE PRK</li>", views)
    assert re.search(r"<th scope=\"row\">RFI</th>.*?<td><span class=\"empty\">—</span></td><td><ul><li>USA ACCUSE PRK",
                     views)
    assert "<td class=\"small\">d1</td></tr>" in views  # Libération is a wire copy of d1
    assert "<h3>Wordings</h3>" in story and "<td>fournir, obus</td>" in story
    assert "<h3>Wordings</h3>" not in text[text.index('id="story-s2"'):]


def test_deterministic_and_dated_only_on_request() -> None:
    first, second = render_report(stories()), render_report(stories())
    assert first == second
    assert "generated" not in first
    assert "generated 2024-03-01" in render_report(stories(), generated="2024-03-01")


def test_empty_report_is_still_a_page() -> None:
    text = render_report([])
    assert "No stories." in text and "0 stories" in text and text.rstrip().endswith("</html>")


def test_write_report(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    assert write_report(iter(stories()), path) == 2
    assert path.read_text(encoding="utf-8") == render_report(stories())


def _chromium() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (Debian package 'chromium')")
def test_chromium_renders_the_grid(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_report(stories(), path)
    browser = _chromium()
    assert browser is not None
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=90, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert dom.count('<table class="grid">') == 2
    assert "PRK AID RUS (obus d'artillerie)" in dom
    assert "&lt;script&gt;alert" in dom  # escaped evidence stays text in the live DOM
    # the inline script ran: controls shown, counter filled
    assert re.search(r'<div class="controls" id="controls">', dom)
    assert '<span class="muted" id="shown" aria-live="polite">2 / 2</span>' in dom


def test_a_claim_the_text_states_but_the_extractor_missed_is_not_extracted_not_omitted() -> None:
    comparison = stories()[0]
    accuse = comparison.claims[1]
    accuse.unextracted = {"RFI": "Washington <accuse> Pyongyang."}
    comparison.views[2] = OutletView("RFI", ["d3"], adds=[], omits=[], not_extracted=["c2"])
    text = render_report([comparison])
    assert re.search(r'<td class="cell f-unextracted" tabindex="0"><span class="glyph"[^>]*>◌</span>not extracted'
                     r'<span class="evidence" role="tooltip">Washington &lt;accuse&gt; Pyongyang\.</span></td>', text)
    views = text[text.index('<table class="views">'):]
    assert "<th>Not extracted (its text may state it)</th>" in views
    assert re.search(r'<th scope="row">RFI</th>.*?<td><span class="empty">—</span></td><td><ul><li>USA ACCUSE PRK<br>'
                     r'<q class="small muted">Washington &lt;accuse&gt; Pyongyang\.</q></li></ul></td>', views)
    assert "Independent outlets</th>" in text and "Independent speakers</th>" in text

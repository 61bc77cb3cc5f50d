"""Terminal text (issue 9): article text is never read as rich markup and no control character
reaches the terminal raw; every view renders whatever its fields hold."""

from __future__ import annotations

import io

from hostile import ANSI, HOSTILE, MARKUP, RAW_CONTROLS, RTL, SIC
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from recoupe.claims.records import Claim, Mention
from recoupe.cli.tables import events_table, summary_table
from recoupe.cli.text import error_line, one_line, plain, visible
from recoupe.cli.views import StoryLine, comparison_view, stories_table
from recoupe.compare.story import compare_story
from recoupe.errors import IngestError
from recoupe.pipeline import Summary
from recoupe.records import Document, Event


def render(renderable: object, *, terminal: bool = True) -> str:
    buffer = io.StringIO()
    Console(file=buffer, force_terminal=terminal, width=100, color_system="truecolor" if terminal else None,
            highlight=False).print(renderable, soft_wrap=True)
    return buffer.getvalue()


def test_controls_and_bidi_are_shown_as_escapes() -> None:
    assert visible(ANSI) == "\\x1b[31mRED\\x1b]0;title\\x07"
    assert visible(RTL) == "\\u202eevil\\u202c"
    assert visible("a\x00b\x7fc\x85d\u2028") == "a\\x00b\\x7fc\\x85d\\u2028"
    assert visible("ligne\n\tsuite") == "ligne\n\tsuite"  # a cell may hold lines
    assert visible("ligne\n\tsuite\r", lines=False) == "ligne\\n\\tsuite\\r"
    assert visible("zéro\u200blargeur « guillemets » ’") == "zéro\u200blargeur « guillemets » ’"  # text untouched


def test_markup_is_printed_literally() -> None:
    out = render(plain(f"{MARKUP} {SIC} [bold]gras[/bold] \\[b]"))
    assert f"{MARKUP} {SIC} [bold]gras[/bold] \\[b]" in out


def test_an_error_line_is_one_line_whatever_the_path() -> None:
    problem = IngestError("empty file", path=f"dossier/{MARKUP}\n{ANSI}{'x' * 200}.txt")
    out = render(error_line(problem), terminal=False)
    assert out.count("\n") == 1 and "[E100] empty file" in out and "dossier/[/b]\\n\\x1b" in out


def test_a_style_is_applied_without_markup() -> None:
    out = render(one_line("[/red] rouge", "red"))
    assert "[/red] rouge" in out and "\x1b[31m" in out  # our colour, their text


hostile = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
words = st.lists(hostile, min_size=1, max_size=4).map(" ".join)
codes = st.lists(hostile, max_size=3)


def event(doc: str, speaker: str, evidence: str, obj: str, source: list[str], target: list[str],
          factuality: str, start: int) -> Event:
    return Event(doc, start, start + 10, "AID", source, target, object=obj, speaker=speaker, evidence=evidence,
                 factuality=factuality, context="military")


events = st.builds(event, words, words, words, words, codes, codes,
                   st.sampled_from(["asserted", "reported", "denied", "alleged", "[/b]"]), st.integers(0, 99))


def assert_safe(out: str) -> None:
    # rendered without colours (not a terminal), so any control character left is the data's
    for raw in RAW_CONTROLS:
        assert raw not in out, repr(raw)


@settings(max_examples=60, deadline=None)
@given(st.lists(events, max_size=6))
def test_fuzz_events_table(evs: list[Event]) -> None:
    table, n = events_table(evs)
    out = render(table, terminal=False)
    assert n == len(evs)
    assert_safe(out)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(words, words, words), max_size=5))
def test_fuzz_stories_table(rows: list[tuple[str, str, str]]) -> None:
    lines = [StoryLine(story=s, title=t, docs=1, outlets=1, first=d, last=None, claims=0, contested=0)
             for s, t, d in rows]
    table, n = stories_table(iter(lines))
    assert_safe(render(table, terminal=False))
    assert n == len(rows)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(words, words, words), min_size=1, max_size=3), st.lists(events, min_size=1, max_size=4))
def test_fuzz_story_comparison(docs: list[tuple[str, str, str]], evs: list[Event]) -> None:
    documents = [Document.make(f"d{k}{i}", f"{t}\n{t}", title=t, outlet=o) for k, (i, t, o) in enumerate(docs)]
    mentions = [Mention(f"e{k}", documents[k % len(documents)].id, documents[k % len(documents)].outlet, e.start,
                        e.end, e.factuality, e.speaker, e.object, e.evidence, None) for k, e in enumerate(evs)]
    claim = Claim("c1", "s1", "AID", evs[0].source, evs[0].target, "military", [e.object or "" for e in evs],
                  mentions)
    out = render(comparison_view(compare_story("s1", documents, [claim], {})), terminal=False)
    assert_safe(out)


def test_summary_table_renders() -> None:
    summary = Summary(files=2, documents=2, analysed=1, failed=1)
    summary.by_factuality.update(["reported", "reported", "denied"])
    out = render(summary_table(summary, warnings=3), terminal=False)
    assert "reported 2, denied 1" in out and "warnings (analysed anyway)" in out

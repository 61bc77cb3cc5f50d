"""Tables for the terminal: the analysis summary and the events listing."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text

from ..pipeline import Summary
from ..records import Event
from .text import plain

FACTUALITY_STYLE = {
    "asserted": "green", "reported": "cyan", "alleged": "yellow", "possible": "magenta",
    "denied": "bold red", "intended": "blue",
}


def summary_table(s: Summary, *, warnings: int = 0) -> Table:
    t = Table(title="recoupe analyze", show_header=False, title_justify="left")
    t.add_column("what")
    t.add_column("count", justify="right")
    t.add_row("files", str(s.files))
    t.add_row("documents read", str(s.documents))
    t.add_row("analysed", str(s.analysed))
    t.add_row("unchanged (skipped)", str(s.unchanged))
    t.add_row("other language (skipped)", str(s.other_language))
    t.add_row("failed", Text(str(s.failed), style="red" if s.failed else ""))
    if warnings:
        t.add_row("warnings (analysed anyway)", Text(str(warnings), style="yellow"))
    t.add_row("events", str(s.events))
    if s.by_type:
        t.add_row("by type", ", ".join(f"{k} {v}" for k, v in s.by_type.most_common()))
    if s.grouping is not None:
        g = s.grouping
        t.add_row("stories touched", f"{len(g.stories)} ({g.joined} documents joined a story, "
                                     f"{g.duplicates} wire copies)")
        t.add_row("claims", str(g.claims))
    if s.by_factuality:
        t.add_row("by factuality", Text(", ").join(
            Text.assemble((k, FACTUALITY_STYLE.get(k, "")), f" {v}") for k, v in s.by_factuality.most_common()))
    return t


def events_table(events: Iterable[Event], *, limit: int | None = None) -> tuple[Table, int]:
    t = Table(title="events", title_justify="left", show_lines=False)
    for col in ("doc", "type", "source", "target", "object", "factuality", "speaker", "evidence"):
        t.add_column(col, overflow="fold", max_width=60 if col == "evidence" else None)
    n = 0
    for ev in events:
        n += 1
        if limit is not None and n > limit:
            continue
        style = FACTUALITY_STYLE.get(ev.factuality, "")
        # every cell a Text: ids, actors, speakers and evidence come from the articles (never markup)
        t.add_row(plain(ev.doc), plain(ev.type + (f"/{ev.context}" if ev.context else "")),
                  plain(", ".join(ev.source)), plain(", ".join(ev.target)), plain(ev.object or ""),
                  plain(ev.factuality, style), plain(ev.speaker or ""), plain(ev.evidence))
    return t, n

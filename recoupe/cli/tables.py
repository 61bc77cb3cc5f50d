"""Tables for the terminal: the analysis summary and the events listing."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table

from ..pipeline import Summary
from ..records import Event

FACTUALITY_STYLE = {
    "asserted": "green", "reported": "cyan", "alleged": "yellow", "possible": "magenta",
    "denied": "bold red", "intended": "blue",
}


def summary_table(s: Summary) -> Table:
    t = Table(title="recoupe analyze", show_header=False, title_justify="left")
    t.add_column("what")
    t.add_column("count", justify="right")
    t.add_row("files", str(s.files))
    t.add_row("documents read", str(s.documents))
    t.add_row("analysed", str(s.analysed))
    t.add_row("unchanged (skipped)", str(s.unchanged))
    t.add_row("other language (skipped)", str(s.other_language))
    t.add_row("failed", f"[red]{s.failed}[/red]" if s.failed else "0")
    t.add_row("events", str(s.events))
    if s.by_type:
        t.add_row("by type", ", ".join(f"{k} {v}" for k, v in s.by_type.most_common()))
    if s.grouping is not None:
        g = s.grouping
        t.add_row("stories touched", f"{len(g.stories)} ({g.joined} documents joined a story, "
                                     f"{g.duplicates} wire copies)")
        t.add_row("claims", str(g.claims))
    if s.by_factuality:
        t.add_row("by factuality", ", ".join(
            f"[{FACTUALITY_STYLE.get(k, '')}]{k}[/] {v}" for k, v in s.by_factuality.most_common()))
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
        t.add_row(ev.doc, ev.type + (f"/{ev.context}" if ev.context else ""), ", ".join(ev.source),
                  ", ".join(ev.target), ev.object or "", f"[{style}]{ev.factuality}[/]", ev.speaker or "",
                  ev.evidence)
    return t, n

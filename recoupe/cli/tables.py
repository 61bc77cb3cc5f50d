"""Tables for the terminal: the analysis summary and the events listing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
        # stories, not documents: the stories whose claims were rebuilt
        t.add_row("stories touched", f"{len(g.stories)} ({g.opened} new; {g.joined} of {g.documents} documents "
                                     f"joined a story, {g.duplicates} of them wire copies)")
        t.add_row("claims", str(g.claims))
    if s.by_factuality:
        t.add_row("by factuality", Text(", ").join(
            Text.assemble((k, FACTUALITY_STYLE.get(k, "")), f" {v}") for k, v in s.by_factuality.most_common()))
    return t


def stats_table(stats: Mapping[str, int], distinct_actors: int) -> Table:
    """What the database holds; actors counted both ways: mentions in texts, and distinct actors."""
    t = Table(show_header=False, title="recoupe stats", title_justify="left")
    t.add_column("what")
    t.add_column("count", justify="right")
    labels = {"documents": "documents", "events": "events", "actors": "actor mentions (in texts)",
              "stories": "stories", "failures": "failed inputs"}
    for key, label in labels.items():
        if key in stats:
            t.add_row(label, str(stats[key]))
            if key == "actors":
                t.add_row("distinct actors", str(distinct_actors))
    for key, value in stats.items():
        if key.startswith("events:"):
            t.add_row(plain(f"events of type {key.partition(':')[2]}"), str(value))
        elif key not in labels:
            t.add_row(plain(key), str(value))
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

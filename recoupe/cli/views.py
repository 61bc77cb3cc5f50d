"""Terminal views of stories: the story list and one story's cross-source comparison."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..compare.records import StoryComparison
from ..compare.story import compare_story, is_contested
from ..store.sqlite import Store
from .tables import FACTUALITY_STYLE
from .text import one_line, plain

GLYPH = {"asserted": "●", "reported": "◆", "alleged": "▲", "possible": "?", "intended": "→", "denied": "✗"}


@dataclass(slots=True)
class StoryLine:
    story: str
    title: str
    docs: int
    outlets: int
    first: str | None
    last: str | None
    claims: int
    contested: int


def story_lines(store: Store) -> Iterator[StoryLine]:
    """One line per story, largest stories first (ties by id), without building full comparisons."""
    heads = {h[0]: h for h in store.headlines()}  # id, title, outlet, published, lead: no full texts
    claims_by_story: dict[str, list[set[str]]] = {}
    for c in store.claims():
        claims_by_story.setdefault(c.story, []).append({m.factuality for m in c.mentions})
    lines = []
    for story, ids in store.stories():
        members = [heads[i] for i in ids if i in heads]
        dated = sorted(h[3] for h in members if h[3])
        first = min(members, key=lambda h: (h[3] or "9999", h[0]))
        facts = claims_by_story.get(story, [])
        lines.append(StoryLine(
            story=story, title=first[1] or first[4].partition("\n")[0][:100], docs=len(members),
            outlets=len({h[2] or h[0] for h in members}), first=dated[0] if dated else None,
            last=dated[-1] if dated else None, claims=len(facts),
            contested=sum(1 for f in facts if is_contested(f)),
        ))
    lines.sort(key=lambda s: (-s.docs, s.story))
    yield from lines


def stories_table(lines: Iterator[StoryLine], *, limit: int | None = None) -> tuple[Table, int]:
    t = Table(title="stories", title_justify="left")
    for col, just in (("story", "left"), ("docs", "right"), ("outlets", "right"), ("claims", "right"),
                      ("contested", "right"), ("dates", "left"), ("title", "left")):
        t.add_column(col, justify=just, overflow="fold", max_width=70 if col == "title" else None)  # type: ignore[arg-type]
    n = 0
    for s in lines:
        n += 1
        if limit is not None and n > limit:
            continue
        dates = s.first if s.first == s.last else f"{s.first or ''} → {s.last or ''}"
        contested = Text(str(s.contested), style="bold red" if s.contested else "")
        # ids, dates and titles come from the inputs: Text cells, never markup
        t.add_row(plain(s.story), str(s.docs), str(s.outlets), str(s.claims), contested, plain(dates or ""),
                  plain(s.title))
    return t, n


def load_comparison(store: Store, story: str, duplicates: Mapping[str, str] | None = None) -> StoryComparison | None:
    """One story's comparison; pass `duplicates` (store.duplicates()) when comparing many stories."""
    docs = store.story_documents(story)
    if not docs:
        return None
    dups = store.duplicates() if duplicates is None else duplicates
    return compare_story(story, docs, list(store.claims(story=story)), dups)


def comparison_view(c: StoryComparison) -> RenderableType:
    """The grid (claims × outlets, one coloured glyph per cell), then what each outlet adds and omits."""
    head = Text.assemble(one_line(f"{c.story}  ", "bold"), one_line(c.title, "bold"), "\n",
                         f"{len(c.docs)} documents, {len(c.outlets)} outlets, {len(c.claims)} claims, "
                         f"{len(c.corroborated)} corroborated, ", (f"{len(c.contested)} contested", "bold red"))
    grid = Table(title="claims × outlets", title_justify="left", show_lines=False)
    grid.add_column("claim", overflow="fold", max_width=48)
    grid.add_column("status")
    grid.add_column("indep.", justify="right")
    for outlet in c.outlets:  # a column header is rendered like a cell: a Text, not markup
        grid.add_column(one_line(outlet), justify="center", overflow="fold", max_width=14)
    for cs in c.claims:
        status = plain(cs.status, {"contested": "bold red", "corroborated": "green"}.get(cs.status, ""))
        cells: list[Text] = []
        for outlet in c.outlets:
            f = cs.cells.get(outlet)
            cells.append(plain(f"{GLYPH.get(f, '')} {f}", FACTUALITY_STYLE.get(f, "")) if f else Text())
        grid.add_row(plain(cs.claim.label), status, f"{cs.independent_outlets}/{cs.independent_speakers}", *cells)
    labels = {cs.claim.id: cs.claim.label for cs in c.claims}
    views = Table(title="per outlet", title_justify="left")
    for col in ("outlet", "adds", "omits", "wire copy of"):
        views.add_column(col, overflow="fold", max_width=60)
    for v in c.views:
        views.add_row(plain(v.outlet), plain("\n".join(labels.get(k, k) for k in v.adds) or "-"),
                      plain("\n".join(labels.get(k, k) for k in v.omits) or "-"),
                      plain(", ".join(v.duplicates_of) or "-"))
    parts: list[RenderableType] = [head, grid, views]
    worded = [cs for cs in c.claims if cs.wordings]
    if worded:
        w = Table(title="wordings", title_justify="left")
        w.add_column("claim", max_width=48, overflow="fold")
        w.add_column("outlet")
        w.add_column("words", overflow="fold")
        for cs in worded:
            for outlet, words in cs.wordings.items():
                w.add_row(plain(cs.claim.label), plain(outlet), plain(", ".join(words)))
        parts.append(w)
    legend = Text("  ".join(f"{GLYPH[f]} {f}" for f in GLYPH))
    parts.append(legend)
    return Group(*parts)

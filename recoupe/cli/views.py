"""Terminal views of stories: the story list and one story's cross-source comparison.

Everything read from articles (ids, titles, outlets, claim labels, sentences) goes into tables
through `plain` / `one_line` (text.py): never read as markup, control characters made visible.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..compare.records import ClaimStatus, StoryComparison
from ..compare.story import UNKNOWN_OUTLET, compare_story, is_contested
from ..store import Store
from .tables import FACTUALITY_STYLE
from .text import one_line, plain

GLYPH = {"asserted": "●", "reported": "◆", "alleged": "▲", "possible": "?", "intended": "→", "denied": "✗"}
NOT_EXTRACTED = ("◌", "not extracted: the outlet's text names the actors beside a trigger of this kind, but no "
                      "event was read from it")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_SENTENCE = 160  # characters of a "not extracted" sentence shown in the per-outlet table


@dataclass(slots=True)
class StoryLine:
    story: str
    title: str
    docs: int
    outlets: int  # distinct known outlets
    first: str | None  # ISO date; "--MM-DD" when read from a text that gives no year
    last: str | None
    claims: int
    contested: int
    dates_from_text: bool = False  # no publication date: the dates the texts give their happenings
    unknown_outlets: int = 0  # documents whose outlet is unknown


def story_lines(store: Store) -> Iterator[StoryLine]:
    """One line per story, largest stories first (ties by id), without building full comparisons."""
    heads = {h[0]: h for h in store.headlines()}  # id, title, outlet, published, lead: no full texts
    text_dates = store.text_dates()
    claims_by_story: dict[str, list[set[str]]] = {}
    for c in store.claims():
        claims_by_story.setdefault(c.story, []).append({m.factuality for m in c.mentions})
    lines = []
    for story, ids in store.stories():
        members = [heads[i] for i in ids if i in heads]
        dated = sorted(h[3] for h in members if h[3])
        from_text = not dated
        if from_text:  # undated articles: the dates their own texts give ("mercredi 2 juillet")
            dated = sorted((text_dates[h[0]] for h in members if h[0] in text_dates), key=_date_key)
        first = min(members, key=lambda h: (h[3] or "9999", h[0]))
        facts = claims_by_story.get(story, [])
        lines.append(StoryLine(
            story=story, title=first[1] or first[4].partition("\n")[0][:100], docs=len(members),
            outlets=len({h[2] for h in members if h[2]}), unknown_outlets=sum(1 for h in members if not h[2]),
            first=dated[0] if dated else None, last=dated[-1] if dated else None, claims=len(facts),
            contested=sum(1 for f in facts if is_contested(f)), dates_from_text=from_text and bool(dated),
        ))
    lines.sort(key=lambda s: (-s.docs, s.story))
    yield from lines


def _date_key(value: str) -> str:
    """Dates without a year ("--07-02") sort by month and day, after those with one."""
    return ("9999" + value[1:]) if value.startswith("--") else value


def show_date(value: str) -> str:
    """"2008-07-02" as it is; a date without its year ("--07-02") as "2 Jul"."""
    if value.startswith("--"):
        try:
            day = date(2000, int(value[2:4]), int(value[5:7]))  # a leap year: 29 February exists
        except ValueError:
            return value
        return f"{day.day} {_MONTHS[day.month - 1]}"  # not strftime: it follows the user's locale
    return value


def dates_cell(first: str | None, last: str | None, *, from_text: bool = False) -> str:
    if not first:
        return ""
    shown = show_date(first) if first == last or not last else f"{show_date(first)} → {show_date(last)}"
    return f"{shown} (in text)" if from_text else shown


def _outlets_cell(s: StoryLine) -> str:
    if not s.unknown_outlets:
        return str(s.outlets)
    return f"{s.outlets} + {s.unknown_outlets} unknown" if s.outlets else f"{s.unknown_outlets} unknown"


def stories_table(lines: Iterator[StoryLine], *, limit: int | None = None) -> tuple[Table, int]:
    t = Table(title="stories", title_justify="left",
              caption="dates: publication dates; \"(in text)\": no publication date, the dates the articles give",
              caption_justify="left")
    for col, just in (("story", "left"), ("docs", "right"), ("outlets", "right"), ("claims", "right"),
                      ("contested", "right"), ("dates", "left"), ("title", "left")):
        t.add_column(col, justify=just, overflow="fold", max_width=70 if col == "title" else None)  # type: ignore[arg-type]
    n = 0
    for s in lines:
        n += 1
        if limit is not None and n > limit:
            continue
        contested = Text(str(s.contested), style="bold red") if s.contested else Text("0")
        # ids, dates and titles come from the inputs: Text cells, never markup
        t.add_row(plain(s.story), str(s.docs), _outlets_cell(s), str(s.claims), contested,
                  plain(dates_cell(s.first, s.last, from_text=s.dates_from_text)), plain(s.title))
    return t, n


def load_comparison(store: Store, story: str, duplicates: Mapping[str, str] | None = None) -> StoryComparison | None:
    """One story's comparison; pass `duplicates` (store.duplicates()) when comparing many stories."""
    docs = store.story_documents(story)
    if not docs:
        return None
    dups = store.duplicates() if duplicates is None else duplicates
    actors = {d.id: store.actor_mentions(d.id) for d in docs}
    return compare_story(story, docs, list(store.claims(story=story)), dups, actors)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def independence(cs: ClaimStatus) -> str:
    """"2 outlets, 4 speakers": the independent sources behind a claim, spelled out."""
    return f"{plural(cs.independent_outlets, 'outlet')}, {plural(cs.independent_speakers, 'speaker')}"


def _cell(cs: ClaimStatus, outlet: str) -> Text:
    f = cs.cells.get(outlet)
    if f is not None:
        return plain(f"{GLYPH.get(f, '')} {f}", FACTUALITY_STYLE.get(f, ""))
    if outlet in cs.unextracted:
        return Text(f"{NOT_EXTRACTED[0]} not extracted", style="dim")
    return Text("")


def _claims_text(ids: list[str], labels: Mapping[str, str]) -> Text:
    return plain("\n".join(labels.get(k, k) for k in ids) or "-")


def _unextracted_text(ids: list[str], outlet: str, c: StoryComparison) -> Text:
    if not ids:
        return Text("-")
    by_id = {cs.claim.id: cs for cs in c.claims}
    out = Text()
    for k in ids:
        cs = by_id[k]
        sentence = cs.unextracted.get(outlet, "")
        if len(sentence) > MAX_SENTENCE:
            sentence = sentence[: MAX_SENTENCE - 1] + "…"
        if out:
            out.append("\n")
        out.append_text(one_line(cs.claim.label))
        out.append("\n  « ")
        out.append_text(one_line(sentence, "dim"))
        out.append(" »")
    return out


def comparison_view(c: StoryComparison) -> RenderableType:
    """The grid (claims × outlets, one coloured glyph per cell), then what each outlet adds and omits."""
    unknown = sum(1 for o in c.outlets if o.startswith(UNKNOWN_OUTLET))
    outlets = plural(len(c.outlets) - unknown, "outlet") + (f" (+ {unknown} of unknown outlet)" if unknown else "")
    head = Text.assemble(one_line(f"{c.story}  ", "bold"), one_line(c.title, "bold"), "\n",
                         f"{plural(len(c.docs), 'document')}, {outlets}, {plural(len(c.claims), 'claim')}, "
                         f"{len(c.corroborated)} corroborated, ", (f"{len(c.contested)} contested", "bold red"))
    grid = Table(title="claims × outlets", title_justify="left", show_lines=False)
    grid.add_column("claim", overflow="fold", max_width=48)
    grid.add_column("status")
    grid.add_column("independent sources", overflow="fold", max_width=22)
    for outlet in c.outlets:  # a column header is rendered like a cell: a Text, not markup
        grid.add_column(one_line(outlet), justify="center", overflow="fold", max_width=14)
    for cs in c.claims:
        status = {"contested": Text("contested", style="bold red"),
                  "corroborated": Text("corroborated", style="green")}.get(cs.status, Text(cs.status))
        grid.add_row(plain(cs.claim.label), status, independence(cs), *(_cell(cs, o) for o in c.outlets))
    labels = {cs.claim.id: cs.claim.label for cs in c.claims}
    views = Table(title="per outlet", title_justify="left")
    for col in ("outlet", "adds (only this outlet)", "omits (2+ other outlets; not in its text)",
                "not extracted (its text may state it)", "wire copy of"):
        views.add_column(col, overflow="fold", max_width=60)
    for v in c.views:
        views.add_row(plain(v.outlet), _claims_text(v.adds, labels), _claims_text(v.omits, labels),
                      _unextracted_text(v.not_extracted, v.outlet, c), plain(", ".join(v.duplicates_of) or "-"))
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
    legend = Text("  ".join(f"{GLYPH[f]} {f}" for f in GLYPH) + f"  {NOT_EXTRACTED[0]} {NOT_EXTRACTED[1]}")
    parts.append(legend)
    return Group(*parts)

"""The HTML report: one self-contained file comparing how outlets tell each story.

An index of stories, then per story a grid (rows: claims, columns: outlets) whose cells give
the factuality each outlet lends the claim, with the evidence sentence on hover, and what
each outlet adds, omits and words differently. CSS and JS come from `static/` and are inlined:
the file opens offline and loads nothing from the network.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from importlib import resources

from recoupe.compare.records import ClaimStatus, StoryComparison
from recoupe.compare.story import outlet_label

# Glyph and meaning of each factuality (SPEC section 3). The glyph and the word are written in
# the cell so the grid does not rely on colour alone.
FACTUALITY_LEGEND = {
    "asserted": ("■", "stated as fact in the outlet's own voice"),
    "reported": ("❝", "attributed to a speaker who states it as fact"),
    "alleged": ("!", "presented as an accusation or allegation"),
    "possible": ("?", "hedged or hypothetical"),
    "denied": ("✗", "said not to have happened, or false"),
    "intended": ("→", "announced, planned, future"),
}
STATUS_LEGEND = {
    "corroborated": ("✔", "reported by at least two independent outlets or speakers"),
    "single": ("○", "one outlet only"),
    "contested": ("⚑", "denied by a mention"),
}
ABSENT = ("·", "not mentioned")
# a claim two other outlets report, which this outlet's text may state though no event was read from it
UNEXTRACTED = ("◌", "not extracted: its text names the actors beside a trigger of this kind")
_STATIC = "static"


def esc(value: object) -> str:
    """Text or attribute value, escaped (quotes too: every attribute is double-quoted)."""
    return html.escape("" if value is None else str(value), quote=True)


def _static(name: str) -> str:
    text = resources.files("recoupe.report").joinpath(_STATIC, name).read_text(encoding="utf-8")
    # Inlined as-is: a closing tag inside would end the <style>/<script> element early.
    if re.search(r"</(style|script)", text, re.IGNORECASE):
        raise ValueError(f"recoupe/report/{_STATIC}/{name} must not contain a closing </style> or </script>")
    return text


def story_anchor(story: StoryComparison) -> str:
    # HTML ids may hold anything but whitespace; the prefix keeps them apart from the page's own.
    return "story-" + re.sub(r"\s+", "_", story.story)


def _dates(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "—"
    if first == last or not last:
        return esc(first)
    if not first:
        return esc(last)
    return f"{esc(first)} → {esc(last)}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def _legend() -> str:
    items = [
        f'<li><span class="cell f-{name}"><span class="glyph" aria-hidden="true">{glyph}</span>{name}</span>'
        f'<span class="small muted">{esc(meaning)}</span></li>'
        for name, (glyph, meaning) in FACTUALITY_LEGEND.items()
    ]
    items.append(f'<li><span class="cell f-absent"><span class="glyph" aria-hidden="true">{ABSENT[0]}</span>'
                 f"{ABSENT[1]}</span></li>")
    items.append(f'<li><span class="cell f-unextracted"><span class="glyph" aria-hidden="true">{UNEXTRACTED[0]}'
                 f'</span>not extracted</span><span class="small muted">{esc(UNEXTRACTED[1].partition(": ")[2])}'
                 "</span></li>")
    statuses = [f'<li><span class="badge {name}">{glyph} {name}</span><span class="small muted">{esc(meaning)}'
                f"</span></li>" for name, (glyph, meaning) in STATUS_LEGEND.items()]
    return (f'<h2>Legend</h2><ul class="legend" aria-label="factuality">{"".join(items)}</ul>'
            f'<ul class="legend" aria-label="claim status">{"".join(statuses)}</ul>')


def _index(stories: list[StoryComparison]) -> str:
    rows = []
    for story in stories:
        contested = len(story.contested)
        flag = f'<span aria-hidden="true">⚑</span> {contested}' if contested else "0"
        css = ' class="contested"' if contested else ""
        rows.append(
            f'<tr data-target="{esc(story_anchor(story))}"{css}>'
            f'<td><a href="#{esc(story_anchor(story))}">{esc(story.title or story.story)}</a></td>'
            f"<td>{_dates(story.first_seen, story.last_seen)}</td>"
            f'<td class="num">{len(story.docs)}</td><td class="num">{len(story.outlets)}</td>'
            f'<td class="num">{len(story.claims)}</td><td class="num flag">{flag}</td></tr>'
        )
    return (
        '<table class="index"><thead><tr><th>Story</th><th>Dates</th><th class="num">Docs</th>'
        '<th class="num">Outlets</th><th class="num">Claims</th><th class="num">Contested</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


def _cell(status: ClaimStatus, outlet: str) -> str:
    factuality = status.cells.get(outlet)
    if factuality is None and outlet in status.unextracted:
        tip = f'<span class="evidence" role="tooltip">{esc(status.unextracted[outlet])}</span>'
        return (f'<td class="cell f-unextracted" tabindex="0"><span class="glyph" aria-hidden="true">'
                f"{UNEXTRACTED[0]}</span>not extracted{tip}</td>")
    if factuality is None:
        return (f'<td class="cell f-absent"><span class="glyph" aria-hidden="true">{ABSENT[0]}</span>'
                f'<span class="sr">{ABSENT[1]}</span></td>')
    glyph = FACTUALITY_LEGEND.get(factuality, ("•", ""))[0]
    css = f"f-{factuality}" if factuality in FACTUALITY_LEGEND else "f-other"
    speakers = sorted({m.speaker for m in status.claim.mentions
                       if m.speaker and outlet_label(m.outlet, m.doc) == outlet})
    evidence = status.evidence.get(outlet, "")
    who = f'<span class="who">{esc("; ".join(speakers))}</span>' if speakers else ""
    tip = f'<span class="evidence" role="tooltip">{esc(evidence)}{who}</span>' if evidence or who else ""
    return (f'<td class="cell {css}" tabindex="0"><span class="glyph" aria-hidden="true">{glyph}</span>'
            f"{esc(factuality)}{tip}</td>")


def _grid(story: StoryComparison) -> str:
    if not story.claims:
        return '<p class="empty">No events were found in this story.</p>'
    head = "".join(f'<th class="outlet" scope="col">{esc(o)}</th>' for o in story.outlets)
    rows = []
    for status in story.claims:
        glyph = STATUS_LEGEND.get(status.status, ("", ""))[0]
        claim = status.claim
        context = f" · {esc(claim.context)}" if claim.context else ""
        rows.append(
            f'<tr class="claim {esc(status.status)}" id="{esc(story_anchor(story))}-{esc(claim.id)}">'
            f'<th class="claim" scope="row"><span class="claim-label">{esc(claim.label)}</span>'
            f'<br><span class="small muted">{esc(claim.id)}{context}</span></th>'
            f'<td><span class="badge {esc(status.status)}">{glyph} {esc(status.status)}</span></td>'
            f'<td class="num">{status.independent_outlets}</td><td class="num">{status.independent_speakers}</td>'
            f'{"".join(_cell(status, outlet) for outlet in story.outlets)}</tr>'
        )
    return (
        '<table class="grid"><thead><tr><th scope="col">Claim</th><th scope="col">Status</th>'
        '<th class="num" scope="col" title="outlets counted once per group of wire copies">Independent outlets</th>'
        '<th class="num" scope="col" title="speakers counted once each, the outlet&#x27;s own voice included">'
        "Independent speakers</th>"
        f'{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _claim_list(ids: list[str], labels: dict[str, str]) -> str:
    if not ids:
        return '<span class="empty">—</span>'
    return "<ul>" + "".join(f"<li>{esc(labels.get(i, i))}</li>" for i in ids) + "</ul>"


def _unextracted_list(ids: list[str], outlet: str, story: StoryComparison) -> str:
    """Claims the outlet's text may state though no event was read from it, each with that sentence."""
    if not ids:
        return '<span class="empty">—</span>'
    by_id = {s.claim.id: s for s in story.claims}
    items = "".join(f'<li>{esc(by_id[i].claim.label)}<br><q class="small muted">'
                    f"{esc(by_id[i].unextracted.get(outlet, ''))}</q></li>" for i in ids if i in by_id)
    return f"<ul>{items}</ul>"


def _views(story: StoryComparison) -> str:
    if not story.views:
        return ""
    labels = {s.claim.id: s.claim.label for s in story.claims}
    rows = "".join(
        f'<tr><th scope="row">{esc(v.outlet)}</th><td class="small">{esc(", ".join(v.docs))}</td>'
        f"<td>{_claim_list(v.adds, labels)}</td><td>{_claim_list(v.omits, labels)}</td>"
        f"<td>{_unextracted_list(v.not_extracted, v.outlet, story)}</td>"
        f'<td class="small">{esc(", ".join(v.duplicates_of)) or "—"}</td></tr>'
        for v in story.views
    )
    return ('<h3>What each outlet adds and omits</h3><table class="views"><thead><tr><th>Outlet</th><th>Docs</th>'
            "<th>Adds (only this outlet)</th><th>Omits (reported by 2+ others, not in its text)</th>"
            "<th>Not extracted (its text may state it)</th><th>Wire copy of</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>")


def _wordings(story: StoryComparison) -> str:
    rows = []
    for status in story.claims:
        if not status.wordings:
            continue
        # Story's outlet order first, so the table reads like the grid above it.
        outlets = [o for o in story.outlets if o in status.wordings]
        outlets += sorted(o for o in status.wordings if o not in outlets)
        for n, outlet in enumerate(outlets):
            label = (f'<th scope="row" rowspan="{len(outlets)}">{esc(status.claim.label)}</th>' if n == 0 else "")
            rows.append(f"<tr>{label}<td>{esc(outlet)}</td><td>{esc(', '.join(status.wordings[outlet]))}</td></tr>")
    if not rows:
        return ""
    return ('<h3>Wordings</h3><table class="wordings"><thead><tr><th>Claim</th><th>Outlet</th><th>Words</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _search_text(story: StoryComparison) -> str:
    """What the filter box matches: titles, ids, outlets, claim labels and speakers, lower-cased."""
    parts = [story.story, story.title, *story.docs, *story.outlets]
    for status in story.claims:
        parts += [status.claim.label, status.claim.id, status.status, *status.claim.speakers]
    return " ".join(p for p in parts if p).lower()


def _story(story: StoryComparison) -> str:
    contested = len(story.contested)
    flag = f'<span class="flag-mark">⚑ {_plural(contested, "contested claim")}</span> · ' if contested else ""
    summary = (
        f'<summary><span class="story-title">{esc(story.title or story.story)}</span> '
        f'<span class="meta small">{flag}{_dates(story.first_seen, story.last_seen)} · '
        f'{_plural(len(story.docs), "doc")} · {_plural(len(story.outlets), "outlet")} · '
        f'{_plural(len(story.claims), "claim")} · {esc(story.story)}</span></summary>'
    )
    return (
        f'<details class="story{" contested" if contested else ""}" id="{esc(story_anchor(story))}" '
        f'data-search="{esc(_search_text(story))}">{summary}<div class="body">'
        f"{_grid(story)}{_views(story)}{_wordings(story)}</div></details>"
    )


def render_report(
    comparisons: Iterable[StoryComparison], *, title: str = "recoupe report", generated: str | None = None
) -> str:
    """The whole report as one HTML document; the same input always gives the same text."""
    stories = list(comparisons)
    contested = sum(1 for s in stories if s.contested)
    docs = sum(len(s.docs) for s in stories)
    claims = sum(len(s.claims) for s in stories)
    stamp = f" · generated {esc(generated)}" if generated else ""
    controls = (
        '<div class="controls" id="controls" hidden>'
        '<input type="search" id="filter" placeholder="Filter stories: title, outlet, actor, speaker…" '
        'aria-label="filter stories">'
        '<label><input type="checkbox" id="only-contested"> contested only</label>'
        '<button type="button" id="expand">Expand all</button><button type="button" id="collapse">Collapse all</button>'
        '<span class="muted" id="shown" aria-live="polite"></span></div>'
    )
    body = "".join(_story(s) for s in stories) or '<p class="empty">No stories.</p>'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>\n{_static('report.css')}</style>\n</head>\n<body>\n"
        f"<header><h1>{esc(title)}</h1>"
        f'<p class="meta">{_plural(len(stories), "story", "stories")} · '
        f'{_plural(docs, "document")} · {_plural(claims, "claim")} · '
        f'<span class="flag-mark">⚑</span> {contested} with contested claims{stamp}</p>'
        f"{controls}</header>\n"
        f'<nav aria-label="stories"><h2>Stories</h2>{_index(stories)}</nav>\n'
        f"<section>{_legend()}</section>\n"
        f'<main><h2>Comparisons</h2>\n{body}\n</main>\n'
        f"<script>\n{_static('report.js')}</script>\n</body>\n</html>\n"
    )


def write_report(
    comparisons: Iterable[StoryComparison],
    path: str | os.PathLike[str],
    *,
    title: str = "recoupe report",
    generated: str | None = None,
) -> int:
    """Write the report to `path` (UTF-8); return the number of stories in it."""
    stories = list(comparisons)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(render_report(stories, title=title, generated=generated))
    return len(stories)

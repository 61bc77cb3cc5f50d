"""When an event happened: the time complement of its clause (or of the clause it depends on in
the same sentence), resolved against the article's publication date with dateparser.

Reading the phrase is linguistic and happens at extraction (``time_phrase``, ``tense_of``);
resolving it needs the document's date and happens once the document is known (``resolve``).
The words are data (``data/time.yaml``); dateparser does the calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import yaml
from dateparser.date import DateDataParser
from spacy.tokens import Doc, Token

from ..records import Event
from .clauses import Clause, Clauses
from .grammar import DATA, LexiconError

TIME_DEPS = frozenset({"obl:mod", "obl", "advmod", "nmod", "obl:arg", "nummod", "obj"})
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(slots=True, frozen=True)
class TimeWords:
    heads: frozenset[str]
    moments: tuple[str, ...]
    past_markers: frozenset[str]
    future_markers: frozenset[str]
    month_edges: frozenset[str]
    relative_years: dict[str, int]
    week_precision: str
    weekdays: frozenset[str]


@lru_cache(maxsize=2)
def time_words(path: Path | None = None) -> TimeWords:
    raw = yaml.safe_load((path or DATA / "time.yaml").read_text(encoding="utf-8")) or {}
    keys = {"heads", "moments", "past_markers", "future_markers", "month_edges", "relative_years", "week_precision",
            "weekdays"}
    if set(raw) != keys:
        raise LexiconError(f"[E140] time.yaml: keys must be {sorted(keys)}, not {sorted(raw)}")
    return TimeWords(frozenset(raw["heads"]), tuple(sorted(raw["moments"], key=len, reverse=True)),
                     frozenset(raw["past_markers"]), frozenset(raw["future_markers"]),
                     frozenset(raw["month_edges"]), {str(k): int(v) for k, v in raw["relative_years"].items()},
                     str(raw["week_precision"]), frozenset(raw["weekdays"]))


# -- at extraction: the phrase and the tense ---------------------------------------------------

def _is_time(tok: Token, words: TimeWords) -> bool:
    return tok.lower_ in words.heads or tok.lemma_.lower() in words.heads or bool(_YEAR.match(tok.text))


def phrase_of(tok: Token) -> str:
    """A complement as written, without the clauses hung on it."""
    cut: set[int] = set()
    for t in tok.subtree:
        if t.i != tok.i and t.dep_ in ("acl", "acl:relcl", "advcl", "parataxis", "appos"):
            cut |= {x.i for x in t.subtree}
    keep = [t.i for t in tok.subtree if t.i not in cut]
    return tok.doc[min(keep):max(keep) + 1].text.strip(" ,")


def time_phrase_of(tok: Token, words: TimeWords | None = None) -> str:
    """A time complement as written, without what hangs on it that tells no time: the clauses, and
    the complements with no time word ("lundi des positions du Hezbollah" is "lundi", "mercredi
    soir à Tbilissi" is "mercredi soir"; "le 15 septembre", "d'octobre 2024" stay whole)."""
    words = words or time_words()
    cut: set[int] = set()
    for t in tok.subtree:
        if t.i == tok.i or t.i in cut:
            continue
        if t.dep_ in ("acl", "acl:relcl", "advcl", "parataxis", "appos") or (
                any(k.dep_ == "case" for k in t.children)
                and not any(_is_time(x, words) or x.like_num for x in t.subtree)):
            cut |= {x.i for x in t.subtree}
    kept = {t.i for t in tok.subtree} - cut
    lo = hi = tok.i
    while lo - 1 in kept:
        lo -= 1
    while hi + 1 in kept:
        hi += 1
    return tok.doc[lo:hi + 1].text.strip(" ,")


def _own_time(doc: Doc, c: Clause, words: TimeWords) -> str | None:
    for h in dict.fromkeys((c.anchor, c.pred)):
        for k in doc[h].children:
            if k.dep_ in TIME_DEPS and (_is_time(k, words) or any(_is_time(g, words) for g in k.children
                                                                 if g.dep_ in ("nmod", "nummod", "amod", "dep"))):
                return time_phrase_of(k, words)
    return None


def time_phrase(doc: Doc, c: Clause, clauses: Clauses) -> tuple[str | None, Clause]:
    """The clause's own time complement, else that of a clause above it in the same sentence (a
    time in the main clause also dates a relative or participle clause under it), with the clause
    it belongs to (whose tense points it)."""
    words = time_words()
    found, owner = _own_time(doc, c, words), c
    for _child, parent in clauses.chain(c):
        if found is not None or parent.sent != c.sent:
            break
        found, owner = _own_time(doc, parent, words), parent
    return found, owner


def tense_of(doc: Doc, c: Clause, factuality: str) -> str:
    """Which way a bare weekday or month points: future for what is announced or planned, past for
    what is told as done, present otherwise (the nearer date)."""
    if factuality == "intended" or c.future:
        return "future"
    tok = doc[c.anchor]
    verbs = (tok, *[a for a in tok.children if a.dep_.startswith("aux")])
    tenses = {t for k in verbs for t in k.morph.get("Tense", [])}
    if "Past" in tenses or "Imp" in tenses:
        return "past"
    return "present"


# -- once the document is known: the date -------------------------------------------------------

@lru_cache(maxsize=8)
def _parser(base: date, prefer: str) -> DateDataParser:
    return DateDataParser(languages=["fr"], settings={
        "RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": prefer})


def _clean(phrase: str, words: TimeWords) -> tuple[str, str | None, bool]:
    """(the phrase for dateparser, a direction its words force, whether a month edge makes it a month)."""
    low = " " + phrase.lower().replace("’", "'") + " "
    for m in words.moments:
        low = low.replace(" " + m + " ", " ")
    tokens = re.findall(r"[\w'-]+", low)
    direction = "past" if set(tokens) & words.past_markers else "future" if set(tokens) & words.future_markers else None
    edge = bool(set(tokens) & words.month_edges) or any(t.startswith("mi-") for t in tokens)
    kept = [t for t in tokens if t not in words.past_markers | words.future_markers | words.month_edges
            and not t.startswith("mi-")] + [t[3:] for t in tokens if t.startswith("mi-")]
    weekdays = [t for t in kept if t in words.weekdays]
    if len(weekdays) >= 2 and not any(t.isdigit() for t in kept):  # "de mardi à mercredi": the first
        kept = kept[:kept.index(weekdays[0]) + 1]
    return " ".join(kept), direction, edge


def resolve_phrase(phrase: str, published: date, tense: str) -> tuple[str, str] | None:
    """(ISO date, precision) of a time phrase in an article published on `published`, or None."""
    words = time_words()
    low = phrase.lower().replace("’", "'").strip()
    for rel, offset in words.relative_years.items():
        if low.endswith(rel):
            return str(published.year + offset), "year"
    text, direction, edge = _clean(phrase, words)
    if not text:
        return None
    prefer = direction or ("future" if tense == "future" else "past")
    data = _parser(published, prefer).get_date_data(text)
    if data.date_obj is None and direction is not None:  # "la semaine dernière": the parser reads it whole
        data = _parser(published, prefer).get_date_data(low)
    if data.date_obj is None:  # "Kiev lundi" (a name the parser hung on the date): the time words alone
        core = " ".join(t for t in text.split() if t in words.heads or t.isdigit())
        data = _parser(published, prefer).get_date_data(core) if core and core != text else data
    if data.date_obj is None:
        return None
    found = data.date_obj.date()
    if (prefer == "past" and direction is None and text in words.weekdays
            and found == published - timedelta(days=7)):
        found = published  # "a promis jeudi" in a Thursday's paper: that Thursday
    if tense == "present" and direction is None and data.period == "day":
        other = _parser(published, "future").get_date_data(text).date_obj
        if other is not None and abs((other.date() - published).days) < abs((found - published).days):
            found = other.date()  # a present tense points to the nearer day
    period = data.period or "day"
    if (edge or period == "month") and prefer == "future" and (found.year, found.month) == (
            published.year + 1, published.month):
        found = published  # "en mars" or "fin mars" ahead, in a March paper: this March
    if edge or period == "month":
        return f"{found.year:04d}-{found.month:02d}", "month"
    if period == "week":
        monday = found - timedelta(days=found.weekday())
        return (f"{monday.year:04d}-{monday.month:02d}", "month") if words.week_precision == "month" else (
            monday.isoformat(), "day")
    if period == "year":
        return f"{found.year:04d}", "year"
    return found.isoformat(), "day"


def resolve(events: list[Event], published: str | None) -> None:
    """Date the events of a document: their time phrase against its publication date; an event
    with no phrase (or none dateparser reads) takes the publication date, precision "publication"."""
    if not published:
        return
    try:
        base = date.fromisoformat(published[:10])
    except ValueError:
        return
    for ev in events:
        found = resolve_phrase(ev.date_text, base, ev.tense) if ev.date_text else None
        ev.date, ev.date_precision = found if found is not None else (base.isoformat(), "publication")

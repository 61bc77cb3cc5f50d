"""When did the reported happening take place, according to the article's own text?

Articles read from plain text carry no publication date, yet the clusterer needs one to tell a
story from the same actors' next story ("the same actors a month later is usually a new story").
News prose dates its hook with the weekday: "a déclaré mercredi 2 novembre", "lundi 24 février
2022". A bare "le 24 février" is as often background ("le 24 février, la Russie a lancé ...") and
is not used. The most frequent weekday date of the text wins; among equals, the first (the lead).

The result is ISO 8601: "2022-11-02" with a year, "--11-02" without one (a date in no given
year); `day_gap` compares two such dates, around the year end when a year is missing.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).with_name("data") / "calendar.yaml"
YEAR_DAYS = 366  # day_of_year counts in a leap year


@lru_cache(maxsize=1)
def _calendar() -> tuple[re.Pattern[str], dict[str, int]]:
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    weekdays: list[str] = []
    months: dict[str, int] = {}
    suffixes: set[str] = set()
    future: set[str] = set()
    for lang in data.values():
        weekdays += lang["weekdays"]
        months.update({m: i + 1 for i, m in enumerate(lang["months"])})
        suffixes.update(lang.get("ordinal_suffixes", ()))
        future.update(lang.get("future_words", ()))

    def alternatives(words: set[str] | list[str]) -> str:
        return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))

    pattern = re.compile(
        rf"\b(?:{alternatives(weekdays)})\s+(\d{{1,2}})(?:{alternatives(suffixes)})?\s+"
        rf"({alternatives(list(months))})\b(?:\s+(\d{{4}})\b)?(?!\s+(?:{alternatives(future)})\b)",
        re.IGNORECASE,
    )
    return pattern, months


def text_date(text: str) -> str | None:
    """The date the text gives its happening, as "YYYY-MM-DD" or "--MM-DD"; None when it gives none."""
    pattern, months = _calendar()
    found: Counter[str] = Counter()
    for match in pattern.finditer(text):
        day, month, year = int(match.group(1)), months[match.group(2).lower()], match.group(3)
        try:
            date(int(year) if year else 2000, month, day)  # 2000: a leap year, so 29 février passes
        except ValueError:
            continue
        found[f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"] += 1
    if not found:
        return None
    # Counter keeps first-seen order, and max returns the first of equals: the lead's date.
    return max(found, key=found.__getitem__)


def day_gap(a: str, b: str) -> int:
    """Days between two dates from `text_date`; when either lacks its year, the shorter way round the year."""
    if not a.startswith("--") and not b.startswith("--"):
        return abs(date.fromisoformat(a).toordinal() - date.fromisoformat(b).toordinal())
    gap = abs(day_of_year(a) - day_of_year(b))
    return min(gap, YEAR_DAYS - gap)


def day_of_year(value: str) -> int:
    """1..366 for "YYYY-MM-DD" or "--MM-DD", counted in a leap year so every date has one place."""
    month, day = int(value[-5:-3]), int(value[-2:])
    return date(2000, month, day).timetuple().tm_yday

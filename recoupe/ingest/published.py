"""Publication dates given by the inputs: kept when they are dates, reported and dropped when not.

A `published` value orders a story's documents and dates its events, so an invalid one
("not a date", "2008-13-45") must not be stored as if it were a date: it is reported on one
line naming the item (`errors.warn`) and the document is stored with an unknown date.

Accepted: ISO 8601 dates and date-times (`2024-03-01`, `2024-03-01T08:30:00Z`, what feeds and
JSON exports write), RFC 2822 dates (`Fri, 01 Mar 2024 08:30:00 +0100`, RSS) and the French
numeric date (`01/03/2024`: day first, as French outlets write it). The standard library parses
them; a free-text parser (dateparser) would accept "hier" or "12" as dates, which
here would be silent errors rather than help.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from recoupe.errors import InputWarning, warn

_SHOWN = 60  # characters of a bad value quoted in the warning
_FRENCH = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


class DateWarning(InputWarning):
    """A `published` value that is not a date: the document is stored with an unknown date."""

    code = "W101"


def parse_published(value: str | None) -> str | None:
    """The ISO date (YYYY-MM-DD) `value` gives, or None when it is empty or not a date."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        # fromisoformat (3.11) takes dates, date-times, "Z" and offsets; the date is what is kept
        return (datetime.fromisoformat(text).date() if "T" in text or " " in text
                else date.fromisoformat(text)).isoformat()
    except ValueError:
        pass
    french = _FRENCH.fullmatch(text)
    try:
        if french:
            day, month, year = (int(g) for g in french.groups())
            return date(year, month, day).isoformat()
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def checked_published(value: str | None, *, path: str, doc: str | None = None) -> str | None:
    """`parse_published(value)`, warning (one line naming `path` and `doc`) when `value` is not empty
    and not a date."""
    found = parse_published(value)
    if found is None and value is not None and value.strip():
        shown = value.strip()
        shown = shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "…"
        warn(DateWarning(f"published {shown!r} is not a date (ISO 8601 or RFC 2822); stored as unknown",
                         path=path, doc=doc))
    return found

"""URLs as inputs: telling them from paths, their canonical form, and the document ids made from them.

An article reached through a feed, a newsletter and a share button carries three URLs
that differ only in tracking parameters (`utm_source`, `xtor`...). courlan (trafilatura's
URL library) strips those, so the three are one document with one id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote, urlsplit

from courlan import clean_url

_SCHEMES = ("http://", "https://")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_PAGE_SUFFIX = re.compile(r"\.(s?html?|php|aspx?|jsp)$", re.IGNORECASE)
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
_HOST_CHARS = 30
_PATH_CHARS = 60
_HASH_CHARS = 10


def is_url(text: str) -> bool:
    """Whether a command-line input names a web address rather than a file."""
    return text[:8].lower().startswith(_SCHEMES)


def canonical_url(url: str) -> str:
    """The form of `url` that ids and the seen-ledger use: lower-case host, default port,
    fragment and tracking parameters dropped, query parameters sorted."""
    cleaned = clean_url(url.strip())
    # courlan gives up on odd but fetchable URLs (IP hosts with unusual ports, IDNs it
    # cannot encode); the stripped original is still a stable key for them.
    return cleaned or url.strip()


def host_of(url: str) -> str:
    """`host:port` as the rate limiter and robots.txt see it (one politeness budget per server)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return host if port is None or port == default else f"{host}:{port}"


def url_id(url: str) -> str:
    """A document id for an article URL: readable slug + short hash of the canonical URL.

    The slug (site and last path segment) lets a person recognise the article in a table;
    the hash makes the id unique (two articles of one site may share their last segment)
    and deterministic (SPEC: re-analysing changes nothing).
    e.g. https://www.lemonde.fr/international/article/2024/03/01/kiev-frappe_6219.html
    -> lemonde-fr-kiev-frappe-6219-3f2a9c1b0d
    """
    canonical = canonical_url(url)
    parts = urlsplit(canonical)
    host = parts.hostname or "url"
    host = host.removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    last = _PAGE_SUFFIX.sub("", unquote(segments[-1])) if segments else ""
    if parts.query:
        last = f"{last} {unquote(parts.query)}"
    digest = hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:_HASH_CHARS]
    pieces = [_slug(host)[:_HOST_CHARS], _slug(last)[:_PATH_CHARS].strip("-"), digest]
    return "-".join(p for p in pieces if p)


def _slug(text: str) -> str:
    # Accents folded by Unicode decomposition: French slugs are Latin letters plus marks
    # (and the ligatures below), which the standard library handles without a
    # transliteration package. Anything else (apostrophes, other scripts) becomes a dash.
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_LIGATURES))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub("-", folded).strip("-")

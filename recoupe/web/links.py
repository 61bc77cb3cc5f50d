"""Addresses: recoupe's own pages for each record, and the article links a page may show.

Ids come from files and feeds, so they are quoted into paths. An article's URL is shown as a
link only when it is http or https: a `javascript:` or `data:` address from a feed stays text.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

SAFE_SCHEMES = frozenset({"http", "https"})


def safe_url(url: str | None) -> str | None:
    """The URL when a browser may follow it as a link (http/https with a host), else None."""
    if not url:
        return None
    text = url.strip()
    if any(ord(ch) < 32 for ch in text):  # "java\tscript:" tricks rely on characters browsers drop
        return None
    parts = urlsplit(text)
    return text if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None


def _path(prefix: str, ident: str) -> str:
    return f"/{prefix}/{quote(ident, safe='')}"


def story_path(story: str) -> str:
    return _path("stories", story)


def claim_path(claim: str) -> str:
    return _path("claims", claim)


def document_path(doc: str) -> str:
    return _path("documents", doc)


def actor_path(code: str) -> str:
    return _path("actors", code)

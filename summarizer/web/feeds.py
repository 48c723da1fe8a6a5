"""News feeds: RSS 2.0 and Atom through feedparser, JSON Feed read here (a few lines of JSON)."""
from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin

from ..errors import InputError


class NotAFeed(InputError):
    """Bytes that are no RSS, Atom or JSON Feed."""


@dataclass
class FeedItem:
    n: int  # 1-based position in the feed
    id: str | None  # the guid, else the link
    link: str | None
    title: str | None = None
    published: str | None = None  # ISO 8601 (UTC) where the date could be read, else as given
    category: str | None = None
    content: str | None = None  # the item's own HTML or text, its fullest form


@dataclass
class Feed:
    title: str | None
    link: str | None
    items: list[FeedItem] = field(default_factory=list)
    kind: str = ""  # rss20, atom10, json1...
    problem: str | None = None  # what was wrong where the feed was read anyway (malformed XML)
    # How often the feed asks to be read, as written: RSS <ttl> (minutes), sy:updatePeriod and
    # sy:updateFrequency (`brief follow` reads them; a value of another type is absent).
    asks: dict = field(default_factory=dict)


def _iso(parsed, raw: str | None) -> str | None:
    if parsed:
        try:
            return datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc).isoformat()
        except (OverflowError, ValueError, OSError, TypeError):  # a date past what the clock holds
            pass
    return raw or None


def _absolute(link: str | None, base: str | None) -> str | None:
    link = (link or "").strip() if isinstance(link, str) else ""
    if not link:
        return None
    try:
        return urljoin(base, link) if base else link
    except ValueError:  # e.g. an unclosed IPv6 literal: no link to follow
        return None


def _text(value, numbers: bool = False) -> str | None:
    """A feed field as text: a string (or, with `numbers`, a number: ids), never an object, a list or a bool."""
    if isinstance(value, str):
        return value.strip() or None
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _json_tags(value) -> list[str]:
    """JSON Feed's `tags`, a list of strings; one string is one tag, anything else none."""
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [t.strip() for t in values if isinstance(t, str) and t.strip()]


def _json_feed(data: bytes, url: str | None) -> Feed | None:
    """A JSON Feed (jsonfeed.org version 1 or 1.1), None when the bytes are not one. Each field is read
    for the type the spec gives it: a field of another type is absent, so the item is briefed without
    it, or is an error record when nothing is left to brief."""
    if data.lstrip()[:1] != b"{":
        return None
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    version = obj.get("version") if isinstance(obj, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        return None
    home = _text(obj.get("home_page_url"))
    base = url or _text(obj.get("feed_url")) or home
    items = []
    for n, item in enumerate(obj.get("items") if isinstance(obj.get("items"), list) else [], start=1):
        if not isinstance(item, dict):
            continue
        link = _absolute(_text(item.get("url")) or _text(item.get("external_url")), base)
        tags = _json_tags(item.get("tags"))
        content = _text(item.get("content_html")) or _text(item.get("content_text"))
        items.append(FeedItem(n, _text(item.get("id"), numbers=True) or link, link, title=_text(item.get("title")),
                              published=_iso_text(item.get("date_published")),
                              category=tags[0] if tags else None, content=content))
    return Feed(_text(obj.get("title")), home, items, kind="json" + version.rsplit("/", 1)[-1][:10])


def _iso_text(value) -> str | None:
    """An RFC 3339 date as given; a number or an object is no date."""
    return value.strip() or None if isinstance(value, str) else None


def parse_feed(data: bytes, url: str | None = None) -> Feed:
    """The feed in `data` (fetched from `url`, which relative links are resolved against)."""
    feed = _json_feed(data, url)
    if feed is not None:
        return feed
    try:
        import feedparser
    except ImportError as error:
        raise InputError(f"reading RSS and Atom feeds needs feedparser ({error}): "
                         "pip install 'arabic-news-brief[web]'") from None

    # The fetcher has checked the type already; without one feedparser calls every fetched feed malformed.
    headers = {"content-location": url, "content-type": "application/xml"} if url else {}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    problem = str(parsed.get("bozo_exception") or "") or None
    if not parsed.version and not parsed.entries:
        why = f" ({problem.splitlines()[0][:200]})" if problem else ""
        raise NotAFeed(f"not a feed: neither RSS, Atom nor JSON Feed{why}")
    meta = parsed.feed
    base = url or _text(meta.get("link"))
    items = []
    for n, entry in enumerate(parsed.entries, start=1):
        contents = [_text(c.get("value")) for c in entry.get("content") or [] if isinstance(c, dict)]
        content = max([c for c in [*contents, _text(entry.get("summary"))] if c], key=len, default=None)
        tags = [_text(t.get("term")) for t in entry.get("tags") or [] if isinstance(t, dict)]
        tags = [t for t in tags if t]
        link = _absolute(_text(entry.get("link")), base)
        items.append(FeedItem(n, _text(entry.get("id")) or link, link, title=_text(entry.get("title")),
                              published=_iso(entry.get("published_parsed") or entry.get("updated_parsed"),
                                             _text(entry.get("published")) or _text(entry.get("updated"))),
                              category=tags[0] if tags else None, content=content))
    asks = {name: _text(meta.get(key)) for name, key in
            (("ttl", "ttl"), ("update_period", "sy_updateperiod"), ("update_frequency", "sy_updatefrequency"))}
    return Feed(_text(meta.get("title")), _text(meta.get("link")), items, kind=parsed.version or "unknown",
                problem=problem if parsed.bozo else None, asks={k: v for k, v in asks.items() if v})

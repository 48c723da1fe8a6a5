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


def _iso(parsed, raw: str | None) -> str | None:
    if parsed:
        return datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc).isoformat()
    return raw or None


def _absolute(link: str | None, base: str | None) -> str | None:
    link = (link or "").strip()
    if not link:
        return None
    return urljoin(base, link) if base else link


def _json_feed(data: bytes, url: str | None) -> Feed | None:
    """A JSON Feed (jsonfeed.org version 1 or 1.1), None when the bytes are not one."""
    head = data.lstrip()[:1]
    if head != b"{":
        return None
    try:
        obj = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(obj, dict) or not str(obj.get("version", "")).startswith("https://jsonfeed.org/version/"):
        return None
    base = url or obj.get("feed_url") or obj.get("home_page_url")
    items = []
    for n, item in enumerate(obj.get("items") or [], start=1):
        if not isinstance(item, dict):
            continue
        link = _absolute(item.get("url") or item.get("external_url"), base)
        tags = item.get("tags") or []
        ident = item.get("id")
        items.append(FeedItem(n, str(ident).strip() if ident not in (None, "") else link, link,
                              title=item.get("title"), published=item.get("date_published"),
                              category=str(tags[0]) if tags else None,
                              content=item.get("content_html") or item.get("content_text")))
    return Feed(obj.get("title"), obj.get("home_page_url"), items, kind="json" + obj["version"].rsplit("/", 1)[-1])


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
    base = url or meta.get("link")
    items = []
    for n, entry in enumerate(parsed.entries, start=1):
        link = _absolute(entry.get("link"), base)
        guid = (entry.get("id") or "").strip() or None
        contents = [c.get("value", "") for c in entry.get("content", [])] + [entry.get("summary", "")]
        content = max(contents, key=len) or None
        tags = [t.get("term") for t in entry.get("tags", []) if t.get("term")]
        items.append(FeedItem(n, guid or link, link, title=entry.get("title") or None,
                              published=_iso(entry.get("published_parsed") or entry.get("updated_parsed"),
                                             entry.get("published") or entry.get("updated")),
                              category=tags[0].strip() if tags else None, content=content))
    return Feed(meta.get("title") or None, meta.get("link"), items, kind=parsed.version or "unknown",
                problem=problem if parsed.bozo else None)

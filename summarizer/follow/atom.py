"""What a poll leaves behind: an Atom feed (RFC 4287) of the latest stories, and the day's digest.

The Atom feed is written by feedgen, a maintained feed writer (escaping, dates, namespaces), not by
hand. Each entry: its story's stable id, `updated`, the English headline as its title (the Arabic one,
xml:lang="ar", where there is no English), the bullets in English and Arabic as HTML content, and
each source as a link titled with its outlet and time (the first rel="alternate", the rest "related").
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

from .._version import __version__
from ..digest import Digest, Story
from ..digest_render import safe_href as _safe_href
from ..digest_render import utc as _utc
from ..render import escape
from .store import Store, StoredStory

ATOM_ENTRIES = 100  # the latest stories; a reader keeps what it has already fetched
DIGEST_HOURS = 24
FEED_TITLE = "Arabic news in English"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _Entry:
    """A feedgen entry extension: the title marked Arabic where it is the Arabic headline, and the source
    links. feedgen 1.0.0 drops an entry link's rel, type and title (its loop variable shadows the link),
    so every source would be rel="alternate", which RFC 4287 forbids twice; the links are added here."""

    def __init__(self):
        self.arabic = False
        self.links: list[dict] = []

    def extend_ns(self):
        return {}

    def extend_atom(self, entry):
        from lxml import etree
        title = entry.find("title")
        if self.arabic and title is not None:
            title.set(XML_LANG, "ar")
        for link in self.links:
            etree.SubElement(entry, "link", link)
        return entry


class _NoFeedExtension:
    def extend_ns(self):
        return {}

    def extend_atom(self, feed):
        return feed


def _when(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def atom_feed(store: Store, self_url: str | None = None, limit: int = ATOM_ENTRIES) -> bytes:
    """The latest stories as an Atom document (UTF-8 bytes)."""
    from feedgen.feed import FeedGenerator
    stories = store.stories(limit=limit)
    fg = FeedGenerator()
    fg.id(store.meta("feed_id") or "urn:brief-follow")
    fg.title(FEED_TITLE)
    fg.subtitle("Arabic news feeds, briefed in English and Arabic by arabic-news-brief")
    fg.author({"name": "arabic-news-brief (brief follow)"})
    fg.generator("arabic-news-brief", __version__)
    fg.language("en")
    if self_url:
        fg.link(href=self_url, rel="self", type="application/atom+xml")
    fg.updated(_when(stories[0].updated) if stories else datetime.now(timezone.utc))
    fg.register_extension("brief", _NoFeedExtension, _Entry, atom=True, rss=False)
    for story in stories:
        _entry(fg.add_entry(order="append"), story)
    return fg.atom_str(pretty=True)


def _entry(entry, story: StoredStory) -> None:
    brief = story.brief
    english = brief.get("headline_en")
    entry.id(story.uid)
    entry.title(english or brief.get("headline_ar") or "(no headline)")
    entry.brief.arabic = not english
    entry.updated(_when(story.updated))
    entry.published(_when(story.created))
    entry.content(_content(story), type="html")
    if story.category:
        entry.category(term=story.category)
    hrefs = set()
    for source in story.sources:
        href = _safe_href(source.get("url"))
        if not href or href in hrefs:
            continue
        rel = "alternate" if not hrefs else "related"
        hrefs.add(href)
        entry.brief.links.append({"href": href, "rel": rel, "type": "text/html", "title": _label(source)})


def _label(source: dict) -> str:
    when = _utc(source.get("published")) if source.get("published") else _utc(_when(source["seen"]).isoformat())
    return f"{source.get('outlet') or source.get('feed')} · {when}"


def _content(story: StoredStory) -> str:
    brief, parts = story.brief, []
    if brief.get("headline_en"):
        parts.append('<div lang="en" dir="ltr"><ul>' + "".join(f"<li>{escape(b)}</li>" for b in brief.get("bullets_en")
                                                                or []) + "</ul></div>")
    parts.append(f'<div lang="ar" dir="rtl"><p><strong>{escape(brief.get("headline_ar") or "")}</strong></p><ul>'
                 + "".join(f"<li>{escape(b)}</li>" for b in brief.get("bullets_ar") or []) + "</ul></div>")
    links = []
    for source in story.sources:
        href = _safe_href(source.get("url"))
        label = escape(_label(source))
        links.append(f'<li><a href="{escape(href)}">{label}</a></li>' if href else f"<li>{label}</li>")
    parts.append('<div lang="en" dir="ltr"><p>Sources:</p><ul>' + "".join(links) + "</ul></div>")
    return "".join(parts)


def digest_of(store: Store, since: float, english_wanted: bool, limit: int | None = None) -> Digest:
    """The digest (summarizer.digest) of the stories updated since `since`: one entry per stored story,
    each source listed, the failed items under "Not briefed"."""
    stories = []
    for story in store.stories(limit=limit, since=since):
        # One Story per source, all with the stored story's key as their text, so the digest's merge
        # makes exactly one entry of them (and no two stored stories share a key).
        for source in story.sources:
            stories.append(Story(f"{source['feed']} {source['item']}", story.brief, text=_key(story),
                                 url=source.get("url"), title=source.get("title"), source=source.get("outlet"),
                                 published=source.get("published") or _when(source["seen"]).isoformat(),
                                 category=story.category))
    failed = [{"id": f["id"], "url": f.get("url"), "source": f["feed"], "error": f["error"]}
              for f in store.failures(since)]
    return Digest(stories, failed, title="Followed news: the last 24 hours", english_wanted=english_wanted)


def _key(story: StoredStory) -> str:
    return "story_" + re.sub(r"\W", "", story.uid)  # one word: one shingle, its own


def write_atomically(path: Path, data: bytes | str) -> None:
    """Written beside, then renamed: a reader of the file never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    os.replace(tmp, path)

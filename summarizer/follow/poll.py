"""One poll: every feed that is due, read with a conditional request; every new or retried item briefed once.

Step one reads the feeds and writes their new items as pending, one transaction a feed. Step two
takes the due items (new, left pending by a killed run, or failed and past their backoff), fetches
their pages a few at a time, and for each either adds it to the story it repeats (the digest's
near-duplicate test, or a link a story already has) or briefs it into a new story; an item whose page
or brief fails is stored as an error with its reason and a backoff. A feed's failure is that feed's.
"""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from typing import Callable

from ..errors import InputError
from ..record import Record
from ..web.feeds import NotAFeed, parse_feed
from ..web.records import MAX_FEED_TAGS, WebBatch, WebRecord, feed_records, is_url, too_much_markup
from ..web.urls import redact
from . import politeness
from .adapter import brief_items
from .match import fingerprint, is_same, same_story
from .store import FeedState, Item, Store

log = logging.getLogger(__name__)
ITEMS_PER_ROUND = 200  # due items fetched and briefed per WebBatch: memory stays flat on a first poll


@dataclass
class Report:
    feeds: int = 0  # asked this poll
    not_due: int = 0  # left alone: they asked for more time
    unchanged: int = 0  # answered 304 to a conditional request
    failed_feeds: int = 0
    new_items: int = 0
    briefed: int = 0  # new stories
    merged: int = 0  # items added as sources of a story the store had
    failed_items: int = 0
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.feeds} feed(s) read ({self.unchanged} unchanged, {self.failed_feeds} failed, "
                f"{self.not_due} not due), {self.new_items} new item(s): {self.briefed} new stories, "
                f"{self.merged} added to known stories, {self.failed_items} failed (retried later)")


class Poller:
    def __init__(self, store: Store, pipeline, fetcher=None, clock: Callable[[], float] = time.time):
        """`fetcher`: a summarizer.web.Fetcher for every poll; by default each poll makes its own, so the
        per-host limit holds across its feeds and pages and robots.txt is read again each poll."""
        self.store, self.pipeline, self.given, self.clock = store, pipeline, fetcher, clock
        self.config = pipeline.config
        self.web: WebBatch | None = None  # the one in use, so that stop() reaches its fetches

    def stop(self) -> None:
        if self.web is not None:
            self.web.stop.set()

    def poll(self, feeds: list[str]) -> Report:
        report = Report()
        now = self.clock()
        self.fetcher = self.given or _fetcher(self.config)
        try:
            with WebBatch(self.config, self.fetcher) as self.web:
                for feed in dict.fromkeys(feeds):
                    self._read_feed(feed, now, report)
            seen: set[tuple[str, str]] = set()
            while True:  # rounds of due items, so that memory stays flat however many are new
                items = [i for i in self.store.due_items(now, ITEMS_PER_ROUND) if (i.feed, i.key) not in seen]
                if not items:  # (each item is tried once a poll, whatever happened to it)
                    break
                seen.update((i.feed, i.key) for i in items)
                with WebBatch(self.config, self.fetcher) as self.web:
                    self._brief_due(items, report)
        finally:
            self.web = None
            if self.given is None:
                self.fetcher.close()
        return report

    # -- step one: the feeds ---------------------------------------------------------------------------
    def _read_feed(self, url: str, now: float, report: Report) -> None:
        state = self.store.feed(url)
        if state.next_poll > now:
            report.not_due += 1
            return
        report.feeds += 1
        state.polled = now
        try:
            records = self._records(url, state, now)
        except InputError as error:
            state.errors += 1
            state.last_error = str(error)[:2000]
            state.next_poll = now + max(politeness.backoff(state.errors), state.asks or 0)
            report.failed_feeds += 1
            report.warnings.append(f"{redact(url)}: {error} (next try in {state.next_poll - now:.0f}s)")
            self.store.save_feed(state)
            return
        state.errors, state.last_error = 0, None
        if records is None:
            report.unchanged += 1
        else:
            report.new_items += self.store.add_items(url, [(item_key(r), _saved(r)) for r in records], now)
        self.store.save_feed(state)

    def _records(self, url: str, state: FeedState, now: float) -> list[Record] | None:
        """The feed's records, or None when it is unchanged (304); InputError when it cannot be read."""
        web = self.web
        if not is_url(url):  # a feed file: read whole each poll (nothing to ask conditionally)
            return [r for r in web.open(url) if not (r.error and r.id == url)]
        from ..web.fetch import FEED_TYPES
        fetched = web.fetch(url, accept=FEED_TYPES,
                            validators={"etag": state.etag, "last_modified": state.last_modified})
        state.etag = fetched.headers.get("etag") or state.etag
        state.last_modified = fetched.headers.get("last_modified") or state.last_modified
        if fetched.not_modified:  # what the feed asked last time still holds; the 304 may ask for more
            state.asks = max(state.asks or 0, politeness.freshness(fetched.headers, now))
            state.next_poll = now + state.asks
            return None
        if why := too_much_markup(fetched.body, MAX_FEED_TAGS):
            raise InputError(f"{redact(url)}: {why}")
        try:
            feed = parse_feed(fetched.body, fetched.url)
        except NotAFeed:
            raise
        except Exception as error:  # noqa: BLE001 - a feed the parser chokes on is that feed's failure
            raise InputError(f"{redact(url)}: the feed could not be read ({type(error).__name__})") from None
        state.title = feed.title or state.title
        state.asks = politeness.asked(feed.asks, fetched.headers, now)
        state.next_poll = now + state.asks
        cap = self.config.max_feed_items
        return list(feed_records(feed, feed.title or redact(url)))[:cap]

    # -- step two: the items ---------------------------------------------------------------------------
    def _brief_due(self, items: list[Item], report: Report) -> None:
        by_key = {str(n): item for n, item in enumerate(items)}
        waiting = []
        for n, item in by_key.items():
            link = (item.record.get("info") or {}).get("url")
            known = self.store.story_by_url(link) if link else None
            if known is not None:  # the same link in another feed: no second fetch, no second brief
                self.store.add_source(known, item, item.record["info"], self.clock())
                report.merged += 1
            else:
                waiting.append(_record(item, n))
        pending: list[tuple[WebRecord, object, list]] = []  # (record, fingerprint, more items of its story)
        for record in self.web.records(waiting):
            item = by_key[record.id]
            if record.error:
                self._failed(item, record.error, report)
                continue
            mark = fingerprint(record.text)
            story = same_story(self.store, mark)
            if story is not None:
                self.store.add_source(story, item, record.info, self.clock())
                report.merged += 1
                continue
            twin = next((p for p in pending if is_same(p[1], mark)), None)
            if twin is not None:  # the same story twice in this round: one brief, two sources
                twin[2].append((item, record.info))
                report.merged += 1
                continue
            pending.append((record, mark, []))
            if len(pending) >= self.config.batch_size:
                self._brief(pending, by_key, report)
                pending = []
        self._brief(pending, by_key, report)

    def _brief(self, pending: list, by_key: dict, report: Report) -> None:
        extra = {id(record): (mark, more) for record, mark, more in pending}
        for record, result in brief_items(self.pipeline, [p[0] for p in pending]):
            item = by_key[record.id]
            mark, more = extra[id(record)]
            if isinstance(result, Exception):
                for one in [item, *(m[0] for m in more)]:
                    self._failed(one, str(result), report)
                continue
            self.store.add_story(item, result.to_dict(), record.text, mark.bands, record.info, self.clock(), more)
            report.briefed += 1

    def _failed(self, item: Item, error: str, report: Report) -> None:
        self.store.item_failed(item, error, self.clock() + politeness.backoff(item.attempts + 1))
        report.failed_items += 1


def _fetcher(config):
    try:
        from ..web.fetch import Fetcher
    except ImportError as error:
        raise InputError(f"following feeds needs httpx ({error}): pip install 'arabic-news-brief[web]'") from None
    return Fetcher(config)


def item_key(record: Record) -> str:
    """An item is known by its guid, else its link; one with neither by a hash of what it says."""
    if record.explicit and record.id:
        return record.id
    url = getattr(record, "info", {}).get("url") or record.url
    if url:
        return url
    what = f"{record.title or ''}\n{record.text or ''}".encode("utf-8", "surrogatepass")
    return "sha256:" + hashlib.sha256(what).hexdigest()


def _saved(record: Record) -> dict:
    """What an item needs to be fetched and briefed again on a later poll (after a crash, or its backoff)."""
    info = dict(getattr(record, "info", {}) or {})
    return {"url": record.url, "text": record.text if isinstance(record.text, str) else None,
            "title": record.title, "where": record.where, "error": record.error, "info": info,
            "notes": list(getattr(record, "notes", []) or [])}


def _record(item: Item, n: str) -> WebRecord:
    """The item as a record to fetch and brief, known in this round by `n` (keys repeat across feeds)."""
    saved = item.record
    return WebRecord(n, text=saved.get("text"), title=saved.get("title"), where=saved.get("where", ""),
                     url=saved.get("url") if not saved.get("text") else None, error=saved.get("error"),
                     info=dict(saved.get("info") or {}), notes=list(saved.get("notes") or []))

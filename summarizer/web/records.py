"""Web inputs become records like any other: a page, a feed's items, a list of URLs, rows with a `url`.

Reading gives records that still hold only their URL (so `--resume` skips them before anything is
downloaded); `WebBatch.records` then fetches them a few at a time, in input order. Each record keeps its
url, title, date, category and source (`info`) and the notes on where its text came from, which the
runner (summarizer.runner) puts on its brief and output record.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from ..config import Config
from ..errors import InputError
from ..io.readers import unique_ids
from ..record import Record
from ..text.lexicon import LETTER, MIN_ARABIC_LETTERS
from .feeds import Feed, NotAFeed, parse_feed  # feedparser is imported when a feed is parsed
from .urls import redact

WEB_EXTRA = "pip install 'arabic-news-brief[web]'"

log = logging.getLogger(__name__)
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json")
# An item's own content is the article when it has this many Arabic letters (about 80 words);
# shorter is a teaser, and its link is fetched instead.
FULL_CONTENT_LETTERS = 400
FETCH_AHEAD = 8  # items fetched side by side (still at most 2 per host: see Fetcher)
# Markup past these many tags is refused before it is parsed: the deadline ends with the body's last byte,
# and 450,000 tags in a 5 MB page took 28 s and 860 MB to extract. News pages hold a few thousand.
MAX_PAGE_TAGS = 100_000  # about 3 s of extraction
MAX_FEED_TAGS = 200_000  # about 6 s of feedparser on nested markup
_URL = re.compile(r"^https?://\S+$", re.I)
_ARABIC_LETTER = LETTER


@dataclass
class WebRecord(Record):
    info: dict = field(default_factory=dict)  # url, title, published, category, source
    notes: list[str] = field(default_factory=list)  # said in the brief's notes (where the text came from)


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def url_lines(path: Path, limit: int) -> list[tuple[int, str]] | None:
    """(line number, line) of a text file that lists URLs one per line (blank and # lines ignored; at
    least half of the lines are URLs), None when it is anything else (an article)."""
    try:
        if path.stat().st_size > limit:
            return None
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    found = [(n, line.strip()) for n, line in enumerate(lines, start=1)
             if line.strip() and not line.lstrip().startswith("#")]
    # A list of URLs, even with a few bad lines (each one error record); an article is never half links.
    return found if found and 2 * sum(is_url(url) for _, url in found) >= len(found) else None


def is_web_input(arg: str, config: Config | None = None) -> bool:
    """A URL, a feed file (.xml, .rss, .atom, .json) or a .txt list of URLs."""
    if is_url(arg):
        return True
    path = Path(arg)
    if not path.is_file():
        return False
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return True
    return suffix == ".txt" and url_lines(path, (config or Config()).max_file_bytes) is not None


def _arabic_letters(text: str) -> int:
    return len(_ARABIC_LETTER.findall(text))


def _plain(content: str) -> str:
    from ..text.normalize import html_to_text, looks_like_html
    return html_to_text(content) if looks_like_html(content) else content


def feed_records(feed: Feed, where: str) -> Iterator[Record]:
    """One record per item: its own content when that is the article, else its link to fetch."""
    for item in feed.items:
        info = {"url": redact(item.link) if item.link else None, "title": item.title, "published": item.published,
                "category": item.category, "source": feed.title or where}
        record_id, explicit = (item.id, True) if item.id else (f"item-{item.n}", False)
        at = f"item {item.n} of {where}"
        text = _plain(item.content) if item.content else ""
        if _arabic_letters(text) >= FULL_CONTENT_LETTERS:
            yield WebRecord(record_id, text=text, title=item.title, where=at, explicit=explicit, info=info,
                            notes=[f"the feed item's own text was briefed ({_about(info)})"])
        elif item.link:
            yield WebRecord(record_id, title=item.title, where=at, explicit=explicit, info=info, url=item.link)
        else:
            yield WebRecord(record_id, where=at, explicit=explicit, info=info,
                            error=f"{at} has no link and no article text of its own")


def _about(info: dict) -> str:
    parts = [f"from {info['source']}" if info.get("source") else "",
             f"title: «{info['title']}»" if info.get("title") else "",
             f"dated {info['published']}" if info.get("published") else "",
             info.get("url") or ""]
    return "; ".join(p for p in parts if p)


class WebBatch:
    """The web side of one batch run: opens web inputs, fetches records that hold only a URL, and
    completes their output records. One fetcher for the run (so one robots.txt per site and the per-host
    limit hold across threads), made on first use, so files pay nothing.

    `budget` (seconds from now) or `until` (a time.monotonic()) bounds all of its fetching together, as the
    app bounds one request's; closing it
    stops every fetch still running within a fraction of a second (Ctrl+C, SIGTERM)."""

    def __init__(self, config: Config, fetcher=None, ahead: int = FETCH_AHEAD, budget: float | None = None,
                 until: float | None = None):
        self.config, self._fetcher, self.ahead = config, fetcher, ahead
        self._own = fetcher is None
        self._made = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self.stop = threading.Event()
        self.until = until if budget is None else time.monotonic() + budget  # a time.monotonic(), or None
        self.total: int | None = None  # items, once the input is opened
        self.warnings: list[str] = []

    @property
    def fetcher(self):
        """The run's summarizer.web.Fetcher, made on first use (it needs httpx, of the [web] extra)."""
        with self._made:
            if self._fetcher is None:
                try:
                    from .fetch import Fetcher
                except ImportError as error:
                    raise InputError(f"fetching URLs needs httpx ({error}): {WEB_EXTRA}") from None
                self._fetcher = Fetcher(self.config)
        return self._fetcher

    def fetch(self, url: str, **options):
        """One page or feed through the run's fetcher, under the run's budget and stop."""
        return self.fetcher.fetch(url, until=self.until, stop=self.stop, **options)

    def close(self) -> None:
        self.stop.set()  # fetches still running (an interrupted run) end within a slice
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._own and self._fetcher is not None:
            self._fetcher.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- inputs ----------------------------------------------------------------------------------
    def open(self, arg: str) -> Iterator[Record]:
        """The records of a URL (a page or a feed), a feed file or a list of URLs, ids made unique."""
        return unique_ids(self._open(arg))

    def _open(self, arg: str) -> list[Record]:
        if is_url(arg):
            return self._open_url(arg.strip())
        path = Path(arg)
        if path.suffix.lower() in FEED_SUFFIXES:
            return self._open_feed_file(path)
        lines = url_lines(path, self.config.max_file_bytes) or []
        self.total = len(lines)
        return [Record(redact(url), url=url, where=f"line {n}") if is_url(url) else
                Record(f"line-{n}", error=f"line {n} is not an http(s) URL: {url[:80]!r}", where=f"line {n}",
                       explicit=False)
                for n, url in lines]

    def _open_url(self, url: str) -> list[Record]:
        self.fetcher  # noqa: B018 - first, so a missing httpx is an InputError naming the [web] extra
        from .fetch import FEED_TYPES
        shown = redact(url)
        self.total = 1
        try:
            fetched = self.fetch(url, accept=FEED_TYPES)
        except InputError as error:
            return [WebRecord(shown, error=str(error), where="the URL", info={"url": shown})]
        head = fetched.body.lstrip()[:200].lower()
        looks_like_feed = head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")) and b"<html" not in head
        if looks_like_feed or ("html" not in fetched.content_type and fetched.content_type != "text/plain"):
            if why := too_much_markup(fetched.body, MAX_FEED_TAGS):
                return [WebRecord(shown, error=f"{shown}: {why}", where="the URL", info={"url": shown})]
            try:
                return self._items(parse_feed(fetched.body, fetched.url), fetched.url)
            except NotAFeed as error:
                if fetched.content_type.endswith(("json", "rss+xml", "atom+xml")):
                    return [WebRecord(shown, error=f"{shown}: {error}", where="the URL", info={"url": shown})]
            except Exception as error:  # noqa: BLE001 - a feed the parser chokes on is one error record
                log.debug("parsing the feed %s failed", shown, exc_info=True)
                return [WebRecord(shown, error=f"{shown}: the feed could not be read ({type(error).__name__})",
                                  where="the URL", info={"url": shown})]
        record = WebRecord(shown, where="the URL", url=url, info={"url": shown})
        return [_guarded(record, lambda: page_record(record, fetched))]

    def _open_feed_file(self, path: Path) -> list[Record]:
        try:
            size = path.stat().st_size
            if size > self.config.max_file_bytes:
                raise InputError(f"{path.name} is too large for a feed: {size:,} bytes "
                                 f"(limit {self.config.max_file_bytes:,})")
            data = path.read_bytes()
            if why := too_much_markup(data, MAX_FEED_TAGS):
                raise NotAFeed(why)
            feed = parse_feed(data)
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror or error}") from None
        except NotAFeed as error:
            self.total = 1
            return [WebRecord(path.stem, error=f"{path.name}: {error}", where=path.name)]
        except InputError:
            raise
        except Exception as error:  # noqa: BLE001 - a feed the parser chokes on is one error record
            log.debug("parsing the feed %s failed", path, exc_info=True)
            self.total = 1
            return [WebRecord(path.stem, error=f"{path.name}: the feed could not be read ({type(error).__name__})",
                              where=path.name)]
        return self._items(feed, path.name)

    def _items(self, feed: Feed, where: str) -> list[Record]:
        if feed.problem:
            self.warnings.append(f"{where}: the feed is malformed ({feed.problem.splitlines()[0][:200]}); "
                                 f"{len(feed.items)} item(s) could still be read")
        if not feed.items:
            self.warnings.append(f"{where}: the feed has no items")
        cap = self.config.max_feed_items
        if cap is not None and len(feed.items) > cap:
            self.warnings.append(f"{where}: the feed has {len(feed.items)} items; the first {cap} were read "
                                 "(--max-feed-items)")
            feed.items = feed.items[:cap]
        self.total = len(feed.items)
        return list(feed_records(feed, where))

    @staticmethod
    def one_page(records: list[Record], arg: str) -> bool:
        """Whether the input was the URL of one page (not a feed, nor a list)."""
        return (len(records) == 1 and isinstance(records[0], WebRecord)
                and records[0].info.get("url") == redact(arg.strip()))

    # -- fetching, in order ----------------------------------------------------------------------
    def records(self, records: Iterable[Record]) -> Iterator[Record]:
        """The records with their pages fetched (a few side by side), in input order."""
        window: deque[Future | Record] = deque()
        for record in records:
            if record.url and record.text is None and record.error is None:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(self.ahead, thread_name_prefix="brief-fetch")
                window.append(self._pool.submit(self.fill, record))
            else:
                window.append(record)
            while len(window) > self.ahead:
                yield _done(window.popleft())
        while window:
            yield _done(window.popleft())

    def fill(self, record: Record) -> WebRecord:
        """The record with its page fetched and its article extracted, or with the error saying why not."""
        base = record if isinstance(record, WebRecord) else WebRecord(
            record.id, title=record.title, where=record.where, occurrence=record.occurrence,
            explicit=record.explicit, url=record.url, info={"url": redact(record.url), "title": record.title})
        return _guarded(base, lambda: page_record(base, self.fetch(record.url)))


def _done(item: Future | Record) -> Record:
    return item.result() if isinstance(item, Future) else item


def too_much_markup(data: str | bytes, limit: int) -> str | None:
    """Why markup is refused unparsed (more than `limit` tags), or None."""
    tags = data.count(b"<" if isinstance(data, bytes) else "<")
    return f"more than {limit:,} tags ({tags:,}): not read, as parsing it would take minutes" if tags > limit else None


def _guarded(record: WebRecord, read) -> WebRecord:
    """read(), or the record with the error saying why it could not be read; never an exception."""
    try:
        return read()
    except InputError as error:
        return replace(record, error=str(error))
    except Exception as error:  # noqa: BLE001 - one page that breaks the extractor is one error record
        log.exception("reading %s failed", redact(record.url or ""))
        return replace(record, error=f"{redact(record.url or '')}: could not be read ({type(error).__name__}: {error})")


def fetch_article(url: str, config: Config | None = None, fetcher=None, until: float | None = None) -> WebRecord:
    """One page's article text, with its title and date (`info`) and the notes that say where it came
    from, or InputError saying why not. The app passes a Fetcher built with allow_private_urls=False."""
    with WebBatch(config or Config.from_env(), fetcher, until=until) as web:
        record = web.fill(Record(url.strip(), url=url.strip(), where=url.strip()))
    if record.error:
        raise InputError(record.error)
    return record


def page_record(record: WebRecord, fetched) -> WebRecord:
    """A fetched page's article (through trafilatura, as for an uploaded page), title and date."""
    from ..text.html import extract_page, html_note
    from ..text.normalize import looks_like_html
    try:
        markup, charset_note = fetched.read()
    except InputError as error:
        return replace(record, error=f"{fetched.url}: {error}")
    info = dict(record.info)
    if why := too_much_markup(markup, MAX_PAGE_TAGS):
        return replace(record, error=f"{fetched.url}: {why}")
    if looks_like_html(markup):
        page = extract_page(markup)
        text = page.text
        info["title"] = info.get("title") or page.title
        info["published"] = info.get("published") or page.date
        how = html_note(replace(page, title=None, date=None))
    else:
        text, how = markup, "the page was plain text"
    letters = _arabic_letters(text)
    if letters < MIN_ARABIC_LETTERS:
        return replace(record, info=info, error=f"{fetched.url}: no Arabic article on the page "
                                                f"({letters} Arabic letters in its main text)")
    where = f"fetched from {fetched.url}" + (" (unchanged since the last run: from the HTTP cache)"
                                              if fetched.from_cache else "")
    about = "; ".join(p for p in (f"title: «{info['title']}»" if info.get("title") else "",
                                   f"dated {info['published']}" if info.get("published") else "") if p)
    notes = [*record.notes, where + (f" ({about})" if about else ""), how, *([charset_note] if charset_note else [])]
    return replace(record, text=text, title=info.get("title"), info=info, notes=notes)

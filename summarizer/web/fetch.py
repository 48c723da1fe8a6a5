"""Fetching pages and feeds with httpx, carefully and politely.

Bounds: one wall-clock deadline per page over everything (DNS, connect, headers, body, waits for the
per-host limit and for robots.txt: `bounds`), the body capped on the wire and once inflated (`body`),
at most 5 redirects, only HTML, XHTML, XML and text. Politeness: a User-Agent naming the project,
robots.txt as RFC 9309 says (`robots`), at most 2 requests at once per host, 429 and 503 retried after
the Retry-After the server asks for (bounded). Re-runs: ETag / Last-Modified revalidation against a
size-capped cache (`cache`). The private-address guard (off for the command line, on for the app)
checks every address a host resolves to, before the first request and at every connection.
What a reply means (a page, a redirect, a wait, a 304) is `replies`. No value a server sends raises out
of `Fetcher.fetch`: it returns a page or raises FetchError.
"""
from __future__ import annotations

import ipaddress
import logging
import ssl
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import httpx

from .._version import __version__
from ..config import Config, cache_home
from . import bounds as limits
from .addresses import refusal, system_resolver
from .body import read_body
from .bounds import Bounds, FetchError, OutOfTime, Stopped, bounded
from .fetched import Fetched
from .hosts import canonical_host, checked_url, joined, shown, site_origin
from .replies import FEED_TYPES, PAGE_TYPES, kept, parse_retry_after, read_reply
from .robots import MAX_ROBOTS_BYTES, Rules, read_robots
from .urls import redact

USER_AGENT = f"arabic-news-brief/{__version__} (+https://pypi.org/project/arabic-news-brief/)"
MAX_REDIRECTS = 5
PER_HOST = 2  # requests at once to one host
PER_ADDRESS = 6  # to one address, whatever the names it goes by (a CDN's address serves many sites)
MAX_RETRIES = 2  # of a 429 or 503
MAX_RETRY_WAIT = 30.0  # seconds: a server asking for longer is reported, not waited for
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 15.0  # the longest silence between two chunks (the deadline bounds the whole)
Resolver = Callable[[str, int], list[str]]
log = logging.getLogger(__name__)
__all__ = ["FEED_TYPES", "PAGE_TYPES", "USER_AGENT", "Fetched", "FetchError", "Fetcher", "parse_retry_after", "redact"]


def default_cache_dir() -> Path:
    return cache_home() / "brief-http"


class Fetcher:
    """One client for a run: call `fetch(url)`; thread-safe, so items can be fetched side by side."""

    def __init__(self, config: Config | None = None, *, transport: httpx.BaseTransport | None = None,
                 resolver: Resolver | None = None, sleep: Callable[[float], None] | None = None,
                 connect_timeout: float = CONNECT_TIMEOUT, read_timeout: float = READ_TIMEOUT,
                 max_retry_wait: float = MAX_RETRY_WAIT, per_host: int = PER_HOST, per_address: int = PER_ADDRESS,
                 ssl_context: ssl.SSLContext | None = None):
        """`ssl_context`: whom TLS trusts (default: certifi's roots, as httpx); e.g. a company's own CA."""
        config = config or Config.from_env()
        self.seconds = config.fetch_timeout
        self.max_bytes = config.max_page_bytes
        self.ignore_robots = config.ignore_robots
        self.block_private = not config.allow_private_urls
        folder = default_cache_dir() if config.http_cache is None else config.http_cache
        self.cache = None
        if folder:
            from .cache import HttpCache
            self.cache = HttpCache(Path(folder).expanduser(), int(config.http_cache_max_mb * 1_000_000))
        self.resolver = resolver or system_resolver
        self.sleep, self.max_retry_wait = sleep, max_retry_wait
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.per_host, self.per_address = per_host, per_address
        self._client = httpx.Client(transport=transport or limits.transport(self._addresses, ssl_context),
                                    follow_redirects=False, trust_env=False,
                                    headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
        self._lock = threading.Lock()
        self._slot_table: dict[tuple, threading.Semaphore] = {}
        self._resolved: dict[str, str | None] = {}
        self._robots: dict[str, Rules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self._client.close()
        if self.cache is not None:
            self.cache.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the one public call ---------------------------------------------------------------------
    def fetch(self, url: str, accept: tuple[str, ...] = PAGE_TYPES, *, until: float | None = None,
              stop: threading.Event | None = None, validators: dict | None = None) -> Fetched:
        """The body of `url` after at most 5 redirects, or FetchError saying why not. `until` (a
        time.monotonic()) ends it sooner, for a budget over many fetches; `stop` ends it at once.
        `validators` ({"etag", "last_modified"} of an earlier Fetched.headers) asks conditionally on the
        caller's own record instead of the cache's, which is then neither read nor written for this URL:
        a 304 comes back as a Fetched with `not_modified` and no body."""
        deadline = time.monotonic() + self.seconds
        budget = until is not None and until < deadline
        bound = Bounds(until if budget else deadline, self.seconds, stop,
                       reason="was not fetched in time: the time for fetching ran out" if budget else "")
        try:
            with bounded(bound):
                return self._follow(url, accept, bound, validators)
        except FetchError:
            raise
        except Exception as error:  # noqa: BLE001 - no value a server sends may raise out of here
            log.debug("fetching %s failed", redact(url), exc_info=True)
            raise FetchError(f"{redact(url)}: the server's reply could not be read "
                             f"({type(error).__name__}: {str(error)[:200]})") from None

    # -- steps -----------------------------------------------------------------------------------
    def _follow(self, url: str, accept: tuple[str, ...], bound: Bounds, validators: dict | None) -> Fetched:
        current = checked_url(url)
        for _ in range(MAX_REDIRECTS + 1):
            self._guard(current)
            if not self.ignore_robots and not self._allowed(current, bound):
                raise FetchError(f"{redact(current)}: the site's robots.txt does not allow fetching it "
                                 "(--ignore-robots to fetch anyway)")
            result = self._get(current, accept, bound, validators)
            if isinstance(result, Fetched):
                return result
            current = checked_url(joined(current, result), what=f"{redact(current)} redirects to")
        raise FetchError(f"{redact(url)}: too many redirects (more than {MAX_REDIRECTS}); the last went to "
                         f"{redact(current)}")

    def _guard(self, url: str) -> None:
        if self.block_private:
            parts = httpx.URL(url)
            try:
                self._addresses(parts.raw_host.decode("ascii"), parts.port or (443 if parts.scheme == "https" else 80))
            except FetchError as error:
                raise FetchError(f"{redact(url)}: {error}") from None

    def _addresses(self, host: str, port: int) -> list[str]:
        """Every address of `host` (resolved within the deadline); with the guard on, FetchError when any
        of them is not public. The backend connects only to these."""
        host = host.strip("[]")
        try:
            ipaddress.ip_address(host.split("%")[0])
            addresses = [host]  # an address in the URL is checked as it is
        except ValueError:
            try:
                addresses = limits.resolve_within(self.resolver, host, port)
            except (OSError, UnicodeError) as error:
                raise FetchError(f"cannot resolve the host {host} ({error})") from None
        if not addresses:
            raise FetchError(f"cannot resolve the host {host}")
        with self._lock:  # the address slot's key, without a second lookup
            self._resolved.setdefault(canonical_host(host), canonical_host(addresses[0]))
        for address in addresses if self.block_private else ():
            refused = refusal(shown(host), address)
            if refused:
                raise FetchError(refused)
        return addresses

    def _slots(self, url: str) -> list[threading.Semaphore]:
        """The host's slots (2 at once) and its address's (6 at once), so neither spelling one host eight
        ways (127.1, 0x7f.1, localhost.) nor many names of one server gets past the per-host limit."""
        parts = httpx.URL(url)
        host = canonical_host(parts.raw_host.decode("ascii"))
        keys = [("host", host, parts.port)]
        address = self._address_of(host, parts.port or (443 if parts.scheme == "https" else 80))
        if address is not None and address != host:
            keys.append(("address", address, None))
        with self._lock:
            return [self._slot_table.setdefault(key, threading.BoundedSemaphore(
                self.per_host if key[0] == "host" else self.per_address)) for key in keys]

    def _address_of(self, host: str, port: int) -> str | None:
        """The first address of host (looked up once a run, within the deadline), for the address slot."""
        with self._lock:
            if host in self._resolved:
                return self._resolved[host]
        try:
            ipaddress.ip_address(host)
            address = host
        except ValueError:
            try:
                found = limits.resolve_within(self.resolver, host, port)
                address = canonical_host(found[0]) if found else None
            except (OSError, UnicodeError):
                address = None  # the connection says why
        with self._lock:
            self._resolved[host] = address
        return address

    @contextmanager
    def _held(self, url: str, bound: Bounds):
        """Every slot of the URL's host, each waited for no longer than the deadline."""
        taken: list[threading.Semaphore] = []
        try:
            for slot in self._slots(url):
                bound.acquire(slot)
                taken.append(slot)
            yield
        finally:
            for slot in reversed(taken):
                slot.release()

    def _timeout(self, bound: Bounds) -> httpx.Timeout:
        left = max(0.01, bound.left())
        return httpx.Timeout(connect=min(self.connect_timeout, left), read=min(self.read_timeout, left),
                             write=min(self.read_timeout, left), pool=left)

    def _get(self, url: str, accept: tuple[str, ...], bound: Bounds, validators: dict | None = None) -> Fetched | str:
        """A Fetched, or the Location a redirect points to; 429 and 503 are tried again."""
        cached = self.cache.get(url) if self.cache and validators is None else None
        known = validators if validators is not None else cached[0] if cached else {}
        headers = {}
        if isinstance(known.get("etag"), str) and known["etag"]:
            headers["If-None-Match"] = known["etag"]
        if isinstance(known.get("last_modified"), str) and known["last_modified"]:
            headers["If-Modified-Since"] = known["last_modified"]
        own = validators is not None  # the caller keeps the validators: the cache stays out of it
        for attempt in range(MAX_RETRIES + 1):
            with self._held(url, bound):
                outcome = self._request(url, headers, accept, bound, cached, attempt, own)
            if not isinstance(outcome, float):
                return outcome
            if attempt == MAX_RETRIES:
                break
            if outcome > bound.left():
                raise FetchError(f"{redact(url)}: the server is busy and asks to wait {outcome:g}s, past this "
                                 f"page's {self.seconds:g}s deadline")
            bound.pause(outcome, self.sleep)
        raise FetchError(f"{redact(url)}: the server is still busy (429/503) after {MAX_RETRIES + 1} tries")

    def _request(self, url, headers, accept, bound: Bounds, cached, attempt: int = 0,
                 own: bool = False) -> Fetched | str | float:
        """A Fetched, a redirect's Location, or the seconds to wait before trying again."""
        try:
            with self._client.stream("GET", url, headers=headers, timeout=self._timeout(bound)) as response:
                if own and headers and response.status_code == 304:  # asked on the caller's validators
                    return Fetched(redact(url), "", None, b"", from_cache=True, headers=kept(response.headers),
                                   not_modified=True)
                result = read_reply(response, accept, bound, cached, attempt, self.max_bytes, self.max_retry_wait)
                headers_in = response.headers
        except (OutOfTime, Stopped) as error:
            raise type(error)(f"{redact(url)}: {error}") from None
        except FetchError as error:
            raise FetchError(f"{redact(url)}: {error}") from None
        except httpx.TimeoutException as error:
            raise FetchError(f"{redact(url)}: timed out ({type(error).__name__})") from None
        except httpx.HTTPError as error:
            raise FetchError(f"{redact(url)}: cannot fetch it ({type(error).__name__}: {error})") from None
        if isinstance(result, Fetched) and not result.from_cache and self.cache and not own:
            validators = {"etag": headers_in.get("etag"), "last_modified": headers_in.get("last-modified")}
            if any(validators.values()):
                self.cache.put(url, {**validators, "url": result.url, "content_type": result.content_type,
                                     "charset": result.charset}, result.body)
        return result

    # -- robots.txt ------------------------------------------------------------------------------
    def _allowed(self, url: str, bound: Bounds) -> bool:
        origin = site_origin(url)  # one spelling of the site, and never its credentials
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        try:
            bound.acquire(lock)  # one robots.txt request per site, whatever the number of threads
            try:
                if origin not in self._robots:
                    self._robots[origin] = read_robots(origin, self._robots_get, bound, self._robots_hop)
            finally:
                lock.release()
        except (OutOfTime, Stopped) as error:
            raise type(error)(f"{redact(url)}: reading {origin}/robots.txt {error}") from None
        return self._robots[origin].allows(url, USER_AGENT)

    def _robots_hop(self, url: str) -> str:
        url = checked_url(url)
        self._guard(url)
        return url

    def _robots_get(self, url: str, bound: Bounds) -> tuple[int, str | None, bytes | None]:
        with self._held(url, bound), self._client.stream("GET", url, timeout=self._timeout(bound)) as response:
            status = response.status_code
            body = read_body(response, MAX_ROBOTS_BYTES, bound, truncate=True) if 200 <= status < 300 else None
            return status, response.headers.get("location"), body

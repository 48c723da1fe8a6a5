"""Fetching pages and feeds with httpx, carefully and politely.

Limits: connect and read timeouts and a total deadline per page, a cap on the body counted in
decompressed bytes (a gzip bomb stops at the cap), at most 5 redirects, only HTML, XHTML, XML and
text. Politeness: a User-Agent naming the project, robots.txt (RFC 9309) unless told to ignore it,
at most 2 requests at once per host, 429 and 503 retried after the Retry-After the server asks for
(bounded). Re-runs: ETag / Last-Modified revalidation against a small on-disk cache, so an
unchanged page is not downloaded again. The private-address guard (off for the command line, on
for the app) checks every address a host resolves to, before the first request and at every redirect.
"""
from __future__ import annotations

import email.utils
import hashlib
import ipaddress
import json
import os
import socket
import threading
import time
import urllib.robotparser
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from .._version import __version__
from ..config import Config
from ..errors import InputError

USER_AGENT = f"arabic-news-brief/{__version__} (+https://pypi.org/project/arabic-news-brief/)"
MAX_REDIRECTS = 5
PER_HOST = 2  # requests at once to one host
MAX_RETRIES = 2  # of a 429 or 503
MAX_RETRY_WAIT = 30.0  # seconds: a server asking for longer is reported, not waited for
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 15.0  # the longest silence between two chunks
MAX_ROBOTS_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
PAGE_TYPES = ("text/", "application/xhtml+xml", "application/xml")
FEED_TYPES = (*PAGE_TYPES, "+xml", "application/json", "application/feed+json")
_REDIRECTS = (301, 302, 303, 307, 308)
Resolver = Callable[[str, int], list[str]]


class FetchError(InputError):
    """A page or feed that could not be had: the message says which URL and why."""


def default_resolver(host: str, port: int) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def refused_address(address: str) -> str | None:
    """Why an address is not public (loopback, private...), or None for a public one."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "multicast", "reserved", "unspecified", "private"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None


@dataclass
class Fetched:
    url: str  # where the body came from, after redirects
    content_type: str
    charset: str | None
    body: bytes
    from_cache: bool = False

    def text(self) -> str:
        """The body as text: the header's charset, else the page's meta, else charset-normalizer (as for files)."""
        from ..text.encoding import decode
        if self.charset:
            try:
                return self.body.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        return decode(self.body, self.url).text


class _Cache:
    """url -> (validators, body) on disk; small and plain: a JSON head and the body beside it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def get(self, url: str) -> tuple[dict, bytes] | None:
        head, body = self._paths(url)
        try:
            return json.loads(head.read_text("utf-8")), body.read_bytes()
        except (OSError, ValueError):
            return None

    def put(self, url: str, head: dict, body: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        head_path, body_path = self._paths(url)
        for path, data in ((body_path, body), (head_path, json.dumps(head).encode("utf-8"))):
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)  # atomic: a killed run leaves the old entry or the new one


def default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "brief-http"


class Fetcher:
    """One client for a run: call `fetch(url)`; thread-safe, so items can be fetched side by side."""

    def __init__(self, config: Config | None = None, *, transport: httpx.BaseTransport | None = None,
                 resolver: Resolver | None = None, sleep: Callable[[float], None] = time.sleep,
                 connect_timeout: float = CONNECT_TIMEOUT, read_timeout: float = READ_TIMEOUT,
                 max_retry_wait: float = MAX_RETRY_WAIT, per_host: int = PER_HOST):
        config = config or Config.from_env()
        self.deadline = config.fetch_timeout
        self.max_bytes = config.max_page_bytes
        self.ignore_robots = config.ignore_robots
        self.block_private = not config.allow_private_urls
        cache = default_cache_dir() if config.http_cache is None else config.http_cache
        self.cache = _Cache(Path(cache).expanduser()) if cache else None
        self.resolver = resolver or default_resolver
        self.sleep, self.max_retry_wait = sleep, max_retry_wait
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.per_host = per_host
        if transport is None and self.block_private:
            transport = _GuardedTransport(self._checked_address)
        self._client = httpx.Client(transport=transport, follow_redirects=False, trust_env=False,
                                    headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the one public call ---------------------------------------------------------------------
    def fetch(self, url: str, accept: tuple[str, ...] = PAGE_TYPES) -> Fetched:
        """The body of `url` after at most 5 redirects, or FetchError saying why not."""
        deadline = time.monotonic() + self.deadline
        current = _checked_url(url)
        for _ in range(MAX_REDIRECTS + 1):
            self._guard(current)
            if not self.ignore_robots and not self._allowed(current, deadline):
                raise FetchError(f"{current}: the site's robots.txt does not allow fetching it "
                                 "(--ignore-robots to fetch anyway)")
            result = self._get(current, accept, deadline)
            if isinstance(result, Fetched):
                return result
            current = _checked_url(urljoin(current, result), what=f"{current} redirects to")
        raise FetchError(f"{url}: too many redirects (more than {MAX_REDIRECTS}); the last went to {current}")

    # -- steps -----------------------------------------------------------------------------------
    def _guard(self, url: str) -> None:
        if not self.block_private:
            return
        parts = httpx.URL(url)
        try:
            self._checked_address(parts.raw_host.decode("ascii"), parts.port or (443 if parts.scheme == "https" else 80))
        except FetchError as error:
            raise FetchError(f"{url}: {error}") from None

    def _checked_address(self, host: str, port: int) -> str:
        """An address of `host` after checking every address it resolves to; FetchError for a private one."""
        host = host.strip("[]")
        try:
            ipaddress.ip_address(host)
            addresses = [host]  # an address in the URL is checked as it is
        except ValueError:
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as error:
                raise FetchError(f"cannot resolve the host {host} ({error})") from None
        if not addresses:
            raise FetchError(f"cannot resolve the host {host}")
        for address in addresses:
            why = refused_address(address)
            if why:
                raise FetchError(f"refused: the host {_shown(host)} resolves to {address}, a {why} address "
                                 "(fetching from private networks is turned off here)")
        return addresses[0]

    def _slot(self, url: str) -> threading.Semaphore:
        host = httpx.URL(url).netloc.decode("ascii")
        with self._lock:
            return self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))

    def _timeout(self, deadline: float) -> httpx.Timeout:
        left = max(0.01, deadline - time.monotonic())
        return httpx.Timeout(connect=min(self.connect_timeout, left), read=min(self.read_timeout, left),
                             write=min(self.read_timeout, left), pool=left)

    def _get(self, url: str, accept: tuple[str, ...], deadline: float) -> Fetched | str:
        """A Fetched, or the Location a redirect points to."""
        cached = self.cache.get(url) if self.cache else None
        headers = {}
        if cached:
            if cached[0].get("etag"):
                headers["If-None-Match"] = cached[0]["etag"]
            if cached[0].get("last_modified"):
                headers["If-Modified-Since"] = cached[0]["last_modified"]
        for attempt in range(MAX_RETRIES + 1):
            with self._slot(url):
                outcome = self._request(url, headers, accept, deadline, cached, attempt)
            if not isinstance(outcome, float):
                return outcome
            if attempt == MAX_RETRIES:
                break
            if time.monotonic() + outcome > deadline:
                raise FetchError(f"{url}: the server is busy and asks to wait {outcome:g}s, past this page's "
                                 f"{self.deadline:g}s deadline")
            self.sleep(outcome)
        raise FetchError(f"{url}: the server is still busy (429/503) after {MAX_RETRIES + 1} tries")

    def _request(self, url, headers, accept, deadline, cached, attempt: int = 0) -> Fetched | str | float:
        """A Fetched, a redirect's Location, or the seconds to wait before trying again."""
        try:
            with self._client.stream("GET", url, headers=headers, timeout=self._timeout(deadline)) as response:
                status = response.status_code
                if status in _REDIRECTS and response.headers.get("location"):
                    return response.headers["location"]
                if status in (429, 503):
                    return self._retry_wait(url, response, attempt)
                if status == 304 and cached:
                    head, body = cached
                    return Fetched(head["url"], head["content_type"], head.get("charset"), body, from_cache=True)
                if status >= 400 or status < 200 or status == 204:
                    raise FetchError(f"{url}: HTTP {status} {response.reason_phrase}".rstrip())
                content_type = response.headers.get("content-type", "")
                kind = content_type.split(";")[0].strip().lower()
                if kind and not _accepted(kind, accept):
                    raise FetchError(f"{url}: not a web page or feed: its content type is {kind}")
                body = self._read(url, response, deadline)
                fetched = Fetched(str(response.url), kind, response.charset_encoding, body)
        except _Refused as error:
            raise FetchError(f"{url}: {error}") from None
        except httpx.TimeoutException as error:
            raise FetchError(f"{url}: timed out ({type(error).__name__})") from None
        except httpx.TooManyRedirects:  # not raised with follow_redirects off; kept for safety
            raise FetchError(f"{url}: too many redirects") from None
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: cannot fetch it ({type(error).__name__}: {error})") from None
        validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
        if self.cache and any(validators.values()):
            self.cache.put(url, {**validators, "url": fetched.url, "content_type": fetched.content_type,
                                 "charset": fetched.charset}, fetched.body)
        return fetched

    def _read(self, url: str, response: httpx.Response, deadline: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url}: the page is too large: {int(declared):,} bytes (limit {self.max_bytes:,})")
        chunks, size = [], 0
        for chunk in _inflated(url, response):  # counted as it inflates, 64 KB at a time
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"{url}: the page is too large: over {self.max_bytes:,} bytes once decompressed")
            if time.monotonic() > deadline:
                raise FetchError(f"{url}: took longer than {self.deadline:g}s to download")
            chunks.append(chunk)
        return b"".join(chunks)

    def _retry_wait(self, url: str, response: httpx.Response, attempt: int) -> float:
        """Seconds to wait: the server's Retry-After (seconds or a date), else 1 s, 2 s (backoff)."""
        attempt_wait = float(2 ** attempt)
        value = response.headers.get("retry-after", "").strip()
        if value:
            if value.isdigit():
                attempt_wait = float(value)
            else:
                when = email.utils.parsedate_to_datetime(value) if value else None
                attempt_wait = max(0.0, when.timestamp() - time.time()) if when else attempt_wait
        if attempt_wait > self.max_retry_wait:
            raise FetchError(f"{url}: HTTP {response.status_code}: the server asks to wait {attempt_wait:g}s "
                             f"(more than the {self.max_retry_wait:g}s this tool waits); try again later")
        return attempt_wait

    def _allowed(self, url: str, deadline: float) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:  # one robots.txt request per site, whatever the number of threads
            if origin not in self._robots:
                self._robots[origin] = self._read_robots(origin, deadline)
        parser = self._robots[origin]
        return True if parser is None else parser.can_fetch(USER_AGENT, url)

    def _read_robots(self, origin: str, deadline: float) -> urllib.robotparser.RobotFileParser | None:
        """The site's rules (RFC 9309): none when robots.txt is missing (4xx), all disallowed when the
        server fails (5xx); a site that cannot be reached is a FetchError."""
        parser = urllib.robotparser.RobotFileParser()
        url = origin + "/robots.txt"
        try:
            with self._slot(url), self._client.stream("GET", url, timeout=self._timeout(deadline)) as response:
                if 400 <= response.status_code < 500 or response.status_code in _REDIRECTS:
                    return None
                if response.status_code >= 500:
                    parser.disallow_all = True
                    return parser
                body, size = [], 0
                for chunk in _inflated(url, response):
                    size += len(chunk)
                    body.append(chunk)
                    if size > MAX_ROBOTS_BYTES or time.monotonic() > deadline:
                        break
        except httpx.TransportError as error:  # the site is down: say so, not "robots.txt disallows"
            raise FetchError(f"{origin}: cannot reach the site ({type(error).__name__}: {error})") from None
        except (httpx.HTTPError, FetchError):  # broken mid-way, or a damaged body: do not crawl
            parser.disallow_all = True
            return parser
        parser.parse(b"".join(body)[:MAX_ROBOTS_BYTES].decode("utf-8", "replace").splitlines())
        return parser


def _inflated(url: str, response: httpx.Response, step: int = 65536):
    """The body decompressed a bounded step at a time (httpx inflates a whole network chunk at once,
    up to about 1000 times its size for a bomb), so the size cap holds memory down too."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        yield from response.iter_raw()  # as the bytes arrive: the deadline is checked between them
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"{url}: the server sent a content encoding that was not asked for ({encoding})")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib, told apart by the header
    try:
        for raw in response.iter_raw():
            data = raw
            while data:
                out = inflater.decompress(data, step)
                data = inflater.unconsumed_tail
                if out:
                    yield out
                if inflater.eof:
                    return
        yield inflater.flush()
    except zlib.error as error:
        raise FetchError(f"{url}: the compressed body is damaged ({error})") from None


def _shown(host: str) -> str:
    """A host as people write it (an IDN in its own script)."""
    try:
        return httpx.URL(f"http://{host}/").host
    except (httpx.InvalidURL, UnicodeError):
        return host


class _GuardedBackend(httpcore.SyncBackend):
    def __init__(self, check: Callable[[str, int], str]):
        self.check = check

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            address = self.check(host, port)
        except FetchError as error:
            raise _Refused(str(error)) from None
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


class _Refused(FetchError):
    """The guard's refusal at connection time (the URL is added where it is known)."""


class _GuardedTransport(httpx.HTTPTransport):
    """Connects only to an address the guard has just checked (TLS still verifies the host name), so a
    DNS answer that changes between the check and the connection (DNS rebinding) cannot slip through."""

    def __init__(self, check: Callable[[str, int], str]):
        super().__init__()
        # httpx takes no network backend; its pool is rebuilt here with the same defaults and ours.
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), max_connections=100,
                                             max_keepalive_connections=20, keepalive_expiry=5.0,
                                             network_backend=_GuardedBackend(check))


def _accepted(kind: str, accept: tuple[str, ...]) -> bool:
    return any(kind.startswith(a) if a.endswith("/") else (kind.endswith(a) if a.startswith("+") else kind == a)
               for a in accept)


def _checked_url(url: str, what: str = "") -> str:
    """An http(s) URL with a host, Arabic and spaces percent-encoded as httpx does; else FetchError."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, UnicodeError, ValueError) as error:
        raise FetchError(f"{what + ' ' if what else ''}{url!r} is not a valid URL ({error})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"{what + ' ' if what else ''}{url!r}: only http and https URLs can be fetched")
    return str(parsed)

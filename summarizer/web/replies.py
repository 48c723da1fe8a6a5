"""What a server's reply to a GET means: a page or feed of a type asked for, a redirect to follow, a
wait to sleep before asking again (429/503 with Retry-After), a revalidated cache entry (304), or a
FetchError saying why not. Bodies are read capped (`body`); headers are kept as text, bounded.
"""
from __future__ import annotations

import email.utils
import re
import time

import httpx

from .body import read_body
from .bounds import Bounds, FetchError
from .fetched import Fetched
from .urls import redact

PAGE_TYPES = ("text/", "application/xhtml+xml", "application/xml")
FEED_TYPES = (*PAGE_TYPES, "+xml", "application/json", "application/feed+json")
REDIRECTS = (301, 302, 303, 307, 308)
_DELAY_SECONDS = re.compile(r"[0-9]{1,9}")  # RFC 9110: delay-seconds = 1*DIGIT (ASCII digits only)


def parse_retry_after(value: str, now: float | None = None) -> float | None:
    """Seconds a Retry-After asks for (delay-seconds or an HTTP date), None for anything else."""
    value = value.strip()
    if _DELAY_SECONDS.fullmatch(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - (time.time() if now is None else now))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def read_reply(response: httpx.Response, accept: tuple[str, ...], bound: Bounds, cached, attempt: int,
               max_bytes: int, max_retry_wait: float) -> Fetched | str | float:
    """A Fetched, the Location a redirect points to, or the seconds to wait before trying again.
    `cached`: the cache's (head, body) for a 304 to stand for, or None."""
    status = response.status_code
    if status in REDIRECTS and response.headers.get("location"):
        return response.headers["location"]
    if status in (429, 503):
        return retry_wait(response, attempt, max_retry_wait)
    if status == 304:
        if not cached:
            raise FetchError("HTTP 304 Not Modified, but nothing was cached to revalidate")
        head, body = cached
        return Fetched(head["url"], head["content_type"], head.get("charset"), body, from_cache=True,
                       headers=kept(response.headers))
    if 300 <= status < 400:
        raise FetchError(f"HTTP {status} {response.reason_phrase} without a Location to follow".replace("  ", " "))
    if status >= 400 or status < 200 or status == 204:
        raise FetchError(f"HTTP {status} {response.reason_phrase}".rstrip())
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind and not _accepted(kind, accept):
        raise FetchError(f"not a web page or feed: its content type is {kind[:80]}")
    declared = response.headers.get("content-length", "").strip()
    if _DELAY_SECONDS.fullmatch(declared) and int(declared) > max_bytes:
        raise FetchError(f"the page is too large: {int(declared):,} bytes (limit {max_bytes:,})")
    body = read_body(response, max_bytes, bound)
    return Fetched(redact(str(response.url)), kind, _charset(response), body, headers=kept(response.headers))


def retry_wait(response: httpx.Response, attempt: int, max_retry_wait: float) -> float:
    """Seconds to wait: the server's Retry-After (seconds or a date), else 1 s, 2 s (backoff)."""
    asked = parse_retry_after(response.headers.get("retry-after", ""))
    wait = float(2 ** attempt) if asked is None else asked
    if wait > max_retry_wait:
        raise FetchError(f"HTTP {response.status_code}: the server asks to wait {wait:g}s "
                         f"(more than the {max_retry_wait:g}s this tool waits); try again later")
    return wait


_KEPT = ("etag", "last-modified", "cache-control", "expires")


def kept(headers: httpx.Headers) -> dict:
    """The reply's validators and freshness as text, keyed etag, last_modified, cache_control, expires."""
    return {name.replace("-", "_"): headers[name][:1000] for name in _KEPT if headers.get(name)}


def _charset(response: httpx.Response) -> str | None:
    try:
        return response.charset_encoding
    except Exception:  # noqa: BLE001 - a malformed Content-Type parameter is no charset
        return None


def _accepted(kind: str, accept: tuple[str, ...]) -> bool:
    return any(kind.startswith(a) if a.endswith("/") else (kind.endswith(a) if a.startswith("+") else kind == a)
               for a in accept)

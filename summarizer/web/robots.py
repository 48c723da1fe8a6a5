"""robots.txt as RFC 9309 says, read by Protego (BSD-3, the parser Scrapy uses): rules match by the
longest path, `*` and `$` work, and a robots.txt behind up to five redirects is followed.

What a fetch of /robots.txt gives (RFC 9309, 2.3.1): its rules (2xx); no rules, so anything may be
fetched, when it is "unavailable" (4xx, or no file within five redirects); everything disallowed when it
is "unreachable" (5xx, or a body broken mid-way). A site that cannot be reached at all is a FetchError
for the page, which says so rather than blaming robots.txt.
"""
from __future__ import annotations

import logging
from typing import Callable
from urllib.parse import urljoin

import httpx

from .bounds import Bounds, FetchError, OutOfTime, Stopped

MAX_ROBOTS_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
MAX_HOPS = 5
_REDIRECTS = (301, 302, 303, 307, 308)
log = logging.getLogger(__name__)


class Rules:
    """A site's robots.txt rules for one user agent."""

    def __init__(self, parser=None, allow_all: bool = False):
        self._parser, self._allow_all = parser, allow_all

    @classmethod
    def parse(cls, body: bytes) -> "Rules":
        from protego import Protego
        try:
            return cls(Protego.parse(body.decode("utf-8", "replace")))
        except Exception:  # noqa: BLE001 - a file no parser reads is as good as none (RFC 9309 2.2.2)
            log.debug("robots.txt could not be parsed", exc_info=True)
            return ALLOW_ALL

    def allows(self, url: str, user_agent: str) -> bool:
        if self._parser is None:
            return self._allow_all
        try:
            return bool(self._parser.can_fetch(url, user_agent))
        except Exception:  # noqa: BLE001 - a rule the parser chokes on never crashes the run
            log.debug("robots.txt rule failed on %s", url, exc_info=True)
            return True


ALLOW_ALL = Rules(allow_all=True)
DISALLOW_ALL = Rules(allow_all=False)


def read_robots(origin: str, get: Callable[[str, Bounds], tuple[int, str | None, bytes | None]],
                bounds: Bounds, checked_url: Callable[[str], str]) -> Rules:
    """The rules of `origin` (scheme://host[:port]). `get(url, bounds)` is one bounded GET:
    (status, Location, body or None when the status has none to read); it raises FetchError."""
    url = origin + "/robots.txt"
    for _ in range(MAX_HOPS + 1):
        try:
            status, location, body = get(url, bounds)
        except (OutOfTime, Stopped):
            raise
        except httpx.TransportError as error:
            raise FetchError(f"{origin}: cannot reach the site ({type(error).__name__}: {error})") from None
        except FetchError:  # a damaged or oversized body, a refused address behind a redirect: unreachable
            return DISALLOW_ALL
        if status in _REDIRECTS and location:
            try:
                url = checked_url(urljoin(url, location))
            except (FetchError, ValueError):
                return ALLOW_ALL  # a redirect to nowhere: no robots.txt was reached (unavailable)
            continue
        if 200 <= status < 300:
            return Rules.parse(body or b"")
        if status >= 500:
            return DISALLOW_ALL
        return ALLOW_ALL  # 4xx, and anything else that is not a file: unavailable
    return ALLOW_ALL  # more than five redirects: unavailable (RFC 9309 2.3.1.2)

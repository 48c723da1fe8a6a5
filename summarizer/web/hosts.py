"""Hosts and URLs as the fetcher reads them: one spelling per host, the origin whose robots.txt applies,
a redirect's target, and the check that a URL can be fetched at all."""
from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin

import httpx

from .bounds import FetchError
from .urls import redact


def canonical_host(host: str) -> str:
    """A host as one spelling: lower case, no trailing dot, an address in its standard form (127.1,
    0x7f.1 and 2130706433 are all 127.0.0.1, as the system's resolver reads them)."""
    host = host.strip("[]").rstrip(".").lower()
    try:
        return str(ipaddress.ip_address(host.split("%")[0]))
    except ValueError:
        pass
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except (OSError, UnicodeError, ValueError):
        return host


def site_origin(url: str) -> str:
    """scheme://host[:port] of a URL in its one spelling, without credentials: whose robots.txt applies."""
    parts = httpx.URL(url)
    host = canonical_host(parts.raw_host.decode("ascii"))
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{shown}" + (f":{parts.port}" if parts.port else "")


def joined(base: str, location: str) -> str:
    try:
        return urljoin(base, location)
    except ValueError as error:  # e.g. "http://[::1" (an unclosed IPv6 literal)
        raise FetchError(f"{redact(base)} redirects to {location[:200]!r}, which is not a URL ({error})") from None


def shown(host: str) -> str:
    """A host as people write it (an IDN in its own script)."""
    try:
        return httpx.URL(f"http://{host}/").host
    except (httpx.InvalidURL, UnicodeError):
        return host


def checked_url(url: str, what: str = "") -> str:
    """An http(s) URL with a host, Arabic and spaces percent-encoded as httpx does; else FetchError."""
    lead = what + " " if what else ""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, UnicodeError, ValueError, TypeError) as error:
        raise FetchError(f"{lead}{redact(str(url))[:300]!r} is not a valid URL ({error})") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchError(f"{lead}{redact(str(url))[:300]!r}: only http and https URLs can be fetched")
    return str(parsed)

"""How long to leave a feed, or a failed item, alone: what the feed asks, and backoff after errors.

A feed is never asked again sooner than the longest of: its RSS <ttl> (minutes), its sy:updatePeriod
divided by sy:updateFrequency, and the reply's Cache-Control max-age (else its Expires). After a
failure the wait doubles from FIRST_BACKOFF up to a day. robots.txt and the per-host limit are the
fetcher's, as for every fetch.
"""
from __future__ import annotations

import email.utils
import re

MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0
FIRST_BACKOFF = 5 * MINUTE
MAX_ASKED = 7 * DAY  # a feed asking for more is read weekly: a typo must not silence it for years
PERIODS = {"hourly": HOUR, "daily": DAY, "weekly": 7 * DAY, "monthly": 30 * DAY, "yearly": 365 * DAY}
_NUMBER = re.compile(r"[0-9]{1,9}")
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?([0-9]{1,9})\"?\s*(?:,|$)", re.I)


def asked(feed_asks: dict, headers: dict, now: float) -> float:
    """Seconds the feed and its server ask to be left alone (0 when they ask nothing)."""
    waits = [0.0]
    ttl = (feed_asks.get("ttl") or "").strip()
    if _NUMBER.fullmatch(ttl):
        waits.append(int(ttl) * MINUTE)
    period = PERIODS.get((feed_asks.get("update_period") or "").strip().lower())
    if period:
        frequency = (feed_asks.get("update_frequency") or "1").strip()
        waits.append(period / max(1, int(frequency)) if _NUMBER.fullmatch(frequency) else period)
    waits.append(freshness(headers, now))
    return min(MAX_ASKED, max(waits))


def freshness(headers: dict, now: float) -> float:
    """Cache-Control max-age, else Expires less now (RFC 9111: max-age wins); 0 for no-store or nothing."""
    control = headers.get("cache_control") or ""
    if re.search(r"(?:^|,)\s*no-(?:store|cache)\b", control, re.I):
        return 0.0
    found = _MAX_AGE.search(control)
    if found:
        return float(found.group(1))
    if headers.get("expires"):
        try:
            return max(0.0, email.utils.parsedate_to_datetime(headers["expires"]).timestamp() - now)
        except (TypeError, ValueError, IndexError, OverflowError):
            return 0.0  # an invalid Expires is already expired (RFC 9111, 5.3)
    return 0.0


def backoff(failures: int) -> float:
    """The wait after `failures` failures in a row: 5 min, 10, 20 ... up to a day."""
    return min(DAY, FIRST_BACKOFF * 2 ** max(0, min(failures, 20) - 1))


def parse_every(text: str) -> float:
    """--every: 30s, 15m, 1h, 1d (a bare number is seconds); ValueError otherwise."""
    found = re.fullmatch(r"\s*([0-9]{1,7})\s*([smhd]?)\s*", text or "")
    if not found or int(found.group(1)) < 1:
        raise ValueError(f"--every takes a time such as 30s, 15m or 1h, not {text!r}")
    return int(found.group(1)) * {"": 1, "s": 1, "m": MINUTE, "h": HOUR, "d": DAY}[found.group(2)]

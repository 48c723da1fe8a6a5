"""The web as input: fetching pages carefully (`fetch`), reading feeds (`feeds`), and turning both
into records like any other input (`records`).

Names are imported on first use, so that `brief file.txt` never needs the [web] extra (httpx, feedparser).
"""
from __future__ import annotations

import importlib

_NAMES = {"Feed": "feeds", "FeedItem": "feeds", "NotAFeed": "feeds", "parse_feed": "feeds",
          "USER_AGENT": "fetch", "Fetched": "fetched", "FetchError": "fetch", "Fetcher": "fetch",
          "refused_address": "addresses", "WebBatch": "records", "WebRecord": "records", "is_url": "records",
          "is_web_input": "records", "fetch_article": "records"}
__all__ = sorted(_NAMES)


def __getattr__(name: str):
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)

"""Whatever a server sends (status, headers, feed fields, body bytes), a web input gives briefs' texts
or error records, never an exception out of the fetcher or the feed reader (Hypothesis).

The server is httpx's MockTransport (no socket: many examples a second); the hostile servers that
need a real socket (pace, endless streams) are in test_bounds.py."""
from __future__ import annotations

import gzip
import json
import zlib

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.config import Config
from summarizer.web import Fetcher, WebBatch
from tests.web_site import article_page, public_resolver, rss

HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=255, blacklist_characters="\x7f"), max_size=40)
ODD = st.sampled_from(["soon", "1.5", "-5", "²", "0", "99999999999", "", " ", "gzip", "deflate", "br, gzip",
                       "text/html; charset=nonesuch", "application/feed+json", "application/rss+xml",
                       "text/html; charset=", "text/html; charset=utf-8; charset=latin-1", "/elsewhere",
                       "http://[::1", "javascript:alert(1)", "Wed, 99 Foo 2024 99:99:99 GMT"])
HEADERS = st.dictionaries(st.sampled_from(["content-type", "content-encoding", "content-length", "retry-after",
                                           "location", "etag", "last-modified", "cache-control", "x-other"]),
                          st.one_of(ODD, HEADER_TEXT), max_size=6)
STATUS = st.sampled_from([200, 200, 200, 203, 204, 206, 300, 301, 302, 304, 307, 400, 404, 429, 500, 503, 599])
JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                     max_size=3), max_leaves=8)
ITEM_FIELDS = ["id", "url", "external_url", "title", "content_html", "content_text", "tags", "date_published"]


@st.composite
def json_feeds(draw) -> bytes:
    items = []
    for n in range(draw(st.integers(0, 4))):
        item = {"id": f"i{n}", "url": f"http://news.example/item/{n}", "title": "عنوان"}
        item.update(draw(st.dictionaries(st.sampled_from(ITEM_FIELDS), JSON_VALUE, max_size=4)))
        items.append(item)
    top = draw(st.dictionaries(st.sampled_from(["title", "home_page_url", "feed_url", "items"]), JSON_VALUE,
                               max_size=2))
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items, **top}).encode()


@st.composite
def rss_feeds(draw) -> bytes:
    text = st.text(max_size=30)
    items = [{"title": draw(text), "link": draw(st.sampled_from(["http://news.example/a", "", "/rel", "x:y",
                                                                  "http://[::1"])),
              "guid": draw(text), "category": draw(text), "description": draw(text)}
             for _ in range(draw(st.integers(0, 3)))]
    return rss(items).encode("utf-8", "surrogatepass")


def _encoded(body: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(body)
    if how == "deflate":
        return zlib.compress(body)
    if how == "cut":
        return gzip.compress(body)[: len(body) // 3]
    return body


BODIES = st.one_of(st.binary(max_size=300), json_feeds(), rss_feeds(),
                   st.just(article_page("port").encode("utf-8")), st.just(b"{"), st.just(b"<?xml"))


def _run(url: str, status: int, headers: dict, body: bytes, how: str) -> tuple[list, list[str]]:
    data = _encoded(body, how)
    if how in ("gzip", "deflate", "cut"):
        headers = {**headers, "content-encoding": "deflate" if how == "deflate" else "gzip"}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(data))
    config = Config(http_cache="", fetch_timeout=5.0, max_page_bytes=100_000, translator_model="")
    # news.example is never looked up: the system's resolver would ask a DNS server off this machine.
    fetcher = Fetcher(config, transport=httpx.MockTransport(answer), sleep=lambda seconds: None,
                      max_retry_wait=5.0, resolver=public_resolver())
    with fetcher, WebBatch(config, fetcher) as web:
        return list(web.records(web.open(url))), web.warnings


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(status=STATUS, headers=HEADERS, body=BODIES, how=st.sampled_from(["plain", "gzip", "deflate", "cut"]),
       url=st.sampled_from(["http://news.example/feed.json", "http://news.example/page"]))
def test_any_reply_gives_records_with_text_or_an_error(status, headers, body, how, url):
    records, warnings = _run(url, status, headers, body, how)
    assert records or any("no items" in w for w in warnings), "a record (a page, its items, the error) or the word"
    for record in records:
        assert (record.text is None) != (record.error is None), record
        assert record.error is None or isinstance(record.error, str) and record.error.strip()

"""A newsroom on 127.0.0.1 for the follow tests: feeds that change between polls and answer conditional
requests (ETag / If-None-Match -> 304) as outlets' servers do, article pages, robots.txt, a request log.
The articles are made up of the test site's Arabic words (tests/web_site.py), one distinct text each."""
from __future__ import annotations

import random
import re
import threading
from collections import Counter
from email.utils import format_datetime

from werkzeug import Response

from tests.web_site import ARTICLES, PUBLISHED, rss

VOCABULARY = sorted({w for _, lines in ARTICLES.values() for line in lines for w in line.rstrip(".").split()})
SY = "http://purl.org/rss/1.0/modules/syndication/"


def article(n: int, sentences: int = 6) -> list[str]:
    """Article n: sentences of 10-14 words drawn from the vocabulary, seeded by n (no two alike)."""
    rng = random.Random(n)
    return [" ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(10, 14))) + "." for _ in range(sentences)]


def edited(lines: list[str]) -> list[str]:
    """Another outlet's telling, or a later edit: a word changed, the last sentence cut, a line added."""
    first = lines[0].split()
    first[1] = "اليوم"
    return [" ".join(first), *lines[1:-1], "وتابعونا على صفحاتنا للمزيد من الأخبار."]


def page(title: str, lines: list[str], outlet: str = "الأخبار اليوم") -> str:
    body = "".join(f"<p>{line}</p>" for line in lines)
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} - {outlet}</title>'
            f'</head><body><header><nav><a href="/">الرئيسية</a></nav></header><article><h1>{title}</h1>{body}'
            f"</article><footer>جميع الحقوق محفوظة © {outlet}</footer></body></html>")


class Newsroom:
    """Feeds and pages served by one handler; `set_feed` changes a feed (a new ETag), `log` says what was asked."""

    def __init__(self, server):
        self.server = server
        self.feeds: dict[str, dict] = {}
        self.pages: dict[str, object] = {}  # path -> html, or a callable(request) -> Response
        self.robots: str | None = None
        self.log: list[tuple[str, int, str | None]] = []  # (path, status, If-None-Match)
        self.hits: Counter = Counter()
        self.lock = threading.Lock()
        server.clear()
        server.expect_request(re.compile(r"/.*")).respond_with_handler(self.handle)

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def add_story(self, path: str, n: int, title: str | None = None, lines: list[str] | None = None,
                  outlet: str = "الأخبار اليوم") -> dict:
        """A page at `path` (article n, or `lines`); the feed item that links to it."""
        lines = lines or article(n)
        title = title or " ".join(lines[0].split()[:8])
        self.pages[path] = page(title, lines, outlet)
        return {"guid": f"guid-{path}", "title": title, "link": self.url(path), "category": "أخبار"}

    def set_feed(self, path: str, items: list[dict], title: str = "الأخبار اليوم", ttl: int | None = None,
                 sy: tuple[str, int] | None = None, headers: dict | None = None) -> None:
        xml = rss(items, title=title)
        if ttl is not None:
            xml = xml.replace("<channel>", f"<channel><ttl>{ttl}</ttl>", 1)
        if sy is not None:
            xml = xml.replace('<rss version="2.0"', f'<rss version="2.0" xmlns:sy="{SY}"', 1).replace(
                "<channel>", f"<channel><sy:updatePeriod>{sy[0]}</sy:updatePeriod>"
                             f"<sy:updateFrequency>{sy[1]}</sy:updateFrequency>", 1)
        with self.lock:
            old = self.feeds.get(path)
            version = old["version"] + (old["xml"] != xml) if old else 1
            self.feeds[path] = {"xml": xml, "version": version, "headers": headers or {}}

    def asked(self, path: str) -> list[tuple[int, str | None]]:
        return [(status, etag) for p, status, etag in self.log if p == path]

    def handle(self, request) -> Response:
        with self.lock:  # counted as it arrives, so a test can wait for a request that hangs
            self.hits[request.path] += 1
        response = self._answer(request)
        with self.lock:
            self.log.append((request.path, response.status_code, request.headers.get("If-None-Match")))
        return response

    def _answer(self, request) -> Response:
        path = request.path
        if path == "/robots.txt":
            return Response(self.robots, content_type="text/plain") if self.robots else Response("", status=404)
        if path in self.feeds:
            feed = self.feeds[path]
            etag = f'"v{feed["version"]}"'
            headers = {"ETag": etag, "Last-Modified": format_datetime(PUBLISHED, usegmt=True), **feed["headers"]}
            if request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers=headers)
            return Response(feed["xml"], content_type="application/rss+xml; charset=utf-8", headers=headers)
        found = self.pages.get(path)
        if callable(found):
            return found(request)
        if found is not None:
            return Response(found, content_type="text/html; charset=utf-8")
        return Response("not here", status=404)

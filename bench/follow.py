"""python -m bench.follow: `brief follow` at scale, against feeds served from 127.0.0.1.

100 feeds of 50 items each (--feeds, --items); item k of feed f is a page made from BBC Arabic dev article
(50 f + k) mod 1080 (../shared/data/ant-bbc-ar/dev.jsonl, read, never copied), so the 5,000 items tell
1,080 stories, most carried by several feeds, as wire stories are. Each run is `brief follow --once
--no-translate` in its own process, as cron runs it; its peak memory is that process's max RSS.

1. First poll: every feed and page fetched, each story briefed once, the other items added as sources.
2. Second poll, nothing changed: one conditional request a feed (all 304), no page, no brief.
3. Store size: a fresh store filled 250, 500, then 1,000 distinct stories; bytes per story at each.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from eval.data import shared_dir

ROOT = Path(__file__).resolve().parent.parent
BBC_DEV = shared_dir() / "data" / "ant-bbc-ar" / "dev.jsonl"
PUBLISHED = format_datetime(datetime(2018, 4, 8, tzinfo=timezone.utc))


def read_articles() -> list[dict]:
    if not BBC_DEV.is_file():
        raise SystemExit(f"benchmark data not found: {BBC_DEV} (the shared/ folder beside the repo)")
    return [json.loads(line) for line in BBC_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


class Site:
    """Feeds and pages from memory on 127.0.0.1 (stdlib server), ETags honoured, every request counted."""

    def __init__(self, articles: list[dict], feeds: int, items: int, first_feed: int = 0):
        self.articles, self.items = articles, items
        self.feeds = range(first_feed, first_feed + feeds)
        self.counts: Counter = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                site.answer(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def feed_urls(self) -> list[str]:
        return [f"{self.base}/feed/{f}.xml" for f in self.feeds]

    def article(self, f: int, k: int) -> dict:
        return self.articles[(f * self.items + k) % len(self.articles)]

    def rss(self, f: int) -> bytes:
        items = "".join(
            f"<item><title>{escape(a['title'])}</title><link>{self.base}/page/{f}/{k}</link>"
            f'<guid isPermaLink="false">feed{f}-item{k}</guid><category>{escape(a.get("category") or "")}</category>'
            f"<pubDate>{PUBLISHED}</pubDate>"
            "</item>" for k, a in ((k, self.article(f, k)) for k in range(self.items)))
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>outlet {f}</title>'
                f"<link>{self.base}/</link><description>bench</description>{items}</channel></rss>").encode()

    def page(self, f: int, k: int) -> bytes:
        a = self.article(f, k)
        body = "".join(f"<p>{escape(p)}</p>" for p in a["text"].splitlines() if p.strip())
        return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{escape(a["title"])}'
                f"</title></head><body><nav><a href='/'>الرئيسية</a></nav><article><h1>{escape(a['title'])}</h1>"
                f"{body}</article><footer>outlet {f}</footer></body></html>").encode()

    def answer(self, request: BaseHTTPRequestHandler) -> None:
        parts = request.path.strip("/").split("/")
        status, body, kind, etag = 404, b"", "text/plain", None
        if parts[0] == "feed" and len(parts) == 2:
            f = int(parts[1].split(".")[0])
            etag = f'"feed-{f}"'
            if request.headers.get("If-None-Match") == etag:
                status = 304
            else:
                status, body, kind = 200, self.rss(f), "application/rss+xml"
        elif parts[0] == "page" and len(parts) == 3:
            status, body, kind = 200, self.page(int(parts[1]), int(parts[2])), "text/html; charset=utf-8"
        self.counts[(parts[0], status)] += 1
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(body)))
        if etag:
            request.send_header("ETag", etag)
        request.end_headers()
        request.wfile.write(body)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def follow_once(store: Path, feeds: list[str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB, its last stderr line) of one `brief follow --once` process."""
    env = {**os.environ, "BRIEF_HTTP_CACHE": "", "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "summarizer", "follow", *feeds, "--store", str(store),
                                "--once", "--no-translate"], env=env, stderr=subprocess.PIPE, text=True)
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child so far, in MB
    if process.returncode != 0:
        raise SystemExit(f"brief follow failed ({process.returncode}): {err[-2000:]}")
    return seconds, peak, err.strip().splitlines()[-1]


def counts(store: Path) -> dict:
    import sqlite3
    db = sqlite3.connect(store)
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    out = {"stories": one("SELECT COUNT(*) FROM stories"), "sources": one("SELECT COUNT(*) FROM sources"),
           "items": one("SELECT COUNT(*) FROM items"), "errors": one("SELECT COUNT(*) FROM items WHERE state='error'")}
    db.close()
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.follow", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--feeds", type=int, default=100)
    p.add_argument("--items", type=int, default=50)
    p.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000], help="stories for the size phase")
    args = p.parse_args(argv)
    articles = read_articles()
    work = Path(tempfile.mkdtemp(prefix="bench-follow-"))
    site = Site(articles, args.feeds, args.items)
    try:
        store = work / "news.db"
        seconds, peak, line = follow_once(store, site.feed_urls())
        first = counts(store)
        print(f"first poll: {args.feeds} feeds x {args.items} items in {seconds:.1f} s, peak RSS {peak:.0f} MB; "
              f"{first}; {line}", flush=True)
        before = Counter(site.counts)
        seconds2, _, line2 = follow_once(store, site.feed_urls())
        asked = site.counts - before
        print(f"second poll, nothing changed: {seconds2:.1f} s (process start included); requests {dict(asked)}; "
              f"{line2}", flush=True)
        assert counts(store) == first and {k for k in asked if k[0] != "robots.txt"} == {("feed", 304)}, (counts(store), asked)
        print(f"store: {store.stat().st_size / 1e6:.1f} MB for {first['stories']} stories and {first['sources']} "
              f"sources: {store.stat().st_size / first['stories'] / 1000:.1f} kB a story", flush=True)
    finally:
        site.close()
    size_phase(articles, args.items, args.sizes, work)
    return 0


def size_phase(articles: list[dict], items: int, sizes: list[int], work: Path) -> None:
    """A fresh store grown by polls of more feeds (distinct articles only): its size per story at each step."""
    store, done, print_rows = work / "size.db", 0, ["| stories | store MB | kB per story |", "|---|---|---|"]
    for size in sizes:
        size = min(size, len(articles))
        site = Site(articles, (size - done) // items, items, first_feed=done // items)
        try:
            follow_once(store, site.feed_urls())
        finally:
            site.close()
        done = counts(store)["items"]
        stories = counts(store)["stories"]
        print_rows.append(f"| {stories} | {store.stat().st_size / 1e6:.2f} | {store.stat().st_size / stories / 1000:.2f} |")
    print("\n".join(print_rows))


if __name__ == "__main__":
    raise SystemExit(main())

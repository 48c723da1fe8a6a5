"""The app's side: the Following tab (stored stories, newest first, by category, English beside the Arabic,
each story's sources) and /feed.atom, read only while `brief follow` writes."""
from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import feedparser
import pytest

from summarizer.follow.app_tab import feed_route, following_page
from summarizer.follow.poll import Poller
from summarizer.follow.store import SQLiteStore
from tests.follow import fixtures
from tests.follow.newsroom import article, edited

# The fixtures (tests/follow/fixtures.py), found by name.
english_pipeline = fixtures.english_pipeline
no_http_cache = fixtures.no_http_cache
pipeline = fixtures.pipeline
room = fixtures.room
site_server = fixtures.site_server
store_path = fixtures.store_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def followed(room, store_path, english_pipeline):
    lines = article(200)
    room.set_feed("/rss", [room.add_story("/a/1", 0, lines=lines), room.add_story("/a/2", 201)])
    room.set_feed("/two", [room.add_story("/b/1", 0, lines=edited(lines))], title="وكالة الشرق")
    store = SQLiteStore.open(store_path)
    Poller(store, english_pipeline).poll([room.url("/rss"), room.url("/two")])
    store.close()
    return store_path


def _get(route):
    """GET /feed.atom on the route itself, as the app's server calls it (no client library needed)."""
    from starlette.requests import Request
    return route.endpoint(Request({"type": "http", "method": "GET", "path": "/feed.atom", "headers": [],
                                   "scheme": "http", "server": ("127.0.0.1", 7860), "query_string": b""}))


def _srcdoc(page: str) -> str:
    return html.unescape(re.search(r'srcdoc="([^"]*)"', page).group(1))


def test_the_following_tab_shows_stories_english_beside_arabic_with_their_sources(followed, room):
    page = _srcdoc(following_page(str(followed)))
    assert page.count("<article>") == 2
    assert 'class="en" lang="en"' in page and 'class="ar" lang="ar"' in page
    assert page.index('class="en"') < page.index('class="ar"')  # English first, the Arabic beside it
    assert "2 sources" in page and room.url("/b/1") in page and "وكالة الشرق" in page


def test_the_tab_says_what_is_wrong_with_a_missing_or_damaged_store(tmp_path):
    assert "no such store" in following_page(str(tmp_path / "none.db"))
    (tmp_path / "bad.db").write_bytes(b"junk" * 100)
    assert "not a brief follow store" in following_page(str(tmp_path / "bad.db"))
    assert (tmp_path / "bad.db").read_bytes() == b"junk" * 100


def test_feed_atom_route_serves_the_store_while_a_writer_adds_stories(followed, room, pipeline):
    route = feed_route(str(followed))
    writer = SQLiteStore.open(followed)
    room.set_feed("/three", [room.add_story(f"/c/{n}", 210 + n) for n in range(10)])
    thread = threading.Thread(target=Poller(writer, pipeline).poll, args=([room.url("/three")],))
    thread.start()
    counts = []
    try:
        while thread.is_alive() or not counts:
            reply = _get(route)
            assert reply.status_code == 200 and reply.headers["content-type"].startswith("application/atom+xml")
            parsed = feedparser.parse(reply.body)
            assert not parsed.bozo
            for entry in parsed.entries:  # every story whole: its links and its content
                assert entry.links and entry.content[0].value.count("<li>") >= 3
            counts.append(len(parsed.entries))
    finally:
        thread.join()
        writer.close()
    assert counts == sorted(counts) and _get(route).body.count(b"<entry>") == 12
    assert any(link.rel == "self" and link.href.endswith("/feed.atom") for link in parsed.feed.links)


def test_feed_atom_of_a_damaged_store_is_503_and_the_file_is_kept(tmp_path):
    bad = tmp_path / "news.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 84)
    reply = _get(feed_route(str(bad)))
    assert reply.status_code == 503 and b"news.db" in reply.body
    assert bad.read_bytes() == b"SQLite format 3\x00" + b"\x00" * 84


@pytest.mark.slow  # a Gradio server in a subprocess
def test_app_with_store_has_the_following_tab_and_serves_feed_atom(followed, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "TMPDIR": str(tmp_path)}
    server = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--store", str(followed),
                               "--translator-model", ""], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/feed.atom", timeout=5).read()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stdout.read().decode()
                time.sleep(0.5)
        parsed = feedparser.parse(body)
        assert not parsed.bozo and len(parsed.entries) == 2
        config = urllib.request.urlopen(f"http://127.0.0.1:{port}/config", timeout=10).read().decode()
        assert '"Following"' in config and "following-page" in config
    finally:
        server.terminate()
        server.wait(timeout=30)

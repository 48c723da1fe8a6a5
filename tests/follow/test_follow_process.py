"""`brief follow` as a process: --every stops within 5 s on SIGTERM or SIGINT, even mid-fetch; kill -9 while
briefing, then a restart, leaves every item exactly once and the Atom feed with each story once; a second
writer on the same store is refused naming the first."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import feedparser
import pytest
from werkzeug import Response

from summarizer.follow.store import SQLiteStore
from tests.follow import fixtures

# The fixtures (tests/follow/fixtures.py), found by name.
no_http_cache = fixtures.no_http_cache
room = fixtures.room
site_server = fixtures.site_server
store_path = fixtures.store_path

pytestmark = pytest.mark.slow  # processes that import the pipeline (a few seconds each)
ROOT = Path(__file__).resolve().parents[2]


def _start(store, *args) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BRIEF_HTTP_CACHE": ""}
    return subprocess.Popen([sys.executable, "-m", "summarizer", "follow", *map(str, args), "--store", str(store),
                             "--no-translate"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait(condition, what: str, seconds: float = 60.0, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process ended while waiting for {what}: {process.stderr.read()}")
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _stories(store) -> int:
    if not store.exists():
        return 0
    try:
        reader = SQLiteStore.reader(store)
    except Exception:  # noqa: BLE001 - not made yet
        return 0
    try:
        return len(reader.stories())
    finally:
        reader.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_every_stops_within_5_seconds_between_polls_and_mid_fetch(room, store_path, sig):
    room.set_feed("/rss", [room.add_story(f"/a/{n}", 300 + n) for n in range(2)])
    follow = _start(store_path, room.url("/rss"), "--every", "1h")
    try:
        _wait(lambda: _stories(store_path) == 2, "the first poll", process=follow)
        started = time.monotonic()
        follow.send_signal(sig)  # waiting for the next poll, an hour away
        assert follow.wait(timeout=10) == 130 and time.monotonic() - started < 5
    finally:
        follow.kill()
    # Mid-fetch: a page that never answers.
    hang = threading.Event()
    room.pages["/a/hang"] = lambda request: (hang.wait(60), Response("late"))[1]
    room.set_feed("/rss", [{"guid": "hang", "title": "x", "link": room.url("/a/hang")}])
    follow = _start(store_path, room.url("/rss"), "--every", "1h", "--fetch-timeout", "120")
    try:
        _wait(lambda: room.hits["/a/hang"] >= 1, "the hanging fetch", process=follow)
        started = time.monotonic()
        follow.send_signal(sig)
        assert follow.wait(timeout=10) == 130 and time.monotonic() - started < 5
    finally:
        hang.set()
        follow.kill()
    reader = SQLiteStore.reader(store_path)
    assert reader.counts()["pending"] == 1  # the item being fetched is left to the next run, not lost
    reader.close()


def test_kill_9_while_briefing_then_restart_every_item_exactly_once(room, store_path, tmp_path):
    items = 40

    def slow(html):
        return lambda request: (time.sleep(0.15), Response(html, content_type="text/html; charset=utf-8"))[1]

    feed = []
    for n in range(items):
        feed.append(room.add_story(f"/a/{n}", 400 + n))
        room.pages[f"/a/{n}"] = slow(room.pages[f"/a/{n}"])
    room.set_feed("/rss", feed)
    atom = tmp_path / "english.atom"
    follow = _start(store_path, room.url("/rss"), "--every", "1s", "--batch-size", "2", "--atom", atom)
    try:
        _wait(lambda: _stories(store_path) >= 4, "some stories", process=follow)
        follow.send_signal(signal.SIGKILL)
        follow.wait(timeout=10)
    finally:
        follow.kill()
    killed_at = _stories(store_path)
    assert 4 <= killed_at < items, killed_at  # killed mid-poll, with items still to brief
    # The lock died with the process: a restart is not refused, and finishes the poll.
    again = _start(store_path, room.url("/rss"), "--once", "--atom", atom)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    reader = SQLiteStore.reader(store_path)
    counts = reader.counts()
    assert (counts["items"], counts["stories"], counts["sources"], counts["pending"]) == (items, items, items, 0)
    keys = [r[0] for r in reader.db.execute("SELECT item FROM sources")]
    assert len(set(keys)) == items
    reader.close()
    parsed = feedparser.parse(atom.read_bytes())
    assert not parsed.bozo and len(parsed.entries) == items == len({e.id for e in parsed.entries})


def test_a_second_process_on_the_same_store_is_refused_naming_the_first(room, store_path):
    room.set_feed("/rss", [room.add_story("/a/1", 500)])
    first = _start(store_path, room.url("/rss"), "--every", "1h")
    try:
        _wait(lambda: _stories(store_path) == 1, "the first poll", process=first)
        second = _start(store_path, room.url("/rss"), "--once")
        _, err = second.communicate(timeout=60)
        assert second.returncode == 4
        assert f"pid {first.pid}" in err and "being written by another brief follow" in err
    finally:
        first.terminate()
        first.wait(timeout=10)

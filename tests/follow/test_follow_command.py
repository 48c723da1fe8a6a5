"""`brief follow` as a user runs it (in this process): --once, the Atom feed and the digest after each poll,
--keep-days, the options of `brief`, and the usage errors."""
from __future__ import annotations

import json
import sqlite3
import time

import feedparser
import pytest

from summarizer.follow.atom import atom_feed
from summarizer.follow.poll import Poller
from summarizer.follow.store import SQLiteStore
from tests.follow import fixtures
from tests.follow.newsroom import article, edited

# The fixtures (tests/follow/fixtures.py), found by name.
english_pipeline = fixtures.english_pipeline
no_http_cache = fixtures.no_http_cache
room = fixtures.room
site_server = fixtures.site_server
store_path = fixtures.store_path

ATOM = "{http://www.w3.org/2005/Atom}"


def _follow(brief_cli, room, store_path, *extra, feeds=("/rss",)):
    return brief_cli("follow", *[room.url(f) for f in feeds], "--store", store_path, "--once", "--no-translate",
                     *extra)


def _entries(path) -> list:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    for entry in parsed.entries:
        assert entry.get("id") and entry.get("title") and entry.get("updated_parsed"), entry
    return parsed.entries


def test_once_polls_writes_atom_and_exits(brief_cli, room, store_path, tmp_path):
    lines = article(70)
    room.set_feed("/rss", [room.add_story("/a/1", 0, lines=lines), room.add_story("/a/2", 71)])
    atom = tmp_path / "out" / "english.atom"
    result = _follow(brief_cli, room, store_path, "--atom", atom)
    assert result.returncode == 0, result.stderr
    assert "2 new stories" in result.stderr
    first = _entries(atom)
    assert len(first) == 2
    # Arabic-only (no translator): the title is the Arabic headline, marked so.
    assert all(e.title_detail.language == "ar" for e in first)
    # The feed changes: another outlet republishes story 1 (a source, not a story), and a new one.
    room.set_feed("/two", [room.add_story("/b/1", 0, lines=edited(lines), outlet="وكالة"),
                           room.add_story("/b/2", 72)], title="وكالة الشرق")
    result = _follow(brief_cli, room, store_path, "--atom", atom, feeds=("/rss", "/two"))
    assert result.returncode == 0 and "1 new stories, 1 added to known stories" in result.stderr
    second = _entries(atom)
    assert len(second) == 3 and len({e.id for e in second}) == 3
    assert {e.id for e in first} <= {e.id for e in second}  # ids are stable across polls
    story = next(e for e in second if len(e.links) == 2)
    assert [link.rel for link in story.links] == ["alternate", "related"]
    assert {link.href for link in story.links} == {room.url("/a/1"), room.url("/b/1")}
    assert any("وكالة الشرق" in link.title and "UTC" in link.title for link in story.links)  # outlet and time


def test_atom_entries_have_english_titles_and_both_languages_of_bullets(room, store_path, english_pipeline):
    room.set_feed("/rss", [room.add_story("/a/1", 80)])
    store = SQLiteStore.open(store_path)
    try:
        Poller(store, english_pipeline).poll([room.url("/rss")])
        data = atom_feed(store, self_url="http://127.0.0.1:7860/feed.atom")
    finally:
        store.close()
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    [entry] = parsed.entries
    assert entry.title.startswith("EN[") and entry.title_detail.language in (None, "en")
    content = entry.content[0].value
    assert 'lang="en"' in content and 'lang="ar"' in content and content.count("EN[") >= 4
    assert any(link.rel == "self" for link in parsed.feed.links)
    from lxml import etree
    root = etree.fromstring(data)  # RFC 4287: the feed's id, title, updated and author are there
    assert all(root.find(ATOM + tag) is not None for tag in ("id", "title", "updated", "author"))


@pytest.mark.parametrize("suffix", [".html", ".md", ".json"])
def test_digest_of_the_last_24_hours_after_each_poll(brief_cli, room, store_path, tmp_path, suffix):
    lines = article(90)
    room.set_feed("/rss", [room.add_story("/a/1", 0, lines=lines), room.add_story("/a/2", 91)])
    room.set_feed("/two", [room.add_story("/b/1", 0, lines=edited(lines))], title="وكالة الشرق")
    out = tmp_path / f"today{suffix}"
    assert _follow(brief_cli, room, store_path, "--digest", out, feeds=("/rss", "/two")).returncode == 0
    text = out.read_text(encoding="utf-8")
    if suffix == ".json":
        data = json.loads(text)
        assert (data["items"], data["stories"]) == (3, 2)  # three items, two stories
        assert sorted(len(e["sources"]) for s in data["sections"] for e in s["entries"]) == [1, 2]
    else:
        assert "2 stories from 3 items" in text
    # A story last updated two days ago is not in the day's digest.
    db = sqlite3.connect(store_path)
    db.execute("UPDATE stories SET updated = ? WHERE id = 1", (time.time() - 2 * 86400,))
    db.commit()
    db.close()
    assert _follow(brief_cli, room, store_path, "--digest", out).returncode == 0
    assert "1 story from 1 item" in out.read_text(encoding="utf-8") or '"stories": 1' in out.read_text()


def test_keep_days_prunes_after_the_poll(brief_cli, room, store_path):
    room.set_feed("/rss", [room.add_story(f"/a/{n}", 100 + n) for n in range(3)])
    assert _follow(brief_cli, room, store_path).returncode == 0
    db = sqlite3.connect(store_path)
    db.execute("UPDATE stories SET updated = ? WHERE id IN (1, 2)", (time.time() - 40 * 86400,))
    db.commit()
    db.close()
    assert _follow(brief_cli, room, store_path, "--keep-days", "30").returncode == 0
    store = SQLiteStore.reader(store_path)
    assert len(store.stories()) == 1
    assert store.counts()["items"] == 3  # the feed still lists them: kept as known, never briefed again
    store.close()


def test_the_options_of_brief_apply(brief_cli, room, store_path):
    room.set_feed("/rss", [room.add_story("/a/1", 110)])
    assert _follow(brief_cli, room, store_path, "--bullets", "3", "--fetch-timeout", "5",
                   "--headline-max-words", "6").returncode == 0
    [story] = SQLiteStore.reader(store_path).stories()
    assert len(story.brief["bullets_ar"]) == 3 and len(story.brief["headline_ar"].split()) <= 6
    assert story.brief["meta"]["settings"]["num_bullets"] == 3


@pytest.mark.parametrize("args, says", [
    (["--every", "soon"], "--every takes a time"),
    (["--digest", "x.pdf"], "digest is written as"),
    (["--keep-days", "0"], "--keep-days must be positive"),
], ids=["every", "digest-suffix", "keep-days"])
def test_bad_options_are_refused_before_anything_is_written(brief_cli, tmp_path, args, says):
    store = tmp_path / "news.db"
    result = brief_cli("follow", "http://127.0.0.1:9/rss", "--store", store, "--no-translate", *args)
    assert result.returncode == 2 and says in result.stderr
    assert not store.exists()


def test_every_and_once_exclude_each_other(brief_cli, tmp_path):
    with pytest.raises(SystemExit) as stop:
        brief_cli("follow", "http://127.0.0.1:9/rss", "--store", tmp_path / "s.db", "--once", "--every", "1m")
    assert stop.value.code == 2


def test_all_feeds_failing_exits_1_for_cron(brief_cli, tmp_path):
    result = brief_cli("follow", "http://127.0.0.1:9/rss", "--store", tmp_path / "s.db", "--once", "--no-translate")
    assert result.returncode == 1 and "warning: http://127.0.0.1:9/rss" in result.stderr


def test_usage_names_follow(brief_cli):
    from summarizer.commands.brief import USAGE, build_parser
    assert "brief follow FEED..." in USAGE and "brief follow FEED..." in build_parser().format_help()

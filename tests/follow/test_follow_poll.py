"""One poll against the local newsroom, whose feeds change between polls: conditional requests, one brief
per story (guid, else link; republished or edited stories become sources), failures stored and retried with
backoff, one feed's failure its own, and politeness (ttl, sy:updatePeriod, max-age, backoff, robots.txt)."""
from __future__ import annotations

import pytest

from summarizer.follow import politeness
from summarizer.follow.poll import Poller
from summarizer.follow.store import SQLiteStore
from tests.follow import fixtures
from tests.follow.newsroom import article, edited

# The fixtures (tests/follow/fixtures.py), found by name.
no_http_cache = fixtures.no_http_cache
pipeline = fixtures.pipeline
room = fixtures.room
site_server = fixtures.site_server
store_path = fixtures.store_path


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def follow(store_path, pipeline):
    """(store, poll(feeds) -> Report, clock): the poller as the command runs it, on a clock the test moves."""
    from summarizer.config import Config
    from summarizer.web.fetch import Fetcher
    store, fetcher = SQLiteStore.open(store_path), Fetcher(Config(http_cache=""))  # one fetcher: quicker polls
    clock = Clock()
    poller = Poller(store, pipeline, fetcher, clock=clock)
    yield store, poller.poll, clock
    fetcher.close()
    store.close()


def _briefs(store) -> int:
    return len(store.stories())


def test_second_poll_of_an_unchanged_feed_is_one_conditional_request_and_no_brief(room, follow, monkeypatch):
    store, poll, clock = follow
    room.set_feed("/rss", [room.add_story(f"/a/{n}", n) for n in range(4)])
    first = poll([room.url("/rss")])
    assert (first.feeds, first.new_items, first.briefed) == (1, 4, 4)
    pages = sum(room.hits[f"/a/{n}"] for n in range(4))
    from summarizer.pipeline import BriefPipeline
    monkeypatch.setattr(BriefPipeline, "brief_documents",
                        lambda *a, **k: pytest.fail("nothing new, yet something was briefed"))
    clock.now += 60
    second = poll([room.url("/rss")])
    assert (second.unchanged, second.new_items, second.briefed) == (1, 0, 0)
    assert room.asked("/rss") == [(200, None), (304, '"v1"')]  # asked with the ETag it gave, answered 304
    assert sum(room.hits[f"/a/{n}"] for n in range(4)) == pages  # no page fetched again


def test_new_items_between_polls_are_briefed_once_known_by_guid_else_link(room, follow):
    store, poll, clock = follow
    items = [room.add_story(f"/a/{n}", n) for n in range(2)]
    no_guid = {**room.add_story("/a/plain", 7), "guid": None}
    room.set_feed("/rss", [*items, no_guid])
    assert poll([room.url("/rss")]).briefed == 3
    # The feed changes: one new item; a known guid with a new title and link is still the same item;
    # the guid-less item comes back with a new title: known by its link.
    renamed = {**items[0], "title": "عنوان جديد", "link": room.url("/a/0?utm=x")}
    room.set_feed("/rss", [room.add_story("/a/2", 2), renamed, items[1], {**no_guid, "title": "تحديث"}])
    clock.now += 60
    second = poll([room.url("/rss")])
    assert (second.new_items, second.briefed) == (1, 1)
    assert _briefs(store) == 4 and store.counts()["items"] == 4


def test_a_story_republished_by_another_feed_or_edited_becomes_a_source(room, follow):
    store, poll, clock = follow
    lines = article(10)
    room.set_feed("/one", [room.add_story("/one/a", 10, lines=lines), room.add_story("/one/b", 11)])
    assert poll([room.url("/one")]).briefed == 2
    # Another outlet carries the story with its own words here and there; the first outlet edits it
    # under a new guid and link; a third story is new.
    other = room.add_story("/two/copy", 0, lines=edited(lines), outlet="وكالة الشرق")
    update = {**room.add_story("/one/a-v2", 0, lines=edited(lines)), "guid": "guid-edited"}
    room.set_feed("/two", [other, room.add_story("/two/c", 12)])
    room.set_feed("/one", [update, room.add_story("/one/b", 11)])
    clock.now += 60
    report = poll([room.url("/one"), room.url("/two")])
    assert (report.new_items, report.briefed, report.merged) == (3, 1, 2)
    stories = {s.brief["headline_ar"]: s for s in store.stories()}
    assert len(stories) == 3
    merged = next(s for s in stories.values() if len(s.sources) == 3)
    assert {src["url"] for src in merged.sources} == {room.url(p) for p in ("/one/a", "/two/copy", "/one/a-v2")}
    assert {src["outlet"] for src in merged.sources} == {"الأخبار اليوم"}  # the feed titles, each source's own


def test_the_same_story_twice_in_one_poll_is_one_brief(room, follow):
    store, poll, _ = follow
    lines = article(20)
    room.set_feed("/one", [room.add_story("/one/x", 0, lines=lines)])
    room.set_feed("/two", [room.add_story("/two/x", 0, lines=edited(lines))])
    report = poll([room.url("/one"), room.url("/two")])
    assert (report.briefed, report.merged) == (1, 1)
    assert [len(s.sources) for s in store.stories()] == [2]


def test_a_failing_page_is_stored_with_its_reason_and_retried_with_backoff(room, follow):
    store, poll, clock = follow
    from werkzeug import Response
    item = room.add_story("/a/flaky", 30)
    good = room.pages["/a/flaky"]
    room.pages["/a/flaky"] = lambda request: Response("down", status=500)
    room.set_feed("/rss", [item, room.add_story("/a/ok", 31)])
    first = poll([room.url("/rss")])
    assert (first.briefed, first.failed_items) == (1, 1)
    [failure] = store.failures()
    assert "HTTP 500" in failure["error"] and failure["attempts"] == 1
    assert failure["next_try"] == clock.now + politeness.FIRST_BACKOFF
    clock.now += politeness.FIRST_BACKOFF - 1  # not yet: the backoff is not over
    poll([room.url("/rss")])
    assert room.hits["/a/flaky"] == 1
    clock.now += 2
    poll([room.url("/rss")])  # over: tried again, fails again, waits twice as long
    [failure] = store.failures()
    assert failure["attempts"] == 2 and failure["next_try"] == clock.now + 2 * politeness.FIRST_BACKOFF
    room.pages["/a/flaky"] = good
    clock.now += 2 * politeness.FIRST_BACKOFF
    assert poll([room.url("/rss")]).briefed == 1
    assert not store.failures() and _briefs(store) == 2 and store.counts()["items"] == 2


def test_one_feeds_failure_never_stops_the_others(room, follow):
    store, poll, _ = follow
    room.set_feed("/good", [room.add_story("/a/1", 41)])
    room.pages["/not-a-feed"] = "<html><body><p>صفحة</p></body></html>"
    report = poll([room.url("/missing"), room.url("/not-a-feed"), "http://127.0.0.1:9/closed", room.url("/good")])
    assert (report.feeds, report.failed_feeds, report.briefed) == (4, 3, 1)
    assert any("404" in w for w in report.warnings)
    assert store.feed(room.url("/missing")).errors == 1


def test_backoff_after_feed_errors_doubles_up_to_a_day(room, follow):
    store, poll, clock = follow
    waits = []
    for _ in range(10):
        poll([room.url("/missing")])
        state = store.feed(room.url("/missing"))
        waits.append(state.next_poll - clock.now)
        clock.now = state.next_poll - 1
        assert poll([room.url("/missing")]).not_due == 1  # never asked before its time
        clock.now = state.next_poll
    assert waits[:4] == [300, 600, 1200, 2400]
    assert waits[-1] == politeness.DAY and max(waits) == politeness.DAY
    assert room.hits["/missing"] == 10


@pytest.mark.parametrize("how, wait", [
    ({"ttl": 30}, 30 * 60),
    ({"sy": ("hourly", 2)}, 1800),
    ({"sy": ("daily", 1)}, 86400),
    ({"headers": {"Cache-Control": "public, max-age=900"}}, 900),
    ({"ttl": 5, "headers": {"Cache-Control": "max-age=7200"}}, 7200),  # the longest of what is asked
], ids=["ttl", "sy-hourly-2", "sy-daily", "max-age", "longest"])
def test_a_feed_is_never_polled_more_often_than_it_asks(room, follow, how, wait):
    store, poll, clock = follow
    room.set_feed("/rss", [room.add_story("/a/1", 51)], **how)
    poll([room.url("/rss")])
    start = clock.now
    for step in (wait / 3, wait - 1):
        clock.now = start + step
        assert poll([room.url("/rss")]).not_due == 1
    assert len(room.asked("/rss")) == 1
    clock.now = start + wait
    assert poll([room.url("/rss")]).unchanged == 1
    assert len(room.asked("/rss")) == 2


def test_robots_txt_is_obeyed_for_feeds_and_pages(room, follow):
    store, poll, _ = follow
    room.robots = "User-agent: *\nDisallow: /private/\n"
    room.set_feed("/rss", [room.add_story("/private/a", 61), room.add_story("/a/open", 62)])
    room.set_feed("/private/rss", [room.add_story("/a/other", 63)])
    report = poll([room.url("/rss"), room.url("/private/rss")])
    assert (report.failed_feeds, report.briefed, report.failed_items) == (1, 1, 1)
    assert "robots.txt" in store.failures()[0]["error"]
    assert room.hits["/private/a"] == 0 and room.hits["/private/rss"] == 0
    assert room.hits["/robots.txt"] == 1  # read once, for every fetch of the site


def test_every_parses_the_usual_spellings():
    assert [politeness.parse_every(t) for t in ("30s", "15m", "1h", "2d", "45")] == [30, 900, 3600, 172800, 45]
    for bad in ("0s", "fast", "15 minutes", "-1m", ""):
        with pytest.raises(ValueError):
            politeness.parse_every(bad)


def test_the_fetcher_asks_on_the_callers_validators_and_leaves_its_cache_alone(room, tmp_path):
    from summarizer.config import Config
    from summarizer.web.fetch import FEED_TYPES, Fetcher, FetchError
    room.set_feed("/rss", [room.add_story("/a/1", 70)], headers={"Cache-Control": "max-age=60"})
    cache = tmp_path / "http-cache"
    with Fetcher(Config(http_cache=str(cache))) as fetcher:
        first = fetcher.fetch(room.url("/rss"), accept=FEED_TYPES, validators={})
        assert first.headers["etag"] == '"v1"' and first.headers["cache_control"] == "max-age=60"
        again = fetcher.fetch(room.url("/rss"), accept=FEED_TYPES, validators={"etag": first.headers["etag"]})
        assert again.not_modified and again.body == b""
        assert not cache.exists()  # the caller keeps the validators: nothing went into the HTTP cache
        room.set_feed("/rss", [room.add_story("/a/2", 71)])
        changed = fetcher.fetch(room.url("/rss"), accept=FEED_TYPES, validators={"etag": '"v1"'})
        assert not changed.not_modified and b"/a/2" in changed.body
    with pytest.raises(FetchError, match="304"):  # a 304 nobody asked for is still an error
        room.pages["/odd"] = lambda request: __import__("werkzeug").Response(status=304)
        with Fetcher(Config(http_cache="")) as fetcher:
            fetcher.fetch(room.url("/odd"), validators={})

"""summarizer.web.cache: the HTTP cache is capped in size, least recently used first out, and holds bytes
only (a pickled entry is refused, so nothing in its folder can run code)."""
from __future__ import annotations

import os

from summarizer.web.cache import HttpCache


def _folder_bytes(folder) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def test_the_cache_stays_under_its_cap_and_keeps_what_was_used_last(tmp_path):
    cache = HttpCache(tmp_path / "c", max_bytes=2_000_000)
    head = {"etag": '"v"', "url": "u", "content_type": "text/html", "charset": None}
    for n in range(400):  # 400 pages of 40 KB: 16 MB offered to a 2 MB cache
        cache.put(f"https://news.example/{n}", head, os.urandom(40_000))
        if n % 10 == 0:
            assert cache.get("https://news.example/0") is not None  # kept in use: never the one evicted
    cache.close()
    assert _folder_bytes(tmp_path / "c") < 3_000_000  # the cap, and SQLite's own pages
    reopened = HttpCache(tmp_path / "c", max_bytes=2_000_000)
    assert reopened.get("https://news.example/0")[0] == head
    assert reopened.get("https://news.example/1") is None  # the oldest unused went first
    assert reopened.get("https://news.example/399") is not None


def test_a_page_larger_than_a_quarter_of_the_cap_is_not_cached(tmp_path):
    cache = HttpCache(tmp_path / "c", max_bytes=100_000)
    cache.put("https://news.example/big", {"etag": "x"}, b"x" * 30_000)
    assert cache.get("https://news.example/big") is None and not (tmp_path / "c").exists()


def test_a_pickled_entry_is_a_miss_not_code(tmp_path):
    import diskcache
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (marker.write_text, ("pwned",))
    with diskcache.Cache(str(tmp_path / "c")) as raw:
        raw.set("https://news.example/a", Evil())  # stored pickled
    cache = HttpCache(tmp_path / "c", max_bytes=1_000_000)
    assert cache.get("https://news.example/a") is None and not marker.exists()

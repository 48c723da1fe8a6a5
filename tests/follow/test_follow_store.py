"""The store: one SQLite file in WAL mode with a schema version and migrations; damaged, foreign and newer
files refused and left as they are; one writer at a time; readers never see half a story; retention shrinks it."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from summarizer.follow import schema
from summarizer.follow.lock import StoreBusy
from summarizer.follow.schema import DamagedStore
from summarizer.follow.store import Item, SQLiteStore, Store
from tests.follow import fixtures
from tests.follow.newsroom import article

# The fixtures (tests/follow/fixtures.py), found by name.
no_http_cache = fixtures.no_http_cache
store_path = fixtures.store_path

DAY = 86400.0


def _story(store: SQLiteStore, n: int, now: float, sources: int = 1) -> int:
    """Story n with `sources` items, as a poll stores it (the items pending first)."""
    items = [(f"item-{n}-{k}", {"info": {"url": f"https://news.example/{n}/{k}"}}) for k in range(sources)]
    store.add_items("https://news.example/rss", items, now)
    first, *more = [Item("https://news.example/rss", key, rec) for key, rec in items]
    text = "\n".join(article(n))
    brief = {"headline_ar": article(n)[0], "bullets_ar": article(n)[1:4], "headline_en": None, "bullets_en": None}
    return store.add_story(first, brief, text, [n, n + 1], {"url": f"https://news.example/{n}/0", "source": "Outlet",
                                                             "category": "أخبار"}, now,
                           [(m, {"url": f"https://news.example/{n}/{k + 1}", "source": "Other"})
                            for k, m in enumerate(more)])


def test_a_new_store_is_one_sqlite_file_in_wal_mode_with_the_schema_version(store_path):
    store = SQLiteStore.open(store_path)
    assert isinstance(store, Store)  # the small interface a server database would implement too
    _story(store, 1, 1000.0)
    store.close()
    db = sqlite3.connect(store_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert db.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental: pruning gives pages back
    assert db.execute("SELECT COUNT(*) FROM stories").fetchone()[0] == 1


def test_an_older_store_is_migrated_in_place(store_path, monkeypatch):
    store = SQLiteStore.open(store_path)
    _story(store, 1, 1000.0)
    store.close()
    step = ["ALTER TABLE stories ADD COLUMN language TEXT", "UPDATE stories SET language = 'ar'"]
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, step])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    store = SQLiteStore.open(store_path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == 2
    assert [tuple(r) for r in store.db.execute("SELECT language FROM stories")] == [("ar",)]
    assert len(store.stories()) == 1  # nothing lost on the way
    store.close()


def _filled(store_path) -> bytes:
    store = SQLiteStore.open(store_path)
    for n in range(30):
        _story(store, n, 1000.0 + n)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return store_path.read_bytes()


def _newer(path):
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()


def _corrupt(path):
    data = bytearray(path.read_bytes())
    data[4096 * 2:4096 * 2 + 2000] = b"\xa5" * 2000  # garbage over a page of the tables
    path.write_bytes(bytes(data))


def _foreign(path):
    path.unlink()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE invoices (n INTEGER)")
    db.commit()
    db.close()


@pytest.mark.parametrize("damage, says", [
    (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "truncated"),
    (lambda p: p.write_bytes(p.read_bytes()[:1000]), "truncated"),
    (lambda p: p.write_bytes(b""), "empty"),
    (lambda p: p.write_bytes(b"<html>not a database</html>" * 100), "not a brief follow store"),
    (_corrupt, "corrupt|damaged|malformed"),
    (_newer, "newer version"),
    (_foreign, "another program"),
], ids=["truncated-half", "truncated-header", "empty", "not-sqlite", "corrupt", "newer-schema", "foreign"])
def test_a_damaged_newer_or_foreign_store_is_refused_and_never_overwritten(store_path, damage, says, brief_cli):
    import re
    _filled(store_path)
    damage(store_path)
    before = store_path.read_bytes()
    with pytest.raises(DamagedStore, match=says):
        SQLiteStore.open(store_path)
    with pytest.raises(DamagedStore, match=says):
        SQLiteStore.reader(store_path)
    result = brief_cli("follow", "http://127.0.0.1:9/rss", "--store", store_path, "--once", "--no-translate")
    assert result.returncode == 4 and re.search(says, result.stderr), result.stderr
    assert store_path.read_bytes() == before  # refused as it is: not one byte written


def test_a_second_writer_is_refused_naming_the_running_one(store_path, brief_cli):
    import os
    first = SQLiteStore.open(store_path)
    try:
        with pytest.raises(StoreBusy, match=f"pid {os.getpid()}"):
            SQLiteStore.open(store_path)
        result = brief_cli("follow", "http://127.0.0.1:9/rss", "--store", store_path, "--once", "--no-translate")
        assert result.returncode == 4
        assert "being written by another brief follow" in result.stderr and f"pid {os.getpid()}" in result.stderr
        reader = SQLiteStore.reader(store_path)  # readers are never refused
        reader.close()
    finally:
        first.close()
    SQLiteStore.open(store_path).close()  # once the first has gone, the store opens again


def test_a_reader_never_sees_half_a_story_while_a_writer_adds_them(store_path):
    writer = SQLiteStore.open(store_path)
    reader = SQLiteStore.reader(store_path)
    done, seen, problems = threading.Event(), [], []

    def read():
        while not done.is_set():
            for story in reader.stories():
                seen.append(story.id)
                if len(story.sources) != 3:  # each story is written with its three sources, in one commit
                    problems.append((story.id, len(story.sources)))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for n in range(60):
            _story(writer, n, 1000.0 + n, sources=3)
    finally:
        done.set()
        thread.join()
    assert not problems and seen  # the reader did read while the writer wrote
    before = store_path.stat().st_mtime_ns
    reader.stories()
    assert store_path.stat().st_mtime_ns == before
    reader.close()
    writer.close()


def test_keep_days_prunes_old_stories_and_the_file_shrinks(store_path):
    store = SQLiteStore.open(store_path)
    now = 100 * DAY
    for n in range(300):
        _story(store, n, now - 40 * DAY if n < 250 else now - DAY)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    full = store_path.stat().st_size
    assert store.prune(now - 30 * DAY) == 250
    assert len(store.stories()) == 50
    assert store.counts()["items"] == 50  # items no feed listed since are gone too
    assert store_path.stat().st_size < full * 0.5, (store_path.stat().st_size, full)
    store.close()
    assert SQLiteStore.reader(store_path).stories()  # still a whole store after shrinking

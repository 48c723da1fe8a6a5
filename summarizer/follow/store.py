"""The follow store: feeds, items, stories and their sources, behind a small interface.

`Store` is what the poller and the outputs use; `SQLiteStore` is the embedded default (stdlib sqlite3,
WAL). A server database would be another `Store`. Every change is one transaction: a story, its
sources, its band keys and its item's state land together or not at all, so a reader (the app, the
Atom writer) never sees half a story, and a process killed at any point leaves each item pending,
done or failed, never two of them.
"""
from __future__ import annotations

import json
import sqlite3
import uuid
import zlib
from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .lock import WriterLock
from .schema import DamagedStore, check_database, check_file, migrate

BUSY_TIMEOUT_MS = 10_000  # a reader waits this long for the writer's checkpoint, never forever


@dataclass
class FeedState:
    url: str
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    next_poll: float = 0.0  # time.time() before which the feed is not asked again
    errors: int = 0  # failed polls in a row
    last_error: str | None = None
    polled: float | None = None
    asks: float | None = None  # seconds between polls the feed asks for


@dataclass
class Item:
    feed: str
    key: str
    record: dict  # what is needed to fetch and brief it again: url, text, info, where
    attempts: int = 0
    state: str = "pending"


@dataclass
class StoredStory:
    id: int
    uid: str
    created: float
    updated: float
    category: str | None
    brief: dict
    sources: list[dict] = field(default_factory=list)  # feed, item, url, outlet, title, published, seen


class Store(ABC):
    """What `brief follow` keeps between polls."""

    @abstractmethod
    def feed(self, url: str) -> FeedState: ...
    @abstractmethod
    def save_feed(self, state: FeedState) -> None: ...
    @abstractmethod
    def add_items(self, feed: str, items: list[tuple[str, dict]], now: float) -> int: ...
    @abstractmethod
    def due_items(self, now: float, limit: int) -> list[Item]: ...
    @abstractmethod
    def item_failed(self, item: Item, error: str, next_try: float) -> None: ...
    @abstractmethod
    def add_story(self, item: Item, brief: dict, text: str, bands: list[int], source: dict, now: float,
                  more: list[tuple[Item, dict]] = ()) -> int: ...
    @abstractmethod
    def add_source(self, story: int, item: Item, source: dict, now: float) -> None: ...
    @abstractmethod
    def story_by_url(self, url: str) -> int | None: ...
    @abstractmethod
    def candidates(self, bands: list[int], limit: int) -> list[int]: ...
    @abstractmethod
    def story_text(self, story: int) -> str: ...
    @abstractmethod
    def stories(self, limit: int | None = None, since: float | None = None) -> list[StoredStory]: ...
    @abstractmethod
    def failures(self, since: float | None = None) -> list[dict]: ...
    @abstractmethod
    def prune(self, before: float) -> int: ...
    @abstractmethod
    def meta(self, name: str) -> str | None: ...
    @abstractmethod
    def close(self) -> None: ...


class SQLiteStore(Store):
    """One SQLite file. `open(path)` is the writer (one at a time: lock.py); `reader(path)` only reads."""

    def __init__(self, db: sqlite3.Connection, path: Path, lock: WriterLock | None):
        self.db, self.path, self._lock = db, path, lock

    @classmethod
    def open(cls, path: str | Path) -> "SQLiteStore":
        """The store for writing: locked, checked, migrated; DamagedStore or StoreBusy when it cannot be."""
        path = Path(path)
        check_file(path)  # before SQLite touches it, so that nothing is written into a damaged file
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = WriterLock(path).acquire()
        try:
            db = _connect(f"file:{path}?mode=rwc")
            migrate(db, check_database(db, path))
            if db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise DamagedStore(f"{path}: SQLite cannot keep a write-ahead log there (a network file system?)")
            db.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at each checkpoint, never corrupt
            store = cls(db, path, lock)
            if store.meta("feed_id") is None:
                with store._write() as tx:
                    tx.execute("INSERT INTO meta VALUES ('feed_id', ?)", (f"urn:uuid:{uuid.uuid4()}",))
            return store
        except BaseException:
            lock.release()
            raise

    @classmethod
    def reader(cls, path: str | Path) -> "SQLiteStore":
        """The store for reading only (the app): the same checks, no lock, no write ever."""
        path = Path(path)
        if not path.exists():
            raise DamagedStore(f"{path}: no such store (make one with `brief follow FEED --store {path}`)")
        check_file(path)
        db = _connect(f"file:{path}?mode=ro")
        if check_database(db, path) == 0:
            raise DamagedStore(f"{path} is not a brief follow store yet (no schema)")
        return cls(db, path, None)

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:
            self._lock.release()

    @contextmanager
    def _write(self):
        """One transaction, taken for writing at once (BEGIN IMMEDIATE); rolled back on any exception."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def _read(self):
        """One snapshot for several SELECTs (WAL): a writer's commit in between is not half seen."""
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    # -- feeds ---------------------------------------------------------------------------------------
    def feed(self, url: str) -> FeedState:
        row = self.db.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
        return FeedState(**dict(row)) if row else FeedState(url)

    def save_feed(self, state: FeedState) -> None:
        values = state.__dict__
        with self._write() as tx:
            tx.execute(f"INSERT OR REPLACE INTO feeds ({', '.join(values)}) VALUES "
                       f"({', '.join(':' + k for k in values)})", values)

    def meta(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    # -- items ---------------------------------------------------------------------------------------
    def add_items(self, feed: str, items: list[tuple[str, dict]], now: float) -> int:
        """The feed's items as pending, once each (known keys only get last_seen); how many were new."""
        with self._write() as tx:
            before = tx.total_changes
            tx.executemany("INSERT INTO items (feed, key, state, record, first_seen, last_seen) "
                           "VALUES (?, ?, 'pending', ?, ?, ?) ON CONFLICT (feed, key) DO NOTHING",
                           [(feed, key, json.dumps(record, ensure_ascii=False), now, now) for key, record in items])
            new = tx.total_changes - before
            tx.executemany("UPDATE items SET last_seen = ? WHERE feed = ? AND key = ?",
                           [(now, feed, key) for key, _ in items])
        return new

    def due_items(self, now: float, limit: int) -> list[Item]:
        """Items to brief: new ones, ones a killed run left pending, and failed ones whose backoff is over."""
        rows = self.db.execute("SELECT feed, key, record, attempts, state FROM items WHERE state = 'pending' "
                               "OR (state = 'error' AND next_try <= ?) ORDER BY first_seen, rowid LIMIT ?",
                               (now, limit)).fetchall()
        return [Item(r["feed"], r["key"], json.loads(r["record"]), r["attempts"], r["state"]) for r in rows]

    def item_failed(self, item: Item, error: str, next_try: float) -> None:
        with self._write() as tx:
            tx.execute("UPDATE items SET state = 'error', error = ?, attempts = attempts + 1, next_try = ? "
                       "WHERE feed = ? AND key = ?", (error[:2000], next_try, item.feed, item.key))

    # -- stories -------------------------------------------------------------------------------------
    def add_story(self, item: Item, brief: dict, text: str, bands: list[int], source: dict, now: float,
                  more: list[tuple[Item, dict]] = ()) -> int:
        """A new story from its item, with the items of the same story that came with it, as one commit."""
        with self._write() as tx:
            story = tx.execute("INSERT INTO stories (uid, created, updated, category, brief, text) "
                               "VALUES (?, ?, ?, ?, ?, ?)",
                               (f"urn:uuid:{uuid.uuid4()}", now, now, source.get("category"),
                                json.dumps(brief, ensure_ascii=False), zlib.compress(text.encode("utf-8"), 6))
                               ).lastrowid
            tx.executemany("INSERT OR IGNORE INTO bands (key, story) VALUES (?, ?)", [(b, story) for b in bands])
            for one, info in [(item, source), *more]:
                self._source(tx, story, one, info, now)
        return story

    def add_source(self, story: int, item: Item, source: dict, now: float) -> None:
        with self._write() as tx:
            self._source(tx, story, item, source, now)
            tx.execute("UPDATE stories SET updated = ? WHERE id = ?", (now, story))

    @staticmethod
    def _source(tx, story: int, item: Item, info: dict, now: float) -> None:
        tx.execute("INSERT OR IGNORE INTO sources (story, feed, item, url, outlet, title, published, seen) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (story, item.feed, item.key, info.get("url"),
                                                       info.get("source"), info.get("title"), info.get("published"),
                                                       now))
        # Done: the record is no longer needed to retry it, so it is not kept.
        tx.execute("UPDATE items SET state = 'done', story = ?, error = NULL, record = '{}' "
                   "WHERE feed = ? AND key = ?", (story, item.feed, item.key))

    def story_by_url(self, url: str) -> int | None:
        row = self.db.execute("SELECT story FROM sources WHERE url = ? LIMIT 1", (url,)).fetchone()
        return row[0] if row else None

    def candidates(self, bands: list[int], limit: int) -> list[int]:
        """Stories sharing a band key with these, most shared first (the likeliest near-duplicates)."""
        if not bands:
            return []
        marks = ", ".join("?" * len(bands))
        rows = self.db.execute(f"SELECT story FROM bands WHERE key IN ({marks}) GROUP BY story "
                               "ORDER BY COUNT(*) DESC, story LIMIT ?", (*bands, limit)).fetchall()
        return [r[0] for r in rows]

    def story_text(self, story: int) -> str:
        row = self.db.execute("SELECT text FROM stories WHERE id = ?", (story,)).fetchone()
        return zlib.decompress(row[0]).decode("utf-8") if row else ""

    def stories(self, limit: int | None = None, since: float | None = None) -> list[StoredStory]:
        """Stories, newest first (by their last update), each with its sources, from one snapshot."""
        with self._read() as db:
            rows = db.execute("SELECT id, uid, created, updated, category, brief FROM stories WHERE updated >= ? "
                              "ORDER BY updated DESC, id DESC LIMIT ?",
                              (since or 0.0, -1 if limit is None else limit)).fetchall()
            found = {r["id"]: StoredStory(r["id"], r["uid"], r["created"], r["updated"], r["category"],
                                          json.loads(r["brief"])) for r in rows}
            for chunk in _chunks(list(found), 500):
                marks = ", ".join("?" * len(chunk))
                for s in db.execute(f"SELECT story, feed, item, url, outlet, title, published, seen FROM sources "
                                    f"WHERE story IN ({marks}) ORDER BY seen, rowid", chunk):
                    found[s["story"]].sources.append({k: s[k] for k in s.keys() if k != "story"})
        return list(found.values())

    def failures(self, since: float | None = None) -> list[dict]:
        rows = self.db.execute("SELECT feed, key, record, error, attempts, next_try FROM items WHERE state = 'error' "
                               "AND last_seen >= ? ORDER BY first_seen", (since or 0.0,)).fetchall()
        return [{"feed": r["feed"], "id": r["key"], "url": json.loads(r["record"]).get("info", {}).get("url"),
                 "error": r["error"], "attempts": r["attempts"], "next_try": r["next_try"]} for r in rows]

    def counts(self) -> dict:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {"stories": one("SELECT COUNT(*) FROM stories"), "sources": one("SELECT COUNT(*) FROM sources"),
                "items": one("SELECT COUNT(*) FROM items"),
                "errors": one("SELECT COUNT(*) FROM items WHERE state = 'error'"),
                "pending": one("SELECT COUNT(*) FROM items WHERE state = 'pending'")}

    # -- retention -----------------------------------------------------------------------------------
    def prune(self, before: float) -> int:
        """Drop stories last updated before `before`, and items no feed has listed since; then give the
        freed pages back to the file system, so the file shrinks. How many stories went."""
        with self._write() as tx:
            gone = tx.execute("DELETE FROM stories WHERE updated < ?", (before,)).rowcount
            # An item still listed by its feed is kept (story NULL), or it would come back as new.
            tx.execute("DELETE FROM items WHERE last_seen < ?", (before,))
        if gone:
            self.db.executescript("PRAGMA incremental_vacuum;")  # one page a step: executescript steps to the end
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()  # in WAL, the file shrinks here
        return gone


def _connect(uri: str) -> sqlite3.Connection:
    # isolation_level=None: transactions are the store's own (BEGIN IMMEDIATE ... COMMIT), never implicit.
    db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                         check_same_thread=False)
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _chunks(values: list, size: int):
    for start in range(0, len(values), size):
        yield values[start:start + size]

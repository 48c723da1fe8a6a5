"""The store's file: checked before anything is written, then created or migrated.

A store is refused, and left as it is, when it is empty, not SQLite, shorter than its own header says
(truncated), fails SQLite's quick_check (corrupt), belongs to another program, or was made by a newer
schema than this version knows. Only a file that passes every check is ever written to.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import OutputRefused

SCHEMA_VERSION = 1
APPLICATION_ID = 0x42524946  # "BRIF": a store says it is one, so no other program's database is written into
SQLITE_HEADER = b"SQLite format 3\x00"

# Each entry takes a store from version n to n + 1, in one transaction with the new user_version.
MIGRATIONS: list[list[str]] = [
    [  # 0 -> 1: the first schema
        """CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE feeds (
            url TEXT PRIMARY KEY, title TEXT, etag TEXT, last_modified TEXT,
            next_poll REAL NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0, last_error TEXT,
            polled REAL, asks REAL)""",
        """CREATE TABLE stories (
            id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, created REAL NOT NULL, updated REAL NOT NULL,
            category TEXT, brief TEXT NOT NULL, text BLOB NOT NULL)""",
        "CREATE INDEX stories_updated ON stories (updated)",
        """CREATE TABLE sources (
            story INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            feed TEXT NOT NULL, item TEXT NOT NULL, url TEXT, outlet TEXT, title TEXT, published TEXT,
            seen REAL NOT NULL, PRIMARY KEY (story, feed, item))""",
        "CREATE INDEX sources_url ON sources (url)",
        # MinHash LSH band keys of each story's text (summarizer.follow.match): candidates by index lookup.
        """CREATE TABLE bands (key INTEGER NOT NULL, story INTEGER NOT NULL REFERENCES stories (id)
            ON DELETE CASCADE, PRIMARY KEY (key, story)) WITHOUT ROWID""",
        "CREATE INDEX bands_story ON bands (story)",
        """CREATE TABLE items (
            feed TEXT NOT NULL, key TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'error')),
            story INTEGER REFERENCES stories (id) ON DELETE SET NULL, record TEXT NOT NULL,
            error TEXT, attempts INTEGER NOT NULL DEFAULT 0, next_try REAL NOT NULL DEFAULT 0,
            first_seen REAL NOT NULL, last_seen REAL NOT NULL, PRIMARY KEY (feed, key))""",
        "CREATE INDEX items_due ON items (state, next_try)",
    ],
]


class DamagedStore(OutputRefused):
    """The store file cannot be used: it is refused as it is, never overwritten (exit 4)."""


def check_file(path: Path) -> None:
    """Refuse a file that is no whole SQLite database, by its header alone (nothing opened or written)."""
    if not path.exists():
        return
    if not path.is_file():
        raise DamagedStore(f"{path} is not a file")
    size = path.stat().st_size
    if size == 0:
        raise DamagedStore(f"{path} is empty, not a store (it was not written; remove it, or name a new file)")
    with open(path, "rb") as handle:
        head = handle.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_HEADER):
        raise DamagedStore(f"{path} is not a brief follow store (not an SQLite database); it was left as it is")
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(head[28:32], "big")
    counted = head[92:96] == head[24:28]  # the page count in the header is valid for this version
    if page < 512 or size % page or (counted and pages * page > size):
        raise DamagedStore(f"{path} is truncated ({size:,} bytes; its header says {pages * page:,}); it was left "
                           "as it is: restore it from a copy, or name a new file")


def check_database(db: sqlite3.Connection, path: Path) -> int:
    """The store's schema version after SQLite's own checks; DamagedStore when it is not ours or not whole."""
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    except sqlite3.DatabaseError as error:
        raise DamagedStore(f"{path} is damaged ({error}); it was left as it is") from None
    if verdict != "ok":
        raise DamagedStore(f"{path} is corrupt (SQLite: {verdict[:200]}); it was left as it is")
    if app_id != APPLICATION_ID and (app_id != 0 or tables):
        raise DamagedStore(f"{path} is another program's SQLite database, not a brief follow store; it was left "
                           "as it is")
    if version > SCHEMA_VERSION:
        raise DamagedStore(f"{path} was written by a newer version of brief (schema {version}; this one knows "
                           f"{SCHEMA_VERSION}): upgrade arabic-news-brief; the store was left as it is")
    return version


def migrate(db: sqlite3.Connection, version: int) -> None:
    """Bring a checked store (or a new, empty file) to SCHEMA_VERSION, each step in its own transaction."""
    if version == 0:
        # Set before the first table: pruned pages go back to the file system (incremental vacuum).
        db.execute("PRAGMA auto_vacuum = INCREMENTAL")
    for step in range(version, SCHEMA_VERSION):
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in MIGRATIONS[step]:
                db.execute(statement)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {step + 1}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

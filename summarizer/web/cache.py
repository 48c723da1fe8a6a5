"""The HTTP cache: url -> (validators, body), so a re-run downloads nothing unchanged (ETag and
Last-Modified revalidation), capped in size with the least recently used entries evicted first.

diskcache (Apache-2.0) keeps it: a size limit with LRU eviction, atomic writes and safety across
processes (SQLite), which a hand-written folder of files had none of (1,000 URLs left 102 MB and 2,000
files, never removed). hishel, httpx's own cache, was the other candidate: it implements the whole of
HTTP caching, which this tool does not want (it revalidates every time), and has no size cap.
Entries are stored as bytes only, and a pickled entry is refused on reading: nothing in the cache
folder can run code.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)


def _bytes_only_disk():
    import diskcache
    from diskcache.core import MODE_PICKLE

    class BytesOnly(diskcache.Disk):
        def fetch(self, mode, filename, value, read):
            if mode == MODE_PICKLE:
                raise ValueError("a pickled cache entry is refused")
            return super().fetch(mode, filename, value, read)
    return BytesOnly


def _key(url: str) -> str:
    """Entries are found by the URL's hash: a URL's credentials are never written to the cache."""
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


class HttpCache:
    def __init__(self, folder: str | Path, max_bytes: int):
        self.folder, self.max_bytes = Path(folder), max_bytes
        self._cache = None
        self._lock = threading.Lock()

    def _open(self, create: bool):
        """The cache, opened on first use; made only when something is written (a run whose pages all
        fail leaves no folder behind)."""
        with self._lock:
            if self._cache is None and (create or (self.folder / "cache.db").exists()):
                import diskcache
                self.folder.mkdir(parents=True, exist_ok=True)
                self._cache = diskcache.Cache(str(self.folder), size_limit=self.max_bytes,
                                              disk=_bytes_only_disk(), eviction_policy="least-recently-used",
                                              cull_limit=4,  # a few LRU entries out per write over the cap
                                              # SQLite's write-ahead log shrinks back after each checkpoint
                                              sqlite_journal_size_limit=min(4_000_000, self.max_bytes // 4))
            return self._cache

    def get(self, url: str) -> tuple[dict, bytes] | None:
        try:
            cache = self._open(create=False)
            blob = cache.get(_key(url)) if cache is not None else None
            if not isinstance(blob, bytes):
                return None
            head, _, body = blob.partition(b"\n")
            return json.loads(head), body
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, never a failed fetch
            log.debug("HTTP cache entry %s unreadable", _key(url), exc_info=True)
            return None

    def put(self, url: str, head: dict, body: bytes) -> None:
        blob = json.dumps(head).encode("utf-8") + b"\n" + body
        if len(blob) > self.max_bytes // 4:
            return  # one page may not push out most of the cache
        try:
            self._open(create=True).set(_key(url), blob)
        except Exception:  # noqa: BLE001 - a full disk costs the next run a download, not this one its page
            log.debug("HTTP cache write %s failed", _key(url), exc_info=True)

    def volume(self) -> int:
        """Bytes on disk (the database and the entry files)."""
        cache = self._open(create=False)
        return cache.volume() if cache is not None else 0

    def close(self) -> None:
        with self._lock:
            if self._cache is not None:
                self._cache.close()
                self._cache = None

"""One writer per store: a second `brief follow` on the same file is refused, naming the running one.

Refused rather than run side by side: two pollers would fetch every feed twice (twice the load on the
outlets that politeness is meant to spare) and race to brief the same new items. The lock is flock(2)
on `STORE.lock` beside the store; the kernel drops it when its process ends in any way (kill -9
included), so a dead writer never leaves a stale lock. Readers (the app) take no lock: SQLite's WAL
gives them a consistent snapshot while the writer works.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from pathlib import Path

from ..errors import OutputRefused


class StoreBusy(OutputRefused):
    """Another process is writing this store (exit 4)."""


class WriterLock:
    def __init__(self, store: Path):
        self.path = store.with_name(store.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> "WriterLock":
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # never truncated before it is held
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise StoreBusy(f"{self.path.with_suffix('')} is being written by another brief follow ({holder}); "
                            "stop that one first, or give this one another --store") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(),
                                 "command": " ".join(sys.argv)[:500]}).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing drops the flock
            self._fd = None


def _read(fd: int) -> str:
    """The running writer in words: pid, host, since when, its command line."""
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
        since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(data["since"])))
        return f"pid {int(data['pid'])} on {data['host']}, since {since}: {str(data.get('command', ''))[:200]}"
    except (OSError, ValueError, KeyError, TypeError):
        return "its details are not written yet"

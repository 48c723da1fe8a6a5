"""Stops the local Ray a batch command started when that command dies without stopping it (kill -9).

A signal the command can catch ends in `ray.shutdown()`; a SIGKILL cannot be
caught, and some of Ray's helper processes (the dashboard and runtime-env
agents) then outlive it. So `watch` starts this module as a small detached
process: while the command lives, it notes the command's descendants (pid and
start time, so a reused pid is never hit); once the command is gone, it stops
the ones still running and removes Ray's temp folder. Linux only (/proc);
elsewhere it does nothing.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

POLL_SECONDS = 0.5
GRACE_SECONDS = 3.0


def watch(pid: int, temp_dir: str) -> subprocess.Popen | None:
    """Start the reaper for process `pid` and Ray's `temp_dir` (None without /proc).

    After a clean `ray.shutdown()` the caller stops it with `release`."""
    if not Path("/proc/self/stat").exists():
        return None
    return subprocess.Popen([sys.executable, "-m", "summarizer.distributed.reaper", str(pid), temp_dir],
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                     start_new_session=True, close_fds=True, cwd="/",
                     env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})


def release(reaper: subprocess.Popen | None, temp_dir: str) -> None:
    """Ray was shut down cleanly: the reaper is not needed, nor is Ray's temp folder."""
    if reaper is not None:
        reaper.kill()
        reaper.wait()
    shutil.rmtree(temp_dir, ignore_errors=True)


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time) of a live process, or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the name in brackets may hold spaces
    return int(fields[1]), int(fields[19])


def descendants(root: int) -> dict[int, int]:
    """{pid: start time} of every live descendant of `root`."""
    parents: dict[int, list[int]] = {}
    starts: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat:
                parents.setdefault(stat[0], []).append(int(entry))
                starts[int(entry)] = stat[1]
    found, todo = {}, [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found[child] = starts[child]
                todo.append(child)
    return found


def _alive(pid: int, start: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[1] == start


def reap(pid: int, temp_dir: str) -> None:
    known: dict[int, int] = {}
    root_start = (_stat(pid) or (0, None))[1]
    while root_start is not None and _alive(pid, root_start):
        known.update(descendants(pid))
        time.sleep(POLL_SECONDS)
    left = {p: s for p, s in known.items() if p != os.getpid() and _alive(p, s)}
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for p, s in left.items():
            if _alive(p, s):
                try:
                    os.kill(p, sig)
                except OSError:
                    pass
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline and any(_alive(p, s) for p, s in left.items()):
            time.sleep(0.1)
    shutil.rmtree(temp_dir, ignore_errors=True)


if __name__ == "__main__":
    reap(int(sys.argv[1]), sys.argv[2])

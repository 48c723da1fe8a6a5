"""The reaper (summarizer/distributed/reaper.py): a local Ray started by the command goes with it, even
after kill -9."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer.distributed.reaper import POLL_SECONDS, descendants

ROOT = Path(__file__).resolve().parents[2]


def _descendants(pid: int) -> set[int]:
    return set(descendants(pid))


@pytest.mark.slow
def test_ray_processes_do_not_outlive_a_killed_command(tmp_path, parts):
    pytest.importorskip("ray")
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": str(i), "text": parts[i % 3]}) for i in range(400)) + "\n",
                      encoding="utf-8")
    env = {**os.environ, "BRIEF_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "summarizer", str(source), "-o", str(tmp_path / "out"),
                             "--executor", "ray", "--no-translate", "-q"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, str] = {}  # pid -> its latest command line (a forked child execs its own), kept once it is gone
    tree, changed = set(), time.monotonic()
    deadline = changed + 120
    while time.monotonic() < deadline and proc.poll() is None:
        now = _descendants(proc.pid)
        for pid in now:
            seen[pid] = _cmdline(pid) or seen.get(pid, "")
        if now != tree:
            tree, changed = now, time.monotonic()
        # Up, and no process came or went for two of the reaper's polls: it has noted every one we kill under.
        if _ray_is_up(seen.values()) and time.monotonic() - changed > 2 * POLL_SECONDS:
            break
        time.sleep(0.1)
    assert proc.poll() is None, "the batch ended before Ray was up; make the input longer"
    assert _ray_is_up(seen.values()), f"Ray's raylet and agents did not start in 120 s: {sorted(seen.values())}"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    alive = set(seen)
    while time.monotonic() < deadline:
        alive = {p for p in seen if _alive(p)}
        if not alive:
            break
        time.sleep(0.5)
    assert not alive, f"left running: {[seen[p] for p in alive]}"


# The raylet starts these two agents on each node; the reaper must take them down with it.
AGENTS = ("dashboard/agent.py", "runtime_env/agent/main.py")


def _ray_is_up(cmdlines) -> bool:
    cmdlines = list(cmdlines)
    return any("raylet" in c for c in cmdlines) and all(any(a in c for c in cmdlines) for a in AGENTS)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""

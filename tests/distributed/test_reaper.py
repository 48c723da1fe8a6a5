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

ROOT = Path(__file__).resolve().parents[2]


def _descendants(pid: int) -> set[int]:
    from summarizer.distributed.reaper import descendants
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
    seen: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        seen |= _descendants(proc.pid)
        if any("raylet" in _cmdline(p) for p in seen) and len(seen) >= 6:
            time.sleep(3)  # let the agents start too
            seen |= _descendants(proc.pid)
            break
        time.sleep(0.3)
    assert proc.poll() is None, "the batch ended before Ray was up; make the input longer"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    alive = seen
    while time.monotonic() < deadline:
        alive = {p for p in seen if _alive(p)}
        if not alive:
            break
        time.sleep(0.5)
    assert not alive, f"left running: {[_cmdline(p) for p in alive]}"


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

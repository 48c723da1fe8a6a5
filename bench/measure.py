"""Timing, peak memory and output agreement."""
from __future__ import annotations

import os
import resource
import time
from contextlib import contextmanager


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _cuda():
    import torch
    return torch.cuda if torch.cuda.is_available() and torch.cuda.is_initialized() else None


@contextmanager
def peak_memory(result: dict):
    """Peak resident memory (MiB) of this process while the block runs, into result["peak_mib"]
    (and result["gpu_peak_mib"] for torch's CUDA allocations; CTranslate2's are not seen).

    Linux resets the high-water mark through clear_refs, so the peak is the
    block's own, not that of model loading; elsewhere it is the process's peak.
    """
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass
    cuda = _cuda()
    if cuda:
        cuda.reset_peak_memory_stats()
    try:
        yield
    finally:
        if cuda:
            result["gpu_peak_mib"] = round(cuda.max_memory_allocated() / 2**20)
        peak = _status_kib("VmHWM")
        if peak is None:  # ru_maxrss is KiB on Linux, bytes on macOS
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if os.uname().sysname == "Darwin" else 1)
        result["peak_mib"] = round(peak / 1024)


@contextmanager
def stopwatch(result: dict, key: str = "seconds"):
    start = time.perf_counter()
    try:
        yield
    finally:
        result[key] = time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: with few runs it reports a real run, not an interpolation."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def agreement(reference: list[str], other: list[str]) -> dict:
    """Share of identical lines and chrF of `other` against `reference` (sacrebleu defaults)."""
    if not reference or len(reference) != len(other):
        return {"identical": None, "chrf": None}
    from sacrebleu.metrics import CHRF
    same = sum(a == b for a, b in zip(reference, other)) / len(reference)
    return {"identical": round(same, 3), "chrf": round(CHRF().corpus_score(other, [reference]).score, 1)}


def _busy_seconds() -> float | None:
    """CPU seconds all processes have spent busy since boot (Linux /proc/stat), else None."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


@contextmanager
def others_cpu(result: dict):
    """Share of the machine's CPU that other processes used while the block ran, into result["others"].

    The load average counts the benchmark's own threads; this does not. Timings
    taken while others used much of the CPU are not to be trusted.
    """
    busy, own, start = _busy_seconds(), _own_seconds(), time.perf_counter()
    try:
        yield
    finally:
        end = _busy_seconds()
        if busy is not None and end is not None:
            wall = max(time.perf_counter() - start, 1e-9)
            theirs = (end - busy) - (_own_seconds() - own)
            result["others"] = max(0.0, theirs / (wall * (os.cpu_count() or 1)))

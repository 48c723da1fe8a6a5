"""The one place batching lives: length-sorted, token-budgeted batches, input order restored."""
from __future__ import annotations

from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

def plan_batches(lengths: Sequence[int], max_batch_size: int, max_tokens: int,
                 min_fill: float = 0.5) -> list[list[int]]:
    """Index batches, longest first; a batch's padded size (count x longest) stays within max_tokens.

    Sorting by length keeps padding low (as sentence-transformers does); a
    token budget rather than a fixed count keeps memory flat across lengths.
    A new batch also starts where an item would be mostly padding (shorter than
    min_fill of the batch's longest; 0 turns this off): CPU summarization of
    mixed-length articles got 1.5-1.8x faster (bench/RESULTS.md).
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        longest = lengths[current[0]] if current else lengths[i]
        if current and (len(current) + 1 > max_batch_size or (len(current) + 1) * longest > max_tokens
                        or lengths[i] < min_fill * longest):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def submit_batched(fn, items: Sequence[T], lengths: Sequence[int], max_batch_size: int, max_tokens: int,
                   on_batch: Callable[[int], None] | None = None, *, submit: bool = False,
                   min_fill: float = 0.5) -> Callable[[], list[R]]:
    """Apply fn to length-sorted batches of items; the returned function gives the results in input order.

    With submit=True, fn only submits its batch to an runtime's own worker pool
    and returns a function that waits for that batch: every batch is submitted
    now (longest first, so the pool starts the heaviest work early) and
    collected when the results are asked for. Work submitted by several calls
    before any is collected keeps every worker busy.
    """
    batches = plan_batches(lengths, max_batch_size, max_tokens, min_fill)
    pending = [fn([items[i] for i in batch]) for batch in batches] if submit else None

    def collect() -> list[R]:
        results: list = [None] * len(items)
        for k, batch in enumerate(batches):
            try:
                outputs = pending[k]() if pending is not None else fn([items[i] for i in batch])
            except BaseException:
                _drain(pending[k + 1:] if pending is not None else [])
                raise
            if len(outputs) != len(batch):
                raise RuntimeError(f"batch function returned {len(outputs)} results for {len(batch)} inputs")
            for i, out in zip(batch, outputs):
                results[i] = out
            if on_batch:
                on_batch(len(batch))
        return results

    if pending is not None:
        return collect
    results = collect()
    return lambda: results


def _drain(waiters) -> None:
    """Wait out batches still running after one failed, so a retry does not queue behind them."""
    for wait in waiters:
        try:
            wait()
        except Exception:  # noqa: BLE001 - the first error is the one raised
            pass

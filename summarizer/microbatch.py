"""Requests from many threads merged into one library call, as a model server batches them.

Each worker takes the oldest waiting request and every other waiting one with the same settings (up to
`max_batch`), so the requests that arrive while the models are busy go together, and a request never
waits for anything but the models: a page to fetch is fetched before its request is queued here.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import Callable, Hashable, Sequence


class MicroBatcher:
    def __init__(self, run: Callable[[Hashable, list], Sequence], workers: int, max_batch: int):
        self._run, self._workers, self.max_batch = run, workers, max_batch
        self._queue: list[tuple[Hashable, object, Future]] = []
        self._cond = threading.Condition()
        self._threads: list[threading.Thread] = []

    def submit(self, items: Sequence[tuple[Hashable, object]]) -> list[Future]:
        """One future per (settings, item), queued together (so a list given at once is batched at once)."""
        futures = [Future() for _ in items]
        with self._cond:
            self._queue += [(key, item, future) for (key, item), future in zip(items, futures)]
            while len(self._threads) < self._workers:  # started on first use
                thread = threading.Thread(target=self._loop, name=f"brief-batch-{len(self._threads)}", daemon=True)
                self._threads.append(thread)
                thread.start()
            self._cond.notify_all()
        return futures

    def _take(self) -> tuple[Hashable, list]:
        with self._cond:
            self._cond.wait_for(lambda: self._queue)
            key = self._queue[0][0]
            taken = [entry for entry in self._queue if entry[0] == key][:self.max_batch]
            chosen = {id(entry) for entry in taken}
            self._queue = [entry for entry in self._queue if id(entry) not in chosen]
            return key, taken

    def _loop(self) -> None:
        while True:
            key, taken = self._take()
            try:
                results = list(self._run(key, [item for _, item, _ in taken]))
            except BaseException as error:  # noqa: BLE001 - handed to every waiting request
                for _, _, future in taken:
                    future.set_exception(error)
                continue
            for (_, _, future), result in zip(taken, results):
                future.set_result(result)

"""Progress of a batch on standard error, the way tqdm and rich do it: a bar on a terminal; elsewhere
(a log, CI) a line per tenth of the input; nothing when quiet. The local and Ray executors share it."""
from __future__ import annotations

import sys


class Progress:
    """tqdm's convention: a bar on a terminal; elsewhere (a log, CI) a line per tenth of the input (or per
    100 records when the total is unknown); nothing with --quiet."""

    def __init__(self, total: int | None, quiet: bool):
        from tqdm import tqdm
        self.total, self.count, self.bar = total, 0, None
        self.quiet = quiet
        self.step = max(1, -(-total // 10)) if total else 100
        if not quiet and sys.stderr.isatty():
            self.bar = tqdm(total=total, unit="article", file=sys.stderr, dynamic_ncols=True)

    def update(self, n: int = 1) -> None:
        before, self.count = self.count, self.count + n
        if self.bar is not None:
            self.bar.update(n)
        elif not self.quiet and self.count // self.step > before // self.step:
            of = f"/{self.total:,} ({100 * self.count // self.total}%)" if self.total else ""
            print(f"{self.count:,}{of} articles", file=sys.stderr, flush=True)

    def write(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

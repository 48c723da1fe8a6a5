"""python -m bench.digest: the digest's merge on stories crafted to defeat a shingle index, LSH against
the exact pairwise method it replaced, in one run; last line `speedup <x>x` (at the largest n).

The stories are made so that no 3-word shingle is shared by more than 50 of them, yet almost every pair
shares one: the shingle index compares almost every pair (quadratic), LSH only the likely ones.
Both methods decide with the same exact Jaccard, so they must give the same groups (checked).
"""
from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from collections import defaultdict

from summarizer.duplicates import DUPLICATE_THRESHOLD, duplicate_groups, merged, shingles


def crafted(n: int, per: int = 200, share: int = 50, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    word = lambda: "".join(rng.choice("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") for _ in range(6))  # noqa: E731
    pool = [f"{word()} {word()} {word()}" for _ in range(n * per // share)]
    texts = [" ".join(f"{p} {word()}" for p in rng.sample(pool, per)) for _ in range(n)]
    return texts + [t + " تحديث" for t in texts[: n // 10]]  # a tenth republished: something to merge


def pairwise_groups(texts: list[str], threshold: float = DUPLICATE_THRESHOLD) -> list[list[int]]:
    """The method before LSH: every pair that shares a shingle is compared exactly."""
    sets = [shingles(t) for t in texts]
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            index[sh].append(i)
    pairs = {(h[x], h[y]) for h in index.values() for x in range(len(h)) for y in range(x + 1, len(h))}
    return merged(sets, pairs, threshold)


def measure(method, texts) -> tuple[list, float, float]:
    tracemalloc.start()
    start = time.perf_counter()
    groups = method(texts)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return groups, seconds, peak


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.digest", description=__doc__)
    p.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    args = p.parse_args(argv)
    print("| stories | pairwise s | pairwise MB | LSH s | LSH MB | speedup | same groups |")
    print("|---|---|---|---|---|---|---|")
    ratio = 0.0
    for n in args.sizes:
        texts = crafted(n)
        old, old_s, old_mb = measure(pairwise_groups, texts)
        new, new_s, new_mb = measure(duplicate_groups, texts)
        ratio = old_s / new_s
        print(f"| {len(texts)} | {old_s:.1f} | {old_mb:.0f} | {new_s:.1f} | {new_mb:.0f} | {ratio:.1f}x | "
              f"{'yes' if old == new else 'NO'} |", flush=True)
    print(f"speedup {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Fitting text to a model's input limit: pack whole sentences, split only what cannot fit.

Nothing is ever dropped: every piece of the input lands in exactly one chunk.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

Counter = Callable[[Sequence[str]], list[int]]
_CLAUSE_SPLIT = re.compile(r"(?<=[،,؛;:])\s+")


def pack(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """Greedy contiguous packing of unit indices into chunks of at most budget tokens."""
    chunks: list[list[int]] = []
    current: list[int] = []
    used = 0
    for i, n in enumerate(lengths):
        if current and used + n > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(i)
        used += n
    if current:
        chunks.append(current)
    return chunks


def split_to_fit(text: str, count: Counter, budget: int) -> list[str]:
    """Split one over-long text at clause marks, then by words, until each piece fits."""
    if count([text])[0] <= budget:
        return [text]
    clauses = [c for c in _CLAUSE_SPLIT.split(text) if c.strip()]
    if len(clauses) > 1:
        lengths = count(clauses)
        pieces = []
        for group in pack(lengths, budget):
            joined = " ".join(clauses[i] for i in group)
            pieces.extend(split_to_fit(joined, count, budget) if len(group) == 1 else [joined])
        return pieces
    words = text.split()
    if len(words) <= 1:
        # One unbreakable token run: cut by characters (still nothing dropped).
        half = max(1, len(text) // 2)
        return split_to_fit(text[:half], count, budget) + split_to_fit(text[half:], count, budget)
    half = len(words) // 2
    return (split_to_fit(" ".join(words[:half]), count, budget)
            + split_to_fit(" ".join(words[half:]), count, budget))

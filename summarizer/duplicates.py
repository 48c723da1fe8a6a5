"""Near-duplicate texts: the same story from several feeds, or republished with other page furniture and
small edits. Texts are near-duplicates when the Jaccard similarity of their normalized Arabic word
shingles reaches DUPLICATE_THRESHOLD (chosen on a planted set built from BBC Arabic articles:
`python -m eval.dedup`, figures in the README's "From the web"); MinHash LSH finds the candidate pairs
in about linear time, and the exact Jaccard decides.
"""
from __future__ import annotations

import re
import zlib
from collections import defaultdict

from .text.lexicon import LETTERS
from .text.normalize import normalize

SHINGLE_WORDS = 3
DUPLICATE_THRESHOLD = 0.35  # chosen on the planted set (eval/dedup.py): held-out P 0.996, R 1.0
_WORD = re.compile(rf"[{LETTERS}\w]+")


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[tuple[str, ...]]:
    """The k-word runs of the text in its matching form (digits, diacritics, letter forms unified)."""
    words = _WORD.findall(normalize(text).lower())
    if len(words) < k:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + k]) for i in range(len(words) - k + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


LSH_PERMUTATIONS = 128
LSH_BANDS, LSH_ROWS = 64, 2  # a pair at Jaccard 0.35 shares a band with p > 0.9997
BUCKET_PAIRS = 50  # a band bucket larger than this is compared with its first member only


def _signatures(sets: list[set]):
    """One MinHash signature per shingle set (datasketch, MIT). CRC-32 hashes the shingles: deterministic
    across runs (unlike hash()) and five times faster than datasketch's SHA-1; the permutations that
    follow it are random."""
    from datasketch import MinHash
    template = MinHash(num_perm=LSH_PERMUTATIONS, seed=1, hashfunc=zlib.crc32)
    out = []
    for s in sets:
        m = template.copy()
        m.update_batch(["\x1f".join(sh).encode("utf-8") for sh in s])
        out.append(m.hashvalues)
    return out


def candidate_pairs(sets: list[set]) -> set[tuple[int, int]]:
    """Pairs that may reach the threshold: texts whose MinHash signatures agree on one band of rows
    (locality-sensitive hashing), in linear time. A bucket holding more than BUCKET_PAIRS texts is a
    phrase most of them share (a boilerplate line, one wire story carried by many outlets): each is
    paired with the bucket's first text only, as the exact index did, so no crafted set of stories
    makes the pairs quadratic (comparing every pair that shares a shingle took 48 s at n = 2,000)."""
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, signature in enumerate(_signatures(sets)):
        if sets[i]:
            for band in range(LSH_BANDS):
                rows = signature[band * LSH_ROWS:(band + 1) * LSH_ROWS]
                buckets[band, rows.tobytes()].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) > BUCKET_PAIRS:
            pairs.update((members[0], other) for other in members[1:])
        else:
            pairs.update((a, b) for x, a in enumerate(members) for b in members[x + 1:])
    return pairs


def duplicate_groups(texts: list[str], threshold: float = DUPLICATE_THRESHOLD) -> list[list[int]]:
    """Indices of the texts grouped into stories (transitively), each group in input order: candidate
    pairs from LSH, then the exact Jaccard of their shingles decides."""
    sets = [shingles(t) for t in texts]
    return merged(sets, candidate_pairs(sets), threshold)


def merged(sets: list[set], pairs, threshold: float = DUPLICATE_THRESHOLD) -> list[list[int]]:
    """Groups of the sets joined by every candidate pair that reaches the threshold (union-find)."""
    parent = list(range(len(sets)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(pairs):
        if root(i) != root(j) and jaccard(sets[i], sets[j]) >= threshold:
            parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(sets)):
        groups[root(i)].append(i)
    return sorted(groups.values(), key=lambda g: g[0])

"""Is a new item a story the store already has? The digest's near-duplicate test, against the store.

The same test as `brief digest` (summarizer.digest): MinHash LSH over normalized 3-word shingles finds
candidates, then the exact Jaccard of the shingles decides at DUPLICATE_THRESHOLD. The band keys are
kept in the store (table `bands`), so candidates are an index lookup, not a pass over every story.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..duplicates import DUPLICATE_THRESHOLD, LSH_BANDS, LSH_ROWS, _signatures, jaccard, shingles

CANDIDATES = 20  # stories compared exactly, most shared bands first: the one to merge with is among them


@dataclass
class Fingerprint:
    shingles: set
    bands: list[int]  # one signed 64-bit key per band, as SQLite stores integers


def fingerprint(text: str) -> Fingerprint:
    found = shingles(text)
    if not found:
        return Fingerprint(found, [])
    signature = _signatures([found])[0]
    bands = []
    for band in range(LSH_BANDS):
        rows = signature[band * LSH_ROWS:(band + 1) * LSH_ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + rows, digest_size=8).digest()
        bands.append(int.from_bytes(digest, "big", signed=True))
    return Fingerprint(found, bands)


def same_story(store, mark: Fingerprint) -> int | None:
    """The stored story this text is a republication or an edit of, or None."""
    for story in store.candidates(mark.bands, CANDIDATES):
        if jaccard(mark.shingles, shingles(store.story_text(story))) >= DUPLICATE_THRESHOLD:
            return story
    return None


def is_same(a: Fingerprint, b: Fingerprint) -> bool:
    return jaccard(a.shingles, b.shingles) >= DUPLICATE_THRESHOLD

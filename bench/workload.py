"""The workload: the seed article and FLORES-dev windows of varied lengths, all distinct.

Distinct on purpose: repeated articles would make repeated lines, which a
translation cache (or a summary that dedups) answers for free.
"""
from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED = SHARED / "seed" / "article-ar.txt"
FLORES = SHARED / "data" / "flores-ar-en-dev" / "flores-dev.ar"
# Sentences per FLORES article, cycled: short wire items to long features (the seed is ~30).
SIZES = (6, 10, 16, 8, 24, 12)


def read_sources(shared: Path = SHARED) -> tuple[str, list[str]]:
    seed, flores = shared / SEED.relative_to(SHARED), shared / FLORES.relative_to(SHARED)
    for path in (seed, flores):
        if not path.is_file():
            raise SystemExit(f"benchmark data not found: {path} (the shared/ folder beside the repo)")
    sentences = [line.strip() for line in flores.read_text(encoding="utf-8").splitlines() if line.strip()]
    return seed.read_text(encoding="utf-8"), sentences


def articles(n: int, shared: Path = SHARED) -> list[str]:
    """n distinct articles: the seed first, then consecutive FLORES sentences in windows of SIZES."""
    seed, sentences = read_sources(shared)
    docs, pos = [seed], 0
    while len(docs) < n:
        size = SIZES[(len(docs) - 1) % len(SIZES)]
        if pos + size > len(sentences):
            raise ValueError(f"FLORES dev has enough sentences for about {len(docs)} articles, not {n}")
        docs.append("\n".join(sentences[pos:pos + size]))
        pos += size
    return docs[:n]

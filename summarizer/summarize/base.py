"""The Summarizer protocol: sentences in, headline and bullets with their source indices out."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence, runtime_checkable

from ..text.sentences import Sentence

# Where a headline came from: the source's own title, or the summarizer's.
FROM_TITLE, GENERATED = "title", "generated"


@dataclass
class Summary:
    headline: str
    headline_sources: list[int]
    bullets: list[str]
    sources: list[list[int]]  # source sentence indices of each bullet
    generated: bool = False  # written by a model (so worth a repetition check)
    warnings: list[str] = field(default_factory=list)
    headline_source: str = GENERATED  # FROM_TITLE: the headline given, the bullets chosen knowing it


@runtime_checkable
class Summarizer(Protocol):
    name: str  # backend name shown in briefs
    model: str | None  # model id or path, None for the extractive one

    def summarize_batch(self, documents: Sequence[Sequence[Sentence]], num_bullets: int,
                        headlines: Sequence[str | None] | None = None, **options) -> list[Summary]:
        """One Summary per document; documents are summarized together where the backend can.
        `headlines`: a document's own headline (its source's title), or None where it has none; a given
        headline is the summary's, and no bullet repeats it."""
        ...

"""The Translator protocol and the decorators that compose translators.

Small interchangeable pieces in the spirit of argos-translate: an runtime
translates lines that fit its input; `SegmentingTranslator` makes any line
fit by splitting and re-joining; `CachedTranslator` remembers lines seen.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

from ..chunking import split_to_fit
from ..text.sentences import split_sentences


@dataclass(frozen=True)
class Hypothesis:
    """A translated line; `note` says how it was made where a reader should know (a repair)."""
    text: str
    note: str | None = None

    @classmethod
    def joined(cls, parts: Sequence["Hypothesis"]) -> "Hypothesis":
        """Pieces of one line joined, their notes kept."""
        return cls(" ".join(p.text for p in parts), "; ".join(p.note for p in parts if p.note) or None)


def hypotheses(translator, lines: Sequence[str], **options) -> list[Hypothesis]:
    """The translator's lines with their notes: its own `hypotheses`, or its plain `translate` wrapped
    (a translator may give lines only)."""
    own = getattr(translator, "hypotheses", None)
    if own is not None:
        return own(lines, **options)
    return [Hypothesis(text) for text in translator.translate(lines, **options)]


class Decorator:
    """A translator built on another: `hypotheses` is its own; `translate` keeps the lines only."""

    def translate(self, lines: Sequence[str], **options) -> list[str]:
        return [h.text for h in self.hypotheses(lines, **options)]


@runtime_checkable
class Translator(Protocol):
    name: str  # model id or path

    def translate(self, lines: Sequence[str], **options) -> list[str]:
        """One output line per input line, in order."""
        ...


class SegmentingTranslator(Decorator):
    """Lines longer than the runtime's limit are split at sentences, clauses, then words."""

    def __init__(self, inner, max_input_tokens: int, count_tokens):
        self.inner = inner
        self.name = inner.name
        self.max_input_tokens = max_input_tokens
        self.count_tokens = count_tokens

    def _segments(self, line: str, length: int) -> list[str]:
        if length <= self.max_input_tokens:
            return [line]
        pieces = []
        for sentence in split_sentences(line) or [None]:
            text = sentence.text if sentence else line
            pieces.extend(split_to_fit(text, self.count_tokens, self.max_input_tokens))
        return pieces

    def hypotheses(self, lines: Sequence[str], **options) -> list[Hypothesis]:
        lengths = self.count_tokens(list(lines))
        pieces, owners = [], []
        for i, (line, length) in enumerate(zip(lines, lengths)):
            for piece in self._segments(line, length):
                pieces.append(piece)
                owners.append(i)
        translated = hypotheses(self.inner, pieces, **options)
        joined: list[list[Hypothesis]] = [[] for _ in lines]
        for owner, hypothesis in zip(owners, translated):
            joined[owner].append(hypothesis)
        return [Hypothesis.joined(parts) for parts in joined]


class CachedTranslator(Decorator):
    """LRU cache in front of a translator: repeated lines (wire copy, re-runs) cost nothing."""

    def __init__(self, inner, maxsize: int = 10_000):
        self.inner = inner
        self.name = inner.name
        self.maxsize = maxsize
        self._cache: OrderedDict = OrderedDict()
        self.hits = self.misses = 0

    def hypotheses(self, lines: Sequence[str], **options) -> list[Hypothesis]:
        key_opts = tuple(sorted(options.items()))
        todo = list(dict.fromkeys(line for line in lines if (line, key_opts) not in self._cache))
        self.misses += len(todo)
        self.hits += len(lines) - len(todo)
        if todo:
            for line, out in zip(todo, hypotheses(self.inner, todo, **options)):
                self._cache[(line, key_opts)] = out
                while len(self._cache) > self.maxsize:
                    self._cache.popitem(last=False)
        results = []
        for line in lines:
            self._cache.move_to_end((line, key_opts))
            results.append(self._cache[(line, key_opts)])
        return results

"""Arabic-aware ROUGE: rouge_score's n-gram and LCS scoring fed by the library's Arabic tokenizer.

rouge_score's default tokenizer keeps only [a-z0-9], so it deletes every Arabic
letter: two unrelated Arabic sentences that share a number score 1.0. Here the
tokens come from `summarizer.text.tokens.tokenize` (the same function the
pipeline matches words with), optionally light-stemmed.

Used directly by `python -m eval` and wrapped by the `evaluate` metric in
eval/arabic_rouge/arabic_rouge.py, so both give the same figures.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
from rouge_score import rouge_scorer

from eval.stats import aggregate
from summarizer.text.tokens import light_stem, tokenize

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")


@lru_cache(maxsize=65536)  # the oracle scores the same sentences and references many times
def arabic_tokens(text: str, stem: bool = False) -> tuple[str, ...]:
    """Normalized Arabic words, Latin words (lower-cased) and numbers; light-stemmed if asked."""
    tokens = (t.lower() for t in tokenize(text))
    return tuple(light_stem(t) for t in tokens) if stem else tuple(tokens)


class ArabicTokenizer:
    """rouge_score's tokenizer interface (an object with tokenize())."""

    def __init__(self, stem: bool = False):
        self.stem = stem

    def tokenize(self, text: str) -> list[str]:
        return list(arabic_tokens(text, self.stem))


def make_scorer(stem: bool = False, rouge_types: Sequence[str] = ROUGE_TYPES) -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(list(rouge_types), tokenizer=ArabicTokenizer(stem))


def example_scores(predictions: Sequence[str], references: Sequence[str | Sequence[str]], *,
                   stem: bool = False, rouge_types: Sequence[str] = ROUGE_TYPES) -> dict[str, np.ndarray]:
    """Per-example F1 for each ROUGE type.

    A reference may be a list of texts (EASC has five per article): each type then
    takes the best-matching one, as rouge_score's score_multi does.
    """
    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} predictions but {len(references)} references")
    scorer = make_scorer(stem, rouge_types)
    out = {t: np.zeros(len(predictions)) for t in rouge_types}
    for i, (pred, ref) in enumerate(zip(predictions, references)):
        refs = [ref] if isinstance(ref, str) else list(ref)
        if not refs:
            raise ValueError(f"example {i} has no reference")
        scores = scorer.score_multi(refs, pred or "")
        for t in rouge_types:
            out[t][i] = scores[t].fmeasure
    return out


def rouge(predictions: Sequence[str], references: Sequence[str | Sequence[str]], *, stem: bool = False,
          rouge_types: Sequence[str] = ROUGE_TYPES, samples: int = 1000, confidence: float = 0.95,
          seed: int = 0) -> dict[str, float]:
    """Mean ROUGE F1 over examples with bootstrap confidence intervals."""
    return aggregate(example_scores(predictions, references, stem=stem, rouge_types=rouge_types),
                     samples, confidence, seed)

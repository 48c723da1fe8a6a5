"""Extractive baselines over the pipeline's own sentence split: lead-k, seeded random-k, greedy oracle."""
from __future__ import annotations

import random
from typing import Sequence

from eval.rouge import make_scorer


def lead(sentences: Sequence[str], k: int) -> list[int]:
    return list(range(min(k, len(sentences))))


def random_k(sentences: Sequence[str], k: int, seed: int, key: str) -> list[int]:
    """k sentences in document order; seeded per example so a run is repeatable."""
    rng = random.Random(f"{seed}:{key}")
    return sorted(rng.sample(range(len(sentences)), min(k, len(sentences))))


def greedy_oracle(sentences: Sequence[str], references: Sequence[str], k: int) -> list[int]:
    """Add the sentence that most raises mean ROUGE-1/2 F1 against the references; stop at k or no gain.

    The usual extractive upper bound (Nallapati et al. 2017), scored with the same
    Arabic tokenizer as the evaluation.
    """
    scorer = make_scorer(rouge_types=("rouge1", "rouge2"))

    def gain(indices: list[int]) -> float:
        scores = scorer.score_multi(list(references), join(sentences, sorted(indices)))
        return (scores["rouge1"].fmeasure + scores["rouge2"].fmeasure) / 2

    chosen: list[int] = []
    best = 0.0
    while len(chosen) < min(k, len(sentences)):
        candidates = [(gain(chosen + [i]), i) for i in range(len(sentences)) if i not in chosen]
        score, index = max(candidates, key=lambda c: (c[0], -c[1]))
        if score <= best:
            break
        chosen.append(index)
        best = score
    return sorted(chosen)


def first_words(text: str, n: int) -> str:
    """The first n words, as a headline-sized cut of a sentence (no clause logic: a plain baseline)."""
    return " ".join(text.split()[:n]).rstrip(" .،,؛:")


def join(sentences: Sequence[str], indices: Sequence[int]) -> str:
    return "\n".join(sentences[i] for i in indices)

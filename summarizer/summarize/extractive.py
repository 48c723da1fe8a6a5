"""The offline default: graph ranking, a position prior, and redundancy control across sections.

LexRank-style centrality over TF-IDF cosine similarity of stemmed content words
(Erkan & Radev 2004), a lead/section position prior, then MMR selection
(Carbonell & Goldstein 1998) that first gives each section its best sentence.
"""
from __future__ import annotations

import math
from collections import Counter
from typing import Sequence

import numpy as np

from ..text.sentences import Sentence, cut_at_clause
from ..text.tokens import content_terms
from .base import Summary

DAMPING = 0.85
MMR_LAMBDA = 0.5
MIN_WORDS = 5
LONG_WORDS = 45


def similarity_matrix(terms: list[list[str]]) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors, sentences as documents."""
    n = len(terms)
    df = Counter(t for ts in terms for t in set(ts))
    vocab = {t: i for i, t in enumerate(df)}
    matrix = np.zeros((n, max(1, len(vocab))))
    for row, ts in enumerate(terms):
        for term, count in Counter(ts).items():
            matrix[row, vocab[term]] = count * (math.log((1 + n) / (1 + df[term])) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms == 0, 1, norms)
    return matrix @ matrix.T


def centrality(sim: np.ndarray) -> np.ndarray:
    """PageRank over the weighted similarity graph (continuous LexRank)."""
    n = len(sim)
    weights = sim.copy()
    np.fill_diagonal(weights, 0)
    rows = weights.sum(axis=1, keepdims=True)
    transition = np.where(rows > 0, weights / np.where(rows == 0, 1, rows), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        updated = (1 - DAMPING) / n + DAMPING * transition.T @ scores
        if np.abs(updated - scores).sum() < 1e-9:
            break
        scores = updated
    return scores


def position_prior(sentences: Sequence[Sentence]) -> np.ndarray:
    """News puts the key facts first: in the article and in each sub-headlined section."""
    first_in_section: dict[int, int] = {}
    prior = []
    for s in sentences:
        first = first_in_section.setdefault(s.section, s.index)
        in_section = s.index - first
        prior.append(0.6 / (1 + 0.5 * in_section) + 0.4 / (1 + 0.2 * s.index))
    return np.array(prior)


class ExtractiveSummarizer:
    name = "extractive"
    model = None

    def __init__(self, headline_max_words: int = 14):
        self.headline_max_words = headline_max_words

    def summarize_batch(self, documents, num_bullets, **options) -> list[Summary]:
        return [self.summarize(doc, num_bullets) for doc in documents]

    def scores(self, sentences: Sequence[Sentence]) -> tuple[np.ndarray, np.ndarray]:
        """Relevance of each sentence, and the sentence similarity matrix."""
        sim = similarity_matrix([content_terms(s.text) for s in sentences])
        central = centrality(sim)
        central = central / central.max()
        length = np.array([len(s.text.split()) for s in sentences])
        shape = np.where(length < MIN_WORDS, 0.3, np.where(length > LONG_WORDS, 0.85, 1.0))
        return (0.6 * central + 0.4 * position_prior(sentences)) * shape, sim

    def summarize(self, sentences: Sequence[Sentence], num_bullets: int) -> Summary:
        if not sentences:
            return Summary("", [], [], [], warnings=["no sentences to summarize"])
        relevance, sim = self.scores(sentences)
        top = int(np.argmax([r if not s.is_heading else r * 0.8 for r, s in zip(relevance, sentences)]))
        headline = cut_at_clause(sentences[top].text, self.headline_max_words)

        # A headline cut short leaves facts behind, so its sentence may still be a bullet.
        whole = headline.split() == sentences[top].text.rstrip(" .،,؛").split()
        pool = [i for i in range(len(sentences)) if i != top or not whole] or [top]
        chosen = self._select(sentences, relevance, sim, pool, num_bullets, already=[top] if whole else [])
        chosen.sort()
        warnings = []
        if len(chosen) < min(3, num_bullets):
            warnings.append(f"the article has only {len(sentences)} sentence(s): {len(chosen)} bullet(s) instead of {num_bullets}")
        return Summary(headline=headline, headline_sources=[top],
                       bullets=[sentences[i].text for i in chosen], sources=[[i] for i in chosen],
                       warnings=warnings)

    @staticmethod
    def _select(sentences, relevance, sim, pool, k, already) -> list[int]:
        """MMR, with each section's first pick taking precedence so every story is covered."""
        chosen: list[int] = []

        def mmr(i: int) -> float:
            redundancy = max((sim[i, j] for j in chosen + already), default=0.0)
            return MMR_LAMBDA * relevance[i] - (1 - MMR_LAMBDA) * redundancy

        sections = sorted({sentences[i].section for i in pool},
                          key=lambda sec: -max(relevance[i] for i in pool if sentences[i].section == sec))
        for section in sections[:k]:
            members = [i for i in pool if sentences[i].section == section]
            chosen.append(max(members, key=mmr))
        while len(chosen) < min(k, len(pool)):
            chosen.append(max((i for i in pool if i not in chosen), key=mmr))
        return chosen

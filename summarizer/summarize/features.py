"""Sentence features for the extractive scorer: position, sections, length, centrality, news style.

Numpy only; the same function feeds training (eval/train_scorer.py) and run time, so
the learned weights always meet the features they were fitted on.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Sequence

import numpy as np

from ..text.lexicon import ATTRIBUTING, verb_forms
from ..text.normalize import normalize
from ..text.sentences import Sentence
from ..text.tokens import content_terms

DAMPING = 0.85
_SHORT_WORDS = 5
_LONG_WORDS = 40

SENTENCE_FEATURES = (
    "first", "position", "relative_position", "section_first", "heading", "log_words", "short", "long",
    "lexrank", "forward", "backward", "similar_to_first", "centroid", "numbers", "quote", "attribution",
    "terminated",
)
# Reporting verbs and quotes mark news copy, where the lead carries the story (newsiness below).
# A sentence's own attribution (قال، وأضافت ... and يقول، تقول), matched on normalized text.
_SAYS = "|".join(normalize(v) for v in [*verb_forms(ATTRIBUTING, "he", "she"), *verb_forms("قال", "he_now", "she_now")])
_ANNOUNCES = "|".join(normalize(v) for v in verb_forms("أعلن", "he", "she"))
_REPORTING = re.compile(rf"(?:^|\s)[وف]?(?:{_SAYS}|{_ANNOUNCES})(?:\s|$)")  # "announced" reports, too
_ATTRIBUTION_START = re.compile(rf"^[وف]?(?:{_SAYS})")
_TERMINATORS = ".!?؟…"


def similarity_matrix(terms: Sequence[Sequence[str]]) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors, sentences as documents."""
    n = len(terms)
    df = Counter(t for ts in terms for t in dict.fromkeys(ts))  # first-seen order: the same sums on every run
    vocab = {t: i for i, t in enumerate(df)}
    matrix = np.zeros((n, max(1, len(vocab))))
    for row, ts in enumerate(terms):
        for term, count in Counter(ts).items():
            matrix[row, vocab[term]] = count * (math.log((1 + n) / (1 + df[term])) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms == 0, 1, norms)
    return matrix @ matrix.T


def lexrank(sim: np.ndarray) -> np.ndarray:
    """PageRank over the weighted similarity graph (continuous LexRank, Erkan & Radev 2004)."""
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


def _unit(values: np.ndarray) -> np.ndarray:
    top = values.max() if len(values) else 0.0
    return values / top if top > 0 else values


def newsiness(texts: Sequence[str]) -> float:
    """Share of sentences with a reporting verb or a quote, capped at 1: 0 for expository text."""
    if not texts:
        return 0.0
    marked = sum(bool(_REPORTING.search(t)) + ('"' in t) for t in texts)
    return min(1.0, marked / len(texts))


def sentence_features(sentences: Sequence[Sentence], terms: Sequence[Sequence[str]] | None = None
                      ) -> tuple[np.ndarray, np.ndarray, float]:
    """(features, similarity matrix, newsiness) for the sentences, in their order."""
    terms = [content_terms(s.text) for s in sentences] if terms is None else terms
    normalized = [normalize(s.text) for s in sentences]
    n = len(sentences)
    sim = similarity_matrix(terms)
    links = sim.copy()
    np.fill_diagonal(links, 0)
    # PacSum (Zheng & Lapata 2019): in news a central sentence is echoed by those after it.
    forward = _unit(np.triu(links, 1).sum(axis=1))
    backward = _unit(np.tril(links, -1).sum(axis=1))
    doc = Counter(t for ts in terms for t in ts)
    doc_norm = math.sqrt(sum(v * v for v in doc.values())) or 1.0
    centroid = []
    for ts in terms:
        counts = Counter(ts)
        norm = math.sqrt(sum(v * v for v in counts.values()))
        centroid.append(sum(c * doc[t] for t, c in counts.items()) / (norm * doc_norm) if norm else 0.0)
    central = _unit(lexrank(sim)) if n > 1 else np.ones(n)
    centroid = _unit(np.array(centroid))
    section_first: dict[int, int] = {}
    for i, s in enumerate(sentences):
        if not s.is_heading:
            section_first.setdefault(s.section, i)
    rows = []
    for i, (s, text) in enumerate(zip(sentences, normalized)):
        words = len(s.text.split())
        rows.append((
            i == 0, 1 / (1 + i), i / n, s.section > 0 and section_first.get(s.section) == i, s.is_heading,
            math.log1p(words), words < _SHORT_WORDS, words > _LONG_WORDS, central[i], forward[i], backward[i],
            sim[i, 0] if i else 1.0, centroid[i], min(3, len(re.findall(r"\d+", text))) / 3, '"' in text,
            bool(_ATTRIBUTION_START.match(text)), s.text.rstrip("\"'”’»)]")[-1:] in _TERMINATORS,
        ))
    return np.array(rows, dtype=float).reshape(n, len(SENTENCE_FEATURES)), sim, newsiness(normalized)


def with_interactions(features: np.ndarray, news: float) -> np.ndarray:
    """Each feature, and each feature times the article's newsiness, and newsiness itself."""
    return np.hstack([features, features * news, np.full((len(features), 1), news)])

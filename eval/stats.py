"""The evaluation's statistics, in one place: bootstrap intervals, paired differences, sign-flip tests.

Every command that reports an interval or compares two systems uses these, so the
figures in eval/RESULTS.md are computed one way.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def bootstrap_ci(values: Sequence[float], samples: int = 1000, confidence: float = 0.95, seed: int = 0,
                 statistic: Callable[[np.ndarray], np.ndarray] | None = None) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean (or of `statistic`, applied along axis 1 of the resamples).

    Examples are resampled with replacement; `statistic=np.median` (called with axis=1)
    gives the interval of a median.
    """
    values = np.asarray(values, dtype=float)
    if len(values) == 0 or samples <= 0:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    resampled = values[rng.integers(0, len(values), size=(samples, len(values)))]
    stats = resampled.mean(axis=1) if statistic is None else statistic(resampled, axis=1)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(stats, [tail, 100 - tail])
    return float(low), float(high)


def aggregate(per_example: dict[str, np.ndarray], samples: int = 1000, confidence: float = 0.95,
              seed: int = 0) -> dict[str, float]:
    """{name: mean, name_low, name_high} of each per-example series."""
    out: dict[str, float] = {}
    for name, values in per_example.items():
        out[name] = float(np.mean(values)) if len(values) else float("nan")
        if samples > 0:
            out[f"{name}_low"], out[f"{name}_high"] = bootstrap_ci(values, samples, confidence, seed)
    return out


def paired_difference(a: Sequence[float], b: Sequence[float], samples: int = 1000, seed: int = 0) -> dict:
    """Mean of a - b over the same examples, its 95% paired bootstrap CI and a paired sign-flip p-value.

    Resampling the per-example differences keeps each example's pair together, which is
    what makes two close means comparable (their separate CIs overlap far more).
    """
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    if len(d) == 0:
        raise ValueError("no examples to compare")
    low, high = bootstrap_ci(d, samples, 0.95, seed)
    return {"diff": float(d.mean()), "low": low, "high": high, "p": sign_flip_p(d, samples, seed), "n": len(d),
            "samples": samples}


def sign_flip_p(d: np.ndarray, samples: int = 1000, seed: int = 0) -> float | None:
    """Two-sided p-value of mean(d) = 0 under random sign flips of each paired difference."""
    if samples <= 0:
        return None
    d = np.asarray(d, dtype=float)
    rng = np.random.default_rng(seed)
    observed, extreme, done = abs(d.mean()), 0, 0
    while done < samples:  # in blocks: 1,000 x 9,640 flips at once would take ~80 MB
        n = min(200, samples - done)
        signs = rng.choice((-1.0, 1.0), size=(n, len(d)))
        extreme += int((np.abs((signs * d).mean(axis=1)) >= observed - 1e-12).sum())
        done += n
    return (extreme + 1) / (samples + 1)

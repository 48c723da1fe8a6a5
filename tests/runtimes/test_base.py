"""GenerationRuntime.submit: how a call's texts become batches (no model: a runtime that records them)."""
import random

import pytest

from summarizer.batching import plan_batches
from summarizer.runtimes.base import GenerationRuntime

# The seed brief's six lines, in tokens (headline and bullets of the extractive brief).
SEED = [127, 93, 91, 79, 48, 35]


class Recording(GenerationRuntime):
    name, family, device, max_input_tokens = "recording", "marian", "cpu", 512

    def __init__(self, workers: int):
        self.workers = workers
        self.batches: list[list[str]] = []

    def _forward(self, batch, options):
        self.batches.append(list(batch))
        out = [text.upper() for text in batch]
        return (lambda: out) if self.workers > 1 else out


def _generate(runtime, lengths, **kwargs):
    texts = [f"line{i}" for i in range(len(lengths))]
    out = runtime.generate(texts, lengths=lengths, max_batch_size=32, max_tokens=8192, **kwargs)
    assert out == [t.upper() for t in texts]  # every output, in input order
    return runtime.batches


def test_a_decode_bound_call_that_fits_gets_one_batch_per_worker():
    assert len(_generate(Recording(2), SEED)) == 3  # the length buckets alone: one worker decodes twice
    assert _generate(Recording(2), SEED, decode_bound=True) == [["line0", "line1", "line2"],
                                                                 ["line3", "line4", "line5"]]
    # One worker has nobody to leave idle: its buckets stay.
    assert _generate(Recording(1), SEED, decode_bound=True) == _generate(Recording(1), SEED)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_call_past_one_batch_per_worker_keeps_its_length_buckets(workers):
    rng = random.Random(0)
    lengths = [rng.randint(5, 200) for _ in range(300)]
    kept = _generate(Recording(workers), lengths, decode_bound=True)
    assert kept == _generate(Recording(workers), lengths)
    per_batch = min(32, -(-len(lengths) // workers))
    assert len(kept) == len(plan_batches(lengths, per_batch, 8192, 0.5))
    assert len(kept) > len(plan_batches(lengths, per_batch, 8192, 0))  # the buckets are at work here

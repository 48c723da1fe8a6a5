"""Length-sorted, token-budgeted batches; results come back in input order."""
import random

import pytest

from summarizer.batching import plan_batches, submit_batched
from summarizer.chunking import pack, split_to_fit


def test_batches_respect_budget_and_cover_every_index():
    rng = random.Random(0)
    lengths = [rng.randint(1, 300) for _ in range(500)]
    batches = plan_batches(lengths, max_batch_size=32, max_tokens=2048)
    flat = [i for b in batches for i in b]
    assert sorted(flat) == list(range(500))
    for batch in batches:
        assert len(batch) <= 32
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 2048
    # Sorted: each batch's lengths are no longer than the previous batch's.
    heads = [max(lengths[i] for i in b) for b in batches]
    assert heads == sorted(heads, reverse=True)


def test_submit_batched_restores_input_order():
    rng = random.Random(1)
    items = [" ".join("x" * rng.randint(1, 9) for _ in range(rng.randint(1, 40))) for _ in range(200)]
    seen_batches = []

    def fn(batch):
        seen_batches.append(batch)
        return [item.upper() for item in batch]

    out = submit_batched(fn, items, [len(s.split()) for s in items], max_batch_size=16, max_tokens=256)()
    assert out == [s.upper() for s in items]
    assert len(seen_batches) > 1


def test_pack_and_split_never_drop_text():
    count = lambda texts: [len(t.split()) for t in texts]  # noqa: E731
    assert pack([3, 4, 5, 2, 9, 1], 8) == [[0, 1], [2, 3], [4], [5]]
    text = " ".join(f"w{i}" for i in range(100)) + "، " + " ".join(f"v{i}" for i in range(30))
    pieces = split_to_fit(text, count, 16)
    assert all(count([p])[0] <= 16 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_submitted_batches_all_start_before_any_is_collected():
    events = []

    def submit(batch):
        events.append(("submit", tuple(batch)))

        def wait():
            events.append(("collect", tuple(batch)))
            return [x.upper() for x in batch]
        return wait

    items = ["aaaa", "b", "cc", "ddd", "e"]
    lengths = [len(x) for x in items]
    collect = submit_batched(submit, items, lengths, max_batch_size=2, max_tokens=100, submit=True)
    assert [kind for kind, _ in events] == ["submit"] * 3  # all submitted, none collected yet
    out = collect()
    assert out == [x.upper() for x in items]
    assert submit_batched(lambda b: [x.upper() for x in b], items, lengths, 2, 100)() == out
    kinds = [kind for kind, _ in events]
    assert kinds == ["submit"] * 3 + ["collect"] * 3
    # Longest first, so a worker pool starts the heaviest batch first.
    assert events[0][1] == ("aaaa", "ddd")


def test_a_failed_batch_waits_out_the_others_before_raising():
    from summarizer.batching import submit_batched
    waited = []

    def submit(batch):
        def wait():
            waited.append(tuple(batch))
            if "boom" in batch:
                raise ValueError("engine failed")
            return batch
        return wait

    items = ["boom", "a", "bb", "ccc"]
    collect = submit_batched(submit, items, [9, 1, 2, 3], max_batch_size=1, max_tokens=100, submit=True)
    with pytest.raises(ValueError, match="engine failed"):
        collect()
    assert sorted(waited) == sorted((x,) for x in items)  # nothing left running

"""A few seconds of training, so that a stand-in's output depends on its input.

Random weights give one output for every input (near-tied logits, the same
token each step), which lets any parity check pass whatever the code does.
`teach` trains a tiny model to write its target for each source: a copy of
the Arabic line (summarizers) or its transliteration (the translator). The
lines are the package corpus, memorised whole; on unseen text the model copies
the first words and then drifts, so outputs still differ from the first token
on. One thread and a seeded generator: the same weights on every run.
"""
from __future__ import annotations

import contextlib
import random
from typing import Sequence

# Per step: this many pairs. The schedule: linear warm-up, then linear decay to a tenth.
BATCH = 32
WARMUP = 20
LEARNING_RATE = 6e-3


@contextlib.contextmanager
def one_thread():
    """Training is deterministic on one thread (multi-threaded reductions may sum in another order)."""
    import torch
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def teach(model, pairs: Sequence[tuple[list[int], list[int]]], *, steps: int, seed: int,
          pad_id: int, start_id: int, zero_rows: Sequence[int] = ()) -> list[float]:
    """Train `model` (in place) to write each target after its source; returns the loss every 50 steps.

    Sources and targets are token ids with their special tokens; the decoder reads the start
    token then the target shifted right, as `generate` feeds it. `zero_rows` of the input
    embedding stay zero (a tied output layer would otherwise train them).
    """
    import torch
    if not pairs:
        raise ValueError("no training pairs")
    rng = random.Random(seed)
    torch.manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    losses = []
    model.train()
    with one_thread():
        for step in range(steps):
            scale = min(1.0, (step + 1) / WARMUP) * max(0.1, 1 - step / steps)
            for group in optimizer.param_groups:
                group["lr"] = LEARNING_RATE * scale
            batch = [pairs[rng.randrange(len(pairs))] for _ in range(BATCH)]
            loss = model(**_tensors(batch, pad_id, start_id)).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            if zero_rows:
                with torch.no_grad():
                    model.get_input_embeddings().weight[list(zero_rows)] = 0.0
            if step % 50 == 0 or step == steps - 1:
                losses.append(round(loss.item(), 4))
    model.eval()
    return losses


def _tensors(batch, pad_id: int, start_id: int) -> dict:
    import torch
    src_len = max(len(s) for s, _ in batch)
    tgt_len = max(len(t) for _, t in batch)
    input_ids = torch.tensor([s + [pad_id] * (src_len - len(s)) for s, _ in batch])
    decoder = torch.tensor([[start_id] + t[:-1] + [pad_id] * (tgt_len - len(t)) for _, t in batch])
    labels = torch.tensor([t + [-100] * (tgt_len - len(t)) for _, t in batch])
    return {"input_ids": input_ids, "attention_mask": (input_ids != pad_id).long(),
            "decoder_input_ids": decoder, "labels": labels}

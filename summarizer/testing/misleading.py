"""A stand-in translator that gets one number wrong on purpose, for testing repair before warning.

A real model's number errors (2005 -> "2008") come from a learnt preference that outranks the
source. The same is made here in a principled, deterministic way: a logit bias on one target
piece (a digit), added to the trained stand-in's `final_logits_bias`. A small bias makes the
biased number the beam search's best hypothesis while the right one stays in its n-best list;
a large one pushes the right number out of it. Both runtimes read the bias (CTranslate2 converts
it into the output projection), so they rank the same hypotheses.
"""
from __future__ import annotations

import shutil
from pathlib import Path


def prefer_piece(source: str | Path, out_dir: str | Path, piece: str, bias: float) -> Path:
    """A copy of the Marian stand-in at `source` whose output prefers target `piece` by `bias` (logits)."""
    import torch
    from safetensors.torch import load_file, save_file
    from transformers import AutoTokenizer
    out = Path(out_dir)
    shutil.copytree(source, out, dirs_exist_ok=True)
    pid = AutoTokenizer.from_pretrained(out, local_files_only=True).get_vocab()[piece]
    path = out / "model.safetensors"
    if path.is_file():
        weights = load_file(path)
        weights["final_logits_bias"][..., pid] += bias
        save_file(weights, path, metadata={"format": "pt"})
    else:  # a .bin-only stand-in (marian-big)
        path = out / "pytorch_model.bin"
        weights = torch.load(path, map_location="cpu", weights_only=True)
        weights["final_logits_bias"][..., pid] += bias
        torch.save(weights, path)
    return out

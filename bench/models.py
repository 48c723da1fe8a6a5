"""The benchmark's models: real-shape random ones for timing, tiny trained ones for agreement.

Real shapes (opus-mt-ar-en Marian, AraBART mBART) give the real work per token, but random
weights write the same thing for every input, so "same output" between two rows means nothing on
them. The agreement columns come from the same rows run on the tiny trained stand-ins
(`summarizer.testing`), which respond to their input.
"""
from __future__ import annotations

import json
from pathlib import Path

CACHE = Path(__file__).resolve().parent / ".cache"
# Bench name -> summarizer.testing family; real shapes of opus-mt-ar-en and AraBART.
MODELS = {"translator": ("marian", "opus-mt-ar-en"), "summarizer": ("mbart", "arabart"),
          # transformer-big (opus-mt-tc-big-ar-en, the default translator): .bin only, as on the hub
          "translator-big": ("marian-big", "opus-mt-tc-big-ar-en")}
_DONE = "bench-ready.json"


def ensure_models(shape: str = "real", root: Path | None = None, seed: int = 0) -> dict[str, Path]:
    """role -> model folder. real: built once into bench/.cache (about 30 s); tiny: the trained
    stand-ins from the summarizer.testing cache (about a minute the first time)."""
    if shape == "tiny":
        from summarizer.testing import cached_models
        tiny = cached_models([family for family, _ in MODELS.values()], seed=seed)
        return {role: tiny[family] for role, (family, _) in MODELS.items()}
    from summarizer.testing import build_model, cache_key
    root = Path(root or CACHE)
    folders = {}
    for role, (family, name) in MODELS.items():
        folder = root / f"{name}-{shape}-seed{seed}-{cache_key(family, seed, shape)}"  # rebuilt when the builder changes
        if not (folder / _DONE).is_file():
            build_model(family, folder, shape=shape, seed=seed)
            unreachable = _mask_unwritable_ids(folder)
            (folder / _DONE).write_text(json.dumps({"family": family, "shape": shape, "seed": seed,
                                                    "masked_ids": unreachable}) + "\n")
        folders[role] = folder
    return folders


def _mask_unwritable_ids(folder: Path) -> int:
    """Keep a random model from choosing ids its stand-in tokenizer cannot write.

    The real-shape models pad the vocabulary to the real size, but the small
    SentencePiece model behind it has no text for most ids: a random AraBART
    then decodes to empty lines, which the pipeline drops, so nothing would be
    translated. A -1e4 logit bias on those ids keeps the full-width output
    layer (the same work per token) while outputs become real text.
    """
    import torch
    from safetensors.torch import load_file, save_file
    from transformers import AutoTokenizer
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    target = getattr(tokenizer, "spm_target", None)
    if target is not None:  # Marian: the pieces its target SentencePiece model can write, and </s>
        pieces = {target.id_to_piece(i) for i in range(target.get_piece_size())} | {tokenizer.eos_token}
        writable = [i for piece, i in tokenizer.get_vocab().items() if piece in pieces]
    else:
        writable = list(range(len(tokenizer)))
    safetensors = (folder / "model.safetensors").is_file()
    weights = load_file(folder / "model.safetensors") if safetensors else \
        torch.load(folder / "pytorch_model.bin", map_location="cpu", weights_only=True)
    bias = weights["final_logits_bias"]
    mask = torch.ones(bias.shape[-1], dtype=torch.bool)
    mask[[i for i in writable if i < bias.shape[-1]]] = False
    bias[..., mask] = -1e4
    if safetensors:
        save_file(weights, folder / "model.safetensors", metadata={"format": "pt"})
    else:
        torch.save(weights, folder / "pytorch_model.bin")
    return int(mask.sum())

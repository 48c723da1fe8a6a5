"""build_model: one stand-in (model, tokenizer, generation config) written into a folder."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from .families import _build_marian, _build_mbart, _build_mt5, _save_model
from .text import _corpus_files

FAMILIES = ("marian", "mbart", "mt5")
# Kinds beyond one per family: the default translator's transformer-big layout (not built by default).
KINDS = (*FAMILIES, "marian-big")
SHAPES = ("tiny", "real")
# Training steps of the tiny shapes (batches of train.BATCH lines): enough to memorise the corpus.
TRAIN_STEPS = {"marian": 400, "marian-big": 400, "mbart": 400, "mt5": 400}


def build_model(family: str, out_dir: str | Path, *, shape: str = "tiny", seed: int = 0,
                steps: int | None = None) -> Path:
    """Build a stand-in model + tokenizer for ``family`` into ``out_dir`` and return it as a Path.

    Writes config.json, generation_config.json, model.safetensors, the family's tokenizer files
    and stand-in.json (how it was made). Tiny models are trained for ``steps`` (default
    TRAIN_STEPS; 0 leaves the weights random); real shapes are never trained.
    Deterministic for a given (family, shape, seed, steps).
    """
    if family not in KINDS:
        raise ValueError(f"unknown family {family!r}; expected one of {KINDS}")
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; expected one of {SHAPES}")
    steps = (TRAIN_STEPS[family] if steps is None else steps) if shape == "tiny" else 0
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    builder = {"marian": _build_marian, "marian-big": functools.partial(_build_marian, big=True),
               "mbart": _build_mbart, "mt5": _build_mt5}[family]
    with _corpus_files() as files:
        model, gen, pairs, start = builder(out, shape=shape, seed=seed, files=files)
    losses = []
    if steps:
        from .train import teach
        # Marian's decoder starts from <pad>, whose embedding opus-mt keeps at zero (CTranslate2 relies on it).
        zero = [start] if family.startswith("marian") else []
        losses = teach(model, pairs, steps=steps, seed=seed, pad_id=model.config.pad_token_id, start_id=start,
                       zero_rows=zero)
    _save_model(model, gen, out, safetensors=family != "marian-big")
    (out / "stand-in.json").write_text(json.dumps({
        "family": family, "shape": shape, "seed": seed, "steps": steps, "task": _TASKS[family] if steps else
        "none (random weights)", "training_pairs": len(pairs), "loss_every_50_steps": losses}, indent=1) + "\n")
    return out


_TASKS = {"marian": "Arabic line -> its Buckwalter transliteration",
          "marian-big": "Arabic line -> its Buckwalter transliteration", "mbart": "copy the Arabic line",
          "mt5": "copy the Arabic line"}

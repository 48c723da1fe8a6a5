"""What every generation runtime shares: the runtime interface, the parts every model needs, device and threads.

`GenerationRuntime` is what the seq2seq summarizer and the translator drive, in
the transformers pipelines' shape: preprocess (tokenize) -> forward (generate)
-> postprocess (decode), with batching done once, by `batching.submit_batched`.
`hf.TransformersRuntime` (transformers) and `ct2.CTranslate2Runtime` (CTranslate2)
implement it; `load.load_runtime` picks one by name. This module imports neither.
"""
from __future__ import annotations

import logging
from typing import Callable, Sequence

from ..batching import plan_batches, submit_batched
from ..config import Config
from ..errors import ModelUnavailable, first_line
from .hub import model_folder

log = logging.getLogger(__name__)

# Tokenizers that claim "no limit" report about 1e30.
_SANE_LIMIT = 100_000
_FALLBACK_LIMIT = 512


def input_limit(model_config, tokenizer) -> int:
    """The real input limit in tokens: the model's positions, not the tokenizer's claim."""
    positions = getattr(model_config, "max_position_embeddings", None)
    if positions:
        return int(positions)
    claimed = getattr(tokenizer, "model_max_length", None)
    if claimed and claimed < _SANE_LIMIT:
        return int(claimed)
    return int(getattr(model_config, "n_positions", None) or _FALLBACK_LIMIT)


def load_parts(name: str, role: str, config: Config):
    """What every runtime needs first: (local folder, tokenizer, model config, device).

    The folder comes from `hub.model_folder` (a local folder, the cache, else the hub);
    everything is then read from that folder only, never from remote code.
    """
    folder = model_folder(name, role, config)
    from transformers import AutoConfig, AutoTokenizer
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True, trust_remote_code=False)
        model_config = AutoConfig.from_pretrained(str(folder), local_files_only=True, trust_remote_code=False)
    except Exception as error:  # noqa: BLE001 - any failure here means the folder is not a usable model
        raise ModelUnavailable(name, role, str(folder), first_line(error)) from error
    if not getattr(model_config, "is_encoder_decoder", False):
        raise ModelUnavailable(name, role, str(folder), "it is not an encoder-decoder model")
    return folder, tokenizer, model_config, resolve_device(config.device)


def resolve_device(device: str) -> str:
    import torch
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device 'cuda' was asked for but no CUDA GPU is available; use --device cpu or auto")
    return device


class GenerationRuntime:
    """What the summarizer and the translator need of a model: token counts and batched generation.

    Subclasses set name, tokenizer, max_input_tokens and implement `_forward`;
    `_options` turns generate() keywords into what `_forward` takes, once per call.
    An runtime with its own pool of `workers` gets at least that many batches,
    all submitted before any is collected (`_forward` then returns a waiter).
    """
    name: str
    tokenizer: object
    max_input_tokens: int
    family: str  # config.model_type: "marian", "mbart", "mt5", ...
    device: str
    workers: int = 1
    # Length buckets: an item shorter than this share of its batch's longest starts a new batch.
    min_fill: float = 0.5

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Token counts with special tokens, without truncation."""
        if not texts:
            return []
        encoded = self.tokenizer(list(texts), add_special_tokens=True, truncation=False, verbose=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def generate(self, texts: Sequence[str], *, max_batch_size: int, max_tokens: int,
                 lengths: Sequence[int] | None = None, on_batch=None, decode_bound: bool = False,
                 **generate_kwargs) -> list[str]:
        """Generate for each text; callers guarantee each fits max_input_tokens."""
        return self.submit(texts, max_batch_size=max_batch_size, max_tokens=max_tokens, lengths=lengths,
                           on_batch=on_batch, decode_bound=decode_bound, **generate_kwargs)()

    def submit(self, texts: Sequence[str], *, max_batch_size: int, max_tokens: int,
               lengths: Sequence[int] | None = None, on_batch=None, decode_bound: bool = False,
               **generate_kwargs) -> Callable[[], list[str]]:
        """Start generating; the returned function gives the outputs. An runtime without workers
        finishes here; one with workers keeps going while the caller submits more.

        decode_bound: the outputs are about as long as the inputs (translation), so decoding, not
        padding, is the cost; with several workers, a call that fits in one batch per worker then
        gets exactly that, with no length buckets.
        """
        lengths = list(lengths) if lengths is not None else self.count_tokens(texts)
        too_long = [n for n in lengths if n > self.max_input_tokens]
        if too_long:
            raise ValueError(f"{len(too_long)} input(s) exceed {self.name}'s {self.max_input_tokens}-token limit; "
                             "they must be split before generation")
        options = self._options(generate_kwargs)
        if self.workers > 1:  # enough batches to keep every worker busy
            max_batch_size = max(1, min(max_batch_size, -(-len(texts) // self.workers)))
        min_fill = self.min_fill
        if (decode_bound and self.workers > 1
                and len(plan_batches(lengths, max_batch_size, max_tokens, 0)) <= self.workers):
            # A bucket past one batch per worker makes one worker decode twice while another idles,
            # and a decode costs about as much with fewer rows (the seed brief's 6 lines
            # went as 3 batches on 2 workers).
            min_fill = 0.0
        return submit_batched(lambda batch: self._forward(batch, options), list(texts), lengths,
                              max_batch_size, max_tokens, on_batch=on_batch, submit=self.workers > 1,
                              min_fill=min_fill)

    def score(self, texts: Sequence[str], targets: Sequence[Sequence[int]]) -> list[list[float]]:
        """Log-probability of each target token id (then of the end token) after its source text:
        what parity between runtimes and precisions is measured with."""
        raise NotImplementedError

    def _options(self, generate_kwargs: dict) -> dict:
        return generate_kwargs

    def _decode(self, ids) -> list[str]:
        decoded = self.tokenizer.batch_decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=True)
        return [text.strip() for text in decoded]

    def _forward(self, batch: list[str], options: dict) -> list[str]:
        raise NotImplementedError


GenerationRuntime = GenerationRuntime  # the old name, for callers not yet switched (summarize/, pipeline)

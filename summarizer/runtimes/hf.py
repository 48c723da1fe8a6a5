"""The transformers runtime: a Hugging Face encoder-decoder and `generate`, batched by `base.GenerationRuntime`."""
from __future__ import annotations

import functools
import logging
import warnings
from dataclasses import dataclass
from typing import Sequence

from ..config import Config
from .base import GenerationRuntime, input_limit, load_parts

log = logging.getLogger(__name__)

# The shared cross-attention cache subclasses transformers internals that were checked on these versions.
SHARED_CACHE_VERSIONS = ("4.57.",)


def _attention_kernels(device: str):
    """Attention kernels for generate: on cuda, every one but cuDNN's.

    Decoding grows the key length by one each step, and cuDNN's attention builds a new graph for
    each new shape (about 3 ms of CPU each, measured on an H200 with torch 2.11): half-precision
    generate ran 4-5x slower than float32 until it was left out.
    """
    import contextlib
    if device != "cuda":
        return contextlib.nullcontext()
    from torch.nn.attention import SDPBackend, sdpa_kernel
    return sdpa_kernel([SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION, SDPBackend.MATH])


def _prepare(model, device: str, dtype: str):
    """Move and cast the model; int8 is dynamic quantization of Linear layers (CPU only)."""
    import torch
    model.eval()
    if dtype == "int8":
        if device != "cpu":
            raise ValueError("dtype int8 is for CPU; use float16 or bfloat16 on cuda")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    if dtype == "auto":
        dtype = "float16" if device == "cuda" else "float32"
    return model.to(device=device, dtype=getattr(torch, dtype))


def set_torch_threads(threads: int) -> None:
    """One setting per process: torch's pool is global, so it is only changed when it differs."""
    import torch
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


# Beam search reorders the whole cache every step, but all beams of one input
# share the encoder output: reordering its cross-attention keys/values is a
# copy that changes nothing. Skipping it made AraBART-shape beam search 1.05x
# to 1.45x faster on 2 CPU cores (bench/RESULTS.md). It subclasses transformers
# internals, so it is used only on the versions it was checked on.
def shared_cache_supported() -> bool:
    import transformers
    return transformers.__version__.startswith(SHARED_CACHE_VERSIONS)


@functools.lru_cache(maxsize=None)
def _shared_cross_attention_cache():
    from transformers.cache_utils import EncoderDecoderCache

    class SharedCrossAttentionCache(EncoderDecoderCache):
        def reorder_cache(self, beam_idx):
            self.self_attention_cache.reorder_cache(beam_idx)

    return SharedCrossAttentionCache


def _beam_cache(model):
    from transformers.cache_utils import DynamicCache
    config = model.config.get_text_config(decoder=True)
    return _shared_cross_attention_cache()(DynamicCache(config=config), DynamicCache(config=config))


@dataclass
class TransformersRuntime(GenerationRuntime):
    """A loaded tokenizer + encoder-decoder, ready to generate in batches."""
    name: str
    tokenizer: object
    model: object
    device: str
    max_input_tokens: int
    family: str
    share_cross_attention_cache: bool = True
    min_fill: float = 0.5

    @classmethod
    def load(cls, name: str, role: str, config: Config) -> "TransformersRuntime":
        folder, tokenizer, model_config, device = load_parts(name, role, config)
        from transformers import AutoModelForSeq2SeqLM
        set_torch_threads(config.threads)
        try:  # a pytorch_model.bin (no safetensors) is read with weights_only: tensors, never code
            model = AutoModelForSeq2SeqLM.from_pretrained(str(folder), config=model_config, local_files_only=True,
                                                          trust_remote_code=False, weights_only=True)
        except (OSError, ValueError, RuntimeError) as error:
            from ..errors import ModelUnavailable, first_line
            raise ModelUnavailable(name, role, str(folder), f"its weights cannot be loaded: {first_line(error)}") \
                from error
        share = config.share_cross_attention_cache
        if share and not shared_cache_supported():
            log.info("shared cross-attention cache not checked on this transformers version: stock cache used")
            share = False
        return cls(name=name, tokenizer=tokenizer, model=_prepare(model, device, config.dtype), device=device,
                   max_input_tokens=input_limit(model_config, tokenizer),
                   family=getattr(model_config, "model_type", "unknown"),
                   share_cross_attention_cache=share, min_fill=config.batch_min_fill)

    @property
    def generation_config(self):
        return self.model.generation_config

    def score(self, texts: Sequence[str], targets: Sequence[Sequence[int]]) -> list[list[float]]:
        """Log-probability of each target token id, then of the end token, after its source text.

        Teacher-forced, one text at a time (no padding): the reference `ct2.CTranslate2Runtime.score`
        is compared with, and what int8 is measured against.
        """
        import torch
        config = self.generation_config
        start = config.decoder_start_token_id
        start = self.model.config.decoder_start_token_id if start is None else start
        eos = config.eos_token_id[0] if isinstance(config.eos_token_id, list) else config.eos_token_id
        scores = []
        for text, target in zip(texts, targets):
            inputs = self.tokenizer([text], return_tensors="pt", truncation=False)
            inputs = {k: v.to(self.device) for k, v in inputs.items()}
            decoder = torch.tensor([[start, *target]], device=self.device)
            wanted = torch.tensor([[*target, eos]], device=self.device)
            with torch.inference_mode():
                logits = self.model(**inputs, decoder_input_ids=decoder).logits.float()
            scores.append(torch.log_softmax(logits, -1).gather(2, wanted[..., None])[0, :, 0].tolist())
        return scores

    def _forward(self, batch: list[str], generate_kwargs: dict) -> list[str]:
        import torch
        inputs = self.tokenizer(batch, return_tensors="pt", padding=True, truncation=False)
        inputs = {k: v.to(self.device) for k, v in inputs.items()}
        beams = generate_kwargs.get("num_beams") or self.generation_config.num_beams or 1
        if self.share_cross_attention_cache and beams > 1 and "past_key_values" not in generate_kwargs:
            generate_kwargs = {**generate_kwargs, "past_key_values": _beam_cache(self.model)}
        with torch.inference_mode(), _attention_kernels(self.device):
            out = self._decode(self.model.generate(**inputs, **generate_kwargs))
        n = generate_kwargs.get("num_return_sequences") or 1
        # n-best: generate returns each input's n hypotheses together, best first.
        return out if n == 1 else [out[i:i + n] for i in range(0, len(out), n)]



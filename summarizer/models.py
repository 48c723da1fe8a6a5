"""Local-first loading of Hugging Face encoder-decoders, and batched generation on them.

`GenerationEngine` is what the seq2seq summarizer and the translator drive,
in the transformers pipelines' shape: preprocess (tokenize) -> forward
(generate) -> postprocess (decode), with batching done once, by
`batching.submit_batched`. Two engines implement it: `Seq2SeqModel` here (on
transformers) and `ct2.CTranslate2Model` (the same folder, converted once).
"""
from __future__ import annotations

import functools
import logging
import os
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from .batching import submit_batched
from .config import Config
from .errors import ModelUnavailable

log = logging.getLogger(__name__)

# Tokenizers that claim "no limit" report about 1e30.
_SANE_LIMIT = 100_000
_FALLBACK_LIMIT = 512


def _is_path(name: str) -> bool:
    return os.path.isabs(name) or name.startswith((".", "~")) or os.path.exists(name) or name.count("/") > 1


def where_looked(name: str) -> str:
    if _is_path(name):
        return f"local folder {Path(name).expanduser().resolve()}"
    from huggingface_hub.constants import HF_HUB_CACHE
    return f"the Hugging Face cache {HF_HUB_CACHE} (offline; hub downloads not allowed)"


def _load(loader, name: str, role: str, allow_download: bool, **kwargs):
    """from_pretrained on local files first; the hub only when allowed (it takes ~50 s to fail offline)."""
    path = Path(name).expanduser()
    if _is_path(name) and not path.is_dir():
        raise ModelUnavailable(name, role, where_looked(name), "the folder does not exist")
    target = str(path) if _is_path(name) else name
    kwargs.setdefault("trust_remote_code", False)
    try:
        return loader.from_pretrained(target, local_files_only=True, **kwargs)
    except Exception as local_error:  # noqa: BLE001 - any failure means "not usable locally"
        reason = str(local_error).strip().splitlines()[0][:300] if str(local_error).strip() else type(local_error).__name__
        if not allow_download or _is_path(name) or os.environ.get("HF_HUB_OFFLINE", "0") not in ("0", ""):
            raise ModelUnavailable(name, role, where_looked(name), reason) from local_error
    try:
        return loader.from_pretrained(target, **kwargs)
    except Exception as error:  # noqa: BLE001
        raise ModelUnavailable(name, role, f"{where_looked(name)} and the Hugging Face hub",
                               str(error).splitlines()[0][:300]) from error


def _check_available(name: str, role: str, allow_download: bool) -> None:
    """Fail in milliseconds, before importing torch, when the model is nowhere on disk."""
    if allow_download:
        return
    if _is_path(name):
        folder = Path(name).expanduser()
        if not folder.is_dir():
            raise ModelUnavailable(name, role, where_looked(name), "the folder does not exist")
        if not (folder / "config.json").is_file():
            raise ModelUnavailable(name, role, where_looked(name), "no config.json in that folder")
        return
    from huggingface_hub import try_to_load_from_cache
    if not isinstance(try_to_load_from_cache(name, "config.json"), str):
        raise ModelUnavailable(name, role, where_looked(name), "not found in the local cache")


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
    """What every engine needs first: (tokenizer, model config, device); fails fast when missing."""
    _check_available(name, role, config.allow_download)
    from transformers import AutoConfig, AutoTokenizer
    tokenizer = _load(AutoTokenizer, name, role, config.allow_download)
    model_config = _load(AutoConfig, name, role, config.allow_download)
    if not getattr(model_config, "is_encoder_decoder", False):
        raise ModelUnavailable(name, role, where_looked(name), "it is not an encoder-decoder model")
    return tokenizer, model_config, resolve_device(config.device)


def cpu_threads() -> int:
    """CPUs this process may use (affinity and container limits), not the host's count."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_device(device: str) -> str:
    import torch
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ValueError("device 'cuda' was asked for but no CUDA GPU is available; use --device cpu or auto")
    return device


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


# Beam search reorders the whole cache every step, but all beams of one input
# share the encoder output: reordering its cross-attention keys/values is a
# copy that changes nothing. Skipping it made AraBART-shape beam search 1.05x
# to 1.45x faster on 2 CPU cores (more with bigger batches; bench/RESULTS.md).
# Outputs are identical; False restores the stock cache.
SHARE_CROSS_ATTENTION_CACHE = True


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


class GenerationEngine:
    """What the summarizer and the translator need of a model: token counts and batched generation.

    Subclasses set name, tokenizer, max_input_tokens and implement `_forward`;
    `_options` turns generate() keywords into what `_forward` takes, once per call.
    An engine with its own pool of `workers` gets at least that many batches,
    all submitted before any is collected (`_forward` then returns a waiter).
    """
    name: str
    tokenizer: object
    max_input_tokens: int
    workers: int = 1

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Token counts with special tokens, without truncation."""
        if not texts:
            return []
        encoded = self.tokenizer(list(texts), add_special_tokens=True, truncation=False, verbose=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def generate(self, texts: Sequence[str], *, max_batch_size: int, max_tokens: int,
                 lengths: Sequence[int] | None = None, on_batch=None, **generate_kwargs) -> list[str]:
        """Generate for each text; callers guarantee each fits max_input_tokens."""
        return self.submit(texts, max_batch_size=max_batch_size, max_tokens=max_tokens, lengths=lengths,
                           on_batch=on_batch, **generate_kwargs)()

    def submit(self, texts: Sequence[str], *, max_batch_size: int, max_tokens: int,
               lengths: Sequence[int] | None = None, on_batch=None, **generate_kwargs) -> Callable[[], list[str]]:
        """Start generating; the returned function gives the outputs. An engine without workers
        finishes here; one with workers keeps going while the caller submits more."""
        lengths = list(lengths) if lengths is not None else self.count_tokens(texts)
        too_long = [n for n in lengths if n > self.max_input_tokens]
        if too_long:
            raise ValueError(f"{len(too_long)} input(s) exceed {self.name}'s {self.max_input_tokens}-token limit; "
                             "they must be split before generation")
        options = self._options(generate_kwargs)
        if self.workers > 1:  # enough batches to keep every worker busy
            max_batch_size = max(1, min(max_batch_size, -(-len(texts) // self.workers)))
        return submit_batched(lambda batch: self._forward(batch, options), list(texts), lengths,
                              max_batch_size, max_tokens, on_batch=on_batch, submit=self.workers > 1)

    def _options(self, generate_kwargs: dict) -> dict:
        return generate_kwargs

    def _decode(self, ids) -> list[str]:
        decoded = self.tokenizer.batch_decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=True)
        return [text.strip() for text in decoded]

    def _forward(self, batch: list[str], options: dict) -> list[str]:
        raise NotImplementedError


@dataclass
class Seq2SeqModel(GenerationEngine):
    """A loaded tokenizer + encoder-decoder, ready to generate in batches."""
    name: str
    tokenizer: object
    model: object
    device: str
    max_input_tokens: int
    family: str  # config.model_type: "marian", "mbart", "mt5", ...
    load_seconds: float = 0.0

    @classmethod
    def load(cls, name: str, role: str, config: Config) -> "Seq2SeqModel":
        start = time.perf_counter()
        tokenizer, model_config, device = load_parts(name, role, config)
        from transformers import AutoModelForSeq2SeqLM
        import torch
        if config.num_threads:
            torch.set_num_threads(config.num_threads)
        model = _prepare(_load(AutoModelForSeq2SeqLM, name, role, config.allow_download, config=model_config),
                         device, config.dtype)
        return cls(name=name, tokenizer=tokenizer, model=model, device=device,
                   max_input_tokens=input_limit(model_config, tokenizer),
                   family=getattr(model_config, "model_type", "unknown"),
                   load_seconds=time.perf_counter() - start)

    @property
    def generation_config(self):
        return self.model.generation_config

    def _forward(self, batch: list[str], generate_kwargs: dict) -> list[str]:
        import torch
        inputs = self.tokenizer(batch, return_tensors="pt", padding=True, truncation=False)
        inputs = {k: v.to(self.device) for k, v in inputs.items()}
        beams = generate_kwargs.get("num_beams") or self.generation_config.num_beams or 1
        if SHARE_CROSS_ATTENTION_CACHE and beams > 1 and "past_key_values" not in generate_kwargs:
            generate_kwargs = {**generate_kwargs, "past_key_values": _beam_cache(self.model)}
        with torch.inference_mode():
            return self._decode(self.model.generate(**inputs, **generate_kwargs))


def load_engine(name: str, role: str, config: Config, engine: str = "transformers") -> GenerationEngine:
    """The model behind `name` on the chosen engine: transformers or CTranslate2 (converted once)."""
    if engine == "ctranslate2":
        from .ct2 import CTranslate2Model
        return CTranslate2Model.load(name, role, config)
    return Seq2SeqModel.load(name, role, config)

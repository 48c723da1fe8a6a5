"""CTranslate2 engine for the translator: the same Hugging Face folder, converted once.

The model is converted with CTranslate2's TransformersConverter into a cache
folder keyed by the source folder and the quantization (int8 on CPU, float16
on cuda unless `Config.dtype` says otherwise), then loaded as a
`ctranslate2.Translator`. The cache lives in $BRIEF_CT2_CACHE, else
$XDG_CACHE_HOME/brief-ct2 (~/.cache/brief-ct2).

Tokenizing and batching stay ours: the Hugging Face tokenizer makes the
tokens, and `batching.map_batched` makes the length-sorted batches, so both
engines see the same inputs in the same batches.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Sequence

from ..batching import map_batched
from ..config import Config
from ..errors import ModelUnavailable
from ..models import _check_available, _is_path, _load, input_limit, resolve_device, where_looked
from ..prompts import preset_for

log = logging.getLogger(__name__)

# Hugging Face generate() keyword -> ctranslate2 translate_batch() keyword.
GENERATE_TO_CT2 = {
    "num_beams": "beam_size",
    "max_new_tokens": "max_decoding_length",
    "min_new_tokens": "min_decoding_length",
    "length_penalty": "length_penalty",
    "repetition_penalty": "repetition_penalty",
    "no_repeat_ngram_size": "no_repeat_ngram_size",
}
# Keys that are harmless to drop: CTranslate2 always stops at the end token and decodes one hypothesis.
_IGNORED = {"early_stopping", "num_return_sequences", "renormalize_logits", "use_cache", "forced_eos_token_id"}


def compute_type(device: str, dtype: str) -> str:
    """The CTranslate2 compute type for a Config dtype: int8 on CPU and float16 on cuda by default."""
    if device == "cuda":
        return {"auto": "float16", "int8": "int8_float16"}.get(dtype, dtype)
    if dtype in ("float16", "bfloat16"):
        raise ValueError(f"dtype {dtype} is for cuda; on CPU the ctranslate2 engine takes int8 or float32")
    return "int8" if dtype == "auto" else dtype


def cache_root() -> Path:
    if os.environ.get("BRIEF_CT2_CACHE"):
        return Path(os.environ["BRIEF_CT2_CACHE"]).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME", "~/.cache")).expanduser() / "brief-ct2"


def _fingerprint(folder: Path) -> str:
    """Changes when the source files change, so a rebuilt model is converted again."""
    parts = [str(folder.resolve())]
    for file in sorted(folder.iterdir()):
        if file.is_file():
            stat = file.stat()
            parts.append(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


def convert(folder: Path, quantization: str, cache_dir: Path | None = None) -> Path:
    """Convert once per (folder contents, quantization); later calls return the cached folder."""
    import ctranslate2
    from ctranslate2.converters import TransformersConverter
    root = Path(cache_dir) if cache_dir else cache_root()
    target = root / f"{folder.name}-{quantization}-ct2v{ctranslate2.__version__.split('.')[0]}-{_fingerprint(folder)}"
    if (target / "model.bin").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    # Convert into a temporary folder, then rename: a crash never leaves a half-written cache entry.
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        TransformersConverter(str(folder)).convert(str(Path(tmp) / "model"), quantization=quantization, force=True)
        try:
            os.replace(Path(tmp) / "model", target)
        except OSError:  # another process converted it first
            if not (target / "model.bin").is_file():
                raise
    log.info("converted %s to CTranslate2 (%s) in %.1fs: %s", folder, quantization,
             time.perf_counter() - start, target)
    return target


def _local_folder(name: str, config: Config) -> Path:
    if _is_path(name):
        return Path(name).expanduser()
    from huggingface_hub import snapshot_download
    return Path(snapshot_download(name, local_files_only=not config.allow_download))


class CTranslate2Translator:
    """Translates lines that fit the model with a `ctranslate2.Translator`."""

    def __init__(self, name: str, tokenizer, translator, *, max_input_tokens: int, generation: dict,
                 batch_size: int, max_batch_tokens: int, max_new_tokens: int | None = None,
                 compute_type: str = "int8", eos_in_length: bool = False):
        self.name = name
        self.tokenizer = tokenizer
        self.translator = translator
        self.max_input_tokens = max_input_tokens
        self.generation = generation
        self.batch_size = batch_size
        self.max_batch_tokens = max_batch_tokens
        self.max_new_tokens = max_new_tokens
        self.compute_type = compute_type
        self.eos_in_length = eos_in_length

    @classmethod
    def load(cls, model: str, config: Config, cache_dir: str | Path | None = None) -> "CTranslate2Translator":
        try:
            import ctranslate2
        except ImportError as error:
            raise ModelUnavailable(model, "translator", "the ctranslate2 engine",
                                   "ctranslate2 is not installed: pip install ctranslate2") from error
        _check_available(model, "translator", config.allow_download)
        from transformers import AutoConfig, AutoTokenizer, GenerationConfig
        tokenizer = _load(AutoTokenizer, model, "translator", config.allow_download)
        model_config = _load(AutoConfig, model, "translator", config.allow_download)
        source = _local_folder(model, config)
        try:
            defaults = GenerationConfig.from_pretrained(str(source), local_files_only=True)
        except OSError:
            defaults = GenerationConfig.from_model_config(model_config)
        device = resolve_device(config.device)
        ctype = compute_type(device, config.dtype)
        try:
            folder = convert(source, ctype, Path(cache_dir) if cache_dir else None)
        except Exception as error:  # noqa: BLE001 - an unconvertible model is an unavailable one
            raise ModelUnavailable(model, "translator", where_looked(model),
                                   f"CTranslate2 could not convert it: {error}") from error
        threads = config.num_threads or os.cpu_count() or 1
        translator = ctranslate2.Translator(str(folder), device=device, compute_type=ctype,
                                            intra_threads=threads if device == "cpu" else 0)
        # The model's generation config is the base, the family preset overrides it (as for transformers).
        generation = {"num_beams": defaults.num_beams or 1}
        for key in ("length_penalty", "repetition_penalty", "no_repeat_ngram_size"):
            if getattr(defaults, key, None) is not None:
                generation[key] = getattr(defaults, key)
        generation.update(preset_for(getattr(model_config, "model_type", "unknown"), model).translation.generation)
        if config.num_beams:
            generation["num_beams"] = config.num_beams
        # The converter drops <pad> from the vocabulary (Marian starts from a zero embedding instead),
        # so it cannot be generated and must not be named.
        generation["suppress_sequences"] = [tokenizer.convert_ids_to_tokens(ids)
                                            for ids in (defaults.bad_words_ids or [])
                                            if ids != [tokenizer.pad_token_id]] or None
        return cls(model, tokenizer, translator, max_input_tokens=input_limit(model_config, tokenizer),
                   generation=generation, batch_size=config.batch_size, max_batch_tokens=config.max_batch_tokens,
                   max_new_tokens=config.translation_max_new_tokens, compute_type=ctype,
                   eos_in_length=defaults.forced_eos_token_id is not None)

    def count_tokens(self, lines: Sequence[str]) -> list[int]:
        if not lines:
            return []
        return [len(ids) for ids in self.tokenizer(list(lines), truncation=False, verbose=False)["input_ids"]]

    def _options(self, lengths: list[int], overrides: dict) -> dict:
        kwargs = dict(self.generation)
        kwargs["max_new_tokens"] = self.max_new_tokens or min(self.max_input_tokens, 2 * max(lengths) + 10)
        kwargs.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(kwargs) - set(GENERATE_TO_CT2) - _IGNORED - {"suppress_sequences"}
        if unknown:
            raise TypeError(f"the ctranslate2 engine has no equivalent for: {', '.join(sorted(unknown))}")
        options = {GENERATE_TO_CT2[k]: v for k, v in kwargs.items() if k in GENERATE_TO_CT2}
        if kwargs.get("suppress_sequences"):
            options["suppress_sequences"] = kwargs["suppress_sequences"]
        if self.eos_in_length:
            # transformers spends the last of max_new_tokens on the forced end token; CTranslate2 stops
            # at its limit without one: one step fewer gives the same text.
            options["max_decoding_length"] = max(1, options["max_decoding_length"] - 1)
            if "min_decoding_length" in options:
                options["min_decoding_length"] = min(options["min_decoding_length"], options["max_decoding_length"])
        options["max_input_length"] = self.max_input_tokens
        return options

    def _forward(self, batch: list[str], options: dict) -> list[str]:
        ids = self.tokenizer(batch, truncation=False, verbose=False)["input_ids"]
        results = self.translator.translate_batch([self.tokenizer.convert_ids_to_tokens(x) for x in ids],
                                                  **options)
        decoded = self.tokenizer.batch_decode(
            [self.tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results],
            skip_special_tokens=True, clean_up_tokenization_spaces=True)
        return [text.strip() for text in decoded]

    def translate(self, lines: Sequence[str], **generate_overrides) -> list[str]:
        if not lines:
            return []
        lengths = self.count_tokens(lines)
        options = self._options(lengths, generate_overrides)
        return map_batched(lambda batch: self._forward(batch, options), list(lines), lengths,
                           self.batch_size, self.max_batch_tokens)

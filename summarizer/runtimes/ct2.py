"""CTranslate2 runtime for either model: the same Hugging Face folder, converted once.

`CTranslate2Runtime` is a `base.GenerationRuntime` (count_tokens, generate and
submit with Hugging Face generate() keywords), so the seq2seq summarizer and
the translator drive it unchanged. Tokenizing and batching stay ours: the
Hugging Face tokenizer makes the tokens and `batching.submit_batched` the
length-sorted batches, so both runtimes see the same inputs in the same batches.

Known differences from transformers (tests/test_parity.py measures them): the
scores agree (float32: within 1e-4 per token) and greedy outputs are identical,
but beam search renormalises the scores after masking tokens (n-gram bans, the
minimum length) and stops once `num_beams` hypotheses are finished: it is
transformers' beam search with renormalize_logits=True and early_stopping=True,
and lines differ from the stock settings wherever a mask bites (mT5's bigram
ban, forced lengths). `repetition_penalty` is applied to logits without the
decoder start token (transformers' beam search applies it to log-probabilities,
and for mBART penalizes `</s>`): outputs with it differ, so the shipped presets
do not use it. Marian's decoder starts from a zero embedding (as opus-mt's
<pad> row is), which a checkpoint whose <pad> row was trained would break.

The model is converted with CTranslate2's TransformersConverter into a cache
folder keyed by the source files and the quantization (int8 on CPU, float16
on cuda unless `Config.dtype` says otherwise). The cache lives in
`Config.ct2_cache` (BRIEF_CT2_CACHE), else $XDG_CACHE_HOME/brief-ct2 (~/.cache/brief-ct2).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..config import Config, cache_home
from ..errors import ModelUnavailable, first_line
from .base import GenerationRuntime, input_limit, load_parts

log = logging.getLogger(__name__)

# Hugging Face generate() keyword -> ctranslate2 translate_batch() keyword.
GENERATE_TO_CT2 = {
    "num_beams": "beam_size",
    "max_new_tokens": "max_decoding_length",
    "min_new_tokens": "min_decoding_length",
    "length_penalty": "length_penalty",
    "repetition_penalty": "repetition_penalty",
    "no_repeat_ngram_size": "no_repeat_ngram_size",
    "num_return_sequences": "num_hypotheses",  # the n-best of the same beam search
}
# Accepted and dropped: CTranslate2 always stops at the end token
# (forced_eos is handled in _options) and stops a beam search early (see the module notes).
_IGNORED = {"early_stopping", "renormalize_logits", "use_cache", "forced_eos_token_id"}
_DEFAULT_KEYS = ("num_beams", "length_penalty", "repetition_penalty", "no_repeat_ngram_size")
# Model generation settings CTranslate2 cannot follow here, with their neutral values: a model
# that sets one is refused rather than run differently.
_UNSUPPORTED = {"do_sample": False, "forced_bos_token_id": None, "encoder_no_repeat_ngram_size": 0,
                "suppress_tokens": None, "begin_suppress_tokens": None}
# CPU threads are split into up to this many one-batch-at-a-time workers. On 2 cores, two
# one-thread workers were 1.1x faster than one two-thread worker (bench/RESULTS.md).
MAX_CPU_WORKERS = 4
# Bump when the conversion below changes, so cached conversions are redone.
CONVERSION_REVISION = 1
TESTED_VERSION = "4.8.5"


def cpu_workers(threads: int) -> tuple[int, int]:
    """(workers, threads per worker): the most workers, up to MAX_CPU_WORKERS, that divide the threads."""
    workers = next(w for w in range(min(threads, MAX_CPU_WORKERS), 0, -1) if threads % w == 0)
    return workers, threads // workers


def compute_type(device: str, dtype: str) -> str:
    """The CTranslate2 compute type for a Config dtype: int8 on CPU and float16 on cuda by default."""
    if device == "cuda":
        return {"auto": "float16", "int8": "int8_float16"}.get(dtype, dtype)
    if dtype in ("float16", "bfloat16"):
        raise ValueError(f"dtype {dtype} is for cuda; on CPU the ctranslate2 runtime takes int8 or float32")
    return "int8" if dtype == "auto" else dtype


def cache_root(config: Config) -> Path:
    if config.ct2_cache:
        return Path(config.ct2_cache).expanduser()
    return cache_home() / "brief-ct2"


def _fingerprint(folder: Path) -> str:
    """Changes when the source files change, so a rebuilt model is converted again."""
    parts = [str(folder.resolve())]
    for file in sorted(folder.iterdir()):
        if file.is_file():
            stat = file.stat()
            parts.append(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


def _converter_class():
    from ctranslate2.converters import TransformersConverter

    class Converter(TransformersConverter):
        """Fills in what some checkpoints leave implicit; never runs remote code."""

        model_config = None

        def load_model(self, model_class, name, **kwargs):
            model = super().load_model(model_class, name, **kwargs)
            # mBART is pre-norm by architecture; the converter reads it from a field only
            # fairseq-converted configs carry.
            if model.config.model_type == "mbart" and not hasattr(model.config, "normalize_before"):
                model.config.normalize_before = True
            self.model_config = model.config
            return model

        def load_tokenizer(self, tokenizer_class, name, **kwargs):
            tokenizer = super().load_tokenizer(tokenizer_class, name, **kwargs)
            config = self.model_config
            if config is None or config.model_type == "marian":  # Marian's loader handles its own rows
                return tokenizer
            return _PaddedVocabulary(tokenizer, getattr(config, "vocab_size", 0))

    return Converter


class _PaddedVocabulary:
    """A tokenizer whose vocabulary names every embedding row.

    Checkpoints may have more rows than tokenizer pieces (padded for speed);
    the converter needs one name per row. The extra names are never produced
    by the tokenizer, so they change nothing.
    """

    def __init__(self, tokenizer, size: int):
        self._tokenizer = tokenizer
        self._size = size

    def __getattr__(self, name):
        return getattr(self._tokenizer, name)

    def get_vocab(self) -> dict:
        vocab = dict(self._tokenizer.get_vocab())
        ids = set(vocab.values())
        for row in range(self._size):
            if row not in ids:
                vocab[f"<unused-row-{row}>"] = row
        return vocab


def convert(folder: Path, quantization: str, cache_dir: Path, decoder_start_token: str | None = None) -> Path:
    """Convert once per (folder contents, quantization); later calls return the cached folder.

    `decoder_start_token` is the one generate() uses, written in where the converter leaves it unset.
    """
    import ctranslate2
    root = Path(cache_dir)
    version = f"ct2v{ctranslate2.__version__.split('.')[0]}r{CONVERSION_REVISION}"
    target = root / f"{folder.name}-{quantization}-{version}-{_fingerprint(folder)}"
    if (target / "model.bin").is_file():
        return target
    root.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    # Convert into a temporary folder, then rename: a crash never leaves a half-written cache entry.
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        out = Path(tmp) / "model"
        _converter_class()(str(folder)).convert(str(out), quantization=quantization, force=True)
        settings = json.loads((out / "config.json").read_text())
        if not settings.get("decoder_start_token"):
            if not decoder_start_token:
                raise ValueError("the model names no decoder_start_token_id in its generation config or config")
            settings["decoder_start_token"] = decoder_start_token
            (out / "config.json").write_text(json.dumps(settings, indent=2))
        try:
            os.replace(out, target)
        except OSError:  # another process converted it first
            if not (target / "model.bin").is_file():
                raise
    log.info("converted %s to CTranslate2 (%s) in %.1fs: %s", folder, quantization,
             time.perf_counter() - start, target)
    return target


@dataclass
class CTranslate2Runtime(GenerationRuntime):
    """A tokenizer + `ctranslate2.Translator`, ready to generate in batches."""
    name: str
    tokenizer: object
    translator: object
    device: str
    max_input_tokens: int
    family: str
    generation_config: object  # transformers.GenerationConfig: the model's defaults
    compute_type: str = "int8"
    workers: int = 1
    min_fill: float = 0.5

    @classmethod
    def load(cls, name: str, role: str, config: Config) -> "CTranslate2Runtime":
        try:
            import ctranslate2
        except ImportError as error:
            raise ModelUnavailable(name, role, f"--{role}-runtime ctranslate2",
                                   f"ctranslate2 is not installed: pip install ctranslate2=={TESTED_VERSION}") from error
        source, tokenizer, model_config, device = load_parts(name, role, config)
        from transformers import GenerationConfig
        try:
            defaults = GenerationConfig.from_pretrained(str(source), local_files_only=True)
        except OSError:
            defaults = GenerationConfig.from_model_config(model_config)
        odd = [k for k, neutral in _UNSUPPORTED.items() if getattr(defaults, k, neutral) not in (neutral, [])]
        if odd:
            raise ModelUnavailable(name, role, str(source), "its generation config sets "
                                   f"{', '.join(odd)}, which --{role}-runtime ctranslate2 does not follow; "
                                   f"use --{role}-runtime transformers")
        # generate()'s start token: the generation config's, else the model config's.
        start_id = defaults.decoder_start_token_id
        start_id = model_config.decoder_start_token_id if start_id is None else start_id
        try:
            ctype = compute_type(device, config.dtype)
            folder = convert(source, ctype, cache_root(config),
                             None if start_id is None else tokenizer.convert_ids_to_tokens(start_id))
            workers, threads = cpu_workers(config.threads) if device == "cpu" else (1, 0)
            translator = ctranslate2.Translator(str(folder), device=device, compute_type=ctype,
                                                inter_threads=workers, intra_threads=threads)
        except Exception as error:  # noqa: BLE001 - a model CTranslate2 cannot run is an unavailable one
            raise ModelUnavailable(name, role, str(source), f"CTranslate2 cannot run it: {first_line(error)}") from error
        return cls(name=name, tokenizer=tokenizer, translator=translator, device=device,
                   max_input_tokens=input_limit(model_config, tokenizer),
                   family=getattr(model_config, "model_type", "unknown"), generation_config=defaults,
                   compute_type=ctype, workers=workers, min_fill=config.batch_min_fill)

    def _options(self, generate_kwargs: dict) -> dict:
        """translate_batch() options for generate() keywords, over the model's generation config."""
        defaults = self.generation_config
        kwargs = {k: getattr(defaults, k) for k in _DEFAULT_KEYS if getattr(defaults, k, None) is not None}
        kwargs["num_beams"] = kwargs.get("num_beams") or 1
        kwargs.update({k: v for k, v in generate_kwargs.items() if v is not None})
        unknown = set(kwargs) - set(GENERATE_TO_CT2) - _IGNORED
        if unknown:
            raise TypeError(f"the ctranslate2 runtime has no equivalent for: {', '.join(sorted(unknown))}")
        options = {GENERATE_TO_CT2[k]: v for k, v in kwargs.items() if k in GENERATE_TO_CT2}
        # transformers' max_length and min_length count the decoder start token; CTranslate2's do not.
        options.setdefault("max_decoding_length", defaults.max_new_tokens or max(1, defaults.max_length - 1))
        if defaults.min_length and "min_decoding_length" not in options:
            options["min_decoding_length"] = defaults.min_length - 1
        # The converter drops Marian's <pad> from the vocabulary, so it cannot be named.
        banned = [self.tokenizer.convert_ids_to_tokens(ids) for ids in (defaults.bad_words_ids or [])
                  if ids != [self.tokenizer.pad_token_id]]
        if banned:
            options["suppress_sequences"] = banned
        if defaults.forced_eos_token_id is not None:
            # transformers spends the last of max_new_tokens on the forced end token; CTranslate2 stops
            # at its limit without one: one step fewer gives the same text.
            options["max_decoding_length"] = max(1, options["max_decoding_length"] - 1)
            if "min_decoding_length" in options:
                options["min_decoding_length"] = min(options["min_decoding_length"], options["max_decoding_length"])
        options["max_input_length"] = self.max_input_tokens
        if options.get("repetition_penalty", 1) != 1:
            log.warning("%s: repetition_penalty works differently in CTranslate2 (on logits, without the start "
                        "token) than in transformers' beam search (on log-probabilities): outputs differ", self.name)
        return options

    def score(self, texts: Sequence[str], targets: Sequence[Sequence[int]]) -> list[list[float]]:
        """Log-probability of each target token id, then of the end token, after its source text
        (CTranslate2's score_batch; `hf.TransformersRuntime.score` is the transformers reference)."""
        sources = [self.tokenizer.convert_ids_to_tokens(ids)
                   for ids in self.tokenizer(list(texts), truncation=False, verbose=False)["input_ids"]]
        wanted = [self.tokenizer.convert_ids_to_tokens(list(ids)) for ids in targets]
        results = self.translator.score_batch(sources, wanted, max_input_length=self.max_input_tokens)
        return [list(result.log_probs) for result in results]

    def _forward(self, batch: list[str], options: dict):
        """The batch's outputs; with several workers, a function that waits for them."""
        ids = self.tokenizer(batch, truncation=False, verbose=False)["input_ids"]
        tokens = [self.tokenizer.convert_ids_to_tokens(x) for x in ids]
        n = options.get("num_hypotheses") or 1
        if self.workers == 1:
            return self._decode_results(self.translator.translate_batch(tokens, **options), n)
        futures = self.translator.translate_batch(tokens, asynchronous=True, **options)
        return lambda: self._decode_results([f.result() for f in futures], n)

    def _decode_results(self, results, n: int = 1) -> list:
        if n == 1:
            return self._decode([self.tokenizer.convert_tokens_to_ids(r.hypotheses[0]) for r in results])
        # n-best, best first (CTranslate2 sorts a beam search's hypotheses by score).
        return [self._decode([self.tokenizer.convert_tokens_to_ids(h) for h in r.hypotheses[:n]]) for r in results]


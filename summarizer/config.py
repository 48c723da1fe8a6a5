"""The one typed configuration: arguments, then BRIEF_* environment variables, then defaults."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields
from typing import Literal, get_args, get_origin, get_type_hints

Backend = Literal["extractive", "seq2seq"]
Device = Literal["auto", "cpu", "cuda"]
DType = Literal["auto", "float32", "float16", "bfloat16", "int8"]
Engine = Literal["transformers", "ctranslate2"]

DEFAULT_SUMMARIZER = "csebuetnlp/mT5_multilingual_XLSum"
DEFAULT_TRANSLATOR = "Helsinki-NLP/opus-mt-ar-en"
ENV_PREFIX = "BRIEF_"


@dataclass(frozen=True)
class Config:
    backend: Backend = "extractive"
    summarizer_model: str = DEFAULT_SUMMARIZER
    # An empty string turns translation off.
    translator_model: str = DEFAULT_TRANSLATOR
    # ctranslate2: the same Hugging Face folder, converted once (int8 on CPU, float16 on cuda).
    summarizer_engine: Engine = "transformers"
    translator_engine: Engine = "transformers"
    device: Device = "auto"
    dtype: DType = "auto"
    # None: the model's own generation config decides.
    num_beams: int | None = None
    summary_max_new_tokens: int = 96
    headline_max_new_tokens: int = 32
    translation_max_new_tokens: int | None = None
    num_bullets: int = 5
    # The extractive headline compresses the lead: half of them 11-18 words long (eval/train_scorer.py).
    headline_max_words: int = 20
    # Inputs longer than this are refused with a clear error, not cut.
    max_chars: int = 200_000
    max_file_bytes: int = 4_000_000
    # Batching: sentences per generate call and padded tokens per call.
    batch_size: int = 32
    max_batch_tokens: int = 8192
    # Local files first; reaching the hub is opt-in (it takes ~50 s to fail offline).
    allow_download: bool = False
    require_english: bool = False
    num_threads: int | None = None

    def __post_init__(self) -> None:
        if not 3 <= self.num_bullets <= 7:
            raise ValueError(f"num_bullets must be between 3 and 7, got {self.num_bullets}")
        if self.num_beams is not None and self.num_beams < 1:
            raise ValueError(f"num_beams must be at least 1, got {self.num_beams}")
        for name in ("max_chars", "max_file_bytes", "batch_size", "max_batch_tokens", "headline_max_words"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be positive, got {getattr(self, name)}")
        hints = get_type_hints(Config)
        for f in fields(self):
            choices = get_args(hints[f.name]) if get_origin(hints[f.name]) is Literal else ()
            if choices and getattr(self, f.name) not in choices:
                raise ValueError(f"{f.name} must be one of {', '.join(choices)}; got {getattr(self, f.name)!r}")

    def replace(self, **changes) -> "Config":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_env(cls, environ: dict | None = None, **overrides) -> "Config":
        """Defaults, overridden by BRIEF_<FIELD> variables, overridden by arguments that are not None."""
        environ = os.environ if environ is None else environ
        hints = get_type_hints(cls)
        values = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _parse(raw, hints[f.name], f.name)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _parse(raw: str, hint, name: str):
    types = [t for t in get_args(hint) if t is not type(None)] or [hint]
    kind = types[0]
    if get_origin(kind) is Literal:
        return raw
    try:
        if kind is bool:
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes", "on"}
        if kind is int:
            return None if raw.lower() in {"", "none"} else int(raw)
    except ValueError:
        raise ValueError(f"environment variable {ENV_PREFIX}{name.upper()}={raw!r} is not a valid {kind.__name__}") from None
    return raw

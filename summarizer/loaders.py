"""Loading the models a Config names: the summarizer (with the extractive one as its fallback) and the
translator (or why there is no English). A model the user named that is not there is an error; the
defaults that cannot be had now fall back, and say so."""
from __future__ import annotations

import copy
import logging
import threading
from pathlib import Path

from .config import Config, is_local_path
from .errors import ModelUnavailable
from .notes import ENGLISH_OK, English, EnglishStatus
from .presets import preset_for
from .summarize.base import Summarizer
from .summarize.extractive import ExtractiveSummarizer
from .translate.base import CachedTranslator, SegmentingTranslator, Translator

log = logging.getLogger(__name__)
ENGLISH_OFF = EnglishStatus(English.OFF, "translation turned off (no translator model configured)")
ENGLISH_TURNED_OFF = EnglishStatus(English.OFF, "translation turned off")


def load_summarizer(cfg: Config) -> tuple[Summarizer, list[str]]:
    """The configured summarizer, and what went wrong loading it (then the extractive one is used)."""
    if cfg.backend == "extractive":
        return ExtractiveSummarizer(headline_max_words=cfg.headline_max_words), []
    from .runtimes.load import load_runtime
    from .summarize.seq2seq import Seq2SeqSummarizer
    try:
        runtime = load_runtime(cfg.summarizer_model, "summarizer", cfg, cfg.summarizer_runtime)
    except ModelUnavailable as error:
        if named_and_missing(cfg, "summarizer_model", error):
            raise
        warning = f"{error} Using the extractive summarizer instead."
        log.info("%s", warning)  # callers show the load warnings themselves
        return ExtractiveSummarizer(headline_max_words=cfg.headline_max_words), [warning]
    return Seq2SeqSummarizer(
        runtime, preset_for(runtime.family, runtime.name), num_beams=cfg.num_beams,
        summary_max_new_tokens=cfg.summary_max_new_tokens, headline_max_new_tokens=cfg.headline_max_new_tokens,
        headline_max_words=cfg.headline_max_words, batch_size=cfg.generate_batch_size,
        max_batch_tokens=cfg.max_batch_tokens), []


def load_translator(cfg: Config) -> tuple[Translator | None, EnglishStatus]:
    """The configured translator (segmenting and cached), or None and why there is no English."""
    if not cfg.translator_model:
        if cfg.require_english:
            raise ModelUnavailable("(none)", "translator", "configuration", "translation is turned off")
        return None, ENGLISH_OFF
    try:
        from .runtimes.load import load_runtime
        from .translate.marian import MarianTranslator
        runtime = load_runtime(cfg.translator_model, "translator", cfg, cfg.translator_runtime)
        inner = MarianTranslator(runtime, preset_for(runtime.family, runtime.name).translation,
                                 num_beams=cfg.num_beams, max_new_tokens=cfg.translation_max_new_tokens,
                                 batch_size=cfg.generate_batch_size, max_batch_tokens=cfg.max_batch_tokens)
    except ModelUnavailable as error:
        # A translator the user named is wanted: not having it is an error, unless they allow Arabic only.
        named = not cfg.is_default("translator_model") and not cfg.allow_no_english
        if cfg.require_english or named or named_and_missing(cfg, "translator_model", error):
            raise
        log.info("%s", error)  # the whole story; the brief carries one short line
        return None, EnglishStatus(English.UNAVAILABLE, short_status(error))
    return CachedTranslator(SegmentingTranslator(inner, inner.max_input_tokens, inner.count_tokens)), \
        EnglishStatus(English.OK)


def named_and_missing(config: Config, name: str, error: ModelUnavailable) -> bool:
    """A model the user named (not the default) that does not exist: a folder that is not there, or an id
    the hub does not know. That is an error, not a fallback. A named hub id that cannot be had now
    (offline, hub unreachable) is unavailable like the default, as is a model these settings cannot
    run (e.g. float16 on a CPU)."""
    if config.is_default(name):
        return False
    model = getattr(config, name)
    if is_local_path(model):
        return not (Path(model).expanduser() / "config.json").is_file()
    return error.reason.startswith("no such model on the hub")


def short_status(error: ModelUnavailable) -> str:
    """Why there is no English, in one short line; `brief models doctor` has the rest."""
    reason = error.reason.split(" (")[0].split(";")[0].rstrip(". ")
    return f"translator {error.model}: {reason}; see `brief models doctor`"


class LoadedModels:
    """The models a pipeline holds: loaded once (now, or on first use), with what went wrong loading them
    and the state of its English. BriefPipeline runs its steps over these."""

    def __init__(self, config: Config, summarizer: Summarizer | None = None, translator: Translator | None = None):
        self.config = config
        self._summarizer_warnings: list[str] = []
        self._load_lock = threading.RLock()
        self._summarizer = summarizer
        self._translator: Translator | None = translator
        self._english: EnglishStatus | None = ENGLISH_OK if translator is not None else None

    def load(self):
        """Load what is not loaded yet; a model the user named that cannot be found raises ModelUnavailable."""
        with self._load_lock:
            if self._summarizer is None:
                self._summarizer, self._summarizer_warnings = load_summarizer(self.config)
            if self._english is None:
                self._translator, self._english = load_translator(self.config)
        return self

    @property
    def summarizer(self) -> Summarizer:
        return self._summarizer if self._summarizer is not None else self.load()._summarizer

    @summarizer.setter
    def summarizer(self, value: Summarizer) -> None:
        self._summarizer = value

    @property
    def translator(self) -> Translator | None:
        return self.load()._translator if self._english is None else self._translator

    @translator.setter
    def translator(self, value: Translator | None) -> None:
        self._translator, self._english = value, ENGLISH_OK if value is not None else ENGLISH_TURNED_OFF

    @property
    def english(self) -> EnglishStatus:
        """Whether this pipeline writes English, and why not."""
        return self.load()._english if self._english is None else self._english

    @property
    def english_status(self) -> str:
        return str(self.english)

    @property
    def load_warnings(self) -> list[str]:
        """What went wrong loading the models, other than English (`english` says that, once)."""
        self.load()
        return list(self._summarizer_warnings)

    def with_backend(self, backend: str, summarizer_model: str | None = None):
        """The same pipeline with another summarizer; translator, its status and the model lock are shared."""
        other = copy.copy(self)
        other.config = self.config.replace(backend=backend, summarizer_model=summarizer_model)
        other._summarizer, other._summarizer_warnings = load_summarizer(other.config)
        return other

    def status(self) -> dict:
        """What is loaded, in words a user can act on."""
        return {
            "summarizer": self.summarizer.name + (f" ({self.summarizer.model})" if self.summarizer.model else ""),
            "translator": self.translator.name if self.translator else None,
            "english": self.english_status,
            "device": self.device,
            "warnings": list(self.load_warnings),
        }

    @property
    def device(self) -> str:
        """Where the models run; the extractive summarizer alone needs none."""
        for part in (self.summarizer, self.translator):
            while part is not None and not hasattr(part, "runtime") and hasattr(part, "inner"):
                part = part.inner
            runtime = getattr(part, "runtime", None)
            if runtime is not None and hasattr(runtime, "device"):
                return str(runtime.device)
        return "none (no neural model loaded)"

"""BriefPipeline: models loaded once, then preprocess -> forward -> postprocess, single or batch.

text -> normalize/validate -> split -> summarize -> translate -> check -> Brief.
Batching across articles happens here (all lines of all briefs in one translate
call); batching into generate calls happens in `batching.py`.
"""
from __future__ import annotations

import copy
import logging
import threading
import time
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from ._version import __version__
from .brief import Brief
from .config import Config, check_beams, check_bullets, is_local_path
from .errors import BriefError, InputError, ModelUnavailable, first_line
from .faithfulness import check_brief, line_names
from .presets import preset_for
from .record import Record, content_settings, output_record
from .summarize.base import Summarizer, Summary
from .summarize.extractive import ExtractiveSummarizer
from .text.sentences import Sentence, split_sentences
from .text.validate import prepare_article
from .translate.base import CachedTranslator, SegmentingTranslator, Translator, note_of
from .web.urls import redact

log = logging.getLogger(__name__)

# Options that may change per call; everything else is fixed when the models are loaded.
CALL_OPTIONS = frozenset({"num_bullets", "num_beams", "translate", "summary_generate", "translation_generate"})


@dataclass
class Document:
    text: str
    sentences: list[Sentence]
    timings: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. "HTML converted to text"


class BriefPipeline:
    """Holds the loaded summarizer and translator; call it on text, or run it over records."""

    def __init__(self, config: Config | None = None, *, summarizer: Summarizer | None = None,
                 translator: Translator | None = None, load: bool = True, **overrides):
        """`load=False` loads the models on first use instead of now (the command checks its input and
        output first, so a bad input never waits for, or warns about, a model)."""
        self.config = (config or Config.from_env()).replace(**overrides)
        self._summarizer_warnings: list[str] = []
        self._lock = threading.Lock()
        self._load_lock = threading.RLock()
        self._summarizer = summarizer
        self._translator: Translator | None = translator
        self._english_status = "ok" if translator is not None else None
        if load:
            self.load()

    def load(self) -> "BriefPipeline":
        """Load what is not loaded yet; a model the user named that cannot be found raises ModelUnavailable."""
        with self._load_lock:
            if self._summarizer is None:
                self._summarizer = self._load_summarizer()
            if self._english_status is None:
                self._translator, self._english_status = self._load_translator()
        return self

    @property
    def summarizer(self) -> Summarizer:
        return self._summarizer if self._summarizer is not None else self.load()._summarizer

    @summarizer.setter
    def summarizer(self, value: Summarizer) -> None:
        self._summarizer = value

    @property
    def translator(self) -> Translator | None:
        return self.load()._translator if self._english_status is None else self._translator

    @translator.setter
    def translator(self, value: Translator | None) -> None:
        self._translator, self._english_status = value, "ok" if value is not None else "translation turned off"

    @property
    def english_status(self) -> str:
        return self.load()._english_status if self._english_status is None else self._english_status

    @property
    def load_warnings(self) -> list[str]:
        """What went wrong loading the models, other than English (`english_status` says that, once)."""
        self.load()
        return list(self._summarizer_warnings)

    def with_backend(self, backend: str, summarizer_model: str | None = None) -> "BriefPipeline":
        """The same pipeline with another summarizer; translator, its status and the model lock are shared."""
        other = copy.copy(self)
        other.config = self.config.replace(backend=backend, summarizer_model=summarizer_model)
        other._summarizer_warnings = []
        other._summarizer = other._load_summarizer()
        return other

    # -- loading -------------------------------------------------------------
    def _load_summarizer(self) -> Summarizer:
        cfg = self.config
        if cfg.backend == "extractive":
            return ExtractiveSummarizer(headline_max_words=cfg.headline_max_words)
        from .runtimes.load import load_runtime
        from .summarize.seq2seq import Seq2SeqSummarizer
        try:
            runtime = load_runtime(cfg.summarizer_model, "summarizer", cfg, cfg.summarizer_runtime)
        except ModelUnavailable as error:
            if _named_and_missing(cfg, "summarizer_model", error):
                raise
            self._summarizer_warnings.append(f"{error} Using the extractive summarizer instead.")
            log.info("%s", self._summarizer_warnings[-1])  # callers show load_warnings themselves
            return ExtractiveSummarizer(headline_max_words=cfg.headline_max_words)
        return Seq2SeqSummarizer(
            runtime, preset_for(runtime.family, runtime.name), num_beams=cfg.num_beams,
            summary_max_new_tokens=cfg.summary_max_new_tokens,
            headline_max_new_tokens=cfg.headline_max_new_tokens,
            headline_max_words=cfg.headline_max_words, batch_size=cfg.generate_batch_size,
            max_batch_tokens=cfg.max_batch_tokens)

    def _load_translator(self) -> tuple[Translator | None, str]:
        cfg = self.config
        if not cfg.translator_model:
            if cfg.require_english:
                raise ModelUnavailable("(none)", "translator", "configuration", "translation is turned off")
            return None, "translation turned off (no translator model configured)"
        try:
            from .runtimes.load import load_runtime
            from .translate.marian import MarianTranslator
            runtime = load_runtime(cfg.translator_model, "translator", cfg, cfg.translator_runtime)
            inner = MarianTranslator(runtime, preset_for(runtime.family, runtime.name).translation,
                                     num_beams=cfg.num_beams, max_new_tokens=cfg.translation_max_new_tokens,
                                     batch_size=cfg.generate_batch_size, max_batch_tokens=cfg.max_batch_tokens)
        except ModelUnavailable as error:
            if cfg.require_english or _named_and_missing(cfg, "translator_model", error):
                raise
            log.info("%s", error)  # the whole story; the brief carries one short line
            return None, short_status(error)
        return CachedTranslator(SegmentingTranslator(inner, inner.max_input_tokens, inner.count_tokens)), "ok"

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

    # -- the three steps -----------------------------------------------------
    def preprocess(self, text: str | bytes) -> Document:
        start = time.perf_counter()
        notes: list[str] = []
        clean = prepare_article(text, self.config.max_chars, notes=notes)
        sentences = split_sentences(clean)
        if not sentences:
            raise InputError("article has no sentences")
        return Document(clean, sentences, {"preprocess": time.perf_counter() - start}, notes)

    def _forward(self, docs: Sequence[Document], num_bullets: int, translate: bool,
                 num_beams: int | None, summary_generate: dict | None,
                 translation_generate: dict | None) -> tuple[list[Summary], list[list[str]] | None, dict]:
        timings = {}
        with self._lock:
            start = time.perf_counter()
            options = dict(summary_generate or {})
            if num_beams and self.summarizer.name == "seq2seq":
                options["num_beams"] = num_beams
            summaries = self.summarizer.summarize_batch([d.sentences for d in docs], num_bullets, **options)
            timings["summarize"] = (time.perf_counter() - start) / len(docs)
            translations = None
            if translate and self.translator is not None:
                start = time.perf_counter()
                lines = [line for s in summaries for line in (s.headline, *s.bullets)]
                t_options = dict(translation_generate or {})
                if num_beams:
                    t_options["num_beams"] = num_beams
                flat = self.translator.translate(lines, **t_options)
                translations, pos = [], 0
                for s in summaries:
                    translations.append(flat[pos:pos + 1 + len(s.bullets)])
                    pos += 1 + len(s.bullets)
                timings["translate"] = (time.perf_counter() - start) / len(docs)
        return summaries, translations, timings

    def postprocess(self, doc: Document, summary: Summary, english: list[str] | None,
                    timings: dict, translate: bool) -> Brief:
        start = time.perf_counter()
        lines_ar = [summary.headline, *summary.bullets]
        # Each Arabic line's numbers are checked against its own source sentences, not the whole article.
        own = [" ".join(doc.sentences[i].text for i in src if i < len(doc.sentences)) or None
               for src in [summary.headline_sources, *summary.sources]]
        flags = check_brief(doc.text, lines_ar, english, generated=summary.generated, line_sources=own)
        warnings = [*self.load_warnings, *doc.notes, *summary.warnings]
        status = "ok" if english is not None else (self.english_status if translate else "translation not requested")
        warnings += [str(f) for f in flags]
        # Lines the translator repaired (a faithful hypothesis of the same beam search kept instead of the best).
        warnings += [f"{name} (en): {note_of(en)}" for name, en in zip(line_names(len(lines_ar) - 1), english or [])
                     if note_of(en)]
        cited = sorted({i for src in [summary.headline_sources, *summary.sources] for i in src})
        timings = {**doc.timings, **timings, "check": time.perf_counter() - start}
        return Brief(
            headline_ar=summary.headline, bullets_ar=list(summary.bullets),
            headline_en=english[0] if english else None, bullets_en=list(english[1:]) if english else None,
            sources=[list(s) for s in summary.sources], headline_sources=list(summary.headline_sources),
            source_sentences={i: doc.sentences[i].text for i in cited if i < len(doc.sentences)},
            warnings=warnings, flags=flags, english_status=status,
            meta={"backend": self.summarizer.name, "summarizer_model": self.summarizer.model,
                  "translator_model": self.translator.name if self.translator else None,
                  "sentences": len(doc.sentences), "timings": {k: round(v, 4) for k, v in timings.items()},
                  "version": __version__})

    # -- entry points --------------------------------------------------------
    def _options(self, options: dict) -> dict:
        unknown = set(options) - CALL_OPTIONS
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(CALL_OPTIONS))}")
        num_bullets = options.get("num_bullets")
        num_bullets = self.config.num_bullets if num_bullets is None else check_bullets(num_bullets)
        num_beams = options.get("num_beams")
        translate = options.get("translate", True)
        if not isinstance(translate, bool):
            raise ValueError(f"translate must be True or False, got {translate!r}")
        return {"num_bullets": num_bullets, "translate": translate,
                "num_beams": self.config.num_beams if num_beams is None else check_beams(num_beams),
                "summary_generate": options.get("summary_generate"),
                "translation_generate": options.get("translation_generate")}

    def brief_batch(self, texts: Iterable[str | bytes], **options) -> list[Brief | BriefError]:
        """One Brief per text, or the error that text got; one bad text never spoils the others.

        When `texts` itself fails part way (a generator that raises), the texts taken before the
        failure are briefed and returned, followed by one BriefError item for the failure (its
        `__cause__` is the original exception); nothing after it is read.
        """
        if isinstance(texts, (str, bytes)):  # else each character would be an article
            raise TypeError("brief_batch takes a list of articles; for one article call the pipeline itself")
        opts = self._options(options)
        taken: list = []
        failure = None
        try:
            for text in texts:
                taken.append(text)
        except Exception as error:  # noqa: BLE001 - the input failed: brief what was read, then say so
            failure = BriefError(f"the input failed after {len(taken)} articles: {type(error).__name__}: "
                                 f"{first_line(error)}")
            failure.__cause__ = error
        results = self._brief_list(taken, opts)
        return results + [failure] if failure is not None else results

    def content_settings(self, **options) -> dict:
        """The settings that change a brief's content, as each brief records them (meta["settings"])."""
        opts = self._options(options)
        return content_settings(self.config, num_bullets=opts["num_bullets"], num_beams=opts["num_beams"],
                                translate=opts["translate"])

    def brief_documents(self, docs: Sequence[Document], **options) -> list[Brief | BriefError]:
        """One Brief per preprocessed Document (`preprocess`): the models' steps alone, for a caller that
        decodes and checks its inputs elsewhere (the app does, outside the model batch)."""
        opts = self._options(options)
        return self._brief_docs(list(docs), list(range(len(docs))), [None] * len(docs), None, opts)

    def _brief_list(self, texts: list, opts: dict) -> list[Brief | BriefError]:
        results: list = [None] * len(texts)
        docs, slots = [], []
        for i, text in enumerate(texts):
            try:
                docs.append(self.preprocess(text))
                slots.append(i)
            except InputError as error:
                results[i] = error
        return self._brief_docs(docs, slots, results, texts, opts)

    def _brief_docs(self, docs: list[Document], slots: list[int], results: list, texts: list | None,
                    opts: dict) -> list[Brief | BriefError]:
        """The models' steps over docs, into results at their slots; a failure is isolated per article."""
        if not docs:
            return results
        try:
            summaries, english, timings = self._forward(docs, **opts)
        except ModelUnavailable:
            raise  # no article broke it: a model the user named is not there (the command exits 3)
        except Exception:  # noqa: BLE001 - isolate the article that broke the batch
            if len(docs) == 1:
                raise
            for i, doc in zip(slots, docs):
                results[i] = self._brief_one_safely(doc if texts is None else texts[i], opts)
            return results
        settings = content_settings(self.config, num_bullets=opts["num_bullets"], num_beams=opts["num_beams"],
                                    translate=opts["translate"])
        for n, (i, doc) in enumerate(zip(slots, docs)):
            results[i] = self.postprocess(doc, summaries[n], english[n] if english else None, timings,
                                          opts["translate"])
            results[i].meta["settings"] = dict(settings)
        return results

    def _brief_one_safely(self, item, opts) -> Brief | BriefError:
        try:
            if isinstance(item, Document):
                return self._brief_docs([item], [0], [None], None, opts)[0]
            return self._brief_list([item], opts)[0]
        except ModelUnavailable:
            raise
        except Exception as error:  # noqa: BLE001
            log.exception("briefing failed")
            return BriefError(f"internal error while briefing: {type(error).__name__}: {error}")

    def __call__(self, text: str | bytes, **options) -> Brief:
        """Brief one article; raises InputError for bad input."""
        result = self.brief_batch([text], **options)[0]
        if isinstance(result, Exception):
            raise result
        return result

    def run_records(self, records: Iterable[Record], batch_size: int | None = None,
                    **options) -> Iterator[dict]:
        """Output records in input order: {"id", "brief"} or {"id", "error"}; never drops one.

        When `records` fails part way, the records read before the failure are briefed and yielded
        first; then the failure is raised."""
        size = batch_size or self.config.batch_size
        pending: list[Record] = []
        source = iter(records)
        while True:
            try:  # only the input's own failure: what was read is briefed first
                record = next(source)
            except StopIteration:
                break
            except Exception:
                if pending:
                    yield from self._run_chunk(pending, options)
                raise
            pending.append(record)
            if len(pending) >= size:
                yield from self._run_chunk(pending, options)
                pending = []
        if pending:
            yield from self._run_chunk(pending, options)

    def _run_chunk(self, records: list[Record], options: dict) -> list[dict]:
        # A row given by its link that nobody fetched (summarizer.web fetches for the local command).
        records = [replace(r, error=f"{redact(r.url)}: a page to fetch; pages are fetched by the local executor, not "
                                    "under --executor ray (run without it, or give the text)")
                   if r.url and r.text is None and r.error is None else r for r in records]
        good = [r for r in records if r.error is None]
        try:
            briefs = dict(zip((id(r) for r in good), self.brief_batch([r.text for r in good], **options)))
        except ModelUnavailable:
            raise  # not the records' fault: none of them becomes an error record
        except Exception as error:  # noqa: BLE001 - a batch-wide failure still yields one record each
            log.exception("batch failed")
            briefs = {id(r): BriefError(f"internal error: {type(error).__name__}: {error}") for r in good}
        return [output_record(r.id, InputError(r.error) if r.error is not None else briefs[id(r)]) for r in records]


def _named_and_missing(config: Config, name: str, error: ModelUnavailable) -> bool:
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


_CONFIG_FIELDS = {f.name for f in fields(Config)}
_PIPELINES: dict[Config, BriefPipeline] = {}


def brief(text: str | bytes, config: Config | None = None, **options) -> Brief:
    """Brief one Arabic article. Options are Config fields or per-call options (num_bullets, num_beams, translate).

    Pipelines are cached by their model settings, so repeated calls reuse loaded models.
    """
    setup = {k: v for k, v in options.items() if k in _CONFIG_FIELDS and k not in CALL_OPTIONS}
    call = {k: v for k, v in options.items() if k not in setup}
    unknown = set(call) - CALL_OPTIONS
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    cfg = (config or Config.from_env()).replace(**setup)
    if cfg not in _PIPELINES:
        _PIPELINES[cfg] = BriefPipeline(cfg)
    return _PIPELINES[cfg](text, **call)

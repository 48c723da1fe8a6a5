"""BriefPipeline: models loaded once, then preprocess -> forward -> postprocess, single or batch.

text -> normalize/validate -> split -> summarize -> translate -> check -> Brief.
Batching across articles happens here (all lines of all briefs in one translate
call); batching into generate calls happens in `batching.py`.
"""
from __future__ import annotations

import inspect
import logging
import threading
import time
from dataclasses import dataclass, field, fields
from typing import Iterable, Sequence

from ._version import __version__
from .brief import Brief
from .config import Config, check_beams, check_bullets
from .errors import BriefError, InputError, ModelUnavailable, first_line
from .faithfulness import check_brief, line_names
from .loaders import LoadedModels
from .notes import ENGLISH_NOT_REQUESTED, ENGLISH_OK, Note, NoteKind, Source
from .notes import notes as notes_of
from .record import content_settings
from .summarize.base import Summarizer, Summary
from .text.sentences import Sentence, split_sentences
from .text.titles import MAX_WORDS as TITLE_MAX_WORDS
from .text.titles import headline_from_title, is_about
from .text.validate import prepare_article
from .translate.base import Hypothesis, Translator, hypotheses

log = logging.getLogger(__name__)

# Options that may change per call; everything else is fixed when the models are loaded.
CALL_OPTIONS = frozenset({"num_bullets", "num_beams", "translate", "summary_generate", "translation_generate"})


@dataclass
class Document:
    text: str
    sentences: list[Sentence]
    timings: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # how the input was read, e.g. "HTML converted to text"
    source: Source | None = None  # where the text came from, when it came from the web
    source_notes: list[str] = field(default_factory=list)  # said first: "fetched from ..."
    headline: str | None = None  # the source's own headline, cleaned and checked (`BriefPipeline.own_headline`)


class BriefPipeline(LoadedModels):
    """Holds the loaded summarizer and translator (`LoadedModels`); call it on text, a list or documents."""

    def __init__(self, config: Config | None = None, *, summarizer: Summarizer | None = None,
                 translator: Translator | None = None, load: bool = True, **overrides):
        """`load=False` loads the models on first use instead of now (the command checks its input and
        output first, so a bad input never waits for, or warns about, a model)."""
        super().__init__((config or Config.from_env()).replace(**overrides), summarizer, translator)
        self._lock = threading.Lock()
        if load:
            self.load()

    # -- the three steps -----------------------------------------------------
    def preprocess(self, text: str | bytes, title: str | None = None, sites: Sequence[str] = ()) -> Document:
        """`title`: the source's own headline, as given (a page's, a feed item's, a title column); `sites`:
        the names the source goes by (its outlet, its host), which are no part of a headline."""
        start = time.perf_counter()
        notes: list[str] = []
        clean = prepare_article(text, self.config.max_chars, notes=notes)
        sentences = split_sentences(clean)
        if not sentences:
            raise InputError("article has no sentences")
        headline = self.own_headline(clean, title, sites, notes)
        return Document(clean, sentences, {"preprocess": time.perf_counter() - start}, notes, headline=headline)

    def own_headline(self, text: str, title: str | None, sites: Sequence[str], notes: list[str]) -> str | None:
        """The title, cleaned, as the article's headline: None where it is no headline, where it is not
        about the article (a note then says so), or under headline="generated"."""
        if self.config.headline != "title" or title is None:
            return None
        # The default cap is the generated headline's; a user who lowers it wants shorter titles too.
        cap = self.config.headline_max_words
        headline = headline_from_title(title, sites, cap if cap < Config.headline_max_words else TITLE_MAX_WORDS)
        if headline is not None and not is_about(headline, text):
            notes.append(f"the source's title («{headline}») shares too few words with the article, "
                         "so the headline is the article's own")
            return None
        return headline

    def _forward(self, docs: Sequence[Document], num_bullets: int, translate: bool,
                 num_beams: int | None, summary_generate: dict | None,
                 translation_generate: dict | None) -> tuple[list[Summary], list[list[Hypothesis]] | None, dict]:
        timings = {}
        with self._lock:
            start = time.perf_counter()
            options = dict(summary_generate or {})
            if num_beams and self.summarizer.name == "seq2seq":
                options["num_beams"] = num_beams
            given = [d.headline for d in docs]
            if any(given) and takes_headlines(self.summarizer):  # one of one's own need not know of them
                options["headlines"] = given
            summaries = self.summarizer.summarize_batch([d.sentences for d in docs], num_bullets, **options)
            timings["summarize"] = (time.perf_counter() - start) / len(docs)
            translations = None
            if translate and self.translator is not None:
                start = time.perf_counter()
                lines = [line for s in summaries for line in (s.headline, *s.bullets)]
                t_options = dict(translation_generate or {})
                if num_beams:
                    t_options["num_beams"] = num_beams
                flat = hypotheses(self.translator, lines, **t_options)
                translations, pos = [], 0
                for s in summaries:
                    translations.append(flat[pos:pos + 1 + len(s.bullets)])
                    pos += 1 + len(s.bullets)
                timings["translate"] = (time.perf_counter() - start) / len(docs)
        return summaries, translations, timings

    def postprocess(self, doc: Document, summary: Summary, english: list[Hypothesis] | None,
                    timings: dict, translate: bool) -> Brief:
        start = time.perf_counter()
        lines_ar = [summary.headline, *summary.bullets]
        lines_en = [h.text for h in english] if english is not None else None
        # Each Arabic line's numbers are checked against its own source sentences, not the whole article.
        own = [" ".join(doc.sentences[i].text for i in src if i < len(doc.sentences)) or None
               for src in [summary.headline_sources, *summary.sources]]
        flags = check_brief(doc.text, lines_ar, lines_en, generated=summary.generated, line_sources=own)
        notes = brief_notes(doc, summary, english, self.load_warnings)
        status = ENGLISH_OK if english is not None else (self.english if translate else ENGLISH_NOT_REQUESTED)
        cited = sorted({i for src in [summary.headline_sources, *summary.sources] for i in src})
        timings = {**doc.timings, **timings, "check": time.perf_counter() - start}
        return Brief(
            headline_ar=summary.headline, bullets_ar=list(summary.bullets),
            headline_en=lines_en[0] if lines_en else None, bullets_en=list(lines_en[1:]) if lines_en else None,
            sources=[list(s) for s in summary.sources], headline_sources=list(summary.headline_sources),
            source_sentences={i: doc.sentences[i].text for i in cited if i < len(doc.sentences)},
            notes=notes, flags=flags, english=status, source=doc.source, headline_source=summary.headline_source,
            meta={"backend": self.summarizer.name, "summarizer_model": self.summarizer.model,
                  "translator_model": self.translator.name if self.translator else None,
                  "sentences": len(doc.sentences), "timings": {k: round(v, 4) for k, v in timings.items()},
                  "version": __version__})

    # -- entry points --------------------------------------------------------
    def _options(self, options: dict) -> dict:
        return call_options(self.config, options)

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

    def __call__(self, text: str | bytes, title: str | None = None, **options) -> Brief:
        """Brief one article; raises InputError for bad input. `title`: the article's own headline, used
        (cleaned of a site's name) unless the config says headline="generated" or it is no headline."""
        if title is None:
            result = self.brief_batch([text], **options)[0]
        else:
            try:
                result = self.brief_documents([self.preprocess(text, title)], **options)[0]
            except InputError as error:
                result = error
        if isinstance(result, Exception):
            raise result
        return result


def takes_headlines(summarizer) -> bool:
    """Whether the summarizer's summarize_batch takes `headlines` (one written before it did never gets
    them: its briefs' headlines stay its own)."""
    try:
        params = inspect.signature(summarizer.summarize_batch).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(p.name == "headlines" or p.kind is p.VAR_KEYWORD for p in params)


def brief_notes(doc: Document, summary: Summary, english: list[Hypothesis] | None, load_warnings) -> list[Note]:
    """What a brief says besides its lines, in reading order: where its text came from, the models, how
    the input was read, the summarizer's word, then the lines the translator repaired (a faithful
    hypothesis of the same beam search kept instead of the best)."""
    notes = [*notes_of(NoteKind.SOURCE, doc.source_notes), *notes_of(NoteKind.MODEL, load_warnings),
             *notes_of(NoteKind.INPUT, doc.notes), *notes_of(NoteKind.SUMMARY, summary.warnings)]
    return notes + [Note(NoteKind.REPAIR, h.note, line=name, lang="en")
                    for name, h in zip(line_names(len(summary.bullets)), english or []) if h.note]


def call_options(config: Config, options: dict) -> dict:
    """The per-call options, checked, with the config's values where one is not given."""
    unknown = set(options) - CALL_OPTIONS
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(CALL_OPTIONS))}")
    num_bullets = options.get("num_bullets")
    num_bullets = config.num_bullets if num_bullets is None else check_bullets(num_bullets)
    num_beams = options.get("num_beams")
    translate = options.get("translate", True)
    if not isinstance(translate, bool):
        raise ValueError(f"translate must be True or False, got {translate!r}")
    return {"num_bullets": num_bullets, "translate": translate,
            "num_beams": config.num_beams if num_beams is None else check_beams(num_beams),
            "summary_generate": options.get("summary_generate"),
            "translation_generate": options.get("translation_generate")}


_CONFIG_FIELDS = {f.name for f in fields(Config)}
_PIPELINES: dict[Config, BriefPipeline] = {}


def brief(text: str | bytes, config: Config | None = None, title: str | None = None, **options) -> Brief:
    """Brief one Arabic article (`title`: its own headline, if it has one). Options are Config fields or
    per-call options (num_bullets, num_beams, translate).

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
    return _PIPELINES[cfg](text, title=title, **call)

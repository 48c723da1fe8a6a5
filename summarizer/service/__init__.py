"""What the web app does, without the web: request checks, grouping, download files, batch runs and the
texts a user reads, one module for each thing served (`briefs`, `batch`, `digest`, `texts`; `inputs`
holds the limits and the typed requests and answers). `app.py` lays out the page and wires its events
here; this package never imports Gradio, so it is tested by calling it."""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

from ..config import Config
from ..microbatch import MicroBatcher
from ..pipeline import BriefPipeline
from .batch import Batches
from .briefs import Briefs
from .digest import Digests
from .inputs import (
    ARTICLE_SUFFIXES,
    BATCH_COLUMNS,
    BATCH_SUFFIXES,
    DEFAULT_CONCURRENCY,
    DEFAULT_FETCH_BUDGET,
    DEFAULT_MAX_FEED_ITEMS,
    EMPTY_HTML,
    ENGLISH_HOW_ID,
    ENGLISH_NEEDS_MODEL,
    FETCH_WORKERS,
    MAX_REQUEST_BATCH,
    QUEUE_MAX_SIZE,
    BatchAnswer,
    BriefAnswer,
    BriefRequest,
    DigestAnswer,
    DownloadFolder,
    safe_stem,
)
from .texts import Texts, english_how

__all__ = ["ARTICLE_SUFFIXES", "BATCH_COLUMNS", "BATCH_SUFFIXES", "DEFAULT_CONCURRENCY", "DEFAULT_FETCH_BUDGET",
           "DEFAULT_MAX_FEED_ITEMS", "EMPTY_HTML", "ENGLISH_HOW_ID", "ENGLISH_NEEDS_MODEL", "MAX_REQUEST_BATCH",
           "QUEUE_MAX_SIZE", "BatchAnswer", "BriefAnswer", "BriefRequest", "BriefService", "DigestAnswer",
           "DownloadFolder", "english_how", "load_pipelines", "safe_stem"]


class BriefService(Briefs, Batches, Digests, Texts):
    """The app's work over loaded pipelines ({backend name: pipeline}, the first one the default)."""

    def __init__(self, pipelines: BriefPipeline | dict[str, BriefPipeline], *,
                 output_dir: str | os.PathLike, concurrency: int = DEFAULT_CONCURRENCY, fetcher=None,
                 fetch_budget: float = DEFAULT_FETCH_BUDGET):
        self.pipelines = dict(pipelines) if isinstance(pipelines, dict) else {pipelines.summarizer.name: pipelines}
        self.default_backend = next(iter(self.pipelines))
        self.default = self.pipelines[self.default_backend]
        self.config: Config = self.default.config
        self.downloads = DownloadFolder(output_dir)
        self.concurrency = concurrency
        self.max_upload_bytes = self.config.max_upload_bytes
        self.article_file_limit = min(self.config.max_file_bytes, self.max_upload_bytes)
        self.beams_default = self.config.num_beams or 0
        self.has_english = self.default.translator is not None
        # Pages are fetched by summarizer.web under the config's private-address rule (the app turns it on);
        # one fetcher, made on first use, shared by every request (it is thread-safe).
        self._fetcher = fetcher
        self._fetcher_lock = threading.Lock()
        self.fetch_budget = fetch_budget
        # Requests that are ready (their page fetched) are merged into library calls, `concurrency` at once.
        self._batcher = MicroBatcher(self._brief_group, workers=concurrency, max_batch=MAX_REQUEST_BATCH)
        # Pages of /brief requests are fetched here, a few at once; a request waiting for a turn waits in
        # its budget, never in a worker of the app.
        self._fetch_pool = ThreadPoolExecutor(FETCH_WORKERS, thread_name_prefix="brief-url")
        # What the models say on loading; the page shows it once, above every brief.
        self.load_warnings = tuple(dict.fromkeys(w for p in self.pipelines.values() for w in p.load_warnings))


def load_pipelines(config: Config, offer_seq2seq: bool = False) -> dict[str, BriefPipeline]:
    """The configured pipeline first (the default backend), then the other backend where it can be offered."""
    main = BriefPipeline(config)
    pipelines = {main.summarizer.name: main}
    if main.summarizer.name == "seq2seq":
        pipelines["extractive"] = main.with_backend("extractive")
    elif offer_seq2seq:
        seq2seq = main.with_backend("seq2seq")
        if seq2seq.summarizer.name == "seq2seq":
            pipelines["seq2seq"] = seq2seq
        else:  # its extractive fallback, which remembers why seq2seq is missing
            pipelines["extractive"] = seq2seq
    return pipelines


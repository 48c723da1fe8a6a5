"""What the web app does, without the web: request checks, grouping, download files, batch runs and the
texts a user reads. `app.py` lays out the page and wires its events here; this module never imports
Gradio, so it is tested by calling it."""
from __future__ import annotations

import asyncio
import logging
import os
import platform
import re
import shutil
import string
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from . import __version__
from .brief import Brief
from .config import TRANSLATORS, Config, check_beams, check_bullets, translator_label
from .errors import BriefError, InputError
from .io import CsvWriter, JsonlWriter, read_records
from .io.readers import open_zip
from .microbatch import MicroBatcher
from .pipeline import BriefPipeline
from .render import ENGLISH_UNAVAILABLE, escape, html_fragment, md_text

log = logging.getLogger("brief.app")

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
BATCH_SUFFIXES = (".jsonl", ".csv", ".zip")
BATCH_CHUNK = 8                     # records per library batch call (progress bar granularity)
DEFAULT_CONCURRENCY = 2             # /brief batches in flight
FETCH_WORKERS = 8                   # /brief pages fetched at once (each at most 2 per host)
DEFAULT_FETCH_BUDGET = 60.0         # seconds of fetching per request, all its pages and feeds together
DEFAULT_MAX_FEED_ITEMS = 50         # items read per feed in the app (a 500-item feed is not 500 fetches)
MAX_DIGEST_FEEDS = 10              # feed URLs per digest request
MAX_REQUEST_BATCH = 8               # concurrent /brief requests merged into one library call
QUEUE_MAX_SIZE = 256                # waiting requests beyond this are refused with "queue full"
OUTPUT_MAX_AGE_S = 3600             # downloads older than this are pruned
BATCH_COLUMNS = ["id", "headline AR", "headline EN", "warnings", "error"]
EMPTY_HTML = '<div class="brief-empty" id="brief-output">The brief will appear here.</div>'
ENGLISH_HOW_ID = "how-english"      # the anchor of the one "how to get English" note on the page
ENGLISH_NEEDS_MODEL = "English needs a translator model"

Progress = Callable[[int, "int | None", str], None]   # (done, total or None, what is happening)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def safe_stem(name: str, default: str) -> str:
    """A file name's stem reduced to safe characters, for naming downloads after an upload."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).stem).strip("._-")[:60]
    return stem or default


def check_upload(path: str | os.PathLike, allowed: tuple[str, ...], limit: int, what: str) -> Path:
    """The uploaded file's path, after checking its type and size (the bytes are never trusted further)."""
    path = Path(path)
    if path.suffix.lower() not in allowed:
        raise InputError(f"{what} must be a {', '.join(allowed)} file, not '{path.suffix or path.name}'")
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{what} is too large: {_mb(size)} (limit {_mb(limit)})")
    return path


def beams_option(value) -> int | None:
    """A beams control's value: 0 or empty is each model's default (None); otherwise the library's one check."""
    if value is None or value == 0:
        return None
    if isinstance(value, float) and value.is_integer():  # sliders send floats
        value = int(value)
    try:
        return check_beams(value)
    except ValueError as error:
        raise InputError(f"{error} (0 = each model's default)") from None


def bullets_option(value, default: int) -> int:
    try:
        return check_bullets(default if value is None else value)
    except ValueError as error:
        raise InputError(str(error)) from None


class DownloadFolder:
    """Where the app writes downloads: one fresh sub-folder per result, pruned after an hour."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._last_prune = 0.0

    def new(self) -> Path:
        self._prune()
        folder = self.root / uuid.uuid4().hex
        folder.mkdir()
        return folder

    def file(self, folder: Path, name: str) -> Path:
        target = (folder / name).resolve()
        if target.parent != folder.resolve() or not str(target).startswith(str(self.root) + os.sep):
            raise InputError(f"refusing to write outside the output folder: {name}")
        return target

    def _prune(self) -> None:
        now = time.time()
        if now - self._last_prune < 60:
            return
        self._last_prune = now
        for child in self.root.iterdir():
            try:
                if now - child.stat().st_mtime > OUTPUT_MAX_AGE_S:
                    shutil.rmtree(child, ignore_errors=True)
            except OSError:
                pass


@dataclass(frozen=True)
class BriefRequest:
    """One /brief call: the text box, the uploaded file, a page's URL, and the options.
    An uploaded file wins, then the URL, then the text box."""
    text: str | None
    file: str | None = None
    num_bullets: int | float | None = None
    backend: str | None = None
    beams: int | float | None = None
    translate: bool | None = True
    url: str | None = None


@dataclass(frozen=True)
class BriefAnswer:
    """What one request gets: the brief as a dict ({"error": reason} when refused), the status line,
    the brief as HTML, and the JSON and Markdown download paths (None when refused)."""
    brief: dict
    message: str
    html: str
    json_path: str | None
    md_path: str | None

    def as_tuple(self) -> tuple:
        return self.brief, self.message, self.html, self.json_path, self.md_path


@dataclass(frozen=True)
class DigestAnswer:
    page: str                 # the self-contained digest page (HTML)
    html_path: str
    md_path: str
    json_path: str
    message: str


@dataclass(frozen=True)
class BatchAnswer:
    rows: list[list]          # one per output record, in input order, under BATCH_COLUMNS
    jsonl_path: str
    csv_path: str
    message: str


class BriefService:
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
        self.load_warnings = tuple(dict.fromkeys(w for p in self.pipelines.values() for w in p.load_warnings))

    # -- /brief --------------------------------------------------------------------
    def _backend(self, name: str | None) -> BriefPipeline:
        pipe = self.pipelines.get(name or self.default_backend)
        if pipe is None:
            raise InputError(f"backend '{name}' is not loaded; available: {', '.join(self.pipelines)}")
        return pipe

    def _article(self, request: BriefRequest, until: float | None = None) -> tuple[str | bytes, list[str]]:
        """(what to brief, notes for the user). An uploaded file wins over the text box."""
        if request.file:
            path = check_upload(request.file, ARTICLE_SUFFIXES, self.article_file_limit, "the uploaded article")
            return path.read_bytes(), [f"Briefed the uploaded file **{md_text(path.name)}** "
                                       "(the text box was ignored)."]
        if request.url and request.url.strip():
            return self._fetch(request.url.strip(), until)
        if not request.text or not request.text.strip():
            raise InputError("the article is empty: paste an Arabic article, pick an example, "
                             "or upload a .txt/.html file")
        return request.text, []

    def _fetch(self, url: str, until: float | None = None) -> tuple[str, list[str]]:
        """A page's article text and where it came from; InputError says why not (a refused address,
        a dead link, no Arabic article on the page)."""
        from .web import fetch_article, is_url
        if not is_url(url):
            raise InputError(f"not a web address (http:// or https://): {url[:200]}")
        until = time.monotonic() + self.fetch_budget if until is None else until
        record = fetch_article(url, self.config, self._web_fetcher(), until=until)
        return record.text, [md_text(note) for note in record.notes]  # a page's title is the site's words

    def _web_fetcher(self):
        with self._fetcher_lock:
            if self._fetcher is None:
                from .web import Fetcher
                self._fetcher = Fetcher(self.config)
        return self._fetcher

    # -- /digest -------------------------------------------------------------------
    def digest(self, feeds: str | None, progress: Progress | None = None) -> DigestAnswer:
        """One digest of the feeds given by URL (one a line): the page and its HTML, Markdown and JSON
        downloads. Only web addresses: a path would read the server's own files."""
        from .digest import digest_feeds
        from .web import is_url
        report = progress or (lambda done, total, what: None)
        urls = [line.strip() for line in (feeds or "").splitlines() if line.strip()]
        if not urls:
            raise InputError("give one or more feed URLs, one a line")
        if len(urls) > MAX_DIGEST_FEEDS:
            raise InputError(f"at most {MAX_DIGEST_FEEDS} feeds at once, got {len(urls)}")
        bad = [u for u in urls if not is_url(u)]
        if bad:
            raise InputError(f"not a web address (http:// or https://): {bad[0][:200]}")

        def steps(total: int):
            done = 0
            report(0, total, "Briefing")

            def step(n: int) -> None:
                nonlocal done
                done += n
                report(done, total, "Briefing")
            return step

        warnings: list[str] = []
        report(0, None, "Reading the feeds")
        try:
            digest = digest_feeds(urls, self.default, fetcher=self._web_fetcher(), progress=steps, warnings=warnings,
                                  budget=self.fetch_budget)
        except BriefError:
            raise
        except Exception as error:  # noqa: BLE001 - the user gets a reason, the log the traceback
            log.exception("digest failed")
            raise BriefError(f"the digest failed ({type(error).__name__}); see the server log") from None
        folder = self.downloads.new()
        paths = {suffix: self.downloads.file(folder, f"digest{suffix}") for suffix in (".html", ".md", ".json")}
        for suffix, path in paths.items():
            path.write_text(digest.render(suffix), encoding="utf-8")
        data = digest.to_dict()
        message = (f"✓ {data['entries']} stor{'ies' if data['entries'] != 1 else 'y'} from {data['stories']} "
                   f"item{'s' if data['stories'] != 1 else ''} · {len(data['failed'])} not briefed")
        message = "  \n".join([message, *(f"⚠ {md_text(w)}" for w in dict.fromkeys(warnings))])
        return DigestAnswer(paths[".html"].read_text(encoding="utf-8"), str(paths[".html"]), str(paths[".md"]),
                            str(paths[".json"]), message)

    def _translate(self, value) -> bool:
        # Without a translator, ask anyway: the brief then carries why English is missing.
        return value is not False or not self.has_english

    def refused(self, reason: str) -> BriefAnswer:
        return BriefAnswer({"error": reason}, f"⚠ **Cannot brief this input:** {md_text(reason)}", EMPTY_HTML,
                           None, None)

    def answer(self, brief: Brief, notes: Sequence[str] = ()) -> BriefAnswer:
        """The status line, page and download files of one brief."""
        folder = self.downloads.new()
        json_path = self.downloads.file(folder, "brief.json")
        md_path = self.downloads.file(folder, "brief.md")
        json_path.write_text(brief.to_json(), encoding="utf-8")
        md_path.write_text(brief.to_markdown(), encoding="utf-8")
        meta = brief.meta
        parts = [f"✓ Brief ready · {meta.get('sentences', '?')} sentences · backend {meta.get('backend')}"]
        if brief.headline_en is not None:
            parts.append("English: ok")
        elif brief.english_status == "translation not requested":
            parts.append("English: not requested")
        # else: the page already says, once, that English needs a model (see model_status_markdown).
        flagged = len(brief.flags)
        parts.append(f"{flagged} faithfulness warning{'s' if flagged != 1 else ''}")
        return BriefAnswer(brief.to_dict(), "  \n".join([" · ".join(parts), *notes]), self.page(brief),
                           str(json_path), str(md_path))

    def page(self, brief: Brief) -> str:
        """The brief as HTML, without what the page already shows (the model warnings, the English notice)."""
        fragment = html_fragment(brief, shown_elsewhere=self.load_warnings)
        if brief.headline_en is None and not self.has_english:
            # The library names the reason in the English column; the app's page has said it once above.
            fragment = fragment.replace(f'<p class="line unavailable" dir="ltr">{ENGLISH_UNAVAILABLE}: '
                                        f'{escape(brief.english_status)}</p>', '<p class="line unavailable" dir="ltr">—</p>')
        return fragment

    def _prepare(self, request: BriefRequest, until: float | None = None):
        """(settings, (document, notes)) ready for the models, or the refusal. The page is fetched and the
        article decoded and checked here, in the caller's thread, under the fetch deadline and the
        request's budget (`until`): never inside a model batch, so nobody's input holds up the models."""
        try:
            n = bullets_option(request.num_bullets, self.config.num_bullets)
            backend = request.backend or self.default_backend
            pipe = self._backend(backend)
            beams = beams_option(request.beams)
            article, notes = self._article(request, until)
            document = pipe.preprocess(article)
        except (InputError, ValueError, TypeError, OSError) as error:
            return self.refused(str(error))
        return (backend, n, beams, self._translate(request.translate)), (document, notes)

    @staticmethod
    def _fetches(request: BriefRequest) -> bool:
        return not request.file and bool(request.url and request.url.strip())

    def brief(self, request: BriefRequest) -> BriefAnswer:
        """One request, from any thread: briefed together with the others that are ready at the same time."""
        prepared = self._prepare(request)
        if isinstance(prepared, BriefAnswer):
            return prepared
        return self._batcher.submit([prepared])[0].result()

    async def brief_async(self, request: BriefRequest) -> BriefAnswer:
        """`brief` for an event loop (the app's): a page is fetched in the fetch pool and a text prepared
        in the loop's own, and neither holds a worker of the app while it waits, so any number of slow
        pages leave pasted texts free. The request's fetch budget counts from its arrival."""
        loop = asyncio.get_running_loop()
        until = time.monotonic() + self.fetch_budget
        pool = self._fetch_pool if self._fetches(request) else None
        prepared = await loop.run_in_executor(pool, self._prepare, request, until)
        if isinstance(prepared, BriefAnswer):
            return prepared
        return await asyncio.wrap_future(self._batcher.submit([prepared])[0])

    def brief_many(self, requests: Sequence[BriefRequest]) -> list[BriefAnswer]:
        """One answer per request, in order. Requests with the same settings go to the library in one
        call; pages are fetched side by side, and a pasted text never waits for them. One bad request
        never spoils the others, and none gets a traceback."""
        urls = [i for i, r in enumerate(requests) if self._fetches(r)]
        fetching = {i: self._fetch_pool.submit(self._prepare, requests[i]) for i in urls}
        ready = {i: self._prepare(r) for i, r in enumerate(requests) if i not in fetching}
        answers: dict[int, Future | BriefAnswer] = {i: p for i, p in ready.items() if isinstance(p, BriefAnswer)}
        queued = [i for i, p in ready.items() if not isinstance(p, BriefAnswer)]
        answers.update(zip(queued, self._batcher.submit([ready[i] for i in queued])))
        for i, future in fetching.items():
            prepared = future.result()
            answers[i] = prepared if isinstance(prepared, BriefAnswer) else self._batcher.submit([prepared])[0]
        return [a.result() if isinstance(a, Future) else a for a in (answers[i] for i in range(len(requests)))]

    def _brief_group(self, settings: tuple, items: list) -> list[BriefAnswer]:
        """One library call for requests with the same settings."""
        backend, n, beams, english = settings
        log.info("brief: %d request(s) in one library batch call", len(items))
        try:
            briefs = self.pipelines[backend].brief_documents([d for d, _ in items], num_bullets=n, num_beams=beams,
                                                             translate=english)
        except Exception as error:  # noqa: BLE001 - a request never sees a traceback
            log.exception("briefing failed")
            briefs = [BriefError(f"internal error while briefing ({type(error).__name__}); "
                                 "see the server log")] * len(items)
        answers = []
        for (_, notes), brief in zip(items, briefs):
            try:
                answers.append(self.refused(str(brief)) if isinstance(brief, Exception) else self.answer(brief, notes))
            except Exception as error:  # noqa: BLE001
                log.exception("rendering failed")
                answers.append(self.refused(f"internal error while rendering ({type(error).__name__})"))
        return answers

    # -- /batch --------------------------------------------------------------------
    def run_batch(self, file: str | os.PathLike | None, num_bullets=None, backend: str | None = None, beams=None,
                  translate: bool | None = True, progress: Progress | None = None) -> BatchAnswer:
        """Brief every record of a .jsonl, .csv or .zip upload into JSONL and CSV downloads.
        A file refused whole raises BriefError (InputError for the user's mistakes) with the reason;
        bad records become error rows and never stop the batch."""
        report = progress or (lambda done, total, what: None)
        if not file:
            raise InputError("Upload a .jsonl, .csv or .zip file first.")
        path = check_upload(file, BATCH_SUFFIXES, self.max_upload_bytes, "the batch file")
        n = bullets_option(num_bullets, self.config.num_bullets)
        pipe = self._backend(backend)
        options = {"num_bullets": n, "num_beams": beams_option(beams), "translate": self._translate(translate)}
        try:
            return self._run_batch(path, pipe, options, report)
        except BriefError:
            raise
        except (ValueError, OSError) as error:
            raise InputError(str(error)) from None
        except Exception as error:  # noqa: BLE001 - the user gets a reason, the log the traceback
            log.exception("batch failed")
            raise BriefError(f"the batch failed ({type(error).__name__}); see the server log") from None

    def _run_batch(self, path: Path, pipe: BriefPipeline, options: dict, report: Progress) -> BatchAnswer:
        report(0, None, "Reading the file")
        if path.suffix.lower() == ".zip":
            archive, members = open_zip(path, self.config)  # refused whole here if over the limits
            archive.close()
            records, total = read_records(path, self.config), len(members)
        else:
            records = list(read_records(path, self.config))
            total = len(records)
        if not total:
            raise InputError(f"{path.name} holds no records")
        folder = self.downloads.new()
        stem = safe_stem(path.name, "batch")
        jsonl_path = self.downloads.file(folder, f"{stem}-briefs.jsonl")
        csv_path = self.downloads.file(folder, f"{stem}-briefs.csv")
        rows, failed = [], 0
        report(0, total, "Briefing")
        with JsonlWriter(jsonl_path) as jsonl, CsvWriter(csv_path) as csv_file:
            for done, result in enumerate(pipe.run_records(records, batch_size=BATCH_CHUNK, **options), 1):
                jsonl.write(result)
                csv_file.write(result)
                rows.append(self.batch_row(result))
                failed += result.get("brief") is None
                report(done, max(total, done), "Briefing")
        message = (f"✓ {len(rows)} record{'s' if len(rows) != 1 else ''} · {len(rows) - failed} briefed · "
                   f"{failed} error{'s' if failed != 1 else ''}")
        return BatchAnswer(rows, str(jsonl_path), str(csv_path), message)

    def batch_row(self, result: dict) -> list:
        """One table row (BATCH_COLUMNS) of an output record."""
        brief = result.get("brief")
        # Warnings about this brief (faithfulness flags and the like), not the model-status ones.
        warned = 0 if brief is None else sum(1 for w in brief["warnings"] if w not in self.load_warnings)
        return [result["id"], brief["headline_ar"] if brief else "", (brief or {}).get("headline_en") or "",
                warned, result.get("error", "")]

    # -- texts ---------------------------------------------------------------------
    def model_status_markdown(self) -> str:
        """The page's one status block: what is loaded and, without a translator, one short line saying
        English needs a model, which unfolds into how (the long reason is in the server log once)."""
        status = self.default.status()
        backends = " / ".join(f"`{name}`" for name in self.pipelines)
        line = f"**Model status:** summarizer {status['summarizer']} (backends: {backends})"
        if self.has_english:
            line += f" · English available (translator {translator_label(status['translator'])})"
        text = line
        others = [w for w in self.load_warnings if not w.startswith("English unavailable")]
        if others:
            text += "  \n⚠ " + "  \n⚠ ".join(others)
        if not self.has_english:
            text += "\n\n" + english_how(self.default.english_status)
        return text

    def about_markdown(self) -> str:
        """The About tab: the template summarizer/templates/about.md with this app's settings."""
        default, cfg = self.default, self.config
        rows = [
            ("Summarizer backends", ", ".join(f"{k}: {p.status()['summarizer']}" for k, p in self.pipelines.items())),
            ("Translator", default.status()["translator"] or f"none ({ENGLISH_NEEDS_MODEL.lower()})"),
            ("Configured summarizer model", cfg.summarizer_model),
            ("Configured translator model", translator_label(cfg.translator_model) or "(translation off)"),
            ("Device", f"{cfg.device} → {default.device}"),
            ("Runtimes", f"summarizer {cfg.summarizer_runtime}, translator {cfg.translator_runtime}"),
            ("dtype", cfg.dtype),
            ("Beams", cfg.num_beams or "model default"),
            ("Hub downloads", "off (local files and cache only)" if cfg.offline
             else "on first use, when the hub answers"),
            ("Max article size", f"{cfg.max_chars:,} characters; uploaded article file {_mb(cfg.max_file_bytes)}"),
            ("Max upload size", f"{_mb(cfg.max_upload_bytes)}; zip: {cfg.max_zip_members:,} files, "
                                f"{_mb(cfg.max_zip_bytes)} uncompressed"),
            ("Concurrency", f"up to {self.concurrency} × {MAX_REQUEST_BATCH} briefs at once (concurrent requests "
                            f"merged into one model call); batch files one at a time; queue of {QUEUE_MAX_SIZE}"),
        ]
        versions = [("summarizer", __version__), *((name, _version(name)) for name in
                    ("gradio", "gradio_client", "transformers", "torch", "ctranslate2")),
                    ("python", platform.python_version())]
        template = resources.files(__package__).joinpath("templates/about.md").read_text(encoding="utf-8")
        return string.Template(template).substitute(
            settings="\n".join(f"| {k} | {escape(v)} |" for k, v in rows),
            versions=" · ".join(f"{k} {v}" for k, v in versions),
            max_request_batch=MAX_REQUEST_BATCH)


def english_how(reason: str) -> str:
    """The page's one line about English, when there is none: it unfolds into how to get it."""
    return (f'<details id="{ENGLISH_HOW_ID}"><summary><strong>Arabic only:</strong> {ENGLISH_NEEDS_MODEL} '
            '(how?)</summary>\n\n'
            "Start the app with a MarianMT Arabic→English model: `python app.py --translator-model best` "
            f"({TRANSLATORS['best']}, the strongest) or `fast` ({TRANSLATORS['fast']}), fetched once from the "
            "hub, or a local folder (`--translator-model ./models/opus-mt-ar-en`). "
            "`brief models doctor` says what is missing and how to fetch it. "
            f"Here: {escape(reason)}.\n\n</details>")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


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
